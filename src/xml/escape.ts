/*
 * Escaping text for XML. Pure. Three levels, each a superset of the one before:
 * element text (`& < >`), element text as Salesforce writes metadata files (also both quotes), and
 * an attribute value in double quotes (also tab, line feed and carriage return as character
 * references, which a parser would otherwise normalize to spaces).
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const entity = (character: string): string => ENTITIES[character];

/** Text content of an element: `&`, `<` and `>` escaped, nothing else touched. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, entity);
}

/** Text content of a metadata element as Salesforce writes it: quotes escaped too (`&quot;`, `&apos;`). */
export function escapeMetadataText(text: string): string {
  return text.replace(/[&<>"']/g, entity);
}

/** An attribute value in double quotes; line breaks and tabs kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, entity);
}

/** Whether XML 1.0 can carry the character at all, even escaped: not C0 controls but tab/LF/CR, nor lone surrogates, nor U+FFFE/U+FFFF. */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd8_00 && code <= 0xdf_ff) return false;
  return code !== 0xff_fe && code !== 0xff_ff;
}

/** The text with every character XML 1.0 cannot carry replaced by U+FFFD. */
export function xmlCharactersOnly(text: string): string {
  // Array.from walks code points, so a valid surrogate pair stays one character and a lone half is replaced
  return Array.from(text, (character) => (isXmlCharacter(character) ? character : '\ufffd')).join('');
}
