import { expect } from 'chai';
import JSZip from 'jszip';
import { buildManifest, isUnsafeZipPath, parseManifest, readDeployZip } from '../../src/packageZip.js';
import { NS } from './helpers.js';

const PACKAGE = `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><version>62.0</version></Package>`;
const LAYOUT = `<?xml version="1.0" encoding="UTF-8"?><Layout ${NS}><showEmailCheckbox>false</showEmailCheckbox></Layout>`;

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('emulator package zips', () => {
  describe('isUnsafeZipPath', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', '..']) {
      it(`Given "${name}", Then it is unsafe`, () => expect(isUnsafeZipPath(name)).to.equal(true));
    }
    for (const name of ['package.xml', 'layouts/Account-Account Layout.layout', 'unpackaged/objects/A.object', 'a..b/c']) {
      it(`Given "${name}", Then it is safe`, () => expect(isUnsafeZipPath(name)).to.equal(false));
    }
  });

  describe('manifests', () => {
    it('Given types and members, Then buildManifest and parseManifest round-trip', () => {
      const types = [
        { name: 'Layout', members: ['Account-Account Layout', 'Contact-Contact Layout'] },
        { name: 'Profile', members: ['Admin'] },
      ];
      expect(parseManifest(buildManifest(types, '62.0'))).to.deep.equal(types);
    });
  });

  describe('readDeployZip', () => {
    it('Given a well-formed package, Then components, destructive members and file names come back', async () => {
      const pkg = await readDeployZip(
        await zipOf({
          'package.xml': PACKAGE,
          'layouts/Account-Account Layout.layout': LAYOUT,
          'classes/Hello.cls': 'public class Hello {}',
          'classes/Hello.cls-meta.xml': `<ApexClass ${NS}><apiVersion>62.0</apiVersion><status>Active</status></ApexClass>`,
          'destructiveChangesPost.xml': `<Package ${NS}><types><members>Old-Old</members><name>Layout</name></types></Package>`,
          'destructiveChanges.xml': `<Package ${NS}><types><members>Gone</members><name>ApexClass</name></types></Package>`,
        })
      );
      expect(pkg.failures).to.deep.equal([]);
      expect(pkg.components.map((c) => `${c.type}:${c.fullName}:${c.fileName}`)).to.have.members([
        'Layout:Account-Account Layout:layouts/Account-Account Layout.layout',
        'ApexClass:Hello:classes/Hello.cls-meta.xml',
      ]);
      expect(pkg.components.find((c) => c.type === 'ApexClass')!.files).to.have.property('classes/Hello.cls');
      expect(pkg.destructivePost).to.deep.equal([{ type: 'Layout', fullName: 'Old-Old' }]);
      expect(pkg.destructivePre).to.deep.equal([{ type: 'ApexClass', fullName: 'Gone' }]);
    });

    it('Given a package under a folder (unpackaged/), Then its files are read relative to package.xml', async () => {
      const pkg = await readDeployZip(await zipOf({ 'unpackaged/package.xml': PACKAGE, 'unpackaged/layouts/A-B.layout': LAYOUT }));
      expect(pkg.failures).to.deep.equal([]);
      expect(pkg.components.map((c) => c.fullName)).to.deep.equal(['A-B']);
    });

    for (const name of ['../evil.layout', 'layouts/../../evil.layout', '/layouts/A-B.layout']) {
      it(`Given a zip slip entry "${name}", Then the deploy fails on it and applies nothing`, async () => {
        const pkg = await readDeployZip(await zipOf({ 'package.xml': PACKAGE, [name]: LAYOUT }));
        expect(pkg.components).to.deep.equal([]);
        expect(pkg.failures).to.have.length(1);
        expect(pkg.failures[0].problem).to.equal(`Invalid path in the deploy zip: ${name}`);
      });
    }

    it('Given no package.xml, Then the deploy fails saying so', async () => {
      const pkg = await readDeployZip(await zipOf({ 'layouts/A-B.layout': LAYOUT }));
      expect(pkg.components).to.deep.equal([]);
      expect(pkg.failures.map((f) => f.problem)).to.deep.equal(['No package.xml found']);
    });

    it('Given malformed XML, Then the failure names the component and the line', async () => {
      const broken = `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${NS}>\n    <layoutSections>\n</Layout>\n`;
      const pkg = await readDeployZip(await zipOf({ 'package.xml': PACKAGE, 'layouts/A-B.layout': broken, 'layouts/C-D.layout': LAYOUT }));
      expect(pkg.components.map((c) => c.fullName)).to.deep.equal(['C-D']);
      expect(pkg.failures).to.have.length(1);
      expect(pkg.failures[0]).to.include({ componentType: 'Layout', fullName: 'A-B', fileName: 'layouts/A-B.layout' });
      expect(pkg.failures[0].problem).to.match(/^Error parsing file: /);
      expect(pkg.failures[0].lineNumber).to.be.a('number').and.within(3, 4);
    });

    it('Given a file of no known type, Then it is reported', async () => {
      const pkg = await readDeployZip(await zipOf({ 'package.xml': PACKAGE, 'weird/thing.foo': '<x/>' }));
      expect(pkg.failures.map((f) => [f.fullName, f.problem])).to.deep.equal([['weird/thing.foo', 'Unknown type for file weird/thing.foo']]);
    });

    it('Given a content file without its -meta.xml, Then it is reported', async () => {
      const pkg = await readDeployZip(await zipOf({ 'package.xml': PACKAGE, 'classes/Hello.cls': 'public class Hello {}' }));
      expect(pkg.failures.map((f) => f.problem)).to.deep.equal(['Missing the -meta.xml file of the component']);
    });

    it('Given bytes that are not a zip, Then the deploy fails instead of throwing', async () => {
      const pkg = await readDeployZip(Buffer.from('nope'));
      expect(pkg.failures[0].problem).to.match(/cannot be read/);
    });
  });
});
