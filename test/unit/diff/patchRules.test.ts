import { expect } from 'chai';
import { buildPatch, diffComponent, hashComponent } from '../../../src/diff/index.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const profile = (body: string): string => `<Profile ${ns}>${body}</Profile>`;
const objectPermission = (name: string, read: string, edit: string): string =>
  `<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>${edit}</allowEdit><allowRead>${read}</allowRead><modifyAllRecords>false</modifyAllRecords><object>${name}</object><viewAllRecords>false</viewAllRecords></objectPermissions>`;
const valueSet = (...values: Array<[string, string?]>): string =>
  `<GlobalValueSet ${ns}>${values
    .map(([name, active]) => `<customValue><fullName>${name}</fullName><default>false</default>${active ? `<isActive>${active}</isActive>` : ''}<label>${name}</label></customValue>`)
    .join('')}<masterLabel>Stage</masterLabel></GlobalValueSet>`;

describe('patch rules', () => {
  describe('merge', () => {
    it('Given the target grants read and the reference grants edit, When merged, Then the more permissive flags win and nothing is revoked', () => {
      const patch = buildPatch({
        type: 'Profile',
        fullName: 'Sales',
        referenceXml: profile(objectPermission('Account', 'true', 'true') + objectPermission('Lead', 'false', 'false')),
        targetXml: profile(objectPermission('Account', 'true', 'false') + objectPermission('Lead', 'true', 'false')),
        mode: 'merge',
      });
      expect(patch.action).to.equal('update');
      expect(patch.changes).to.deep.equal([{ op: 'change', path: 'objectPermissions[Account].allowEdit', before: false, after: true }]);
      expect(patch.content).to.include('<object>Account</object>').and.not.include('<object>Lead</object>');
    });

    it('Given a layout item the target section lacks, When merged, Then it goes into the section of the same label after its predecessor', () => {
      const section = (...fields: string[]): string =>
        `<layoutSections><label>Info</label><layoutColumns>${fields.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns></layoutSections>`;
      const patch = buildPatch({
        type: 'Layout',
        fullName: 'Account-Account Layout',
        referenceXml: `<Layout ${ns}>${section('Name', 'Industry')}</Layout>`,
        targetXml: `<Layout ${ns}>${section('Name', 'Custom__c')}</Layout>`,
        mode: 'merge',
      });
      expect(patch.changes.map((change) => `${change.op} ${change.path}`)).to.deep.equal(['add layoutSections[Info].layoutItems[Industry]']);
      const order = [...patch.content!.matchAll(/<field>([^<]+)<\/field>/g)].map((match) => match[1]);
      expect(order).to.deep.equal(['Name', 'Industry', 'Custom__c']);
    });

    it('Given picklist values the target lacks, When merged, Then they are appended in reference order and listed as irreversible', () => {
      const patch = buildPatch({
        type: 'GlobalValueSet',
        fullName: 'Stage',
        referenceXml: valueSet(['New'], ['Won'], ['Open'], ['Lost']),
        targetXml: valueSet(['Open'], ['Custom']),
        mode: 'merge',
      });
      const order = [...patch.content!.matchAll(/<fullName>([^<]+)<\/fullName>/g)].map((match) => match[1]);
      expect(order).to.deep.equal(['Open', 'Custom', 'New', 'Won', 'Lost']);
      expect(patch.irreversible).to.have.length(3);
      expect(patch.irreversible[0]).to.equal("GlobalValueSet Stage: value 'New' is added; later it can only be deactivated, never deleted");
    });

    it('Given a reference equal to the target but for noise, When patched in either mode, Then it is a noop with no changes', () => {
      for (const mode of ['merge', 'overwrite'] as const) {
        const patch = buildPatch({
          type: 'Profile',
          fullName: 'Sales',
          referenceXml: profile(objectPermission('Account', 'true', 'false')),
          targetXml: profile(`\n  ${objectPermission('Account', 'true', 'false')}${objectPermission('Lead', 'false', 'false')}\n`),
          mode,
        });
        expect(patch).to.include({ action: 'noop', content: undefined });
        expect(patch.changes).to.deep.equal([]);
        expect(patch.referenceHash).to.equal(patch.targetHash);
      }
    });
  });

  describe('overwrite', () => {
    it('Given a profile entry only the target grants, When overwritten, Then an explicit revocation is deployed and unchanged entries are not', () => {
      const patch = buildPatch({
        type: 'Profile',
        fullName: 'Sales',
        referenceXml: profile(objectPermission('Account', 'true', 'false')),
        targetXml: profile(objectPermission('Account', 'true', 'false') + objectPermission('Lead', 'true', 'true')),
        mode: 'overwrite',
      });
      expect(patch.changes.map((change) => `${change.path}: ${String(change.before)} -> ${String(change.after)}`)).to.deep.equal([
        'objectPermissions[Lead].allowEdit: true -> false',
        'objectPermissions[Lead].allowRead: true -> false',
      ]);
      const expectedContent = profile(objectPermission('Lead', 'false', 'false'));
      expect(diffComponent('Profile', expectedContent, patch.content)).to.deep.equal([]);
      expect(patch.content).to.include('<allowRead>false</allowRead>');
      expect(patch.content).to.include(`<Profile ${ns}>`);
    });

    it('Given a value only the target has, When overwritten, Then it is kept but deactivated and listed as irreversible', () => {
      const patch = buildPatch({
        type: 'GlobalValueSet',
        fullName: 'Stage',
        referenceXml: valueSet(['Open']),
        targetXml: valueSet(['Open'], ['Hot']),
        mode: 'overwrite',
      });
      expect(patch.changes).to.deep.equal([{ op: 'add', path: 'customValue[Hot].isActive', before: null, after: false }]);
      expect(hashComponent('GlobalValueSet', patch.content!)).to.equal(hashComponent('GlobalValueSet', valueSet(['Open'], ['Hot', 'false'])));
      expect(patch.irreversible).to.deep.equal(["GlobalValueSet Stage: value 'Hot' can only be deactivated, never deleted"]);
    });

    it('Given a component only the target has, When overwritten, Then it is deleted only with deleteExtra', () => {
      const input = { type: 'Layout', fullName: 'Account-Old', referenceXml: undefined, targetXml: `<Layout ${ns}/>`, mode: 'overwrite' as const };
      expect(buildPatch(input).action).to.equal('noop');
      expect(buildPatch({ ...input, deleteExtra: true }).action).to.equal('delete');
    });

    it('Given a replace type, When overwritten without values to keep, Then the reference text is deployed as it is', () => {
      const referenceXml = `<CompactLayout ${ns}><fields>Name</fields><label>A</label></CompactLayout>`;
      const patch = buildPatch({ type: 'CompactLayout', fullName: 'Account.A', referenceXml, targetXml: `<CompactLayout ${ns}><label>A</label></CompactLayout>`, mode: 'overwrite' });
      expect(patch.content).to.equal(referenceXml);
      expect(patch.patchedHash).to.equal(patch.referenceHash);
    });
  });
});

