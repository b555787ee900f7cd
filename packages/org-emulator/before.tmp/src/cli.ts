/*
 * `org-emulator --orgs-dir DIR [--port N] [--job-ms N] [--latency-ms N] [--max-retrieve-files N] [--max-retrieve-zip-bytes N] [--https]`
 * Starts the emulator, logs its orgs into the sf auth store of the current HOME, prints one JSON
 * line describing them, and serves until SIGINT or SIGTERM.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const USAGE = 'usage: org-emulator --orgs-dir DIR [--port N] [--job-ms N] [--latency-ms N] [--max-retrieve-files N] [--max-retrieve-zip-bytes N] [--https]';

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`--${name} takes a whole number of 0 or more, got ${raw}`);
  return value;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
function makeCertificate(): { keyFile: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-emulator-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' }
    );
  } catch {
    fail('--https needs openssl on the PATH to make a certificate (apt-get install openssl)');
  }
  return { keyFile, certFile };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'orgs-dir': { type: 'string' },
        port: { type: 'string' },
        'job-ms': { type: 'string' },
        'latency-ms': { type: 'string' },
        'max-retrieve-files': { type: 'string' },
        'max-retrieve-zip-bytes': { type: 'string' },
        https: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const orgsDir = values['orgs-dir'];
  if (!orgsDir) fail('--orgs-dir is required');
  if (!existsSync(orgsDir)) fail(`--orgs-dir ${orgsDir} does not exist`);

  let tls: { key: string; cert: string } | undefined;
  let caFile: string | undefined;
  if (values.https) {
    // core checks the certificate when it logs the orgs in, so this process must trust it from its start
    const certFile = process.env.SF_POSTDEPLOY_EMULATOR_CERT;
    const keyFile = process.env.SF_POSTDEPLOY_EMULATOR_KEY;
    if (!certFile || !keyFile) {
      const made = makeCertificate();
      const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, NODE_EXTRA_CA_CERTS: made.certFile, SF_POSTDEPLOY_EMULATOR_CERT: made.certFile, SF_POSTDEPLOY_EMULATOR_KEY: made.keyFile },
      });
      const cleanUp = (): void => rmSync(dirname(made.certFile), { recursive: true, force: true });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
      child.on('exit', (code) => {
        cleanUp();
        process.exit(code ?? 0);
      });
      // like the server itself: when whoever started us is gone, stop (npm run does not pass signals on)
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) child.kill('SIGTERM');
      }, 250).unref();
      return;
    }
    tls = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    caFile = certFile;
  }

  const emulator = await startEmulator({
    orgsDir,
    port: wholeNumber('port', values.port, 0),
    jobMs: wholeNumber('job-ms', values['job-ms'], 0),
    latencyMs: wholeNumber('latency-ms', values['latency-ms'], 0),
    maxRetrieveFiles: wholeNumber('max-retrieve-files', values['max-retrieve-files'], 10_000),
    maxRetrieveZipBytes: wholeNumber('max-retrieve-zip-bytes', values['max-retrieve-zip-bytes'], 39 * 1024 * 1024),
    tls,
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url, orgs: emulator.orgs, ...(caFile ? { caFile } : {}) })}\n`);
  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `npm run` does not pass SIGTERM on to its script: when the parent that started us is gone, stop too
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 250).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
