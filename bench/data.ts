/*
 * Generated bench data: fleets of org folders for the emulator, and large Profile documents.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { SOURCE_ORG, prng, shuffle, targetNames, tempDir } from './lib.js';

const LAYOUT = join('layouts', 'Account-Account Layout.layout');
const PROFILE = join('profiles', 'Admin.profile');
const VALUE_SET = join('globalValueSets', 'Regions.globalValueSet');

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`bench drift did not change ${path}`);
  writeFileSync(path, after);
}

/**
 * `ref` plus `count` targets copied from packages/org-emulator/orgs/source-org; every target drifts:
 * one in three loses a layout item, one in three has a narrowed field permission, the rest lack a
 * picklist value. The folders are in metadata format (converted once): the emulator seeds a
 * source-format folder through SDR's converter in ~3 s, a metadata-format one in ~30 ms.
 */
export async function smallFleet(root: string, count: number): Promise<{ orgsDir: string; targets: string[] }> {
  const orgsDir = join(root, 'orgs');
  const targets = targetNames(count);
  const mdapi = await sourceOrgInMetadataFormat();
  for (const alias of ['ref', ...targets]) cpSync(mdapi, join(orgsDir, alias), { recursive: true });
  targets.forEach((alias, i) => {
    const dir = join(orgsDir, alias);
    if (i % 3 === 0) edit(dir, LAYOUT, (t) => t.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, ''));
    else if (i % 3 === 1) edit(dir, PROFILE, (t) => t.replace(/<editable>true<\/editable>(\s*<field>Account.Tier__c)/, '<editable>false</editable>$1'));
    else edit(dir, VALUE_SET, (t) => t.replace(/<customValue>\s*<fullName>AMER<\/fullName>[\s\S]*?<\/customValue>/, ''));
  });
  return { orgsDir, targets };
}

let converted: Promise<string> | undefined;

/** packages/org-emulator/orgs/source-org converted to metadata format, once per bench run (SDR takes seconds). */
function sourceOrgInMetadataFormat(): Promise<string> {
  converted ??= (async (): Promise<string> => {
    const mdapi = join(tempDir('mdapi'), 'mdapi');
    const source = ComponentSet.fromSource(SOURCE_ORG);
    source.sourceApiVersion = '62.0'; // else SDR asks the network for the latest version
    await new MetadataConverter().convert(source, 'metadata', { type: 'directory', outputDirectory: mdapi, genUniqueDir: false });
    return mdapi;
  })();
  return converted;
}

export type ProfileSpec = { objects: number; fieldsPerObject: number };

/** Objects and fields per object that make a Profile of about `bytes`. */
export function profileSpecFor(bytes: number, objects = 100): ProfileSpec {
  // one fieldPermissions block is ~164 bytes, one objectPermissions block ~370
  const fields = Math.max(1, Math.round((bytes - objects * 370) / 164));
  return { objects, fieldsPerObject: Math.max(1, Math.ceil(fields / objects)) };
}

export const objectName = (i: number): string => `Obj_${String(i + 1).padStart(3, '0')}__c`;
const fieldName = (i: number): string => `Field_${String(i + 1).padStart(4, '0')}__c`;

type Entry = { key: string; xml: string };

function fieldEntry(field: string, editable: boolean, readable: boolean): Entry {
  return {
    key: `f:${field}`,
    xml: `    <fieldPermissions>\n        <editable>${editable}</editable>\n        <field>${field}</field>\n        <readable>${readable}</readable>\n    </fieldPermissions>\n`,
  };
}

function objectEntry(object: string, allowDelete: boolean): Entry {
  return {
    key: `o:${object}`,
    xml:
      `    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>${allowDelete}</allowDelete>\n        <allowEdit>true</allowEdit>\n` +
      `        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${object}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n`,
  };
}

export type ProfilePair = { reference: string; target: string; changes: string[]; entries: number };

/**
 * A Profile and a drifted copy: the same thousands of fieldPermissions and objectPermissions, each
 * file in its own shuffled order (so a text diff sees every line moved), plus a few real changes:
 * `realChanges` flipped field permissions, one object permission, one entry only in the reference
 * and one only in the target. `variant` seeds the shuffle and which entries change.
 */
