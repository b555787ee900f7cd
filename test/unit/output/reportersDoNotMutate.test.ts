/*
 * Whatever prints, reports or summarises a result reads it and nothing else: the same result is the
 * --json output and decides the exit code, so a table that sorted its targets in place or a summary
 * that filled in a field would change what CI reads depending on whether text was printed. Every
 * input here is frozen all the way down; a reporter that writes to it throws.
 */
import { expect } from 'chai';
import type { ApplyResult } from '../../../src/apply/applier.js';
import type { RollbackRunResult } from '../../../src/apply/rollback.js';
import { applyExitCode, diffExitCode, planExitCode, rollbackExitCode } from '../../../src/cli/exitCodes.js';
import { applyDetailLines, applyRows, interruptionReport, rollbackDetailLines, rollbackRows } from '../../../src/output/applySummary.js';
import { diffResult } from '../../../src/output/diffResult.js';
import { renderDriftText } from '../../../src/output/driftText.js';
import { driftTotalLine, keptTotals, targetDrift, targetStatus } from '../../../src/output/driftTotals.js';
import { historyDetailLines, historyRows } from '../../../src/output/historyTable.js';
import { renderHtmlReport } from '../../../src/output/htmlReport.js';
import { renderJUnitReport } from '../../../src/output/junitReport.js';
import { renderMarkdownReport } from '../../../src/output/markdownReport.js';
import { conflictLines, planSummaryRows, summarizePlan } from '../../../src/output/planSummary.js';
import { stepDetailLines, stepsCell } from '../../../src/output/stepLines.js';
import type { PlanFile } from '../../../src/plan/planTypes.js';
import { resolutionsSkeleton } from '../../../src/plan/resolutions.js';
import { historyEntry } from '../../../src/state/history.js';
import type { Journal } from '../../../src/state/journal.js';
import { sealPlan } from '../../../src/state/planFile.js';
import { journalOf } from './journalFixture.js';
import { component, fixturePlan, target } from './planFixture.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

/** The fixture plan with a target that holds every kind of finding a report lists, and release steps. */
function everyFinding(): PlanFile {
  const plan = fixturePlan();
  const findings = target({
    name: 'beta',
    alias: 'beta',
    username: 'beta@example.com',
    orgId: '00D0000000BETA',
    base: { source: 'org', resource: 'PostdeployBase', parts: 1, components: 3, hash: 'd'.repeat(64) },
    packages: [{ namespace: 'ns', name: 'Pkg', version: '1.2.0.3' }],
    steps: [{ name: 'drift', kind: 'drift', action: 'deploys 2 components' }],
    components: [
      component({
        type: 'Layout',
        fullName: 'Account-Account Layout',
        action: 'update',
        changes: [{ op: 'add', path: 'layoutSections[A].layoutItems[Phone]', before: null, after: { field: 'Phone' }, placedAfter: 'Name' }],
        conflicts: [{ path: 'layoutSections[A].layoutItems[Fax]', base: 'Edit', reference: 'Readonly', target: 'Required', reason: 'both changed it' }],
        resolved: [{ path: 'layoutSections[A].style', base: 'A', reference: 'B', target: 'C', reason: 'both changed it', prefer: 'reference', entry: 0 }],
        kept: [{ op: 'add', path: 'layoutSections[A].layoutItems[Own__c]', before: null, after: { field: 'Own__c' } }],
        keptOwner: 'target',
        overrides: ['layoutSections[A].layoutItems[Site]'],
      }),
      component({
        type: 'Profile',
        fullName: 'Admin',
        action: 'update',
        changes: [{ op: 'change', path: 'fieldPermissions[Account.Rating].editable', before: false, after: true }],
        blocked: [{ kind: 'managed', path: 'fieldPermissions[ns__X__c.Y__c].editable', reason: 'managed by ns' }],
        accepted: [{ op: 'change', path: 'description', before: 'a', after: 'b', entry: 1, reason: 'kept on purpose', until: '2027-01-01' }],
      }),
      component({ type: 'ListView', fullName: 'Account.Old', action: 'delete', changes: [{ op: 'remove', path: '', before: null, after: null }] }),
    ],
  });
  return sealPlan({ ...plan, mode: 'merge', steps: [{ name: 'drift', kind: 'drift' }], targets: [...plan.targets, findings] });
}

const identity = (alias: string, orgId: string): { name: string; alias: string; username: string; orgId: string } => ({ name: alias, alias, username: `${alias}@x.test`, orgId });
const now = '2026-01-01T00:00:00.000Z';

