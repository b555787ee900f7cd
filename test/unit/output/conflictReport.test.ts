import { expect } from 'chai';
import { XMLValidator } from 'fast-xml-parser';
import { renderJUnitReport } from '../../../src/output/junitReport.js';
import { renderMarkdownReport } from '../../../src/output/markdownReport.js';
import type { PlanBody } from '../../../src/plan/planTypes.js';
import { component, fixturePlan, SPECIAL_LAYOUT, target } from './planFixture.js';

const CONFLICT = {
  path: 'layoutSections[Account Information].layoutItems[Region__c]',
  base: { behavior: 'Edit', field: 'Region__c' },
  reference: null,
  target: { behavior: 'Required', field: 'Region__c' },
  reason: 'removed by the reference, changed in the target',
};

function planWithConflict(): PlanBody {
  const plan = fixturePlan();
  const conflicted = component({ type: 'Layout', fullName: SPECIAL_LAYOUT, action: 'noop', conflicts: [CONFLICT] });
  return { ...plan, targets: [...plan.targets, target({ name: 'beta', alias: 'beta', username: 'beta@example.com', components: [conflicted] })] };
}

describe('output/conflictReport', () => {
  it('Given a plan without conflicts, Then neither report mentions conflicts', () => {
    expect(renderMarkdownReport(fixturePlan())).not.to.include('Conflicts');
    expect(renderJUnitReport(fixturePlan())).not.to.include('type="conflict"');
  });

  it('Given a conflict, Then the Markdown report has a Conflicts section naming target, component, element and why, with what to do', () => {
    const markdown = renderMarkdownReport(planWithConflict());
    expect(markdown).to.include('### Conflicts (1)');
    expect(markdown).to.include('| beta | Layout:Account-R&amp;D \\| &lt;Layout&gt; \\`v2\\` "é" | layoutSections\\[Account Information\\].layoutItems\\[Region\\_\\_c\\] | removed by the reference, changed in the target |');
    expect(markdown).to.include('--prefer reference');
  });

  it('Given a conflict, Then JUnit has one failing case for it, counted in its suite, with the three versions', () => {
    const xml = renderJUnitReport(planWithConflict());
    expect(XMLValidator.validate(xml)).to.equal(true);
    const suite = xml.split('<testsuite ').find((part) => part.startsWith('name="beta"'))!;
    expect(suite).to.match(/^name="beta" tests="2" failures="1"/);
    expect(suite).to.include('type="conflict"');
    expect(suite).to.include('message="removed by the reference, changed in the target"');
    expect(suite).to.include('target: {"behavior":"Required","field":"Region__c"}');
  });
});

describe('output/conflictReport: overrides', () => {
  it("Given overwrite with a base overriding a target's own change, Then the Markdown report has an Overrides section and the component's lines say so; without any, no section", () => {
    const plan = fixturePlan();
    expect(renderMarkdownReport(plan)).not.to.include('### Overrides');
    const overriding = component({ type: 'Layout', fullName: 'Account-Account Layout', action: 'update', changes: [{ op: 'remove', path: CONFLICT.path, before: CONFLICT.target }], overrides: [CONFLICT.path] });
    const withOverride = { ...plan, mode: 'overwrite' as const, targets: [...plan.targets, target({ name: 'beta', alias: 'beta', username: 'beta@example.com', components: [overriding] })] };
    const markdown = renderMarkdownReport(withOverride);
    expect(markdown).to.include('### Overrides (1)');
    expect(markdown).to.include('| beta | Layout:Account-Account Layout | layoutSections\\[Account Information\\].layoutItems\\[Region\\_\\_c\\] |');
    expect(markdown).to.include(`! overrides the target's own change: ${CONFLICT.path}`);
    expect(markdown).to.include("1 element overrides a target's own change since the base");
  });
});
