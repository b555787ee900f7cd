/*
 * The diff-engine operations the bench times (bench/diffWorker.ts) and the floors' unit test runs on
 * a small pair: `read` is the plugin's own reading of both files (its well-formedness check and value
 * tree), the floor of every comparison; `library` is fast-xml-parser alone parsing both (what the
 * plugin read with before its direct reader, shown for comparison); `young` allocates short-lived
 * objects only (the fixed peak V8's young generation adds, whatever the input); `diff` is
 * diffComponent; `patch` is buildPatch (what `plan` runs per differing component).
 */
import { XMLParser } from 'fast-xml-parser';
import { buildPatch, diffComponent } from '../src/diff/index.js';
import { parseXmlTree, xmlSyntaxError } from '../src/xml/index.js';

export type DiffOp = 'read' | 'library' | 'young' | 'diff' | 'patch';

// fast-xml-parser with the options of the plugin's value tree before its direct reader, without the validation pass
const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, ignorePiTags: true, parseTagValue: false, trimValues: true, isArray: (): boolean => true });

/** Runs one op on the pair; returns what it found (changes, an action) so that its work is not optimized away. */
export function runDiffOp(op: DiffOp, referenceXml: string, targetXml: string): { found?: number; action?: string } {
  if (op === 'read') {
    for (const xml of [referenceXml, targetXml]) {
      if (xmlSyntaxError(xml)) throw new Error('not well-formed');
      parseXmlTree(xml);
    }
    return {};
  }
  if (op === 'young') {
    let count = 0;
    for (let i = 0; i < 3_000_000; i++) count += { text: [String(i)], entry: [{ i }] }.text.length;
    return { found: count };
  }
  if (op === 'library') {
    parser.parse(referenceXml);
    parser.parse(targetXml);
    return {};
  }
  if (op === 'diff') return { found: diffComponent('Profile', referenceXml, targetXml).length };
  const patch = buildPatch({ type: 'Profile', fullName: 'Big', referenceXml, targetXml, mode: 'merge' });
  return { found: patch.changes.length, action: patch.action };
}
