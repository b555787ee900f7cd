/*
 * What the emulator's own end-to-end tests share: its sample orgs, temp folders, the real sf CLI
 * as a process (a fresh sf HOME: useIsolatedSfHome and childEnv of src/sfHome.ts).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORGS = join(dirname(fileURLToPath(import.meta.url)), '..', 'orgs');
export const SOURCE_ORG = join(ORGS, 'source-org');
export const MDAPI_ORG = join(ORGS, 'mdapi-org');

/** The sf CLI of @salesforce/cli, the one the tests pin (its package exports only dist/index.js). */
const SF_RUN = join(dirname(createRequire(import.meta.url).resolve('@salesforce/cli')), '..', 'bin', 'run.js');

export const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `org-emulator-${label}-`));

/** An orgs folder: a copy of the source-format sample org per alias, and one empty org. */
export function orgsDir(aliases: string[]): string {
  const dir = tempDir('orgs');
  for (const alias of aliases) cpSync(SOURCE_ORG, join(dir, alias), { recursive: true });
  mkdirSync(join(dir, 'empty'));
  return dir;
}

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

export function runSf(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SF_RUN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sf ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
