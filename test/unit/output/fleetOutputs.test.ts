import { expect } from 'chai';
import { diffResult } from '../../../src/output/diffResult.js';
import { renderDriftText } from '../../../src/output/driftText.js';
import { renderJUnitReport } from '../../../src/output/junitReport.js';
import { renderMarkdownReport } from '../../../src/output/markdownReport.js';
import { summarizePlan } from '../../../src/output/planSummary.js';
import type { PlanBody } from '../../../src/plan/planTypes.js';
import { component, fixturePlan, target } from './planFixture.js';

/** prod of the fixture plan keeps a layout item on purpose, and runs acme 2.4. */
function planWithAccepted(): PlanBody {
  const plan = fixturePlan();
  plan.targets[1] = target({
    name: 'prod',
    alias: 'prod',
    username: 'prod@example.com',
    orgId: '00D00000000PROD',
    packages: [{ namespace: 'acme', name: 'Acme Billing', version: '2.4.0.0' }],
    components: [
      component({
        type: 'Layout',
        fullName: 'Account-Account Layout',
        action: 'noop',
        accepted: [{ op: 'add', path: 'layoutSections[Info].layoutItems[Site]', after: { field: 'Site' }, entry: 0, reason: 'prod keeps Site off', until: '2027-06-30' }],
      }),
    ],
  });
  return plan;
}

describe('accepted differences and installed packages in every output', () => {
  const line = '= accepted: + layoutSections[Info].layoutItems[Site] (accept entry #1, until 2027-06-30: prod keeps Site off)';

  it('Given a difference accepted in prod, Then the terminal shows it with its reason and element, and the packages', () => {
    const text = renderDriftText(planWithAccepted(), { color: false });
    expect(text).to.contain(line).and.contain('= +   <layoutItems>').and.contain('packages: acme 2.4.0.0');
    expect(text).to.match(/Layout\s+Account-Account Layout\s+accepted\s+0/);
  });

  it('Given the same, Then the Markdown report lists it as accepted and has a table of installed packages', () => {
    const markdown = renderMarkdownReport(planWithAccepted());
    expect(markdown).to.contain('| Layout | Account-Account Layout | accepted | 0 |').and.contain(line);
    expect(markdown).to.contain('| Target | Installed packages |').and.contain('| prod | acme 2.4.0.0 |');
  });

  it('Given the same, Then --json lists it under accepted and it is not drift; JUnit passes it', () => {
    const plan = planWithAccepted();
    plan.targets = [plan.targets[1]];
    const result = diffResult(plan, 'plan-file', {});
    expect(result.drift).to.equal(false);
    expect(result.targets[0].components[0].accepted![0]).to.include({ entry: 0, reason: 'prod keeps Site off' });
    expect(result.targets[0].packages).to.deep.equal([{ namespace: 'acme', name: 'Acme Billing', version: '2.4.0.0' }]);
    const summary = summarizePlan({ ...plan, checksum: 'x' }, 'plan.json');
    expect(summary.targets[0]).to.include({ drift: false, accepted: 1 });
    expect(renderJUnitReport(plan)).to.contain('failures="0"');
  });
});
