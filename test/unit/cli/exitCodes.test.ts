import { expect } from 'chai';
import { ExitCode, exitCodeDescriptions, exitCodesHelpSection } from '../../../src/cli/exitCodes.js';

describe('cli/exitCodes', () => {
  it('Given the table, Then it holds the codes that DESIGN.md publishes, plus oclif usage errors', () => {
    expect(Object.values(ExitCode)).to.deep.equal([0, 1, 2, 3, 4, 68]);
  });

  it('Given the help section, Then every code has a description in ascending order', () => {
    expect(exitCodesHelpSection?.header).to.equal('EXIT CODES');
    const body = exitCodesHelpSection?.body as Array<{ name: string; description: string }>;
    expect(body.map((entry) => entry.name)).to.deep.equal(['0', '1', '2', '3', '4', '68']);
    for (const entry of body) {
      expect(entry.description).to.equal(exitCodeDescriptions[Number(entry.name) as ExitCode]);
      expect(entry.description).to.not.equal('');
    }
  });
});
