import { expect } from 'chai';
import { inverseOf } from '../../../src/apply/rollback.js';
import { Snapshot } from '../../../src/state/journal.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('rollback inverse', () => {
  const snapshot: Snapshot = {
    applyId: 'a',
    orgId: '00D',
    username: 'u',
    takenAt: 'now',
    inverse: [],
    components: [
      {
        type: 'Profile',
        fullName: 'Admin',
        existed: true,
        hash: 'h',
        xml: `<Profile ${NS}><fieldPermissions><editable>false</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions></Profile>`,
      },
      { type: 'ListView', fullName: 'Account.Hot', existed: false, hash: null },
      {
        type: 'GlobalValueSet',
        fullName: 'Regions',
        existed: true,
        hash: 'h',
        xml: `<GlobalValueSet ${NS}><customValue><fullName>EMEA</fullName><default>false</default><label>EMEA</label></customValue><masterLabel>Regions</masterLabel></GlobalValueSet>`,
      },
    ],
  };
  const current = new Map([
    [
      'Profile:Admin',
      {
        type: 'Profile',
        fullName: 'Admin',
        xml: `<Profile ${NS}><fieldPermissions><editable>true</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions><fieldPermissions><editable>true</editable><field>Account.Region__c</field><readable>true</readable></fieldPermissions></Profile>`,
      },
    ],
    ['ListView:Account.Hot', { type: 'ListView', fullName: 'Account.Hot', xml: `<ListView ${NS}><fullName>Hot</fullName><label>Hot</label></ListView>` }],
    [
      'GlobalValueSet:Regions',
      {
        type: 'GlobalValueSet',
        fullName: 'Regions',
        xml: `<GlobalValueSet ${NS}><customValue><fullName>EMEA</fullName><default>false</default><label>EMEA</label></customValue><customValue><fullName>APAC</fullName><default>false</default><label>APAC</label></customValue><masterLabel>Regions</masterLabel></GlobalValueSet>`,
      },
    ],
  ]);

  it('Given grants, a created component and an added value, When inverted, Then revocations, a deletion and a deactivation follow', () => {
    const inverse = inverseOf(snapshot, current);
    expect(inverse.request.destructive).to.deep.equal([{ type: 'ListView', fullName: 'Account.Hot' }]);
    const profile = inverse.request.components.find((c) => c.type === 'Profile')!;
    // an overlay type forgets nothing by omission: the granted entries are revoked explicitly
    expect(profile.xml).to.match(/<editable>false<\/editable>\s*<field>Account.Tier__c<\/field>/);
    expect(profile.xml).to.match(/<field>Account.Region__c<\/field>/);
    expect(profile.xml).not.to.match(/<editable>true<\/editable>\s*<field>Account.Region__c/);
    const values = inverse.request.components.find((c) => c.type === 'GlobalValueSet')!;
    expect(values.xml).to.match(/<fullName>APAC<\/fullName>[\s\S]*<isActive>false<\/isActive>/);
    expect(inverse.irreversible.join(' ')).to.include('APAC');
  });
});
