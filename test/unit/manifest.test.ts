import { expect } from 'chai';
import { loadCompiledPlugin, manifestPath, readCommittedJson } from '../tools/commandShape.js';

describe('oclif.manifest.json', () => {
  it('Given the compiled commands, When the manifest is regenerated, Then it equals the committed oclif.manifest.json', async function () {
    // compiles first on a fresh clone (tsc)
    this.timeout(240_000);
    const { manifest } = await loadCompiledPlugin();
    const committed = await readCommittedJson<unknown>(manifestPath);
    expect(
      committed,
      'oclif.manifest.json is stale: run `npm run build` and commit the regenerated oclif.manifest.json'
    ).to.deep.equal(manifest);
  });

  it('Given the manifest, Then it lists exactly the five postdeploy commands', async () => {
    const committed = await readCommittedJson<{ commands: Record<string, unknown> }>(manifestPath);
    expect(Object.keys(committed.commands).sort()).to.deep.equal([
      'postdeploy:apply',
      'postdeploy:diff',
      'postdeploy:history',
      'postdeploy:plan',
      'postdeploy:rollback',
    ]);
  });
});
