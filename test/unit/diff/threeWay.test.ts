import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { buildPatch, hashComponent, KeyedCollection, readComponent, type Patch, type Preference } from '../../../src/diff/index.js';
import { serializeComponent } from '../../../src/diff/serialize.js';
import type { TreeElement, TreeNode } from '../../../src/diff/xmlTree.js';
import { findTypeRule } from '../../../src/metadata/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const threeWayRoot = join(fixtures, 'threeway');

type Expected = Pick<Patch, 'action' | 'changes' | 'conflicts' | 'customizations' | 'irreversible' | 'notes'> & {
  description: string;
  fullName: string;
};

const deploysWholeFile = (type: string): boolean => (findTypeRule(type)?.deploy ?? 'replace') === 'replace';
const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

for (const type of readdirSync(threeWayRoot).sort()) {
  describe(`three-way golden fixtures: ${type}`, () => {
    for (const name of readdirSync(join(threeWayRoot, type)).sort()) {
      const dir = join(threeWayRoot, type, name);
      const read = (side: string): string => readFileSync(join(dir, `${side}.xml`), 'utf8');
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const [baseXml, referenceXml, targetXml] = [read('base'), read('reference'), read('target')];
      const patch = (prefer?: Preference, target = targetXml): Patch =>
        buildPatch({ type, fullName: expected.fullName, baseXml, referenceXml, targetXml: target, mode: 'merge', prefer });

      describe(`${name}: ${expected.description}`, () => {
        it('When patched in merge mode with the base, then action, changes, conflicts, customizations, irreversible steps and notes are the expected ones', () => {
          const { action, changes, conflicts, customizations, irreversible, notes } = patch();
          expect({ description: expected.description, fullName: expected.fullName, action, changes, conflicts, customizations, irreversible, notes }).to.deep.equal(expected);
        });

        it('When patched, then nothing under a conflict is deployed: the target keeps its version', () => {
          const { changes, conflicts } = patch();
          expect(conflicts).to.have.length.greaterThan(0);
          for (const conflict of conflicts) expect(changes.filter((change) => under(change.path, conflict.path)), conflict.path).to.deep.equal([]);
        });

        it('When the reference is preferred, then no conflict is left and each conflicted element gets the reference\'s version', () => {
          const preferred = patch('reference');
          expect(preferred.conflicts).to.deep.equal([]);
          for (const conflict of patch().conflicts) {
            expect(preferred.changes.some((change) => under(change.path, conflict.path)), conflict.path).to.equal(true);
          }
        });

        it('When the target is preferred, then no conflict is left and the deploy is the same as with the conflicts reported', () => {
          const preferred = patch('target');
          const reported = patch();
          expect(preferred.conflicts).to.deep.equal([]);
          expect(preferred.changes).to.deep.equal(reported.changes);
          expect(preferred.content).to.equal(reported.content);
        });

        it("When overwritten with the base, Then the target's own changes it changes back are named as overrides, and nothing else", () => {
          const overwritten = buildPatch({ type, fullName: expected.fullName, baseXml, referenceXml, targetXml, mode: 'overwrite' });
          const withoutBase = buildPatch({ type, fullName: expected.fullName, referenceXml, targetXml, mode: 'overwrite' });
          const own = [...expected.customizations, ...expected.conflicts.map((conflict) => conflict.path)];
          const changedBack = own.filter((path) => overwritten.changes.some((change) => under(change.path, path) || under(path, change.path)));
          expect(overwritten.overrides).to.have.members(changedBack);
          expect(overwritten.changes).to.deep.equal(withoutBase.changes);
          expect(withoutBase.overrides).to.deep.equal([]);
        });

        if (deploysWholeFile(type)) {
          it('When the content is deployed, then the target hashes as predicted and a second three-way patch changes nothing', () => {
            const { content, patchedHash } = patch();
            expect(hashComponent(type, content!)).to.equal(patchedHash);
            const again = patch(undefined, content);
            expect(again.action).to.equal('noop');
            expect(again.conflicts.map((conflict) => conflict.path)).to.deep.equal(patch().conflicts.map((conflict) => conflict.path));
          });
        }
      });
    }
  });
}

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d_2b_79_f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Slot = { holder: TreeElement; tag: string };

/** Every place a mutation can touch: keyed collections and scalar fields, at any depth. */
function slots(element: TreeElement, into: Slot[] = []): Slot[] {
  for (const [tag, value] of Object.entries(element)) {
    into.push({ holder: element, tag });
    const nodes: Iterable<TreeNode> = value instanceof KeyedCollection ? value.entries.values() : value;
    for (const node of nodes) if (typeof node === 'object') slots(node, into);
  }
  return into;
}

