/** A scalar as compared: "true"/"false" are booleans and "1.0" equals "1"; anything else stays text. */
export type CanonicalScalar = string | number | boolean;

// No leading zeros: "007" is an identifier, not the number 7.
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function canonicalScalar(raw: string): CanonicalScalar {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (NUMBER.test(raw)) return Number(raw);
  return raw;
}

/** Names come back partly URL-encoded (`%2E`, `%28`); keys compare decoded. */
export function decodeName(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
