import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readTargetsFile } from '../../../src/plan/planInput.js';
import { pluginTool } from '../../../src/cli/toolInfo.js';

describe('plan/planInput', () => {
  it('Given a targets file with comment lines, trailing comments and blank lines, When read, Then only the names remain', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'targets-')), 'targets.txt');
    writeFileSync(file, '# the fleet\nuat\nscratch   # the scratch org\n\n  acme@example.com\t# customer\r\n#staging\n');
    expect(await readTargetsFile(file)).to.deep.equal(['uat', 'scratch', 'acme@example.com']);
  });

  it('Given a targets file with only comments, When read, Then EmptyTargetsFile is thrown', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'targets-')), 'targets.txt');
    writeFileSync(file, '# nobody yet\n   # still nobody\n');
    try {
      await readTargetsFile(file);
      expect.fail('an empty targets file must be refused');
    } catch (error) {
      expect((error as Error).name).to.equal('EmptyTargetsFileError');
    }
  });
});

describe('cli/toolInfo', () => {
  it('Given the plugin, When a plan names its tool, Then it is the plugin package, not the sf CLI that loaded it', () => {
    expect(pluginTool()).to.deep.equal({ name: 'sf-postdeploy', version: '0.1.0' });
  });
});
