import { expect } from 'chai';
import { TestContext } from '@salesforce/core/testSetup';
import { SfError } from '@salesforce/core';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import PostdeployApply from '../../../src/commands/postdeploy/apply.js';
import PostdeployDiff from '../../../src/commands/postdeploy/diff.js';
import PostdeployPlan from '../../../src/commands/postdeploy/plan.js';
import PostdeployRollback from '../../../src/commands/postdeploy/rollback.js';

type Runnable = { run(argv: string[]): Promise<unknown> };

const cases: Array<{ name: string; command: Runnable; argv: string[] }> = [
  { name: 'apply', command: PostdeployApply, argv: ['--plan-file', 'plan.json'] },
  { name: 'rollback', command: PostdeployRollback, argv: ['--latest'] },
];

describe('postdeploy commands', () => {
  const $$ = new TestContext();

  beforeEach(() => {
    stubSfCommandUx($$.SANDBOX);
  });

  afterEach(() => {
    $$.restore();
  });

  for (const { name, command, argv } of cases) {
    it(`Given valid flags, When ${name} runs, Then it throws NotImplementedError with exit code 1 and actions`, async () => {
      try {
        await command.run(argv);
        expect.fail(`${name} should not succeed yet`);
      } catch (error) {
        expect(error).to.be.instanceOf(SfError);
        const sfError = error as SfError;
        expect(sfError.name).to.equal('NotImplementedError');
        expect(sfError.message).to.equal(`sf postdeploy ${name} is not available yet in this version.`);
        expect(sfError.exitCode).to.equal(1);
        expect(sfError.actions).to.have.length.greaterThan(0);
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
