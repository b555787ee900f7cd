/*
 * Running the plugin, the sf CLI and the emulator as processes, as users and scripts do.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SF_BIN = join(PROJECT_ROOT, 'node_modules', '.bin', 'sf');

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

export function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd ?? PROJECT_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function runSf(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<ProcessResult> {
  return run(SF_BIN, args, options);
}

export type EmulatorProcess = {
  child: ChildProcessWithoutNullStreams;
  info: { url: string; orgs: Record<string, { username: string; orgId: string; instanceUrl: string }>; caFile?: string };
  stop(): Promise<number | null>;
};

/** Starts `npm run --silent emulator -- ...` as a process and reads its JSON line. */
export function startEmulatorProcess(args: string[], env: NodeJS.ProcessEnv, startTimeoutMs = 60_000): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'emulator', '--', ...args], { env, cwd: PROJECT_ROOT, detached: false });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start: ${stderr}`));
    }, startTimeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        const info = JSON.parse(stdout.slice(0, newline)) as EmulatorProcess['info'];
        resolve({
          child,
          info,
          stop: () =>
            new Promise((done) => {
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
      if (!stdout.includes('\n')) reject(new Error(`emulator exited with ${code}: ${stderr}`));
    });
  });
}
