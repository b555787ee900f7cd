import { expect } from 'chai';
import { parseOrUsageError } from '../../../src/cli/commandSupport.js';
import { ExitCode } from '../../../src/cli/exitCodes.js';

describe('parseOrUsageError', () => {
  it('Given a value that a flag parse rejects (an error with exit code 1), Then it becomes a usage error: exit code 2 in and out of sf', async () => {
    const refused = Object.assign(new Error('Invalid shard "5/4"'), { exitCode: 1 });
    const error = (await parseOrUsageError(Promise.reject(refused)).catch((e: unknown) => e)) as Error & { exitCode: number; oclif: { exit: number } };
    expect(error).to.equal(refused);
    expect(error.exitCode).to.equal(ExitCode.UsageError);
    expect(error.oclif.exit).to.equal(ExitCode.UsageError);
  });

  it('Given flags that parse, Then it returns them as they are', async () => {
    const parsed = { flags: { mode: 'merge' } };
    expect(await parseOrUsageError(Promise.resolve(parsed))).to.equal(parsed);
  });
});
