/*
 * The plugin and its oracle, the org emulator, must not share knowledge (packages/org-emulator/README.md):
 * a sentence or a list written once and used by both would let a wrong rule pass every test. This
 * scans both source trees for string literals that are sentences, and for lists (string arrays,
 * regular-expression alternations) with the same contents.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';

const ROOT = join(import.meta.dirname, '..', '..');
const PLUGIN = join(ROOT, 'src');
const EMULATOR = join(ROOT, 'packages', 'org-emulator', 'src');

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ file: relative(ROOT, join(dir, name)), text: readFileSync(join(dir, name), 'utf8') }));
}

/** The source without comments: a comment may cite a source's wording. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const LITERAL = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;

/** The pieces of string literals (template literals split at their placeholders). */
export function literalPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const match of code(text).matchAll(LITERAL)) {
    const literal = match[1] ?? match[2] ?? match[3] ?? '';
    for (const piece of literal.split(/\$\{[^}]*\}/)) pieces.push(piece.trim());
  }
  return pieces;
}

/** The plain text of regular-expression literals (`/Cannot delete the last layout/`): what a matcher expects the other side to say. */
export function regexTexts(text: string): string[] {
  return [...code(text).matchAll(/(?<=[(,:=|&!?]\s*)\/((?:[^/\\\n]|\\.)+)\/[dgimsuy]*/g)]
    .flatMap((match) => match[1].replace(/^\^|\$$/g, '').split(/\.\*|\.\+|\\w\+|\\s\*|[()[\]|?+*]/))
    .map((piece) => piece.replace(/\\(.)/g, '$1').trim());
}

/** A sentence: four words or more. Names of the API's elements, types and paths are one word. */
export function isSentence(piece: string): boolean {
  return piece.split(/\s+/).filter((word) => /[A-Za-z]/.test(word)).length >= 4;
}

/** Lists of four or more names: string arrays, and alternations of a regular expression. */
export function lists(text: string): Array<Set<string>> {
  const found: Array<Set<string>> = [];
  const body = code(text);
  for (const match of body.matchAll(/\[([^[\]]*)\]/g)) {
    const items = [...match[1].matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2]);
    const rest = match[1].replace(/'[^'\n]*'|"[^"\n]*"|[\s,]/g, '');
    if (items.length >= 4 && rest === '') found.push(new Set(items));
  }
  for (const match of body.matchAll(/\(((?:[\w.\\*+]+\|){3,}[\w.\\*+]+)\)/g)) found.push(new Set(match[1].split('|').map((item) => item.replace(/\\/g, ''))));
  return found;
}

/**
 * Element names of the Metadata API (`actionName`, `recordType`): both sides read the same wire
 * format, so a list of them is the schema's, not knowledge one side took from the other.
 */
const isElementList = (items: Set<string>): boolean => [...items].every((item) => /^[a-z][A-Za-z]*$/.test(item));

/** Two lists share their contents: four names or more, three quarters of the smaller one. */
export function sameList(a: Set<string>, b: Set<string>): boolean {
  const shared = [...a].filter((item) => b.has(item)).length;
  return shared >= 4 && shared / Math.min(a.size, b.size) >= 0.75;
}

/**
 * What real orgs answer, word for word, in public: the plugin may expect these, and the emulator
 * must say them. A new entry needs its public source, as in packages/org-emulator/README.md.
 */
const PUBLIC_WORDING: Readonly<Record<string, string>> = {
  'You cannot deploy to a required field': 'hardisgroupcom/sfdx-hardis deployTipsList (custom-field-rights-mandatory)',
  "The user license doesn't allow the permission": 'afawcett/declarative-lookup-rollup-summaries #331',
  "You can't edit tab settings for": 'hardisgroupcom/sfdx-hardis deployTipsList',
  'not a valid tab': 'hardisgroupcom/sfdx-hardis deployTipsList',
  'Invalid scope:Mine, not allowed': 'hardisgroupcom/sfdx-hardis deployTipsList (invalid-scope-mine)',
  "You can't remove the only default app": 'hardisgroupcom/sfdx-hardis deployTipsList (profile-default-app)',
  'invalid at this location': 'trailheadapps/ebikes-lwc #458; sfdx-hardis deployTipsList',
  'Session expired or invalid': "Salesforce's INVALID_SESSION_ID fault (jsforce reads it)",
  'Too many files in retrieve call, limit is:': 'forcedotcom/salesforcedx-vscode #685',
  'depends on permission(s): Read': 'public deploy logs ("Permission Read X depends on permission(s): Read Y")',
  'is not a valid value for the enum': "certinia/apex-mdapi #100 (\"'BOOLEAN' is not a valid value for the enum 'FieldType'\"); ForceCLI/force #457",
};

