/*
 * An org applied by the version before plan format 4 (which had the action `blocked`) must still roll
 * back: the journal and snapshot are written here as that version wrote them, byte for byte in
 * shape, and today's rollback, history and resume read them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { Org, SfError } from '@salesforce/core';
import { loadResume } from '../../../src/apply/resume.js';
import { RollbackOrgs, rollbackApply } from '../../../src/apply/rollback.js';
import { DeployRequest, MetadataComponent, OrgHandle } from '../../../src/org/index.js';
import { readHistory } from '../../../src/state/history.js';
import { journalPath, snapshotPath } from '../../../src/state/journal.js';
import { planChecksum } from '../../../src/state/planFile.js';
import type { PlanBody } from '../../../src/plan/planTypes.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (fields: string[]): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${fields.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
const APPLY_ID = '20261205-100000Z-prev';
const LAYOUT = 'Account-Account Layout';

/** A target org holding what yesterday's apply deployed; deploys replace what they name. */
function fakeOrg(components: Map<string, MetadataComponent>, deploys: DeployRequest[]): RollbackOrgs {
  const handle = new OrgHandle({ name: 'uat', alias: 'uat', username: 'uat@x.test', orgId: '00D2', instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org);
  return {
    resolveOrg: () => Promise.resolve(handle),
    retrieveComponents: (org, keys) =>
      Promise.resolve({ org: org.identity, components: keys.map((k) => components.get(`${k.type}:${k.fullName}`)).filter((c): c is MetadataComponent => c !== undefined), missing: [], jobId: '09S', statusChecks: 1 }),
    deployComponents: (org, request: DeployRequest): ReturnType<RollbackOrgs['deployComponents']> => {
      deploys.push(request);
      for (const component of request.components) components.set(`${component.type}:${component.fullName}`, component);
      return Promise.resolve({ org: org.identity, jobId: '0Af', status: 'Succeeded', success: true, checkOnly: Boolean(request.checkOnly), deployed: [], failures: [], statusChecks: 1 });
    },
  };
}

/** The plan file the apply used: format 3, with a component the target could not take as `action: 'blocked'`. */
function previousPlan(): string {
  const component = { type: 'Layout', fullName: LAYOUT, targetHash: 'a'.repeat(64), referenceHash: 'b'.repeat(64), changes: [], irreversible: [], comparedAsWhole: false, notes: [], destructiveChildren: [] };
  const body = {
    formatVersion: 3,
    tool: { name: 'sf-postdeploy', version: '0.9.0' },
    planId: 'p-prev',
    createdAt: '2026-12-05T09:00:00.000Z',
    mode: 'merge',
    deleteExtra: false,
    apiVersion: '62.0',
    reference: { kind: 'dir', path: 'force-app', format: 'source' },
    selection: { source: 'default', members: ['Layout'] },
    scope: [{ type: 'Layout', fullName: LAYOUT }],
    targets: [
      {
        name: 'uat',
        alias: 'uat',
        username: 'uat@x.test',
        orgId: '00D2',
        status: 'ok',
        counts: { create: 0, update: 1, delete: 0, noop: 0, blocked: 1, changes: 1 },
        components: [
          { ...component, action: 'update', patchedHash: 'b'.repeat(64), changes: [{ op: 'add', path: 'layoutSections[Info].layoutItems[Tier__c]' }], deployXml: layout(['Name', 'Tier__c']) },
          { ...component, fullName: 'Account-Partner Layout', action: 'blocked', patchedHash: 'a'.repeat(64), blocked: [{ kind: 'refused', reason: 'the target refuses it' }] },
        ],
      },
    ],
  } as unknown as PlanBody;
  return JSON.stringify({ ...body, checksum: planChecksum(body) }, null, 2);
}

describe('records written by the version before plan format 4', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-previous-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  function writeYesterdaysApply(): string {
    const planFile = join(stateDir, 'plan.json');
    writeFileSync(planFile, previousPlan());
    const snapshotFile = snapshotPath(stateDir, APPLY_ID, '00D2');
    const journal = {
      formatVersion: 1,
      applyId: APPLY_ID,
      planId: 'p-prev',
      planFile,
      planChecksum: (JSON.parse(previousPlan()) as { checksum: string }).checksum,
      mode: 'merge',
      apiVersion: '62.0',
      dryRun: false,
      createdAt: '2026-12-05T10:00:00.000Z',
      scope: [{ type: 'Layout', fullName: LAYOUT }],
      targets: [
        {
          name: 'uat',
          alias: 'uat',
          username: 'uat@x.test',
          orgId: '00D2',
          state: 'deployed',
          deployId: '0Af000000000001',
          components: [{ type: 'Layout', fullName: LAYOUT, action: 'update', preHash: 'a'.repeat(64), patchedHash: 'b'.repeat(64) }],
          snapshotFile,
          updatedAt: '2026-12-05T10:01:00.000Z',
        },
      ],
    };
    const snapshot = {
      applyId: APPLY_ID,
      orgId: '00D2',
      username: 'uat@x.test',
      takenAt: '2026-12-05T10:00:30.000Z',
      components: [{ type: 'Layout', fullName: LAYOUT, existed: true, xml: layout(['Name']), hash: 'a'.repeat(64) }],
      inverse: [`restore Layout ${LAYOUT} to its snapshot (entries granted by this apply are revoked explicitly)`],
    };
    mkdirSync(dirname(snapshotFile), { recursive: true });
    writeFileSync(journalPath(stateDir, APPLY_ID), `${JSON.stringify(journal, null, 2)}\n`);
    writeFileSync(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
    return planFile;
  }

  it('Given yesterday\'s apply, When history is read and the apply resumed, Then history lists what it changed and resume refuses the old plan, naming the rollback', async () => {
    const planFile = writeYesterdaysApply();
    const [entry] = await readHistory(stateDir);
    expect(entry).to.include({ applyId: APPLY_ID, changedSomething: true, rolledBack: 'no' });
    expect(entry.targets[0].changed).to.deep.equal([{ type: 'Layout', fullName: LAYOUT, action: 'update' }]);
    let refused: SfError | undefined;
    try {
      await loadResume(stateDir, APPLY_ID);
    } catch (error) {
      refused = error as SfError;
    }
    expect(refused?.name).to.equal('ResumePlanVersionError');
    expect(refused?.message).to.include(planFile).and.include('format version 3');
    expect(refused?.actions?.join(' ')).to.include(`sf postdeploy rollback --apply-id ${APPLY_ID}`);
  });

  it('Given yesterday\'s apply, When rolled back today, Then the snapshot is restored', async () => {
    writeYesterdaysApply();
    const components = new Map([[`Layout:${LAYOUT}`, { type: 'Layout', fullName: LAYOUT, xml: layout(['Name', 'Tier__c']) }]]);
    const deploys: DeployRequest[] = [];
    const rolled = await rollbackApply({ stateDir, applyId: APPLY_ID, dryRun: false, force: false, concurrency: 1 }, fakeOrg(components, deploys));
    expect(rolled.targets.map((t) => [t.status, t.error])).to.deep.equal([['rolled-back', undefined]]);
    expect(rolled.targets[0].notRestored).to.deep.equal([]);
    expect(deploys).to.have.length(1);
    expect(components.get(`Layout:${LAYOUT}`)?.xml).to.not.include('Tier__c');
    const [entry] = await readHistory(stateDir);
    expect(entry.rolledBack).to.equal('yes');
  });
});