export function profilePair(spec: ProfileSpec, variant: number, realChanges = 5): ProfilePair {
  const random = prng(1000 + variant);
  const base: Entry[] = [];
  const flags = new Map<string, [boolean, boolean]>();
  for (let o = 0; o < spec.objects; o++) {
    base.push(objectEntry(objectName(o), o % 2 === 0));
    for (let f = 0; f < spec.fieldsPerObject; f++) {
      const field = `${objectName(o)}.${fieldName(f)}`;
      const value: [boolean, boolean] = [(o + f) % 3 !== 0, true];
      flags.set(field, value);
      base.push(fieldEntry(field, value[0], value[1]));
    }
  }
  const changes: string[] = [];
  const target = [...base];
  const fieldIndexes = base.map((e, i) => (e.key.startsWith('f:') ? i : -1)).filter((i) => i >= 0);
  const picked = new Set<number>();
  while (picked.size < Math.min(realChanges + 2, fieldIndexes.length)) picked.add(fieldIndexes[Math.floor(random() * fieldIndexes.length)]);
  const [onlyReference, onlyTarget, ...flips] = [...picked];
  for (const index of flips) {
    const field = base[index].key.slice(2);
    const [editable, readable] = flags.get(field)!;
    target[index] = fieldEntry(field, !editable, readable);
    changes.push(`fieldPermissions[${field}].editable`);
  }
  const object = objectName(Math.floor(random() * spec.objects));
  const objectIndex = base.findIndex((e) => e.key === `o:${object}`);
  target[objectIndex] = objectEntry(object, !base[objectIndex].xml.includes('<allowDelete>true'));
  changes.push(`objectPermissions[${object}].allowDelete`);
  // one entry the target lacks, one entry only the target has (a field the reference no longer grants)
  const removed = base[onlyReference].key.slice(2);
  target.splice(onlyReference, 1, fieldEntry(`${objectName(0)}.Extra_${variant}__c`, false, true));
  changes.push(`fieldPermissions[${removed}] missing in target`, `fieldPermissions[${objectName(0)}.Extra_${variant}__c] only in target`);
  void onlyTarget;
  const document = (entries: Entry[]): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <custom>true</custom>\n` +
    // shuffled within each element, the elements in the schema's order (a real org refuses any other)
    shuffle(entries, random)
      .sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : 0))
      .map((e) => e.xml)
      .join('') +
    `    <userLicense>Salesforce</userLicense>\n</Profile>\n`;
  return { reference: document(base), target: document(target), changes, entries: base.length };
}

/** A Profile of about `bytes` in the pair, as a reference and a drifted target. */
export function profilePairOfSize(bytes: number, variant: number): ProfilePair {
  return profilePair(profileSpecFor(bytes), variant);
}

function objectXml(name: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n` +
    `    <deploymentStatus>Deployed</deploymentStatus>\n    <label>${name}</label>\n    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n` +
    `    <pluralLabel>${name}s</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n`
  );
}

/**
 * Metadata-format org folders (`ref` and `count` targets), each with the objects the profile names
 * and a Profile `Big` of about `bytes`: the reference's own copy, and each target its drifted copy.
 */
