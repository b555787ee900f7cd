import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { OrgLock } from '../../../src/state/lock.js';
import { resolveStateDir } from '../../../src/state/stateDir.js';
import { applyExitCode, rollbackExitCode } from '../../../src/cli/exitCodes.js';
import type { ApplyResult, ApplyTargetStatus } from '../../../src/apply/applier.js';
import type { RollbackResult, RollbackRunResult, RollbackTargetStatus } from '../../../src/apply/rollback.js';

const org = { orgId: '00D000000000001AAA', name: 'uat' };

describe('per-org lock', () => {
  it('Given a held lock, When another run asks for the org, Then it is refused with who holds it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'lock-'));
    const lock = await OrgLock.acquire(state, org, { operation: 'apply', id: 'a1' });
    try {
      await OrgLock.acquire(state, org, { operation: 'apply', id: 'a2' });
      expect.fail('the second lock must be refused');
    } catch (error) {
      expect(error).to.be.instanceOf(SfError);
      expect((error as SfError).name).to.equal('OrgLockedError');
      expect((error as SfError).message).to.include('apply a1');
      expect((error as SfError).message).to.include(String(process.pid));
    }
    await lock.release();
    const again = await OrgLock.acquire(state, org, { operation: 'rollback', id: 'a1' });
    await again.release();
  });

  it('Given a lock left by a process that is gone, Then it is reclaimed', async () => {
    const state = mkdtempSync(join(tmpdir(), 'lock-'));
    mkdirSync(join(state, 'locks'));
    const dead = 2 ** 22 + 12345;
    writeFileSync(join(state, 'locks', `${org.orgId}.lock`), JSON.stringify({ pid: dead, host: hostname(), operation: 'apply', id: 'old', since: 'x' }));
    const lock = await OrgLock.acquire(state, org, { operation: 'apply', id: 'new' });
    await lock.release();
    expect(existsSync(join(state, 'locks', `${org.orgId}.lock`))).to.equal(false);
  });

  it('Given a lock held by a live process on another host, Then it is not reclaimed', async () => {
    const state = mkdtempSync(join(tmpdir(), 'lock-'));
    mkdirSync(join(state, 'locks'));
    writeFileSync(join(state, 'locks', `${org.orgId}.lock`), JSON.stringify({ pid: 1, host: 'ci-runner-7', operation: 'apply', id: 'remote', since: 'x' }));
    try {
      await OrgLock.acquire(state, org, { operation: 'apply', id: 'new' });
      expect.fail('must be refused');
    } catch (error) {
      expect((error as SfError).message).to.include('ci-runner-7');
    }
  });
});

describe('state directory and exit codes', () => {
  it('Given the flag, the env var, an sf project or nothing, Then the state dir follows that order', () => {
    const project = mkdtempSync(join(tmpdir(), 'proj-'));
    writeFileSync(join(project, 'sfdx-project.json'), '{}');
    mkdirSync(join(project, 'force-app'));
    expect(resolveStateDir('/tmp/flag', { SF_POSTDEPLOY_STATE_DIR: '/tmp/env' }, project)).to.equal('/tmp/flag');
    expect(resolveStateDir(undefined, { SF_POSTDEPLOY_STATE_DIR: '/tmp/env' }, project)).to.equal('/tmp/env');
    expect(resolveStateDir(undefined, {}, join(project, 'force-app'))).to.equal(join(project, '.sf', 'postdeploy'));
    expect(resolveStateDir(undefined, {}, '/')).to.match(/\.sf\/postdeploy$/);
  });

  it('Given per-target outcomes of apply, Then 0 all applied or nothing to do, 68 some planned target not applied, 1 none applied', () => {
    const of = (...statuses: ApplyTargetStatus[]): number => applyExitCode({ targets: statuses.map((status) => ({ status, remainingDrift: [] })) as unknown as ApplyResult['targets'] });
    expect(of('deployed', 'skipped')).to.equal(0);
    expect(of('deployed', 'failed')).to.equal(68);
    // --skip-stale that skipped a target, a target that failed at plan time, an interrupted apply's rest
    expect(of('skipped', 'stale')).to.equal(68);
    expect(of('deployed', 'not-planned')).to.equal(68);
    expect(of('deployed', 'not-started')).to.equal(68);
    expect(of('failed', 'stale')).to.equal(1);
    expect(applyExitCode({ interrupted: true, targets: [] })).to.equal(130);
  });

  it('Given per-target outcomes of a rollback, Then 68 when some were refused or an older apply was not attempted', () => {
    const run = (statuses: RollbackTargetStatus[], notAttempted: string[] = []): RollbackRunResult => ({
      applies: [{ applyId: 'a', dryRun: false, targets: statuses.map((status) => ({ status })) as RollbackResult['targets'] }],
      notAttempted,
    });
    expect(rollbackExitCode(run(['rolled-back', 'skipped']))).to.equal(0);
    expect(rollbackExitCode(run(['rolled-back', 'refused']))).to.equal(68);
    expect(rollbackExitCode(run(['rolled-back'], ['older']))).to.equal(68);
    expect(rollbackExitCode(run(['failed']))).to.equal(1);
  });
});