describe('the plugin and the emulator share no knowledge', () => {
  const plugin = sources(PLUGIN);
  const emulator = sources(EMULATOR);

  it('Given both source trees, Then no sentence is written in both', () => {
    const emulatorSentences = new Map<string, string>();
    for (const { file, text } of emulator) for (const piece of literalPieces(text).filter(isSentence)) emulatorSentences.set(piece, file);
    const isPublic = (piece: string): boolean => Object.keys(PUBLIC_WORDING).some((wording) => piece.includes(wording));
    const shared = plugin.flatMap(({ file, text }) => literalPieces(text).filter((piece) => emulatorSentences.has(piece) && !isPublic(piece)).map((piece) => `${file} and ${emulatorSentences.get(piece)!}: "${piece}"`));
    expect(shared, 'each side words its own messages; the plugin matches what the org answers, not a sentence of the emulator').to.deep.equal([]);
  });

  it('Given the plugin\'s matchers, Then none expects a sentence the emulator wrote', () => {
    const emulatorText = emulator.flatMap(({ file, text }) => literalPieces(text).map((piece) => ({ file, piece })));
    const matched = plugin.flatMap(({ file, text }) =>
      regexTexts(text)
        .filter((sentence) => isSentence(sentence) && PUBLIC_WORDING[sentence] === undefined)
        .flatMap((sentence) => emulatorText.filter((e) => e.piece.includes(sentence)).map((e) => `${file} matches "${sentence}" of ${e.file}`))
    );
    expect(matched, 'match the org\'s public wording or its error code and component, not the emulator\'s sentence').to.deep.equal([]);
  });

  it('Given both source trees, Then no list of names is in both', () => {
    const emulatorLists = emulator.flatMap(({ file, text }) => lists(text).filter((l) => !isElementList(l)).map((items) => ({ file, items })));
    const shared: string[] = [];
    for (const { file, text } of plugin) {
      for (const items of lists(text).filter((l) => !isElementList(l))) {
        for (const other of emulatorLists.filter((e) => sameList(items, e.items))) shared.push(`${file} and ${other.file}: ${[...items].slice(0, 6).join(', ')}`);
      }
    }
    expect(shared, 'each side takes its lists from its own public source').to.deep.equal([]);
  });

  it('Given a list or a sentence written twice, Then the scan finds it (the check can fail)', () => {
    const twice = "const A = ['LogACall', 'NewTask', 'NewEvent', 'NewCase']; const m = `Cannot delete the last layout of ${o}: an object needs one`;";
    const [list] = lists(twice);
    expect(sameList(list, new Set(['NewCase', 'NewEvent', 'NewTask', 'LogACall', 'SendEmail']))).to.equal(true);
    expect(lists('const r = /^(FeedItem\\.\\w+|NewTask|NewEvent|NewCase)$/;')[0]).to.deep.equal(new Set(['FeedItem.w+', 'NewTask', 'NewEvent', 'NewCase']));
    expect(literalPieces(twice).filter(isSentence)).to.deep.equal(['Cannot delete the last layout of', ': an object needs one']);
    expect(regexTexts("{ message: /Cannot delete the last layout/, action: 'x' }")).to.deep.equal(['Cannot delete the last layout']);
    expect(isElementList(new Set(['actionName', 'pageOrSobjectType', 'recordType', 'formFactor']))).to.equal(true);
  });
});
