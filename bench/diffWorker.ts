/*
 * Diff-engine measurements in a fresh process:
 *   node --expose-gc --import tsx bench/diffWorker.ts <parse|library|young|diff|patch|time> <reference.xml> <target.xml> <reps>
 * parse = the plugin's own reading of both files, its well-formedness check and its value tree (the
 * floor every comparison pays); library = fast-xml-parser alone parsing both (what the plugin read
 * with before its direct reader, for comparison); young = short-lived allocations only (the
 * fixed peak V8's young generation adds, whatever the input); diff = diffComponent; patch = buildPatch (what
 * `plan` runs per component). With one op: its times and its peak RSS above the baseline (one
 * op per process, so the peak is its own). With `time`: the three ops interleaved round after round,
 * so that they are timed side by side under the same machine load. Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { XMLParser } from 'fast-xml-parser';
import { buildPatch, diffComponent } from '../lib/diff/index.js';
import { parseXmlTree, xmlSyntaxError } from '../lib/xml/index.js';

const [mode, referenceFile, targetFile, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? '1');
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function status(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

const referenceXml = readFileSync(referenceFile, 'utf8');
const targetXml = readFileSync(targetFile, 'utf8');
const inputBytes = Buffer.byteLength(referenceXml) + Buffer.byteLength(targetXml);

// fast-xml-parser with the options of the plugin's value tree (src/xml/parse.ts), without the validation pass
const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, ignorePiTags: true, parseTagValue: false, trimValues: true, isArray: (): boolean => true });

const found: Record<string, number> = {};
let action = '';
function once(op: string): void {
  if (op === 'parse') {
    for (const xml of [referenceXml, targetXml]) {
      if (xmlSyntaxError(xml)) throw new Error('not well-formed');
      parseXmlTree(xml);
    }
  } else if (op === 'young') {
    // short-lived objects only, nothing kept: what V8's young generation alone adds to the peak
    let count = 0;
    for (let i = 0; i < 3_000_000; i++) count += { text: [String(i)], entry: [{ i }] }.text.length;
    found.young = count;
  } else if (op === 'library') {
    parser.parse(referenceXml);
    parser.parse(targetXml);
  } else if (op === 'diff') {
    found.diff = diffComponent('Profile', referenceXml, targetXml).length;
  } else if (op === 'patch') {
    const patch = buildPatch({ type: 'Profile', fullName: 'Big', referenceXml, targetXml, mode: 'merge' });
    found.patch = patch.changes.length;
    action = patch.action;
  } else {
    throw new Error(`unknown op ${op}`);
  }
}

if (mode === 'time') {
  const times: Record<string, number[]> = { parse: [], library: [], diff: [], patch: [] };
  for (let i = 0; i < reps; i++) {
    for (const each of Object.keys(times)) {
      gc();
      const started = performance.now();
      once(each);
      times[each].push(performance.now() - started);
    }
  }
  process.stdout.write(`${JSON.stringify({ op: mode, inputBytes, times, found, action })}\n`);
  process.exit(0);
}

gc();
gc();
let peakResettable = true;
try {
  // resets VmHWM to the current RSS (Linux 4.0+), so the high-water mark is this run's
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  peakResettable = false;
}
const baselineRss = status('VmRSS');
const times: number[] = [];
for (let i = 0; i < reps; i++) {
  const started = performance.now();
  once(mode);
  times.push(performance.now() - started);
  gc();
}
const peakRss = status('VmHWM');
process.stdout.write(
  `${JSON.stringify({ op: mode, inputBytes, times, baselineRss, peakRss, peakDeltaBytes: peakRss - baselineRss, peakResettable, found, action })}\n`
);