export function bigProfileFleet(root: string, count: number, bytes: number): { orgsDir: string; targets: string[]; profileBytes: number } {
  const orgsDir = join(root, 'orgs');
  const targets = targetNames(count);
  const spec = profileSpecFor(bytes);
  let profileBytes = 0;
  const objects = Array.from({ length: spec.objects }, (_, i) => objectName(i));
  const packageXml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n` +
    `    <types>\n${objects.map((o) => `        <members>${o}</members>\n`).join('')}        <name>CustomObject</name>\n    </types>\n` +
    `    <types>\n        <members>Big</members>\n        <name>Profile</name>\n    </types>\n    <version>62.0</version>\n</Package>\n`;
  ['ref', ...targets].forEach((alias, i) => {
    const dir = join(orgsDir, alias);
    mkdirSync(join(dir, 'objects'), { recursive: true });
    mkdirSync(join(dir, 'profiles'), { recursive: true });
    writeFileSync(join(dir, 'package.xml'), packageXml);
    for (const object of objects) writeFileSync(join(dir, 'objects', `${object}.object`), objectXml(object));
    // every target is its own drifted copy of the same reference (variant 0 makes the reference)
    const pair = profilePair(spec, i === 0 ? 0 : i);
    const xml = i === 0 ? pair.reference : pair.target;
    profileBytes = Math.max(profileBytes, Buffer.byteLength(xml));
    writeFileSync(join(dir, 'profiles', 'Big.profile'), xml);
  });
  return { orgsDir, targets, profileBytes };
}

/**
 * Big orgs at the real retrieve limits: `ref` and `count` targets of `objects` custom objects, one
 * layout each and `objects` Apex classes (two files each): 4 × `objects` files, plus a Profile
 * `Admin` naming every object, field, layout and class. Each target's profile narrows one field
 * permission. Metadata format, written once and copied.
 */
export function bigOrgFleet(root: string, count: number, objects: number): { orgsDir: string; targets: string[]; filesPerOrg: number } {
  const orgsDir = join(root, 'orgs');
  const targets = targetNames(count);
  const base = join(root, 'base');
  for (const dir of ['objects', 'layouts', 'classes', 'profiles']) mkdirSync(join(base, dir), { recursive: true });
  const names = Array.from({ length: objects }, (_, i) => objectName(i));
  const profile: string[] = [];
  for (const [i, object] of names.entries()) {
    writeFileSync(
      join(base, 'objects', `${object}.object`),
      objectXml(object).replace('</CustomObject>', '    <fields>\n        <fullName>Code__c</fullName>\n        <label>Code</label>\n        <length>20</length>\n        <type>Text</type>\n    </fields>\n</CustomObject>')
    );
    writeFileSync(
      join(base, 'layouts', `${object}-${object} Layout.layout`),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Layout xmlns="http://soap.sforce.com/2006/04/metadata">\n    <layoutSections>\n        <label>Information</label>\n        <layoutColumns>\n            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>Code__c</field>\n            </layoutItems>\n        </layoutColumns>\n        <style>OneColumn</style>\n    </layoutSections>\n</Layout>\n'
    );
    const cls = `Service${String(i + 1).padStart(5, '0')}`;
    writeFileSync(join(base, 'classes', `${cls}.cls`), `public with sharing class ${cls} {\n    public static Integer value() { return ${i}; }\n}\n`);
    writeFileSync(join(base, 'classes', `${cls}.cls-meta.xml`), '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>62.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n');
    profile.push(
      `    <classAccesses>\n        <apexClass>${cls}</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>\n`,
      fieldEntry(`${object}.Code__c`, true, true).xml,
      `    <layoutAssignments>\n        <layout>${object}-${object} Layout</layout>\n    </layoutAssignments>\n`,
      objectEntry(object, false).xml
    );
  }
  profile.push('    <custom>false</custom>\n', '    <userLicense>Salesforce</userLicense>\n');
  // the schema's element order (alphabetical for Profile): a real org refuses any other
  const order = (entry: string): string => /<(\w+)>/.exec(entry)![1];
  const sorted = profile.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const profileXml = `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n${sorted.join('')}</Profile>\n`;
  writeFileSync(join(base, 'profiles', 'Admin.profile'), profileXml);
  writeFileSync(
    join(base, 'package.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <version>62.0</version>\n</Package>\n'
  );
  ['ref', ...targets].forEach((alias, i) => {
    const dir = join(orgsDir, alias);
    cpSync(base, dir, { recursive: true });
    if (i > 0) {
      const field = `${objectName((i * 997) % objects)}.Code__c`;
      edit(dir, join('profiles', 'Admin.profile'), (t) => t.replace(`<editable>true</editable>\n        <field>${field}</field>`, `<editable>false</editable>\n        <field>${field}</field>`));
    }
  });
  return { orgsDir, targets, filesPerOrg: objects * 4 + 1 };
}
