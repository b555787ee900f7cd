/*
 * Diff-engine measurements in a fresh process (the ops: bench/diffOps.ts):
 *   node --expose-gc --import tsx bench/diffWorker.ts <read|library|young|diff|patch|time> <reference.xml> <target.xml> <reps>
 * With one op: its times and its peak RSS above the baseline (one op per process, so the peak is
 * its own). With `time`: read, library, diff and patch interleaved round after round, so that they
 * are timed side by side under the same machine load. Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runDiffOp, type DiffOp } from './diffOps.js';

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

const found: Record<string, number> = {};
let action = '';
function once(op: DiffOp): void {
  const result = runDiffOp(op, referenceXml, targetXml);
  if (result.found !== undefined) found[op] = result.found;
  if (result.action !== undefined) action = result.action;
}

if (mode === 'time') {
  const times: Record<string, number[]> = { read: [], library: [], diff: [], patch: [] };
  for (let i = 0; i < reps; i++) {
    for (const each of Object.keys(times) as DiffOp[]) {
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
  once(mode as DiffOp);
  times.push(performance.now() - started);
  gc();
}
const peakRss = status('VmHWM');
process.stdout.write(
  `${JSON.stringify({ op: mode, inputBytes, times, baselineRss, peakRss, peakDeltaBytes: peakRss - baselineRss, peakResettable, found, action })}\n`
);
