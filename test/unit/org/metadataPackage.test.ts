import { expect } from 'chai';
import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import sinon from 'sinon';
import { ZipReads } from '../../../src/org/zipReads.js';
import { PackageError, buildDeployZip, componentsFromRetrieveZip, isCheckedWellFormed, manifestMembers } from '../../../src/org/metadataPackage.js';
import { MetadataComponent } from '../../../src/org/types.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const doc = (root: string, inner: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>${inner}</${root}>`;

const components: MetadataComponent[] = [
  { type: 'CustomObject', fullName: 'Account', xml: doc('CustomObject', '<enableHistory>true</enableHistory>') },
  { type: 'ListView', fullName: 'Account.All', xml: doc('ListView', '<fullName>All</fullName><filterScope>Everything</filterScope><label>All</label>') },
  { type: 'RecordType', fullName: 'Account.Business', xml: doc('RecordType', '<fullName>Business</fullName><active>true</active><label>Business</label>') },
  { type: 'CustomField', fullName: 'Account.Tier__c', xml: doc('CustomField', '<fullName>Tier__c</fullName><label>Tier</label><type>Text</type><length>10</length>') },
  { type: 'CustomField', fullName: 'Contact.Level__c', xml: doc('CustomField', '<fullName>Level__c</fullName><label>Level</label><type>Text</type><length>5</length>') },
  { type: 'CustomLabel', fullName: 'Greeting', xml: doc('CustomLabel', '<fullName>Greeting</fullName><language>en_US</language><protected>false</protected><shortDescription>Greeting</shortDescription><value>Hello</value>') },
  { type: 'Layout', fullName: 'Account-Account Layout', xml: doc('Layout', '<layoutSections><label>Info</label><style>OneColumn</style></layoutSections>') },
];

async function unzip(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const files: Record<string, string> = {};
  // eslint-disable-next-line no-await-in-loop
  for (const entry of Object.values(zip.files)) if (!entry.dir) files[entry.name] = await entry.async('string');
  return files;
}

const squash = (xml: string): string => xml.replace(/>\s+</g, '><').trim();

async function zipOf(files: Record<string, string>, createFolders = false): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders });
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function packageError(work: Promise<unknown>): Promise<PackageError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a PackageError');
}

