import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { PERMISSION_TYPES, scopedToRequest, SUBSCRIBER_CONTROLLED_TYPES, TYPE_HANDLERS, isListable, typeHandler } from '../../../src/metadata/index.js';

const typesDir = new URL('../../../src/metadata/types/', import.meta.url);
const moduleOf = (type: string): string => `${type[0].toLowerCase()}${type.slice(1)}.ts`;

describe('metadata/types registry', () => {
  it('Given the registry, Then each type has one module of its own name in src/metadata/types, registered under its row type', () => {
    const files = new Set(readdirSync(typesDir));
    for (const [type, handler] of TYPE_HANDLERS) {
      expect(handler.rule.type).to.equal(type);
      expect(files.has(moduleOf(type)), moduleOf(type)).to.equal(true);
    }
  });

  it('Given the Layout module, Then its naming rules are the ones listMetadata, retrieves and selections need', () => {
    const layout = typeHandler('Layout')!;
    expect(layout.objectOf!('Account-Account Layout')).to.equal('Account');
    expect(layout.retrievableName!('pkg__Invoice__c-Invoice Layout', 'pkg')).to.equal('pkg__Invoice__c-pkg__Invoice Layout');
    expect(layout.selectableNames!('Account-pkg__Account Layout', 'pkg')).to.deep.equal(['Account-Account Layout']);
    expect(typeHandler('ListView')!.objectOf).to.equal(undefined);
  });

  it('Given the type lists derived from the modules, Then they hold the types the modules mark', () => {
    expect(SUBSCRIBER_CONTROLLED_TYPES).to.deep.equal(['Layout', 'ListView', 'CompactLayout', 'RecordType', 'GlobalValueSet', 'StandardValueSet', 'QuickAction', 'FlexiPage', 'CustomApplication', 'Profile']);
    expect([...PERMISSION_TYPES].sort()).to.deep.equal(['PermissionSet', 'Profile']);
    expect(isListable('StandardValueSet')).to.equal(false);
    expect(isListable('Layout')).to.equal(true);
    expect(isListable('ApexClass')).to.equal(true);
    expect(scopedToRequest('Profile', '62.0')).to.equal(true);
    expect(scopedToRequest('PermissionSet', '39.0')).to.equal(true);
    expect(scopedToRequest('PermissionSet', '40.0')).to.equal(false);
    expect(scopedToRequest('Layout', '39.0')).to.equal(false);
  });
});
