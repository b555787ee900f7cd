import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { buildPatch, diffComponent, hashComponent, KeyedCollection, readComponent, type NormalizedComponent, type Patch, type Mode } from '../../../src/diff/index.js';
import { findTypeRule } from '../../../src/metadata/index.js';
import { schemaProblems } from '../../../src/metadata/schemaCheck.js';

const fixturesRoot = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/diff');
const modes: Mode[] = ['merge', 'overwrite'];

type ExpectedPatch = {
  action: Patch['action'];
  changes: Patch['changes'];
  irreversible: string[];
  notes: string[];
  destructiveChildren: Patch['destructiveChildren'];
}

type Expected = {
  description: string;
  fullName: string;
  options: { deleteExtra?: boolean };
  changes: Patch['changes'];
  merge: ExpectedPatch;
  overwrite: ExpectedPatch;
}

/** Freezes a read component all the way down, its keyed collections' maps included: any change to it throws. */
function deepFreeze<T>(value: T): T {
  if (value instanceof KeyedCollection) {
    const refuse = (): never => {
      throw new TypeError('a read component was changed');
    };
    Object.assign(value.entries, { set: refuse, delete: refuse, clear: refuse });
    for (const entry of value.entries.values()) deepFreeze(entry);
  } else if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return typeof value === 'object' && value !== null ? Object.freeze(value) : value;
}

const frozenRead = (type: string, xml: string | undefined): NormalizedComponent | undefined => (xml === undefined ? undefined : deepFreeze(readComponent(type, xml)));

const readIfPresent = (file: string): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** Types whose content is the whole component: deploying it makes the target equal to it. */
const deploysWholeFile = (type: string): boolean => (findTypeRule(type)?.deploy ?? 'replace') === 'replace';

for (const type of readdirSync(fixturesRoot).sort()) {
  describe(`golden diff fixtures: ${type}`, () => {
    for (const name of readdirSync(join(fixturesRoot, type)).sort()) {
      const dir = join(fixturesRoot, type, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const referenceXml = readIfPresent(join(dir, 'reference.xml'));
      const targetXml = readIfPresent(join(dir, 'target.xml'));

      describe(`${name}: ${expected.description}`, () => {
        it('When diffed, then the element-level changes are the expected ones', () => {
          expect(diffComponent(type, referenceXml, targetXml)).to.deep.equal(expected.changes);
        });

        if (referenceXml !== undefined && targetXml !== undefined) {
          it('When hashed, then the hashes are equal exactly when there are no changes', () => {
            const sameHash = hashComponent(type, referenceXml) === hashComponent(type, targetXml);
            expect(sameHash).to.equal(expected.changes.length === 0);
          });
        }

        for (const mode of modes) {
          const patch = (): Patch =>
            buildPatch({ type, fullName: expected.fullName, referenceXml, targetXml, mode, deleteExtra: expected.options.deleteExtra });

          it(`When patched in ${mode} mode, then action, changes, irreversible steps and notes are the expected ones`, () => {
            const { action, changes, irreversible, notes, destructiveChildren } = patch();
            expect({ action, changes, irreversible, notes, destructiveChildren }).to.deep.equal(expected[mode]);
          });

          it(`When patched in ${mode} mode from reads made beforehand (as the planner shares them), then nothing changes them and the patch is the same`, () => {
            const referenceRead = frozenRead(type, referenceXml);
            const targetRead = frozenRead(type, targetXml);
            const shared = (vetoed?: ReadonlySet<string>): Patch =>
              buildPatch({ type, fullName: expected.fullName, referenceXml, targetXml, referenceRead, targetRead, mode, deleteExtra: expected.options.deleteExtra, vetoed });
            expect(shared()).to.deep.equal(patch());
            // the veto path too: every changed path refused
            const vetoed = new Set(expected[mode].changes.map((change) => change.path));
            const own = buildPatch({ type, fullName: expected.fullName, referenceXml, targetXml, mode, deleteExtra: expected.options.deleteExtra, vetoed });
            expect(shared(vetoed)).to.deep.equal(own);
          });

          const expectedXml = readIfPresent(join(dir, `${mode}.xml`));
          it(`When patched in ${mode} mode, then the content ${expectedXml ? `equals ${mode}.xml once normalized` : 'is empty'}`, () => {
            const { content } = patch();
            if (expectedXml === undefined) {
              expect(content).to.equal(undefined);
              return;
            }
            expect(content, 'content').to.be.a('string');
            expect(diffComponent(type, expectedXml, content)).to.deep.equal([]);
            expect(hashComponent(type, content!)).to.equal(hashComponent(type, expectedXml));
          });

          it(`When patched in ${mode} mode, then the content is valid against the Metadata API schema (order, element names, enumerations, at every depth)`, () => {
            const { content } = patch();
            if (content === undefined) return;
            expect(schemaProblems(content).map((problem) => `${problem.kind} ${problem.path}: ${problem.message}`)).to.deep.equal([]);
          });

          if (deploysWholeFile(type) && expected[mode].action === 'update') {
            it(`When the ${mode} content is deployed, then the target hashes as predicted and patching again is a noop`, () => {
              const { content, patchedHash } = patch();
              expect(hashComponent(type, content!)).to.equal(patchedHash);
              const again = buildPatch({ type, fullName: expected.fullName, referenceXml, targetXml: content, mode });
              expect(again.action).to.equal('noop');
              expect(again.changes).to.deep.equal([]);
            });
          }
        }
      });
    }
  });
}

describe('canonical hashes: what earlier plans recorded still holds', () => {
  // plans record targetHash and patchedHash, and apply compares them with the hash of what it reads
  // again: a change of the canonical form would make every plan made before it stale
  it('Given every golden fixture, When hashed, Then each hash is the one pinned in test/fixtures/canonical-hashes.json', () => {
    const pinned = JSON.parse(readFileSync(join(fixturesRoot, '..', 'canonical-hashes.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(pinned).length).to.be.greaterThan(50);
    for (const [fixture, hash] of Object.entries(pinned)) {
      const [type, name, side] = fixture.split('/');
      expect(hashComponent(type, readFileSync(join(fixturesRoot, type, name, `${side}.xml`), 'utf8')), fixture).to.equal(hash);
    }
  });
});
