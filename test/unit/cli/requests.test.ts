import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { RawTokens, planRequestOf, readTargetsFile, rollbackRequestOf } from '../../../src/cli/requests.js';
import { pluginTool } from '../../../src/cli/toolInfo.js';
import { rejection } from '../../helpers/rejection.js';

type PlanFlags = Parameters<typeof planRequestOf>[0];

/** Parsed plan flags as oclif gives them: the defaults filled in. */
function planFlags(given: Partial<PlanFlags>): PlanFlags {
  return { 'reference-org': 'ref', 'target-org': ['uat'], mode: 'merge', concurrency: 8, wait: { milliseconds: 33 * 60_000 }, ...given } as PlanFlags;
}

/** The raw tokens of the flags typed. */
function typed(...names: string[]): RawTokens {
  return names.map((flag) => ({ type: 'flag', flag }));
}

function configFile(content: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'config-')), 'postdeploy.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('cli/requests: plan', () => {
  it('Given --config with "mode": "overwrite" and --delete-extra, Then the request deletes extras in overwrite mode', async () => {
    const config = configFile({ mode: 'overwrite' });
    const request = await planRequestOf(planFlags({ config, 'delete-extra': true }), typed('reference-org', 'target-org', 'config', 'delete-extra'), pluginTool());
    expect(request.mode).to.equal('overwrite');
    expect(request.deleteExtra).to.equal(true);
  });

  it('Given a config file with "deleteExtra": true and the merge mode, Then it is a usage error (exit 2) naming both', async () => {
    const config = configFile({ deleteExtra: true });
    const error = await rejection(planRequestOf(planFlags({ config }), typed('reference-org', 'target-org', 'config'), pluginTool()));
    expect(error).to.be.instanceOf(SfError);
    expect((error as SfError).exitCode).to.equal(2);
    expect(error.message).to.include('"deleteExtra"').and.include('merge');
  });

  it('Given --delete-extra without --mode overwrite, Then it is a usage error (exit 2)', async () => {
    const error = await rejection(planRequestOf(planFlags({ 'delete-extra': true }), typed('reference-org', 'target-org', 'delete-extra'), pluginTool()));
    expect((error as SfError).exitCode).to.equal(2);
    expect(error.message).to.include('--delete-extra');
  });

  it('Given --mode merge typed and "mode": "overwrite" in the config, Then the typed flag wins; left at its default, the config wins', async () => {
    const config = configFile({ mode: 'overwrite', concurrency: 3 });
    const typedMerge = await planRequestOf(planFlags({ config }), typed('reference-org', 'target-org', 'config', 'mode'), pluginTool());
    expect(typedMerge.mode).to.equal('merge');
    const fromConfig = await planRequestOf(planFlags({ config }), typed('reference-org', 'target-org', 'config'), pluginTool());
    expect(fromConfig.mode).to.equal('overwrite');
    expect(fromConfig.concurrency).to.equal(3);
  });
});

describe('cli/requests: rollback', () => {
  it('Given --concurrency and --wait, Then the rollback request carries them', () => {
    const request = rollbackRequestOf({ 'state-dir': mkdtempSync(join(tmpdir(), 'state-')), latest: true, concurrency: 2, wait: { milliseconds: 60_000 } } as Parameters<typeof rollbackRequestOf>[0]);
    expect(request).to.include({ concurrency: 2, waitMs: 60_000, dryRun: false, force: false });
    expect(request.applyIds).to.equal(undefined);
  });
});

describe('cli/requests: targets file', () => {
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
