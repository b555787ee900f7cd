import { expect } from 'chai';
import { findTypeRule, PERMISSION_REFERENCES, PERMISSION_SCOPE_TYPES, typeTable, type ChildRule, type ElementRule } from '../../../src/metadata/index.js';

const typesOfMetadataMd = [
  'Profile', 'PermissionSet', 'Layout', 'CompactLayout', 'ListView', 'RecordType', 'GlobalValueSet', 'StandardValueSet',
  'CustomField', 'FlexiPage', 'QuickAction', 'CustomObjectTranslation', 'CustomLabels', 'CustomLabel', 'CustomApplication', 'CustomObject',
];

function allRules(rule: ElementRule): ChildRule[] {
  return (rule.children ?? []).flatMap((child) => [child, ...allRules(child)]);
}

describe('type table', () => {
  it('Given docs/metadata-types.md, Then every type it describes has one row', () => {
    expect(typeTable.map((row) => row.type).sort()).to.deep.equal([...typesOfMetadataMd].sort());
  });

  it('Given a type outside the table, Then it has no row (it is compared as a whole)', () => {
    expect(findTypeRule('Report')).to.equal(undefined);
  });

  it('Given the rows docs/metadata-types.md calls unverified, Then the table marks them so', () => {
    expect(findTypeRule('RecordType')?.unverified).to.have.length.greaterThan(0);
    expect(findTypeRule('CustomObjectTranslation')?.unverified).to.have.length.greaterThan(0);
  });

  it('Given the deploy semantics, Then Profile is overlay, CustomLabels and CustomObject upsert, the layout family replace', () => {
    expect(findTypeRule('Profile')?.deploy).to.equal('overlay');
    expect(findTypeRule('CustomLabels')?.deploy).to.equal('upsert');
    expect(findTypeRule('CustomObject')?.deploy).to.equal('upsert');
    for (const type of ['PermissionSet', 'Layout', 'ListView', 'FlexiPage', 'QuickAction']) expect(findTypeRule(type)?.deploy).to.equal('replace');
  });

  it('Given every keyed collection, Then it names its key; every grid holds one keyed item collection', () => {
    for (const row of typeTable) {
      for (const rule of allRules(row)) {
        if (rule.shape === 'keyed') expect(rule.key, `${row.type} ${rule.tag}`).to.have.length.greaterThan(0);
        if (rule.transparentInPath) expect(rule.children?.filter((child) => child.shape === 'keyed')).to.have.length(1);
        if (rule.removal === 'deactivate') expect(rule.deactivation, `${row.type} ${rule.tag}`).to.not.equal(undefined);
      }
    }
  });

  it('Given Profile layout assignments, Then the key is composite layout + recordType', () => {
    const assignments = findTypeRule('Profile')?.children?.find((child) => child.tag === 'layoutAssignments');
    expect(assignments).to.include({ keyMode: 'composite' });
    expect(assignments?.key).to.deep.equal(['layout', 'recordType']);
  });
});

describe('permission scope table', () => {
  it('Given the permission references, Then the scope types are exactly the types they name', () => {
    expect(new Set(PERMISSION_REFERENCES.map((reference) => reference.type))).to.deep.equal(new Set(PERMISSION_SCOPE_TYPES));
  });

  it('Given a reference, Then its field is the key of a permission collection', () => {
    const rules = ['Profile', 'PermissionSet'].flatMap((type) => findTypeRule(type)!.children ?? []);
    for (const reference of PERMISSION_REFERENCES) {
      expect(rules.find((rule) => rule.tag === reference.tag)?.key?.[0], reference.tag).to.equal(reference.field);
    }
  });
});
