/*
 * The emulator as a process of its own, as scripts and CI jobs start it: runs the `org-emulator`
 * bin with the given arguments and environment (its HOME is the sf auth store the orgs are logged
 * into) and resolves with the JSON line it prints once it serves.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EMULATOR_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'org-emulator.js');

export type EmulatorProcessInfo = { url: string; orgs: Record<string, { username: string; orgId: string; instanceUrl: string }>; caFile?: string };

export type EmulatorProcess = {
  child: ChildProcessWithoutNullStreams;
  info: EmulatorProcessInfo;
  /** SIGTERM, then the exit code once the process is gone */
  stop(): Promise<number | null>;
};

export function startEmulatorProcess(args: string[], env: NodeJS.ProcessEnv, startTimeoutMs = 60_000): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EMULATOR_BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start within ${startTimeoutMs} ms: ${stderr}`));
    }, startTimeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        const info = JSON.parse(stdout.slice(0, newline)) as EmulatorProcessInfo;
        resolve({
          child,
          info,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) {
                done(child.exitCode);
                return;
              }
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      } catch (error) {
        reject(new Error(`emulator printed no JSON line: ${stdout} ${stderr} ${String(error)}`));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!stdout.includes('\n')) reject(new Error(`emulator exited with ${String(code)}: ${stderr}`));
    });
  });
}
