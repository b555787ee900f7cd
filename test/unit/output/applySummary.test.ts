import { expect } from 'chai';
import type { ApplyResult } from '../../../src/apply/applier.js';
import type { Journal } from '../../../src/state/journal.js';
import { applyDetailLines, applyRows, interruptionReport } from '../../../src/output/applySummary.js';
import { historyDetailLines, historyRows } from '../../../src/output/historyTable.js';
import { historyEntry } from '../../../src/state/history.js';
import { journalOf } from './journalFixture.js';

const identity = (alias: string, orgId: string): { name: string; alias: string; username: string; orgId: string } => ({ name: alias, alias, username: `${alias}@x.test`, orgId });

describe('apply output', () => {
  it('Given a deploy failed with 50 component errors, Then the table cell gives their count and the lines below list them grouped by component', () => {
    const failures = Array.from({ length: 50 }, (_, i) => ({ type: 'Layout', fullName: i < 30 ? 'Widget__c-Widget Layout' : 'Account-Account Layout', problem: `In field: field - no CustomField named Widget__c.F${i}__c found` }));
    const result: ApplyResult = {
      applyId: 'a-1',
      planId: 'p-1',
      stateDir: '/s',
      snapshotDir: '/s/applies/a-1/snapshots',
      dryRun: false,
      targets: [{ ...identity('scratch', '00D1'), status: 'failed', deployId: '0Af1', error: failures.map((f) => f.problem).join('; '), failures, remainingDrift: [] }],
    };
    const [row] = applyRows(result);
    expect(row.detail).to.equal('50 error(s) in 2 component(s), listed below');
    const lines = applyDetailLines(result);
    expect(lines[0]).to.equal('  scratch: Layout Widget__c-Widget Layout (30 error(s))');
    expect(lines[1]).to.equal('    - In field: field - no CustomField named Widget__c.F0__c found');
    expect(lines[31]).to.equal('  scratch: Layout Account-Account Layout (20 error(s))');
    expect(lines).to.have.length(52);
  });
});

const journal = journalOf;
const now = '2026-01-01T00:00:00.000Z';
const steps = (...states: Array<'pending' | 'done' | 'rolled-back' | 'skipped'>): NonNullable<Journal['targets'][number]['steps']> =>
  states.map((state, i) => ({ name: ['drift', 'package', 'post-install'][i], kind: (['drift', 'deploy', 'apex'] as const)[i], state, updatedAt: now, ...(i === 1 && state !== 'pending' ? { deployId: '0Af9' } : {}), ...(i === 2 && state !== 'pending' ? { logFile: '/s/l.log' } : {}) }));

describe('interruption report', () => {
  it('Given a target stopped between steps and one not started, Then it names both, the resume command and the rollback command, with the state folder option', () => {
    const lines = interruptionReport(
      journal([
        { ...identity('t1', '00D1'), state: 'deployed', components: [], steps: steps('done', 'pending', 'pending'), updatedAt: now },
        { ...identity('t2', '00D2'), state: 'pending', components: [], steps: steps('pending', 'pending', 'pending'), updatedAt: now },
      ]),
      ' --state-dir /s'
    );
    expect(lines).to.include('  stopped between steps (what ran stays): t1 (after "drift")');
    expect(lines).to.include('  not started: t2');
    expect(lines).to.include('To finish it: sf postdeploy apply --resume a-1 --state-dir /s');
    expect(lines).to.include('To undo what landed: sf postdeploy rollback --apply-id a-1 --state-dir /s');
  });
});

describe('history of an apply with release steps', () => {
  it('Given targets that got only the package and the Apex step, Then they are deployed, every step is listed with its deploy ID and log, and a rollback of all of it reads yes', () => {
    const applied = historyEntry(journal([{ ...identity('t1', '00D1'), state: 'skipped', components: [], steps: steps('skipped', 'done', 'done'), updatedAt: now }]));
    expect(applied.targets[0].state).to.equal('deployed');
    expect(applied.rolledBack).to.equal('no');
    expect(historyRows([applied])[0].changed).to.equal('0 + 2 step(s)');
    expect(historyDetailLines([applied])).to.deep.equal([
      'a-1 (plan p-1, merge mode):',
      '  t1 [deployed]',
      '    1. drift [drift]: skipped',
      '    2. package [deploy]: done (deploy 0Af9)',
      '    3. post-install [apex]: done (log /s/l.log)',
    ]);
    const undone = historyEntry(journal([{ ...identity('t1', '00D1'), state: 'skipped', components: [], steps: steps('skipped', 'rolled-back', 'rolled-back'), updatedAt: now }]));
    expect(undone.targets[0].state).to.equal('rolled-back');
    expect(undone.rolledBack).to.equal('yes');
    const partly = historyEntry(
      journal([
        { ...identity('t1', '00D1'), state: 'skipped', components: [], steps: steps('skipped', 'rolled-back', 'rolled-back'), updatedAt: now },
        { ...identity('t2', '00D2'), state: 'skipped', components: [], steps: steps('skipped', 'done', 'done'), updatedAt: now },
      ])
    );
    expect(partly.rolledBack).to.equal('partly');
  });
});
