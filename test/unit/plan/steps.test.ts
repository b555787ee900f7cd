import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseConfig } from '../../../src/plan/configFile.js';
import { parsePlanFile, sealPlan } from '../../../src/state/planFile.js';
import { PLAN_FORMAT_VERSION, type PlanBody, type PlannedTarget } from '../../../src/plan/planTypes.js';
import { planSteps, readSteps, stepAction, stepSpecsOf, withSteps } from '../../../src/plan/steps.js';

const dir = mkdtempSync(join(tmpdir(), 'steps-test-'));
writeFileSync(join(dir, 'post.apex'), "System.debug('x');\n");
writeFileSync(join(dir, 'undo.apex'), "System.debug('undo');\n");
writeFileSync(join(dir, 'empty.apex'), '  \n');
const layout = '<?xml version="1.0" encoding="UTF-8"?>\n<Layout xmlns="http://soap.sforce.com/2006/04/metadata"><layoutSections/></Layout>\n';
const readPackage = (): Promise<{ format: 'metadata'; components: Array<{ type: string; fullName: string; xml: string }> }> =>
  Promise.resolve({ format: 'metadata', components: [{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout }] });

const target = (components: PlannedTarget['components'] = []): PlannedTarget => ({
  name: 'uat',
  username: 'u',
  orgId: '00D',
  status: 'ok',
  counts: { create: 0, update: 0, delete: 0, noop: 0, blocked: 0, changes: 0 },
  components,
});

describe('release steps in the plan', () => {
  it('Given config steps without a drift step, Then the drift correction comes first and paths are relative to the config', async () => {
    const specs = stepSpecsOf({ steps: [{ name: 'pkg', kind: 'deploy', path: 'pkg' }, { name: 'post', kind: 'apex', file: 'post.apex', undo: 'undo.apex' }] }, join(dir, 'config.json'), {});
    expect(specs[0]).to.deep.include({ path: join(dir, 'pkg') });
    const steps = (await readSteps(specs.map((s) => (s.kind === 'deploy' ? { ...s, path: dir } : s)), readPackage as never))!;
    expect(steps.map((s) => `${s.kind}:${s.name}`)).to.deep.equal(['drift:drift', 'deploy:pkg', 'apex:post']);
    const apex = steps[2] as Extract<(typeof steps)[number], { kind: 'apex' }>;
    expect(apex.script.body).to.equal("System.debug('x');\n");
    expect(apex.script.hash).to.match(/^[0-9a-f]{64}$/);
    expect(apex.undo?.file).to.equal(join(dir, 'undo.apex'));
  });

  it('Given no steps, Then the plan has none and reads as its drift correction alone', async () => {
    expect(await readSteps([])).to.equal(undefined);
    expect(planSteps({})).to.deep.equal([{ name: 'drift', kind: 'drift' }]);
  });

  it('Given two steps of one name, an empty Apex file or tests without RunSpecifiedTests, Then the plan is refused with the step named', async () => {
    const refused = async (specs: Parameters<typeof readSteps>[0], name: string): Promise<void> => {
      const error = await readSteps(specs, readPackage as never).then(() => undefined, (e: Error) => e);
      expect(error?.name, name).to.equal(name);
    };
    await refused([{ name: 'a', kind: 'apex', file: join(dir, 'post.apex') }, { name: 'a', kind: 'apex', file: join(dir, 'post.apex') }], 'DuplicateStepNameError');
    await refused([{ name: 'a', kind: 'apex', file: join(dir, 'empty.apex') }], 'EmptyApexFileError');
    await refused([{ name: 'a', kind: 'apex', file: join(dir, 'none.apex') }], 'NoSuchApexFileError');
    await refused([{ name: 'p', kind: 'deploy', path: dir, tests: ['T'] }], 'TestsNeedSpecifiedLevelError');
    await refused([{ name: 'p', kind: 'deploy', path: join(dir, 'nope') }], 'NoSuchPackageError');
    await refused([{ name: 'd1', kind: 'drift' }, { name: 'd2', kind: 'drift' }], 'TwoDriftStepsError');
  });

  it('Given an Apex step without undo, Then every target declares it irreversible up front', async () => {
    const steps = await readSteps([{ name: 'post', kind: 'apex', file: join(dir, 'post.apex') }]);
    const [drift, apex] = steps!.map((s) => stepAction(s, target()));
    expect(drift).to.deep.equal({ name: 'drift', kind: 'drift', action: 'nothing to correct' });
    expect(apex.irreversible).to.deep.equal(['Apex step "post" has no undo script: rollback cannot undo what it did']);
  });

  it('Given the config schema, Then steps need a name and a known kind', () => {
    expect(parseConfig(JSON.stringify({ steps: [{ name: 'x', kind: 'apex', file: 'a.apex' }] }), 'c.json').steps).to.have.length(1);
    expect(() => parseConfig(JSON.stringify({ steps: [{ kind: 'apex', file: 'a.apex' }] }), 'c.json')).to.throw(/steps/);
    expect(() => parseConfig(JSON.stringify({ steps: [{ name: 'x', kind: 'shell', file: 'a' }] }), 'c.json')).to.throw(/steps/);
  });

  it('Given a plan with steps, Then the plan file holds them and passes its schema; a plan without steps loads as the drift correction alone', async () => {
    const steps = await readSteps([{ name: 'pkg', kind: 'deploy', path: dir }], readPackage as never);
    const body: PlanBody = {
      formatVersion: PLAN_FORMAT_VERSION,
      tool: { name: 't', version: '1' },
      planId: 'p',
      createdAt: '2026-12-01T00:00:00.000Z',
      mode: 'merge',
      deleteExtra: false,
      apiVersion: '62.0',
      reference: { kind: 'dir', path: '.', format: 'source' },
      selection: { source: 'default', members: [] },
      scope: [],
      targets: [target()],
    };
    const withStepsBody = withSteps(body, steps);
    expect(withStepsBody.targets[0].steps?.map((s) => s.action)).to.deep.equal(['nothing to correct', `deploy 1 component of ${dir} as they are (snapshot first)`]);
    expect(parsePlanFile(JSON.stringify(sealPlan(withStepsBody)), 'plan.json').steps).to.have.length(2);
    expect(parsePlanFile(JSON.stringify(sealPlan(body)), 'plan.json').steps).to.equal(undefined);
  });
});