describe('where an added entry of an ordered collection goes', () => {
  const view = (columns: string[]): string =>
    `<ListView xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Hot</fullName>${columns.map((c) => `<columns>${c}</columns>`).join('')}<filterScope>Everything</filterScope><label>Hot</label></ListView>`;
  const reference = view(['ACCOUNT.NAME', 'ACCOUNT.PHONE1', 'ACCOUNT.RATING']);
  const target = view(['ACCOUNT.NAME', 'ACCOUNT.RATING']);

  it('Given a column the target lacks, When overwriting, Then the patch says it follows its reference neighbour', () => {
    const patch = buildPatch({ type: 'ListView', fullName: 'Account.Hot', referenceXml: reference, targetXml: target, mode: 'overwrite' });
    expect(patch.changes.map((c) => c.path)).to.deep.equal(['columns[ACCOUNT.PHONE1]']);
    expect(patch.placements).to.deep.equal({ 'columns[ACCOUNT.PHONE1]': 'ACCOUNT.NAME' });
  });

  it('Given the same column, When merging (appended to the target\'s list), Then the patch says where merge puts it, not where the reference has it', () => {
    const patch = buildPatch({ type: 'ListView', fullName: 'Account.Hot', referenceXml: reference, targetXml: target, mode: 'merge' });
    expect(patch.placements).to.deep.equal({ 'columns[ACCOUNT.PHONE1]': 'ACCOUNT.RATING' });
  });

  it('Given a first column the target lacks, Then it goes at the start (null)', () => {
    const patch = buildPatch({ type: 'ListView', fullName: 'Account.Hot', referenceXml: view(['ACCOUNT.PHONE1', 'ACCOUNT.NAME']), targetXml: view(['ACCOUNT.NAME']), mode: 'overwrite' });
    expect(patch.placements).to.deep.equal({ 'columns[ACCOUNT.PHONE1]': null });
  });
});
