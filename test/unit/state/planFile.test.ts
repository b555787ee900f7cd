import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { parsePlanFile, planChecksum, writePlanFile } from '../../../src/state/planFile.js';
import { parseConfig } from '../../../src/plan/configFile.js';
import { PLAN_FORMAT_VERSION, PlanBody } from '../../../src/plan/planTypes.js';
import { canonicalJson } from '../../../src/plan/canonicalJson.js';

const body: PlanBody = {
  formatVersion: PLAN_FORMAT_VERSION,
  tool: { name: 'sf-postdeploy', version: '0.1.0' },
  planId: 'p-1',
  createdAt: '2026-11-22T00:00:00.000Z',
  mode: 'merge',
  deleteExtra: false,
  apiVersion: '62.0',
  reference: { kind: 'org', name: 'prod', username: 'prod@x.test', orgId: '00D000000000001AAA', instanceUrl: 'https://x' },
  selection: { source: 'default', members: ['Layout:*'] },
  scope: [],
  targets: [
    {
      name: 'uat',
      username: 'uat@x.test',
      orgId: '00D000000000002AAA',
      status: 'ok',
      counts: { create: 0, update: 1, delete: 0, noop: 0, blocked: 0, changes: 1 },
      components: [
        {
          type: 'Layout',
          fullName: 'Account-Account Layout',
          action: 'update',
          targetHash: 'a'.repeat(64),
          referenceHash: 'b'.repeat(64),
          patchedHash: 'b'.repeat(64),
          changes: [{ op: 'add', path: 'layoutSections[Info].layoutItems[Industry]' }],
          deployXml: '<Layout/>',
          irreversible: [],
          notes: [],
          comparedAsWhole: false,
          destructiveChildren: [],
          blocked: [],
        },
      ],
    },
  ],
};

/** What the version before format 4 wrote for a component the target could not take at all. */
function previousVersionPlan(): string {
  const wholly = {
    ...body.targets[0].components[0],
    action: 'blocked',
    patchedHash: 'a'.repeat(64),
    deployXml: undefined,
    blocked: [{ kind: 'managed', reason: 'installed by package acme: only a package upgrade can change it' }],
  };
  const old = { ...body, formatVersion: 3, targets: [{ ...body.targets[0], counts: { create: 0, update: 0, delete: 0, noop: 0, blocked: 1, changes: 0 }, components: [wholly] }] };
  const parsed = JSON.parse(JSON.stringify(old)) as PlanBody;
  return JSON.stringify({ ...parsed, checksum: planChecksum(parsed) }, null, 2);
}

describe('plan file', () => {
  it('Given a plan, When written, Then it is mode 0600, checksummed, and reads back equal', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'plan-')), 'nested', 'plan.json');
    const file = await writePlanFile(path, body);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(file.checksum).to.equal(planChecksum(body));
    expect(parsePlanFile(readFileSync(path, 'utf8'), path)).to.deep.equal(file);
  });

  it('Given the same value with keys in another order, Then the checksum is the same', () => {
    const reordered = JSON.parse(canonicalJson(body)) as PlanBody;
    expect(planChecksum(reordered)).to.equal(planChecksum(body));
  });

  const refuse = (text: string, name: string): void => {
    expect(() => parsePlanFile(text, 'plan.json')).to.throw(SfError).with.property('name', name);
  };

  it('Given broken plan files, Then each is refused with its own error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json');
    await writePlanFile(path, body);
    const text = readFileSync(path, 'utf8');
    refuse(text.slice(0, 100), 'MalformedPlanError');
    refuse('[]', 'MalformedPlanError');
    refuse(text.replace(/"formatVersion": \d/, '"formatVersion": 9'), 'UnsupportedPlanVersionError');
    refuse(text.replace('"mode": "merge"', '"mode": "yolo"'), 'InvalidPlanError');
    refuse(text.replace('"action": "update"', '"action": "create"'), 'PlanChecksumMismatchError');
    refuse(text.replace('"deployXml": "<Layout/>"', '"deployXml": "<Layout><x/></Layout>"'), 'PlanChecksumMismatchError');
  });

  it('Given a plan file the previous version wrote (a component with action blocked), Then it is refused with the format error, whose action is to plan again', () => {
    const text = previousVersionPlan();
    let refused: SfError | undefined;
    try {
      parsePlanFile(text, 'old.json');
    } catch (error) {
      refused = error as SfError;
    }
    expect(refused?.name).to.equal('UnsupportedPlanVersionError');
    expect(refused?.message).to.include('format version 3').and.include(`format version ${PLAN_FORMAT_VERSION}`);
    expect(refused?.actions?.join(' ')).to.include('sf postdeploy plan');
    expect(refused?.exitCode).to.equal(1);
    // the old action under the new version number is not a plan either
    refuse(text.replace('"formatVersion": 3', `"formatVersion": ${PLAN_FORMAT_VERSION}`), 'InvalidPlanError');
  });
});

describe('config file', () => {
  it('Given a valid config, Then it is returned as is', () => {
    expect(parseConfig(JSON.stringify({ metadata: ['Layout:Account-*'], targets: ['uat'], mode: 'overwrite', concurrency: 4 }), 'c.json')).to.deep.equal({
      metadata: ['Layout:Account-*'],
      targets: ['uat'],
      mode: 'overwrite',
      concurrency: 4,
    });
  });

  it('Given invalid configs, Then the error names the file and every problem', () => {
    expect(() => parseConfig('{', 'c.json')).to.throw(/not valid JSON/);
    expect(() => parseConfig(JSON.stringify({ mode: 'yolo', colour: 'red', concurrency: 0 }), 'c.json'))
      .to.throw(SfError)
      .that.satisfies((error: SfError) => error.message.includes('mode') && error.message.includes('colour') && error.message.includes('concurrency'));
  });
});
