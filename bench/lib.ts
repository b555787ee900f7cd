/*
 * Shared pieces of `npm run bench`: temp homes, the emulator as a process, timed runs of the plugin
 * and the sf CLI (wall time and peak RSS), the emulator's request counts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmulatorProcess, startEmulatorProcess } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, SF_BIN } from '../test/helpers/processes.js';
import { childEnv } from '../test/helpers/sfHome.js';

export { PROJECT_ROOT, SF_BIN };
export const RUN_JS = join(PROJECT_ROOT, 'bin', 'run.js');
export const SOURCE_ORG = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
export const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const cleanups: Array<() => void | Promise<void>> = [];
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}
export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      // eslint-disable-next-line no-await-in-loop
      await fn();
    } catch {
      // best effort
    }
  }
}

/** A fresh temp dir, removed at the end of the bench. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sf-postdeploy-bench-${prefix}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export type Emulator = { url: string; jobMs: number; home: string; env: NodeJS.ProcessEnv; proc: EmulatorProcess; stop(): Promise<void> };

/** Starts the `org-emulator` bin (`--orgs-dir DIR ...`) in its own process and sf HOME (orgs logged in there). */
export async function startEmulator(orgsDir: string, jobMs: number, latencyMs: number, startTimeoutMs?: number): Promise<Emulator> {
  const home = tempDir('home');
  const env = childEnv(home);
  const started = performance.now();
  const proc = await startEmulatorProcess(['--orgs-dir', orgsDir, '--job-ms', String(jobMs), '--latency-ms', String(latencyMs), '--port', '0'], env, startTimeoutMs);
  if (!/^https?:\/\/127\.0\.0\.1:\d+/.test(proc.info.url)) {
    await proc.stop();
    throw new Error(`the emulator must listen on 127.0.0.1, got ${proc.info.url}`);
  }
  log(`emulator ${proc.info.url} up with ${Object.keys(proc.info.orgs).length} orgs in ${Math.round(performance.now() - started)} ms (job ${jobMs} ms, latency ${latencyMs} ms)`);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.race([proc.stop(), new Promise((r) => setTimeout(r, 5000))]);
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  };
  onCleanup(stop);
  return { url: proc.info.url, jobMs, home, env, proc, stop };
}

export type Stats = Record<string, Record<string, number>>;

export async function stats(url: string): Promise<Stats> {
  return (await (await fetch(`${url}/__emulator/stats`, { signal: AbortSignal.timeout(10_000) })).json()) as Stats;
}

export async function resetStats(url: string): Promise<void> {
  await fetch(`${url}/__emulator/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
}

export type Timed = { code: number | null; wallMs: number; maxRssMb?: number; stdout: string; stderr: string };

/**
 * Runs a command, timing its wall clock from spawn to exit; with /usr/bin/time -v also its peak RSS
 * (the largest of the process and its waited-for children).
 */
export function timedRun(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number; measureRss?: boolean }
): Promise<Timed> {
  const rssFile = options.measureRss && TIME_BIN ? join(tempDir('time'), 'time.txt') : undefined;
  const [bin, argv] = rssFile ? [TIME_BIN!, ['-v', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv, { env: options.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.slice(0, 6).join(' ')} ... did not finish within ${options.timeoutMs} ms\n${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      let maxRssMb: number | undefined;
      if (rssFile && existsSync(rssFile)) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(rssFile, 'utf8'));
        if (match) maxRssMb = Number(match[1]) / 1024;
      }
      resolve({ code, wallMs, maxRssMb, stdout, stderr });
    });
  });
}

/** `node bin/run.js postdeploy ...` in the emulator's sf HOME. */
export function postdeploy(emulator: Emulator, args: string[], cwd: string, timeoutMs = 180_000, measureRss = true): Promise<Timed> {
  return timedRun(process.execPath, [RUN_JS, 'postdeploy', ...args], { env: emulator.env, cwd, timeoutMs, measureRss });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function targetNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
