import { expect } from 'chai';
import type { ApplyResult, ApplyTargetStatus } from '../../../src/apply/applier.js';
import type { RollbackResult, RollbackRunResult, RollbackTargetStatus } from '../../../src/apply/rollback.js';
import { ExitCode, applyExitCode, errorCodesHelpSection, exitCodeDescriptions, rollbackExitCode } from '../../../src/cli/exitCodes.js';

describe('cli/exitCodes', () => {
  it('Given the table, Then it holds the codes that README.md "Exit codes" publishes, plus oclif usage errors and Ctrl-C', () => {
    expect(Object.values(ExitCode)).to.deep.equal([0, 1, 2, 3, 4, 68, 130]);
  });

  it('Given the codes of one command, When its help section is built, Then it is named ERROR CODES and lists those codes only', () => {
    const section = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.PartialSuccess);
    expect(section?.header).to.equal('ERROR CODES');
    const body = section?.body as Array<{ name: string; description: string }>;
    expect(body.map((entry) => entry.name)).to.deep.equal(['0', '1', '68']);
    for (const entry of body) {
      expect(entry.description).to.equal(exitCodeDescriptions[Number(entry.name) as ExitCode]);
      expect(entry.description).to.not.equal('');
    }
  });

  it('Given per-target outcomes of apply, Then 0 all applied or nothing to do, 68 some planned target not applied, 1 none applied', () => {
    const of = (...statuses: ApplyTargetStatus[]): number => applyExitCode({ targets: statuses.map((status) => ({ status, remainingDrift: [] })) as unknown as ApplyResult['targets'] });
    expect(of('deployed', 'skipped')).to.equal(0);
    expect(of('deployed', 'failed')).to.equal(68);
    // --skip-stale that skipped a target, a target that failed at plan time, an interrupted apply's rest
    expect(of('skipped', 'stale')).to.equal(68);
    expect(of('deployed', 'not-planned')).to.equal(68);
    expect(of('deployed', 'not-started')).to.equal(68);
    expect(of('failed', 'stale')).to.equal(1);
    expect(applyExitCode({ interrupted: true, targets: [] })).to.equal(130);
  });

  it('Given per-target outcomes of a rollback, Then 68 when some were refused or an older apply was not attempted', () => {
    const run = (statuses: RollbackTargetStatus[], notAttempted: string[] = []): RollbackRunResult => ({
      applies: [{ applyId: 'a', dryRun: false, targets: statuses.map((status) => ({ status })) as RollbackResult['targets'] }],
      notAttempted,
    });
    expect(rollbackExitCode(run(['rolled-back', 'skipped']))).to.equal(0);
    expect(rollbackExitCode(run(['rolled-back', 'refused']))).to.equal(68);
    expect(rollbackExitCode(run(['rolled-back'], ['older']))).to.equal(68);
    expect(rollbackExitCode(run(['failed']))).to.equal(1);
  });
});
