import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { SUBSCRIBER_CONTROLLED_TYPES } from '../../../src/metadata/index.js';
import { defaultSelection, matchesPattern, parseMemberArg, selectionFromManifest } from '../../../src/plan/selection.js';
import { shardTargets } from '../../../src/plan/shard.js';

describe('selection', () => {
  it('Given Type, Type:Name and wildcards, When parsed, Then type and name pattern are split at the first colon', () => {
    expect(parseMemberArg('Layout')).to.deep.equal({ type: 'Layout', name: '*' });
    expect(parseMemberArg('Layout:Account-*')).to.deep.equal({ type: 'Layout', name: 'Account-*' });
    expect(parseMemberArg('Profile:Custom: Sales')).to.deep.equal({ type: 'Profile', name: 'Custom: Sales' });
  });

  it('Given a malformed value, When parsed, Then InvalidMetadataArg explains the format', () => {
    for (const bad of [':Layout', 'Lay out', 'Layout:', '9Layout']) {
      expect(() => parseMemberArg(bad), bad).to.throw(SfError).with.property('name', 'InvalidMetadataArgError');
    }
  });

  it('Given wildcard patterns, Then they match whole names only', () => {
    expect(matchesPattern('*', 'Account-Account Layout')).to.equal(true);
    expect(matchesPattern('Account-*', 'Account-Account Layout')).to.equal(true);
    expect(matchesPattern('Account-*', 'Contact-Account Layout')).to.equal(false);
    expect(matchesPattern('Acc.unt', 'Account')).to.equal(false);
    expect(matchesPattern('Account (Marketing)', 'Account (Marketing)')).to.equal(true);
  });

  it('Given no selection, Then the subscriber-controlled types are selected whole', () => {
    const selection = defaultSelection();
    expect(selection.source).to.equal('default');
    expect(selection.patterns.map((p) => p.type)).to.deep.equal([...SUBSCRIBER_CONTROLLED_TYPES]);
    expect(selection.patterns.every((p) => p.name === '*')).to.equal(true);
  });

  it('Given a package.xml, Then its members become the selection; a broken one is refused', () => {
    const xml = '<?xml version="1.0"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Admin</members><members>Sales</members><name>Profile</name></types><types><members>*</members><name>Layout</name></types><version>62.0</version></Package>';
    expect(selectionFromManifest(xml, 'package.xml').members).to.deep.equal(['Profile:Admin', 'Profile:Sales', 'Layout:*']);
    expect(() => selectionFromManifest('<Package><types>', 'p.xml')).to.throw(SfError).with.property('name', 'InvalidManifestError');
    expect(() => selectionFromManifest('<Package><version>62.0</version></Package>', 'p.xml')).to.throw(/no <Package><types>/);
  });

  it('Given a manifest of another root, a text-only <types> or a <types> without members, Then it is refused, never half read', () => {
    expect(() => selectionFromManifest('<Other><types><name>Layout</name><members>*</members></types></Other>', 'p.xml')).to.throw(/no <Package><types>/);
    expect(() => selectionFromManifest('<Package><types>Layout</types></Package>', 'p.xml')).to.throw(/needs a <name> and at least one <members>/);
    expect(() => selectionFromManifest('<Package><types><name>Layout</name></types></Package>', 'p.xml')).to.throw(/needs a <name> and at least one <members>/);
    expect(selectionFromManifest('<Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members> A &amp; B </members><name>Layout</name></types></Package>', 'p.xml').members).to.deep.equal(['Layout:A & B']);
  });

  it('Given n shards, Then every target is in exactly one shard whatever the input order', () => {
    const targets = ['qa', 'uat', 'dev1', 'dev2', 'perf', 'training', 'acme'];
    const shards = [1, 2, 3].map((index) => shardTargets(targets, { index, count: 3 }));
    expect(shards.flat().sort()).to.deep.equal([...targets].sort());
    expect(shardTargets([...targets].reverse(), { index: 2, count: 3 })).to.deep.equal(shards[1]);
  });
});