function changedScalar(value: string, random: () => number): string {
  if (value === 'true') return 'false';
  if (value === 'false') return 'true';
  return random() < 0.5 ? `${value}X` : value;
}

/** One random edit: an entry removed or moved, a scalar changed, a field dropped. */
function mutate(root: TreeElement, random: () => number): void {
  const all = slots(root);
  if (all.length === 0) return;
  const { holder, tag } = all[Math.floor(random() * all.length)];
  const value = holder[tag];
  if (value instanceof KeyedCollection && value.size > 0) {
    const keys = [...value.entries.keys()];
    const key = keys[Math.floor(random() * keys.length)];
    const entries = new Map(value.entries);
    const entry = entries.get(key)!;
    entries.delete(key);
    // moved to the front, or removed
    holder[tag] = new KeyedCollection(random() < 0.3 ? new Map([[key, entry], ...entries]) : entries);
    return;
  }
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'string') {
    if (random() < 0.2 && Object.keys(holder).length > 1) delete holder[tag];
    else holder[tag] = [changedScalar(value[0], random), ...value.slice(1)];
  }
}

function mutated(type: string, xml: string, random: () => number, edits: number): string {
  const { rootTag, root } = readComponent(type, xml);
  const copy = readComponent(type, serializeComponent(rootTag, root)).root;
  for (let index = 0; index < edits; index++) mutate(copy, random);
  return serializeComponent(rootTag, copy);
}

/** A starting document per type: the golden fixtures' references. */
function seeds(): Array<{ type: string; xml: string }> {
  const diffRoot = join(fixtures, 'diff');
  return readdirSync(diffRoot)
    .sort()
    .map((type) => ({ type, file: join(diffRoot, type, 'drift', 'reference.xml') }))
    .filter(({ file }) => existsSync(file))
    .map(({ type, file }) => ({ type, xml: readFileSync(file, 'utf8') }));
}

describe('three-way merge: properties on seeded random trees', () => {
  const cases = 12;
  const comparable = (patch: Patch): object => ({ action: patch.action, patchedHash: patch.patchedHash, irreversible: patch.irreversible, destructiveChildren: patch.destructiveChildren });

  for (const { type, xml } of seeds()) {
    it(`Given ${type} trees where the target is the base, When merged three-way, Then the result is overwrite's`, () => {
      const random = seeded(type.length * 7919 + 1);
      for (let index = 0; index < cases; index++) {
        const baseXml = mutated(type, xml, random, 2);
        const referenceXml = mutated(type, baseXml, random, 3);
        const input = { type, fullName: `Case${index}`, referenceXml, targetXml: baseXml };
        const threeWay = buildPatch({ ...input, baseXml, mode: 'merge' });
        const overwrite = buildPatch({ ...input, mode: 'overwrite' });
        expect(comparable(threeWay), `${type} case ${index}\n${referenceXml}`).to.deep.equal(comparable(overwrite));
        expect(threeWay.conflicts).to.deep.equal([]);
      }
    });

    it(`Given ${type} trees and no base, When merged, Then the result is today's two-way merge`, () => {
      const random = seeded(type.length * 104_729 + 3);
      for (let index = 0; index < cases; index++) {
        const referenceXml = mutated(type, xml, random, 3);
        const targetXml = mutated(type, xml, random, 3);
        const input = { type, fullName: `Case${index}`, referenceXml, targetXml, mode: 'merge' as const };
        expect(buildPatch({ ...input, baseXml: undefined })).to.deep.equal(buildPatch(input));
      }
    });
  }
});

describe('overwrite with a base', () => {
  const dir = join(threeWayRoot, 'Layout', 'rows');
  const read = (side: string): string => readFileSync(join(dir, `${side}.xml`), 'utf8');

  it("Given the target added its own item and changed two the reference changes too, When overwritten with the base, Then the three are named as overrides of the target's own change", () => {
    const patch = buildPatch({ type: 'Layout', fullName: 'F', baseXml: read('base'), referenceXml: read('reference'), targetXml: read('target'), mode: 'overwrite' });
    expect(patch.overrides).to.deep.equal([
      'layoutSections[Account Information].layoutItems[Custom__c]',
      'layoutSections[Account Information].layoutItems[Phone]',
      'layoutSections[Account Information].layoutItems[Rating]',
    ]);
  });

  it('Given the target left the component as the base had it, When overwritten with the base, Then nothing is an override', () => {
    const patch = buildPatch({ type: 'Layout', fullName: 'F', baseXml: read('base'), referenceXml: read('reference'), targetXml: read('base'), mode: 'overwrite' });
    expect(patch.action).to.equal('update');
    expect(patch.overrides).to.deep.equal([]);
  });
});
