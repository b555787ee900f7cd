import { expect } from 'chai';
import {
  CommandShape,
  commandShapes,
  commandSnapshotPath,
  loadCompiledPlugin,
  readCommittedJson,
} from '../tools/commandShape.js';

describe('command-snapshot.json', () => {
  let current: CommandShape[];
  let committed: CommandShape[];

  before(async function () {
    // compiles first on a fresh clone (tsc)
    this.timeout(240_000);
    current = commandShapes(await loadCompiledPlugin());
    committed = await readCommittedJson<CommandShape[]>(commandSnapshotPath);
  });

  it('Given the compiled commands, Then their flags equal the committed snapshot', () => {
    expect(
      current,
      'the flags changed: run `npm run snapshot:generate`, review the diff of command-snapshot.json and commit it'
    ).to.deep.equal(committed);
  });

  it('Given plan, Then --reference-org has no default and is one of the two reference flags', () => {
    const flags = current.find((command) => command.command === 'postdeploy:plan')?.flags ?? [];
    const referenceOrg = flags.find((flag) => flag.name === 'reference-org');
    expect(referenceOrg).to.include({ char: 'r' });
    expect(referenceOrg).to.not.have.property('default');
    expect(referenceOrg?.exactlyOne).to.deep.equal(['reference-dir', 'reference-org']);
  });
});
