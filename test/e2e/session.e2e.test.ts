/*
 * Expired sessions: an org logged in with a refresh token renews its session through
 * the OAuth token endpoint and goes on, during plan, apply and rollback; an access-token login
 * fails with InvalidSessionError and its action. In-process, one emulator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { SfHome, useIsolatedSfHome } from '../helpers/sfHome.js';
import { createPlan } from '../../src/plan/planner.js';
import { sealPlan } from '../../src/state/planFile.js';
import { selectionFromMetadataArgs } from '../../src/plan/selection.js';
import type { PlanBody } from '../../src/plan/planTypes.js';
import { applyPlan } from '../../src/apply/applier.js';
import { rollbackApply } from '../../src/apply/rollback.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = join(here, '..', '..', 'packages', 'org-emulator', 'orgs', 'source-org');

describe('expired sessions: refresh-token logins renew, access-token logins stop with an action', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const plan = (target: string): Promise<PlanBody> =>
    createPlan({
      reference: { org: 'ref' },
      targets: [target],
      selection: selectionFromMetadataArgs(['Layout:Account-Account Layout']),
      mode: 'merge',
      deleteExtra: false,
      concurrency: 1,
      tool: { name: 'sf-postdeploy', version: 'test' },
    });
  const oauthCalls = async (alias: string): Promise<number> => (await admin.stats())[alias]?.oauthToken ?? 0;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { ref: SEED, renewing: SEED, fixed: SEED }, refreshTokenLogins: ['ref', 'renewing'] });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-session-'));
    for (const alias of ['renewing', 'fixed']) {
      // eslint-disable-next-line no-await-in-loop
      const layout = (await admin.component(alias, 'Layout', 'Account-Account Layout'))!;
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent(alias, 'Layout', 'Account-Account Layout', layout.replace('<relatedList>RelatedContactList</relatedList>', '<relatedList>RelatedNoteList</relatedList>'));
    }
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given a refresh-token login, When its session expires during plan, apply and rollback, Then each renews the session and completes', async () => {
    await admin.fault({ org: 'renewing', fault: 'expireSession', operation: 'retrieve' });
    const before = await oauthCalls('renewing');
    const body = await plan('renewing');
    expect(body.targets[0].status, JSON.stringify(body.targets[0].error)).to.equal('ok');
    expect(body.targets[0].components[0].action).to.equal('update');
    expect(await oauthCalls('renewing')).to.be.greaterThan(before);

    const stateDir = join(work, 'state');
    await admin.fault({ org: 'renewing', fault: 'expireSession', operation: 'deploy' });
    const applied = await applyPlan({ plan: sealPlan(body), planFile: join(work, 'plan.json'), dryRun: false, concurrency: 1, skipStale: false, stateDir });
    expect(applied.targets[0].status, applied.targets[0].error).to.equal('deployed');
    const afterApply = await oauthCalls('renewing');
    expect(afterApply, 'apply renewed the session').to.be.greaterThan(before + 1);

    await admin.fault({ org: 'renewing', fault: 'expireSession', operation: 'checkDeployStatus' });
    const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 });
    expect(rolled.targets[0].status, rolled.targets[0].error).to.equal('rolled-back');
    expect(await oauthCalls('renewing'), 'rollback renewed the session').to.be.greaterThan(afterApply);
  });

  it('Given an access-token login, When its session expires, Then the target fails with InvalidSessionError and the action to log in again', async () => {
    await admin.fault({ org: 'fixed', fault: 'expireSession', operation: 'retrieve' });
    const body = await plan('fixed');
    const target = body.targets[0];
    expect(target.status).to.equal('error');
    expect(target.error?.name).to.equal('InvalidSessionError');
    expect((target.error?.actions ?? []).join(' ')).to.include('sf org login');
  });
});
