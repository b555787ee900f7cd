import { expect } from 'chai';
import { escapeHtml, escapeMarkdown, renderMarkdownReport } from '../../../src/output/markdownReport.js';
import { component, fixturePlan, target } from './planFixture.js';

describe('output/markdownReport', () => {
  const report = renderMarkdownReport(fixturePlan());
  const lines = report.split('\n');

  it('Given a plan, Then it has a title and a summary table of every target with status and counts', () => {
    expect(lines[0]).to.equal('## sf postdeploy: drift report');
    expect(lines).to.include.members([
      '| Target | Org ID | Status | Create | Update | Delete | Noop | Blocked | Changes |',
      '| uat | 00D000000000UAT | ⚠️ drift | 1 | 5 | 0 | 1 | 0 | 10 |',
      '| prod | 00D00000000PROD | ✅ in sync | 0 | 0 | 0 | 2 | 0 | 0 |',
      '| qa@example.com |  | ❌ error: No authorization information found for qa@example.com. |  |  |  |  |  |  |',
      '**2 of 4 targets drift: 7 components, 11 changes; 1 target failed**',
    ]);
  });

  it('Given names with Markdown and HTML characters, Then table cells and summaries escape them', () => {
    expect(lines).to.include('| R&amp;D &lt;"sandbox"&gt; \\| ü 🚀 | 00D0000000000RD | ⚠️ drift | 0 | 1 | 0 | 0 | 0 | 1 |');
    expect(lines).to.include('| Layout | Account-R&amp;D \\| &lt;Layout&gt; \\`v2\\` "é" | update | 1 |');
    expect(lines).to.include('<summary><b>R&amp;D &lt;&quot;sandbox&quot;&gt; | ü 🚀</b>: 1 component, 1 change</summary>');
    expect(escapeMarkdown('a|b <i>`c`</i> *d* [e](f)\nnext')).to.equal('a\\|b &lt;i&gt;\\`c\\`&lt;/i&gt; \\*d\\* \\[e\\](f) next');
    expect(escapeHtml('<script>"&"')).to.equal('&lt;script&gt;&quot;&amp;&quot;');
  });

  it('Given drifting targets only, Then each has a details block with a component table and a diff block', () => {
    expect(lines.filter((line) => line === '<details>')).to.have.length(2);
    expect(report).to.not.match(/<summary><b>prod/);
    expect(lines).to.include.members([
      '<summary><b>uat</b>: 6 components, 10 changes</summary>',
      '| CustomObject | Invoice\\_\\_c | update | 1 |',
      '```diff',
      '@@ Layout Account-Account Layout (update) @@',
      '+ layoutSections[Account Information].layoutItems[Industry]',
      '+   <layoutItems>',
      '+     <behavior>Edit</behavior>',
      '+     <field>Industry</field>',
      '+   </layoutItems>',
      '- layoutSections[Account Information].layoutItems[Custom__c]',
      '-   <layoutItems>',
      '-     <behavior>Edit</behavior>',
      '-     <field>Custom__c</field>',
      '-   </layoutItems>',
      '~ fieldPermissions[Account.Rating].editable: false -> true',
      "! cannot be undone: GlobalValueSet Rating: value 'Hot' is added; later it can only be deactivated, never deleted",
    ]);
  });

  it('Given an errored target, Then its message and actions are listed', () => {
    expect(lines).to.include(
      '- **qa@example.com** failed: No authorization information found for qa@example.com. Try: Log in with "sf org login web --alias qa". Try: Or remove qa from the targets file.'
    );
  });

  it('Given backticks inside the changes, Then the diff fence is longer than any run of them', () => {
    const plan = fixturePlan();
    plan.targets = [
      target({
        name: 't',
        username: 't@example.com',
        components: [component({ type: 'Layout', fullName: 'L', action: 'update', changes: [{ op: 'change', path: 'a', before: '```', after: 'b' }] })],
      }),
    ];
    const text = renderMarkdownReport(plan).split('\n');
    expect(text).to.include.members(['````diff', '~ a: ``` -> b', '````']);
  });

  it('Given a huge drift, Then lines per component and components per target are capped and counted', () => {
    const plan = fixturePlan();
    const changes = Array.from({ length: 100 }, (_, index) => ({ op: 'add' as const, path: `customValue[V${index}]` }));
    const components = Array.from({ length: 5 }, (_, index) => component({ type: 'GlobalValueSet', fullName: `Set${index}`, action: 'update', changes }));
    plan.targets = [target({ name: 'big', username: 'big@example.com', components })];
    const text = renderMarkdownReport(plan, { maxLinesPerComponent: 3, maxComponentsPerTarget: 2 }).split('\n');
    expect(text.filter((line) => line.startsWith('+ customValue'))).to.have.length(6);
    expect(text.filter((line) => line === '... 97 more')).to.have.length(2);
    expect(text).to.include('_... 3 more components not shown._');
  });

  it('Given more drift than fits, Then the report stays under its character budget and says what was left out', () => {
    const plan = fixturePlan();
    const changes = Array.from({ length: 40 }, (_, index) => ({ op: 'add' as const, path: `customValue[${'V'.repeat(60)}${index}]` }));
    plan.targets = Array.from({ length: 30 }, (_, index) =>
      target({
        name: `t${index}`,
        username: `t${index}@example.com`,
        components: Array.from({ length: 20 }, (__, c) => component({ type: 'GlobalValueSet', fullName: `S${c}`, action: 'update', changes })),
      })
    );
    const text = renderMarkdownReport(plan);
    expect(text.length).to.be.below(60_000);
    expect(text).to.match(/_Details of \d+ more drifting targets left out to keep this report short/);
    expect(text).to.include('| t29 |');
  });
});
