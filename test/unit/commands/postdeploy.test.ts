import { expect } from 'chai';
import { TestContext } from '@salesforce/core/testSetup';
import { SfError } from '@salesforce/core';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import PostdeployApply from '../../../src/commands/postdeploy/apply.js';
import PostdeployDiff from '../../../src/commands/postdeploy/diff.js';
import PostdeployPlan from '../../../src/commands/postdeploy/plan.js';
import PostdeployRollback from '../../../src/commands/postdeploy/rollback.js';

type Runnable = { run(argv: string[]): Promise<unknown> };

const cases: Array<{ name: string; command: Runnable; argv: string[]; error: string; action: string }> = [
  { name: 'apply', command: PostdeployApply, argv: ['--plan-file', 'missing-plan.json'], error: 'PlanNotFoundError', action: 'sf postdeploy plan' },
  { name: 'rollback', command: PostdeployRollback, argv: ['--latest', '--state-dir', 'no-such-state-dir'], error: 'NoAppliesError', action: '--state-dir' },
];

describe('postdeploy commands', () => {
  const $$ = new TestContext();

  beforeEach(() => {
    stubSfCommandUx($$.SANDBOX);
  });

  afterEach(() => {
    $$.restore();
  });

  for (const { name, command, argv, error: expected, action } of cases) {
    it(`Given nothing to work on, When ${name} runs, Then it throws ${expected} with exit code 1 and an action`, async () => {
      try {
        await command.run(argv);
        expect.fail(`${name} should refuse`);
      } catch (error) {
        expect(error).to.be.instanceOf(SfError);
        const sfError = error as SfError;
        expect(sfError.name).to.equal(expected);
        expect(sfError.exitCode).to.equal(1);
        expect(sfError.actions?.join(' ')).to.include(action);
      }
    });
  }

  it('Given no target and no target-org config, When diff runs live, Then NoTargets says how to name targets', async () => {
    try {
      await PostdeployDiff.run(['--reference-org', 'prod']);
      expect.fail('diff should refuse to run without targets');
    } catch (error) {
      expect((error as SfError).name).to.equal('NoTargetsError');
      expect((error as SfError).actions?.join(' ')).to.include('--target-org');
    }
  });

  it('Given --delete-extra without --mode overwrite, When plan runs, Then it refuses before anything else', async () => {
    try {
      await PostdeployPlan.run(['--reference-org', 'prod', '--delete-extra']);
      expect.fail('plan should refuse --delete-extra in merge mode');
    } catch (error) {
      expect((error as SfError).name).to.equal('DeleteExtraNeedsOverwriteError');
    }
  });
});
