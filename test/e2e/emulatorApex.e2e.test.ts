/*
 * Anonymous Apex against the emulator: the plugin's SOAP client (as `sf apex run` sends it) and the
 * Tooling REST resource, the admin API's record of bodies, and the apexCompileError/apexException faults.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { runSf } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { executeAnonymousApex, resolveOrg } from '../../src/org/index.js';

describe('emulator: anonymous Apex', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;

  const admin = async (path: string, init?: RequestInit): Promise<unknown> => (await fetch(`${emulator.url}${path}`, init)).json();
  const fault = (body: Record<string, unknown>): Promise<unknown> =>
    admin('/__emulator/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org: 'tgt', ...body }) });

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { tgt: undefined }, jobMs: 0 });
  });
  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given a block, When it runs through the SOAP Apex API, Then it succeeds with a debug log and is recorded', async () => {
    const outcome = await executeAnonymousApex(await resolveOrg('tgt'), "System.debug('a < b & c');\nInteger i = 1;");
    expect(outcome).to.include({ compiled: true, success: true, line: -1, column: -1 });
    expect(outcome.debugLog).to.contain("Execute Anonymous: System.debug('a < b & c');").and.contain('EXECUTION_FINISHED');
    const runs = (await admin('/__emulator/orgs/tgt/apex')) as Array<{ api: string; body: string; debugLevel?: string }>;
    expect(runs.at(-1)).to.include({ api: 'soap', body: "System.debug('a < b & c');\nInteger i = 1;", debugLevel: 'DEBUGONLY' });
  });

  it('Given an apexCompileError fault, Then the block is not compiled and line, column and problem come back', async () => {
    await fault({ fault: 'apexCompileError', line: 3, column: 7, message: 'Variable does not exist: acc' });
    const outcome = await executeAnonymousApex(await resolveOrg('tgt'), 'x');
    expect(outcome).to.include({ compiled: false, success: false, line: 3, column: 7, compileProblem: 'Variable does not exist: acc' });
    expect(outcome.exceptionMessage).to.equal(undefined);
  });

  it('Given an apexException fault, Then it compiled, failed, with the message and stack trace', async () => {
    await fault({ fault: 'apexException', line: 2, column: 1, message: 'System.DmlException: Insert failed' });
    const outcome = await executeAnonymousApex(await resolveOrg('tgt'), 'insert new Account();');
    expect(outcome).to.include({ compiled: true, success: false, line: 2, column: 1, exceptionMessage: 'System.DmlException: Insert failed', exceptionStackTrace: 'AnonymousBlock: line 2, column 1' });
    expect(outcome.debugLog).to.contain('FATAL_ERROR|System.DmlException: Insert failed');
    // the fault is used up: the next block succeeds
    expect((await executeAnonymousApex(await resolveOrg('tgt'), 'x')).success).to.equal(true);
  });

  it('Given the Tooling REST resource, Then it answers the ExecuteAnonymousResult in JSON, nulls as null', async () => {
    const token = emulator.accessToken('tgt');
    const get = async (query: string): Promise<{ status: number; body: unknown }> => {
      const response = await fetch(`${emulator.url}/services/data/v62.0/tooling/executeAnonymous/${query}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.json() };
    };
    expect((await get(`?anonymousBody=${encodeURIComponent("System.debug('t');")}`)).body).to.deep.equal({
      line: -1, column: -1, compiled: true, success: true, compileProblem: null, exceptionMessage: null, exceptionStackTrace: null,
    });
    await fault({ fault: 'apexCompileError', line: 1, column: 5 });
    expect((await get('?anonymousBody=bad')).body).to.include({ compiled: false, success: false, line: 1, column: 5 });
    expect((await get('')).status).to.equal(400);
    const runs = (await admin('/__emulator/orgs/tgt/apex')) as Array<{ api: string }>;
    expect(runs.filter((r) => r.api === 'tooling')).to.have.length(2);
  });

  it('Given the real `sf apex run`, Then it reads the emulator\'s answers: the log on success, line, column and problem on a compile error', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sf-apex-run-'));
    try {
      writeFileSync(join(work, 'a.apex'), "System.debug('from sf');\n");
      const ok = await runSf(['apex', 'run', '--file', 'a.apex', '--target-org', 'tgt', '--json'], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 120_000 });
      expect(ok.code, ok.stderr).to.equal(0);
      const result = (JSON.parse(ok.stdout) as { result: { success: boolean; compiled: boolean; logs: string } }).result;
      expect(result).to.include({ success: true, compiled: true });
      expect(result.logs).to.contain("Execute Anonymous: System.debug('from sf');");
      await fault({ fault: 'apexCompileError', line: 1, column: 8, message: 'Unexpected token' });
      const failed = await runSf(['apex', 'run', '--file', 'a.apex', '--target-org', 'tgt'], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 120_000 });
      expect(failed.code).to.equal(1);
      expect(failed.stderr).to.contain('Compilation failed at Line 1 column 8').and.contain('Unexpected token');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('Given a bad Apex fault, Then the admin API refuses it', async () => {
    expect(await fault({ fault: 'apexException', line: 0 })).to.deep.equal({ error: 'line must be a whole number of at least 1' });
    expect(await admin('/__emulator/faults?org=tgt', { method: 'DELETE' })).to.include({ org: 'tgt' });
  });
});