const applied: ApplyResult = {
  applyId: 'a-1',
  planId: 'p-1',
  stateDir: '/s',
  snapshotDir: '/s/applies/a-1/snapshots',
  dryRun: false,
  resumeCommand: 'sf postdeploy apply --resume a-1',
  targets: [
    { ...identity('t1', '00D1'), status: 'deployed', deployId: '0Af1', remainingDrift: [{ type: 'Layout', fullName: 'L', detail: 'differs', cause: 'why', differences: [{ op: 'add', path: 'x' }] }], baseRecorded: { components: 2, hash: 'h' } },
    { ...identity('t2', '00D2'), status: 'failed', deployId: '0Af2', error: 'refused', failures: [{ type: 'Layout', fullName: 'L', problem: 'no field', action: 'add it' }], remainingDrift: [], steps: [{ name: 'drift', kind: 'drift', state: 'failed', error: 'refused', logFile: '/l' }] },
    { ...identity('t3', '00D3'), status: 'stale', staleComponents: ['Layout:L'], remainingDrift: [] },
  ],
};

const rolledBack: RollbackRunResult = {
  applies: [
    {
      applyId: 'a-1',
      dryRun: false,
      targets: [
        { ...identity('t1', '00D1'), status: 'rolled-back', deployId: '0Af9', notRestored: [{ type: 'Layout', fullName: 'L', detail: 'absent' }], irreversible: ['value Hot'], steps: [{ name: 'pkg', state: 'rolled-back', deployId: '0Af8' }] },
        { ...identity('t2', '00D2'), status: 'refused', changedComponents: ['Layout:L'], notRestored: [], irreversible: [] },
      ],
    },
  ],
  notAttempted: ['a-0'],
};

const journal: Journal = journalOf([
  { ...identity('t1', '00D1'), state: 'deployed', components: [{ type: 'Layout', fullName: 'L', action: 'update', preHash: 'a', patchedHash: 'b' }], steps: [{ name: 'drift', kind: 'drift', state: 'done', updatedAt: now }, { name: 'pkg', kind: 'deploy', state: 'pending', updatedAt: now }], updatedAt: now },
  { ...identity('t2', '00D2'), state: 'pending', components: [], steps: [{ name: 'drift', kind: 'drift', state: 'pending', updatedAt: now }, { name: 'pkg', kind: 'deploy', state: 'pending', updatedAt: now }], updatedAt: now },
]);

describe('reporters do not change what they report', () => {
  it('Given a plan frozen all the way down, When every plan and diff report, summary and exit code is made from it, Then none writes to it and each still says what it found', () => {
    const plan = deepFreeze(everyFinding());
    const before = JSON.stringify(plan);
    expect(renderDriftText(plan, { color: true, foldLines: 1, showKept: true })).to.include('overrides the target');
    expect(renderDriftText(plan, { color: false, live: true })).to.include('kept');
    expect(renderMarkdownReport(plan, { maxCharacters: 2000 })).to.include('### Conflicts (1)');
    expect(renderHtmlReport(plan)).to.include('drift matrix');
    expect(renderJUnitReport(plan)).to.include('type="conflict"');
    const summary = deepFreeze(summarizePlan(plan, 'plan.json'));
    expect(planSummaryRows(summary).at(-1)).to.include({ conflicts: 1, overrides: 1 });
    expect(planExitCode(summary, true)).to.equal(68);
    expect(conflictLines(plan)).to.have.length(1);
    expect(driftTotalLine(plan)).to.include('override');
    for (const planned of plan.targets) {
      targetDrift(planned);
      targetStatus(planned);
      keptTotals(planned);
    }
    const result = deepFreeze(diffResult(plan, 'plan-file', { markdownFile: 'r.md' }));
    expect(diffExitCode(result)).to.equal(68);
    expect(resolutionsSkeleton(plan, [{ target: 'beta', component: 'Layout:Account-Account Layout', prefer: 'target' }]).resolutions).to.have.length(2);
    expect(JSON.stringify(plan)).to.equal(before);
  });

  it('Given apply and rollback results, a journal and the history frozen all the way down, When their tables, lines and exit codes are made, Then none writes to them', () => {
    const apply = deepFreeze(structuredClone(applied));
    const rollback = deepFreeze(structuredClone(rolledBack));
    const stopped = deepFreeze(structuredClone(journal));
    expect(applyRows(apply).map((row) => row.target)).to.deep.equal(['t1', 't2', 't3']);
    expect(applyDetailLines(apply).join('\n')).to.include('base recorded: 2 component(s)').and.include('-> add it');
    expect(applyExitCode(apply)).to.equal(68);
    expect(stepDetailLines(apply.targets)).to.have.length(2);
    expect(stepsCell(apply.targets[1].steps)).to.equal('0/1, failed at "drift"');
    const [applyRollback] = rollback.applies;
    expect(rollbackRows(applyRollback).map((row) => row.status)).to.deep.equal(['rolled-back', 'refused']);
    expect(rollbackDetailLines(applyRollback).join('\n')).to.include('cannot be undone: value Hot');
    expect(rollbackExitCode(rollback)).to.equal(68);
    expect(interruptionReport(stopped, ' --state-dir /s').join('\n')).to.include('apply --resume a-1 --state-dir /s');
    const history = deepFreeze([historyEntry(stopped)]);
    expect(historyRows(history)[0].changed).to.equal('1');
    expect(historyDetailLines(history).join('\n')).to.include('update Layout:L');
  });
});
