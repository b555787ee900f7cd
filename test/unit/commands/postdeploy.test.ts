import { expect } from 'chai';
import { ux } from '@oclif/core';
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
  let uxStubs: ReturnType<typeof stubSfCommandUx>;

  beforeEach(() => {
    uxStubs = stubSfCommandUx($$.SANDBOX);
    // a log, not a terminal, whatever runs the tests: stages are lines through logToStderr
    $$.SANDBOX.stub(ux.action, 'type').value('simple');
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

  it('Given rollback runs, Then its stage goes through sf\'s logToStderr (stderr), never log (stdout)', async () => {
    try {
      await PostdeployRollback.run(['--latest', '--state-dir', 'no-such-state-dir']);
      expect.fail('rollback should refuse');
    } catch (error) {
      expect((error as SfError).name).to.equal('NoAppliesError');
    }
    expect(uxStubs.logToStderr.firstCall.args[0]).to.equal('Rolling back...');
    expect(uxStubs.log.callCount).to.equal(0);
  });

  it('Given no target and no target-org config, When diff runs live, Then NoTargets says how to name targets', async () => {
    try {
      await PostdeployDiff.run(['--reference-org', 'prod']);
      expect.fail('diff should refuse to run without targets');
    } catch (error) {
      expect((error as SfError).name).to.equal('NoTargetsError');
      expect((error as SfError).actions?.join(' ')).to.include('--target-org');
    }
  });

  const usageCases: Array<{ name: string; command: Runnable; argv: string[]; message: RegExp }> = [
    { name: 'plan --mode replace', command: PostdeployPlan, argv: ['--reference-org', 'prod', '--mode', 'replace'], message: /--mode=replace/ },
    { name: 'plan --delete-extra without --mode overwrite', command: PostdeployPlan, argv: ['--reference-org', 'prod', '--delete-extra'], message: /--delete-extra only applies with --mode overwrite/ },
    { name: 'apply without --plan-file', command: PostdeployApply, argv: [], message: /plan-file/ },
    { name: 'apply --test-level RunSpecifiedTests without --tests', command: PostdeployApply, argv: ['--plan-file', 'p.json', '--test-level', 'RunSpecifiedTests'], message: /needs the tests to run/ },
    { name: 'apply --tests without RunSpecifiedTests', command: PostdeployApply, argv: ['--plan-file', 'p.json', '--tests', 'MyTest'], message: /--tests only applies with --test-level RunSpecifiedTests/ },
    { name: 'diff --plan-file with --mode', command: PostdeployDiff, argv: ['--plan-file', 'p.json', '--mode', 'overwrite'], message: /--mode cannot be combined with --plan-file/ },
    { name: 'rollback with neither --apply-id nor --latest', command: PostdeployRollback, argv: [], message: /apply-id|latest/ },
  ];
  for (const { name, command, argv, message } of usageCases) {
    it(`Given ${name}, When it runs, Then it is a usage error with exit code 2 before anything else`, async () => {
      try {
        await command.run(argv);
        expect.fail(`${name} should be refused`);
      } catch (error) {
        expect((error as SfError).exitCode, String(error)).to.equal(2);
        expect((error as Error).message).to.match(message);
      }
    });
  }
});
