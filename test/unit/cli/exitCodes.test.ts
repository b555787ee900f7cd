import { expect } from 'chai';
import { ExitCode, errorCodesHelpSection, exitCodeDescriptions } from '../../../src/cli/exitCodes.js';

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
});
