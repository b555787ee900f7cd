import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { unignoredInWorkTree } from '../../../src/state/gitWorkTree.js';

describe('unignoredInWorkTree: the .gitignore hint of a plan file', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sf-postdeploy-git-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('Given a folder outside any work tree, Then there is no hint', () => {
    expect(unignoredInWorkTree(join(root, 'plan.json'))).to.equal(undefined);
  });

  it('Given a plan file in a work tree that no .gitignore names, Then the hint names the root and the line to add', () => {
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'plans'));
    writeFileSync(join(root, '.gitignore'), 'node_modules\n');
    expect(unignoredInWorkTree(join(root, 'plans', 'plan.json'))).to.deep.equal({ root, entry: '/plans/plan.json' });
  });

  for (const line of ['plan.json', '*.json', '/plans/plan.json', 'plans/plan.json']) {
    it(`Given a .gitignore line "${line}", Then there is no hint`, () => {
      mkdirSync(join(root, '.git'));
      mkdirSync(join(root, 'plans'));
      writeFileSync(join(root, '.gitignore'), `# plans\n${line}\n`);
      expect(unignoredInWorkTree(join(root, 'plans', 'plan.json'))).to.equal(undefined);
    });
  }

  it('Given a .gitignore in the plan folder itself, Then its names count too', () => {
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'plans'));
    writeFileSync(join(root, 'plans', '.gitignore'), 'plan.json\n');
    expect(unignoredInWorkTree(join(root, 'plans', 'plan.json'))).to.equal(undefined);
  });
});
