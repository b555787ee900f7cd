import { expect } from 'chai';
import { HTML_PAGE_SIZE, cellStatus, renderHtmlReport, scriptJson } from '../../../src/output/htmlReport.js';
import { SPECIAL_LAYOUT, SPECIAL_TARGET, component, fixturePlan, target } from './planFixture.js';

function embedded(html: string): { targets: Array<{ label: string }>; rows: Array<{ type: string; name: string; cells: string[] }>; details: Record<string, Array<[string, string]>>; pageSize: number } {
  const match = /<script type="application\/json" id="matrix-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]) as never;
}

describe('drift matrix page', () => {
  it('Given text that could end or open markup, Then the embedded JSON holds none of it and parses back to the same value', () => {
    const value = { reason: '</script><script>alert(1)</script><!-- & \u2028' };
    const text = scriptJson(value);
    expect(text).not.to.match(/[<>&\u2028]/);
    expect(JSON.parse(text)).to.deep.equal(value);
  });

  it('Given the fixture plan, Then the page is one file without any reference to another, and every target is a column', () => {
    const plan = fixturePlan();
    const html = renderHtmlReport(plan);
    expect(html).not.to.match(/\b(?:src|href)=|@import|url\(/);
    expect(html).to.contain("default-src 'none'");
    const data = embedded(html);
    expect(data.targets.map((t) => t.label)).to.deep.equal(plan.targets.map((t) => t.alias ?? t.name));
    expect(data.targets.map((t) => t.label)).to.include(SPECIAL_TARGET);
    expect(data.rows.some((row) => row.name === SPECIAL_LAYOUT)).to.equal(true);
    expect(data.pageSize).to.equal(HTML_PAGE_SIZE);
    for (const row of data.rows) expect(row.cells).to.have.length(plan.targets.length);
  });

  it('Given each kind of component, Then the cell says in sync, drift, blocked by kind, conflict, accepted or error', () => {
    const ok = target({ name: 't', username: 'u', components: [] });
    const failed = { ...ok, status: 'error' as const };
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'noop' }))).to.equal('sync');
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'noop', accepted: [{ op: 'add', path: 'p', entry: 0, reason: 'r' }] }))).to.equal('accepted');
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'create' }))).to.equal('create');
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'update', blocked: [{ kind: 'managed', reason: 'r', whole: true }] }))).to.equal('managed');
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'update', blocked: [{ kind: 'refused', path: 'x', reason: 'r' }] }))).to.equal('partial');
    expect(cellStatus(ok, component({ type: 'Layout', fullName: 'L', action: 'noop', conflicts: [{ path: 'p', base: 1, reference: 2, target: 3, reason: 'changed on both sides' }] }))).to.equal('conflict');
    expect(cellStatus(ok, undefined)).to.equal('none');
    expect(cellStatus(failed, undefined)).to.equal('error');
  });

  it('Given 50 targets x 2,000 components, Then the page holds every row once and details only for the cells that differ (scripts/matrixScale.ts times it)', () => {
    const plan = fixturePlan();
    const components = Array.from({ length: 2000 }, (_, i) =>
      component({ type: 'Layout', fullName: `Obj${i}-Layout`, action: i % 40 === 0 ? 'update' : 'noop', changes: i % 40 === 0 ? [{ op: 'add', path: `layoutSections[Info].layoutItems[F${i}]`, after: { field: `F${i}` } }] : [] })
    );
    plan.targets = Array.from({ length: 50 }, (_, i) => target({ name: `t${i}`, alias: `t${i}`, username: `t${i}@x`, components }));
    const html = renderHtmlReport(plan);
    const data = embedded(html);
    expect(data.rows).to.have.length(2000);
    expect(Object.keys(data.details)).to.have.length(50 * 50);
    expect(html.length).to.be.below(2_000_000);
  });
});
