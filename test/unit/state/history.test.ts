import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Journal, JournalTarget, JournalWriter, TargetState, latestApplyId } from '../../../src/state/journal.js';
import { readHistory } from '../../../src/state/history.js';

const target = (name: string, state: TargetState): JournalTarget => ({
  name,
  username: `${name}@example.com`,
  orgId: `00D${name}`,
  state,
  components: [{ type: 'Layout', fullName: 'Account-Account Layout', action: 'update', preHash: 'a', patchedHash: 'b' }],
  updatedAt: '2025-06-01T00:00:00.000Z',
});

const journal = (applyId: string, createdAt: string, targets: JournalTarget[], dryRun = false): Journal => ({
  formatVersion: 1,
  applyId,
  planId: 'p',
  planFile: 'plan.json',
  planChecksum: 'c',
  mode: 'merge',
  apiVersion: '62.0',
  dryRun,
  createdAt,
  scope: [],
  targets,
});

async function stateWith(journals: Journal[]): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'history-'));
  for (const entry of journals) {
    // eslint-disable-next-line no-await-in-loop
    await new JournalWriter(stateDir, entry).flush();
  }
  return stateDir;
}

describe('state/history', () => {
  it('Given a real apply, then a no-op rerun and a dry run, When the latest apply is asked for, Then it is the one that changed something', async () => {
    const stateDir = await stateWith([
      journal('20250601-100000Z-real', '2025-06-01T10:00:00.000Z', [target('uat', 'deployed')]),
      journal('20250601-110000Z-noop', '2025-06-01T11:00:00.000Z', [target('uat', 'skipped')]),
      journal('20250601-120000Z-dryr', '2025-06-01T12:00:00.000Z', [target('uat', 'validated')], true),
    ]);
    expect(await latestApplyId(stateDir)).to.equal('20250601-100000Z-real');
  });

  it('Given only applies that changed nothing (one killed before its first deploy), When the latest apply is asked for, Then it is the newest one', async () => {
    const stateDir = await stateWith([
      journal('20250601-100000Z-dryr', '2025-06-01T10:00:00.000Z', [target('uat', 'validated')], true),
      journal('20250601-110000Z-kill', '2025-06-01T11:00:00.000Z', [target('uat', 'pending')]),
    ]);
    expect(await latestApplyId(stateDir)).to.equal('20250601-110000Z-kill');
  });

  it('Given an empty state folder, When the latest apply is asked for, Then NoApplies names the folder', async () => {
    const stateDir = await stateWith([]);
    try {
      await latestApplyId(stateDir);
      expect.fail('there is no apply');
    } catch (error) {
      expect((error as Error).name).to.equal('NoAppliesError');
      expect((error as Error).message).to.include(stateDir);
    }
  });

  it('Given applies in every rollback state, When history is read, Then each says what it changed and whether it was rolled back', async () => {
    const stateDir = await stateWith([
      journal('20250601-100000Z-none', '2025-06-01T10:00:00.000Z', [target('uat', 'deployed'), target('qa', 'deployed')]),
      journal('20250601-110000Z-part', '2025-06-01T11:00:00.000Z', [target('uat', 'rolled-back'), target('qa', 'deployed'), target('dev', 'failed')]),
      journal('20250601-120000Z-full', '2025-06-01T12:00:00.000Z', [target('uat', 'rolled-back')]),
      journal('20250601-130000Z-noop', '2025-06-01T13:00:00.000Z', [target('uat', 'skipped')]),
    ]);
    const history = await readHistory(stateDir);
    expect(history.map((entry) => [entry.applyId.slice(-4), entry.rolledBack, entry.changedSomething])).to.deep.equal([
      ['noop', 'n/a', false],
      ['full', 'yes', true],
      ['part', 'partly', true],
      ['none', 'no', true],
    ]);
    const partly = history[2];
    expect(partly.targets.map((t) => [t.name, t.changed.length])).to.deep.equal([
      ['uat', 1],
      ['qa', 1],
      ['dev', 0],
    ]);
  });
});
