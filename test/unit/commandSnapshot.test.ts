/*
 * command-snapshot.json and schemas/ are written by @oclif/plugin-command-snapshot (`npm run
 * snapshot:generate`, `npm run schema:generate`) and compared by `npm test` (`npm run
 * contracts:compare`). The snapshot lists each command's flags, not how they relate: the relation
 * that keeps a plan from comparing an org with itself is pinned here.
 */
import { expect } from 'chai';
import { loadCompiledPlugin } from '../tools/commandShape.js';

describe('the reference flags of plan', () => {
  it('Given plan, Then --reference-org has no default and is one of the two reference flags', async function () {
    // compiles first on a fresh clone (tsc)
    this.timeout(240_000);
    const { commands } = await loadCompiledPlugin();
    const referenceOrg = commands.find((command) => command.id === 'postdeploy:plan')?.flags?.['reference-org'];
    expect(referenceOrg).to.include({ char: 'r' });
    expect(referenceOrg).to.not.have.property('default');
    expect([...(referenceOrg?.exactlyOne ?? [])].sort()).to.deep.equal(['reference-dir', 'reference-org']);
  });
});
