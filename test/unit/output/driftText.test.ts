import { expect } from 'chai';
import { renderDriftText } from '../../../src/output/driftText.js';
import { fixturePlan, SPECIAL_LAYOUT } from './planFixture.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('output/driftText', () => {
  const plain = renderDriftText(fixturePlan(), { color: false });
  const lines = plain.split('\n');

  it('Given color false, Then the text holds no ANSI code at all', () => {
    expect(plain).to.not.include('\u001b');
  });

  it('Given color true, Then adds are green, removes red, changes yellow, and without the codes the text is the plain one', () => {
    const coloured = renderDriftText(fixturePlan(), { color: true });
    expect(coloured).to.include('\u001b[32m+ excludeButtons[Clone]\u001b[39m');
    expect(coloured).to.include('\u001b[31m- layoutSections[Account Information].layoutItems[Custom__c]');
    expect(coloured).to.include('\u001b[33m~ fieldPermissions[Account.Rating].editable: false -> true\u001b[39m');
    expect(coloured.replace(ANSI, '')).to.equal(plain);
  });

  it('Given a plan, Then the header names the reference, mode, API version and plan id', () => {
    expect(lines.slice(0, 5)).to.deep.equal([
      'Drift plan',
      '  Reference    ref (ref@example.com, 00D000000000REF)',
      '  Mode         overwrite (delete extra: what only a target has in the selection)',
      '  API version  62.0',
      '  Plan         plan-0001 (created 2025-01-02T03:04:05.000Z)',
    ]);
  });

  it('Given a drifting target, Then a summary table lists its drifting components with action and number of changes', () => {
    const start = lines.indexOf('=== uat (uat@example.com, 00D000000000UAT)');
    expect(start).to.be.greaterThan(0);
    expect(lines.slice(start + 1, start + 9)).to.deep.equal([
      '  TYPE            NAME                    ACTION  CHANGES',
      '  Layout          Account-Account Layout  update        4',
      '  Profile         Admin                   update        2',
      '  GlobalValueSet  Rating                  update        1',
      '  Report          Sales/Pipeline          update        1',
      '  ListView        Account.MyAccounts      create        1',
      '  CustomObject    Invoice__c              update        1',
      '  1 other component without drift',
    ]);
  });

  it('Given element-level changes, Then each reads with added and removed elements in full as XML lines, with irreversible and whole-component facts flagged', () => {
    expect(lines).to.include.members([
      '  Layout Account-Account Layout (update, 4 changes)',
      '    + layoutSections[Account Information].layoutItems[Industry]',
      '    +   <layoutItems>',
      '    +     <behavior>Edit</behavior>',
      '    +     <field>Industry</field>',
      '    +   </layoutItems>',
      '    - layoutSections[Account Information].layoutItems[Custom__c]',
      '    -   <layoutItems>',
      '    -     <behavior>Edit</behavior>',
      '    -     <field>Custom__c</field>',
      '    -   </layoutItems>',
      '    ~ fieldPermissions[Account.Rating].editable: false -> true',
      "    ! cannot be undone: GlobalValueSet Rating: value 'Hot' is added; later it can only be deactivated, never deleted",
      '    = compared as a whole: Report has no element-level rules',
      '    + (whole component): missing in the target',
      '    - deletes CustomField Invoice__c.Legacy__c (destructive change)',
      `    ~ description: ${'x'.repeat(59)}… -> ""`,
    ]);
  });

  it('Given a target without drift, Then it says no drift', () => {
    const start = lines.indexOf('=== prod (prod@example.com, 00D00000000PROD)');
    expect(lines[start + 1]).to.equal('  no drift (2 components compared)');
  });

  it('Given a merge target whose only differences are its own, Then it says no change to apply with the count, and --show-kept lists them', () => {
    const plan = fixturePlan();
    const prod = plan.targets.find((t) => t.name === 'prod')!;
    prod.components[0] = { ...prod.components[0], kept: [{ op: 'remove', path: 'layoutSections[Info].layoutItems[Phone]' }] };
    const text = renderDriftText(plan, { color: false }).split('\n');
    const start = text.indexOf('=== prod (prod@example.com, 00D00000000PROD)');
    // no base: the owner of the difference is unknown
    expect(text[start + 1]).to.equal('  no change to apply (1 difference kept: unknown owner, no base) (2 components compared)');
    expect(text[start + 2]).to.equal(
      "  1 difference kept as the target has it (unknown owner, no base: without a base, whether this target's admin or an earlier release made a difference is unknown); list them with --show-kept"
    );
    const shown = renderDriftText(plan, { color: false, showKept: true });
    expect(shown).to.include(`Kept: 1 difference merge leaves as the target has it\n    ${prod.components[0].type} ${prod.components[0].fullName} (unknown owner: no base)\n      = kept: - layoutSections[Info].layoutItems[Phone]`);
    // a base shows the target changed it since: the target's own
    prod.components[0] = { ...prod.components[0], keptOwner: 'target' };
    const owned = renderDriftText(plan, { color: false }).split('\n');
    expect(owned[start + 1]).to.equal("  no change to apply (1 difference kept: the target's own) (2 components compared)");
    expect(owned[start + 2]).to.equal("  1 difference kept as the target has it (merge mode keeps the target's own); list them with --show-kept");
  });

  it('Given kept differences with a base in one component and without in another, Then the count says how many are whose', () => {
    const plan = fixturePlan();
    const prod = plan.targets.find((t) => t.name === 'prod')!;
    const kept = [{ op: 'remove' as const, path: 'layoutSections[Info].layoutItems[Phone]' }];
    prod.components = prod.components.map((component, index) => ({ ...component, action: 'noop', changes: [], kept, ...(index === 0 ? { keptOwner: 'target' as const } : {}) }));
    const text = renderDriftText(plan, { color: false });
    expect(text).to.include("no change to apply (2 differences kept: 1 the target's own, 1 of unknown owner (no base))");
  });

  it('Given overwrite with a base overriding a target\'s own change, Then the component says so and the total counts it', () => {
    const plan = fixturePlan();
    const drifting = plan.targets.find((t) => t.components.some((c) => c.action === 'update'))!;
    const index = drifting.components.findIndex((c) => c.action === 'update');
    drifting.components[index] = { ...drifting.components[index], overrides: ['layoutSections[Info].layoutItems[Phone]'] };
    const text = renderDriftText(plan, { color: false });
    expect(text).to.include("! overrides the target's own change: layoutSections[Info].layoutItems[Phone]");
    expect(text).to.include("1 element overrides a target's own change since the base");
  });

  it('Given an errored target, Then its error message and actions are shown', () => {
    const start = lines.indexOf('=== qa@example.com');
    expect(lines.slice(start + 1, start + 4)).to.deep.equal([
      '  failed: No authorization information found for qa@example.com. (AuthError)',
      '  try: Log in with "sf org login web --alias qa".',
      '  try: Or remove qa from the targets file.',
    ]);
  });

  it('Given names with special characters, Then the terminal shows them as they are', () => {
    expect(lines).to.include(`  Layout ${SPECIAL_LAYOUT} (update, 1 change)`);
  });

  it('Given a plan, Then the last line is the one-line total', () => {
    expect(lines.at(-2)).to.equal('2 of 4 targets drift: 7 components, 11 changes; 1 target failed');
    expect(lines.at(-1)).to.equal('');
  });

  it('Given a multi-line error with control characters, Then lines stay indented and no escape reaches the terminal', () => {
    const plan = fixturePlan();
    plan.targets[2].error = { name: 'E', message: 'first\nsecond \u001b[2J' };
    const text = renderDriftText(plan, { color: false });
    expect(text).to.include('  failed: first\n    second \\u001b[2J (E)');
    expect(text).to.not.include('\u001b');
  });
});
