import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { undeployedChanges } from '../../../src/diff/index.js';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const profile = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Profile ${NS}>${body}<custom>true</custom></Profile>\n`;
const field = (name: string, editable: boolean, readable: boolean): string =>
  `<fieldPermissions><editable>${String(editable)}</editable><field>${name}</field><readable>${String(readable)}</readable></fieldPermissions>`;
const user = (name: string, enabled: boolean): string => `<userPermissions><enabled>${String(enabled)}</enabled><name>${name}</name></userPermissions>`;
const layout = (fields: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${NS}><layoutSections><label>S</label><layoutColumns>${fields.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>\n`;

describe('undeployedChanges: the check after a deploy', () => {
  it('Given a profile deploy of one entry and an org with many others, Then only what was sent and did not land remains', () => {
    const deployed = profile(field('Account.A__c', true, true));
    const org = profile(field('Account.A__c', false, true) + field('Account.B__c', true, true) + field('Account.C__c', false, false) + user('ApiEnabled', true));
    expect(undeployedChanges('Profile', deployed, org)).to.deep.equal([{ op: 'change', path: 'fieldPermissions[Account.A__c].editable', before: false, after: true }]);
  });

  it('Given a profile deploy that landed, with entries the org has and the deploy did not send, Then nothing remains', () => {
    const deployed = profile(field('Account.A__c', true, true) + user('ApiEnabled', false));
    const org = profile(field('Account.A__c', true, true) + field('Account.B__c', true, true) + user('ApiEnabled', false) + user('ViewSetup', true));
    expect(undeployedChanges('Profile', deployed, org)).to.deep.equal([]);
  });

  it('Given a sent revocation (all false) the org did not take, Then it remains', () => {
    const deployed = profile(field('Account.A__c', false, false));
    const org = profile(field('Account.A__c', true, true) + field('Account.B__c', true, true));
    expect(undeployedChanges('Profile', deployed, org).map((c) => c.path)).to.deep.equal(['fieldPermissions[Account.A__c].editable', 'fieldPermissions[Account.A__c].readable']);
  });

  it('Given a type the deploy replaces whole, Then what the org has beyond the deployed file remains', () => {
    expect(undeployedChanges('Layout', layout(['Name']), layout(['Name', 'Phone'])).length).to.be.greaterThan(0);
  });
});

// The real-metadata corpus (../shared/real-metadata, see its README) when it is there: a 4 MB profile.
const REAL_PROFILE = join(process.env.SF_POSTDEPLOY_REAL_METADATA ?? join(PROJECT_ROOT, '..', 'shared', 'real-metadata'), 'orgs', 'ref', 'profiles', 'Admin.profile-meta.xml');

describe('undeployedChanges on a real 4 MB profile (skipped without ../shared/real-metadata)', () => {
  it('Given a deploy of one field permission of it, Then the entries not sent are no remaining difference; only the sent one, when the org did not take it', function () {
    if (!existsSync(REAL_PROFILE)) this.skip();
    const real = readFileSync(REAL_PROFILE, 'utf8');
    const entry = /<fieldPermissions>\s*<editable>true<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/.exec(real)!;
    const deployed = `<?xml version="1.0" encoding="UTF-8"?>\n<Profile ${NS}>${entry[0]}</Profile>\n`;
    expect(undeployedChanges('Profile', deployed, real)).to.deep.equal([]);
    const notTaken = real.replace(entry[0], entry[0].replace('<editable>true</editable>', '<editable>false</editable>'));
    expect(undeployedChanges('Profile', deployed, notTaken)).to.deep.equal([{ op: 'change', path: `fieldPermissions[${entry[1]}].editable`, before: false, after: true }]);
  });
});