describe('org metadata package', () => {
  describe('buildDeployZip', () => {
    it('Given child components, Then each sits in its parent file under its own element', async () => {
      const files = await unzip(await buildDeployZip(components, [], '62.0'));
      const account = squash(files['objects/Account.object']);
      expect(account).to.match(/^<\?xml[^>]*\?><CustomObject xmlns="http:\/\/soap.sforce.com\/2006\/04\/metadata">/);
      expect(account).to.include('<enableHistory>true</enableHistory>');
      expect(account).to.include('<listViews><fullName>All</fullName><filterScope>Everything</filterScope><label>All</label></listViews>');
      expect(account).to.include('<recordTypes><fullName>Business</fullName>');
      expect(account).to.include('<fields><fullName>Tier__c</fullName>');
      expect(account).not.to.include('Level__c');
      expect(squash(files['objects/Contact.object'])).to.include('<fields><fullName>Level__c</fullName>');
      expect(squash(files['labels/CustomLabels.labels'])).to.include('<CustomLabels').and.include('<labels><fullName>Greeting</fullName>');
      expect(files).to.have.property('layouts/Account-Account Layout.layout');
      expect(Object.keys(files).filter((name) => name.startsWith('listViews') || name.startsWith('fields'))).to.deep.equal([]);
    });

    it('Given a parent file and children of several kinds, Then the parent\'s elements are written in schema order', async () => {
      const mixed = [components[1], components[3], components[0], { ...components[3], fullName: 'Account.Size__c', xml: doc('CustomField', '<fullName>Size__c</fullName><label>Size</label>') }];
      const account = (await unzip(await buildDeployZip(mixed, [], '62.0')))['objects/Account.object'];
      const topLevel = [...squash(account).matchAll(/<(\w+)><fullName>([^<]+)|<(enableHistory)>/g)].map((match) => match[3] ?? `${match[1]} ${match[2]}`);
      expect(topLevel).to.deep.equal(['enableHistory', 'fields Tier__c', 'fields Size__c', 'listViews All']);
    });

    it('Given components, Then package.xml lists each member under its type with the API version', async () => {
      const zip = await buildDeployZip(components, [], '61.0');
      const members = await manifestMembers(zip);
      expect(members).to.have.deep.members(components.map(({ type, fullName }) => ({ type, fullName })));
      expect((await unzip(zip))['package.xml']).to.include('<version>61.0</version>');
    });

    it('Given destructive members, Then destructiveChangesPost.xml lists them and package.xml does not', async () => {
      const files = await unzip(await buildDeployZip([components[6]], [{ type: 'ListView', fullName: 'Account.Old' }], '62.0'));
      const post = squash(files['destructiveChangesPost.xml']);
      expect(post).to.include('<types><members>Account.Old</members><name>ListView</name></types>');
      expect(files['package.xml']).not.to.include('Account.Old');
      expect(files).not.to.have.property('destructiveChanges.xml');
    });

    it('Given no destructive members, Then there is no destructive manifest', async () => {
      const files = await unzip(await buildDeployZip([components[6]], [], '62.0'));
      expect(Object.keys(files).sort()).to.deep.equal(['layouts/Account-Account Layout.layout', 'package.xml']);
    });

    it('Given a child whose document has another root element, Then it is refused', async () => {
      const wrong = { type: 'ListView', fullName: 'Account.All', xml: doc('Layout', '<fullName>All</fullName>') };
      await packageError(buildDeployZip([wrong], [], '62.0'));
    });
  });

  describe('componentsFromRetrieveZip', () => {
    it('Given a zip built from components, Then reading it back gives the same components', async () => {
      const zip = await buildDeployZip(components, [], '62.0');
      const keys = components.map(({ type, fullName }) => ({ type, fullName }));
      const back = await componentsFromRetrieveZip(zip, keys);
      expect(back.map((c) => `${c.type}:${c.fullName}`)).to.have.members(keys.map((k) => `${k.type}:${k.fullName}`));
      for (const original of components.filter((c) => c.type !== 'CustomObject')) {
        const found = back.find((c) => c.type === original.type && c.fullName === original.fullName)!;
        expect(squash(found.xml), `${original.type}:${original.fullName}`).to.equal(squash(original.xml));
      }
    });

    it('Given a retrieve zip, Then its top-level components come back checked well-formed, and a copy with other XML does not', async () => {
      const zip = await zipOf({ 'package.xml': doc('Package', ''), 'layouts/Account-Account Layout.layout': components[6].xml });
      const [layout] = await componentsFromRetrieveZip(zip, [{ type: 'Layout', fullName: 'Account-Account Layout' }]);
      expect(isCheckedWellFormed(layout)).to.equal(true);
      // the planner rewrites a reference component for one target (a managed package's locked elements): read and checked anew
      expect(isCheckedWellFormed({ ...layout, xml: '<Layout>' })).to.equal(false);
    });

    it('Given two orgs\' zips with the same files and one ZipReads, Then both read the same components, each file checked and split once, and a broken file is still refused', async () => {
      const zip = await buildDeployZip(components, [], '62.0');
      const keys = components.map(({ type, fullName }) => ({ type, fullName }));
      const reads = new ZipReads();
      const first = await componentsFromRetrieveZip(zip, keys, reads);
      const held = { checked: reads.wellFormed.size, split: reads.children.size };
      const second = await componentsFromRetrieveZip(zip, keys, reads);
      expect(second.map((c) => [c.type, c.fullName, c.xml])).to.deep.equal(first.map((c) => [c.type, c.fullName, c.xml]));
      expect(second.every(isCheckedWellFormed)).to.equal(first.every(isCheckedWellFormed));
      expect(held.checked).to.be.greaterThan(0);
      expect(held.split).to.be.greaterThan(0);
      expect({ checked: reads.wellFormed.size, split: reads.children.size }).to.deep.equal(held);
      const broken = await zipOf({ 'package.xml': doc('Package', ''), 'layouts/Account-Account Layout.layout': '<Layout><oops></Layout>' });
      await packageError(componentsFromRetrieveZip(broken, [{ type: 'Layout', fullName: 'Account-Account Layout' }], reads));
    });

    it('Given a retrieve zip under unpackaged/, Then the files are found under the package root', async () => {
      const zip = await zipOf({
        'unpackaged/package.xml': doc('Package', '<version>62.0</version>'),
        'unpackaged/layouts/Account-Account Layout.layout': components[6].xml,
      });
      const back = await componentsFromRetrieveZip(zip, [{ type: 'Layout', fullName: 'Account-Account Layout' }]);
      expect(back).to.have.length(1);
      expect(back[0].xml).to.equal(components[6].xml);
    });

    it('Given wildcards for a top-level and a child type, Then every component of the type comes back', async () => {
      const more: MetadataComponent[] = [
        ...components,
        { type: 'ListView', fullName: 'Contact.Mine', xml: doc('ListView', '<fullName>Mine</fullName><label>Mine</label>') },
        { type: 'Layout', fullName: 'Contact-Contact Layout', xml: doc('Layout', '<showEmailCheckbox>false</showEmailCheckbox>') },
      ];
      const zip = await buildDeployZip(more, [], '62.0');
      const back = await componentsFromRetrieveZip(zip, [
        { type: 'ListView', fullName: '*' },
        { type: 'Layout', fullName: '*' },
      ]);
      expect(back.map((c) => `${c.type}:${c.fullName}`)).to.have.members([
        'ListView:Account.All',
        'ListView:Contact.Mine',
        'Layout:Account-Account Layout',
        'Layout:Contact-Contact Layout',
      ]);
    });

    it('Given members absent from the zip, Then they are left out', async () => {
      const zip = await buildDeployZip([components[6]], [], '62.0');
      const back = await componentsFromRetrieveZip(zip, [
        { type: 'Layout', fullName: 'Nope-Nope' },
        { type: 'ListView', fullName: 'Account.Nope' },
      ]);
      expect(back).to.deep.equal([]);
    });

    it('Given 16 list views and 2 fields of one object asked for by name, When read, Then the object file is parsed once and each child comes back', async () => {
      const views = Array.from({ length: 16 }, (_, i) => `<listViews><fullName>View_${i}</fullName><filterScope>Everything</filterScope><label>View ${i}</label></listViews>`);
      const fields = ['A__c', 'B__c'].map((name) => `<fields><fullName>${name}</fullName><label>${name}</label><type>Text</type></fields>`);
      const objectXml = doc('CustomObject', [...fields, ...views].join(''));
      const zip = await zipOf({ 'package.xml': doc('Package', ''), 'objects/Loan__c.object': objectXml });
      const validate = sinon.spy(XMLValidator, 'validate');
      try {
        const back = await componentsFromRetrieveZip(zip, [
          ...views.map((_, i) => ({ type: 'ListView', fullName: `Loan__c.View_${i}` })),
          { type: 'CustomField', fullName: 'Loan__c.A__c' },
          { type: 'CustomField', fullName: 'Loan__c.B__c' },
        ]);
        expect(back.map((c) => c.fullName)).to.deep.equal([...views.map((_, i) => `Loan__c.View_${i}`), 'Loan__c.A__c', 'Loan__c.B__c']);
        expect(validate.getCalls().filter((call) => call.args[0] === objectXml)).to.have.length(1);
      } finally {
        validate.restore();
      }
    });

    for (const name of ['../x', 'unpackaged/../../x', '/abs', 'a\\..\\b']) {
      it(`Given a zip entry "${name}" (zip slip), Then the zip is refused with PackageError`, async () => {
        const zip = await zipOf({ 'package.xml': doc('Package', ''), [name]: '<x/>' });
        const error = await packageError(componentsFromRetrieveZip(zip, [{ type: 'Layout', fullName: '*' }]));
        expect(error.message).to.include('outside');
      });
    }

    it('Given malformed XML in a requested component, Then PackageError names the file and the line', async () => {
      const zip = await zipOf({ 'package.xml': doc('Package', ''), 'layouts/A-B.layout': '<?xml version="1.0"?>\n<Layout>\n<layoutSections>\n</Layout>' });
      const error = await packageError(componentsFromRetrieveZip(zip, [{ type: 'Layout', fullName: 'A-B' }]));
      expect(error.message).to.include('layouts/A-B.layout').and.match(/line \d+/);
    });

    it('Given malformed XML in a parent file of a requested child, Then it is a PackageError too', async () => {
      const zip = await zipOf({ 'package.xml': doc('Package', ''), 'objects/Account.object': '<CustomObject><listViews></CustomObject>' });
      await packageError(componentsFromRetrieveZip(zip, [{ type: 'ListView', fullName: 'Account.All' }]));
    });

    it('Given bytes that are not a zip, Then it is a PackageError', async () => {
      await packageError(componentsFromRetrieveZip(Buffer.from('not a zip'), [{ type: 'Layout', fullName: '*' }]));
    });
  });
});
