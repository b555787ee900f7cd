import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { buildPatch, diffComponent, hashComponent, type Patch, type Mode } from '../../../src/diff/index.js';
import { findTypeRule } from '../../../src/metadata/index.js';

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
