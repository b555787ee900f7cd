/*
 * The real-metadata corpus of ../shared/real-metadata (or SF_POSTDEPLOY_REAL_METADATA) seeded as
 * emulator orgs: shared by `npm run check:real` and the real-fleet row of `npm run bench`. Reads the
 * corpus where it is; writes copies only into the orgs folder it is given (a temporary one).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT_ROOT } from './lib.js';

export const CORPUS = process.env.SF_POSTDEPLOY_REAL_METADATA ?? join(PROJECT_ROOT, '..', 'shared', 'real-metadata');
export const REFERENCE_DIR = join(CORPUS, 'orgs', 'ref');

/** Whether the corpus is there; a script that needs it says it skipped when it is not. */
export const hasCorpus = (): boolean => existsSync(REFERENCE_DIR);

// a name whose own part starts `ns__` (`ns__Loan__c`, `Obj-ns__Layout`, `ns__LogACall`): `ns` is a
// package's prefix; `Name__c` alone (one double underscore before a suffix) is the org's own
const NAMESPACED = /(?:^|[./-])([A-Za-z](?:[A-Za-z0-9]|_(?!_))*?)__(?!(?:c|mdt|e|x|b|r|pc)\b)[A-Za-z]/;

/**
 * The corpus is a customer org with managed packages installed: every org seeded from it declares
 * them (packages/org-emulator/README.md, installed-packages.json), so that a package's components the corpus
 * does not carry are there, as they are in the real org, and its components are listed as managed.
 */
function installedPackages(): Array<{ namespace: string; version: string }> {
  const namespaces = new Set<string>();
  for (const entry of readdirSync(REFERENCE_DIR, { recursive: true, encoding: 'utf8' })) {
    const namespace = NAMESPACED.exec(entry)?.[1];
    // standard__ is Salesforce's own (standard__Sales), not a package
    if (namespace && namespace !== 'standard') namespaces.add(namespace);
  }
  return [...namespaces].sort().map((namespace) => ({ namespace, version: '1.0' }));
}

const STUB_OBJECT = (name: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n    <deploymentStatus>Deployed</deploymentStatus>\n    <label>${name}</label>\n    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n    <pluralLabel>${name}</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n`;
const STUB_FIELD = (name: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>${name}</fullName>\n    <label>${name}</label>\n    <length>255</length>\n    <type>Text</type>\n</CustomField>\n`;

const STUB_LOOKUP = (name: string, target: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>${name}</fullName>\n    <label>${name}</label>\n    <referenceTo>${target}</referenceTo>\n    <relationshipName>${name.replace(/__c$/, '')}s</relationshipName>\n    <type>Lookup</type>\n</CustomField>\n`;
const STUB_ACTION = (name: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<QuickAction xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>${name}</label>\n    <optionsCreateFeedItem>false</optionsCreateFeedItem>\n    <type>Create</type>\n</QuickAction>\n`;

/**
 * Files the real org has and the corpus does not carry, which a real org checks a deploy against:
 * the custom fields that its layouts' related lists name on custom child objects (those objects,
 * and for a column of another object, `Object__c.Field__c`, that object's field and the child's
 * lookup to it), and the quick actions its layouts name (a managed package's global actions,
 * `LLC_BI__NewTask`). An installed package's components are in the real org; the emulator knows
 * only what its folder holds, so the check completes the org with plain stubs, the same in every
 * copy. Returned as relative path -> content.
 */
function missingFiles(): Map<string, string> {
  const stubs = new Map<string, string>();
  const has = (path: string): boolean => existsSync(join(REFERENCE_DIR, path));
  const stub = (path: string, content: string): void => {
    if (!has(path)) stubs.set(path, content);
  };
  const objectStub = (object: string): void => stub(join('objects', object, `${object}.object-meta.xml`), STUB_OBJECT(object));
  const fieldStub = (object: string, field: string, content = STUB_FIELD(field)): void => {
    if (!has(join('objects', object))) objectStub(object);
    stub(join('objects', object, 'fields', `${field}.field-meta.xml`), content);
  };
  const layouts = join(REFERENCE_DIR, 'layouts');
  if (!existsSync(layouts)) return stubs;
  for (const file of readdirSync(layouts)) {
    const object = file.slice(0, file.indexOf('-'));
    const xml = withoutSourceOrgNamespace(readFileSync(join(layouts, file), 'utf8'));
    for (const [, block] of xml.matchAll(/<relatedLists>([\s\S]*?)<\/relatedLists>/g)) {
      const child = /<relatedList>([^<.]+)\./.exec(block)?.[1];
      if (!child?.endsWith('__c')) continue;
      for (const [, named] of block.matchAll(/<fields>([^<]+)<\/fields>/g)) {
        const field = named.startsWith(`${child}.`) ? named.slice(child.length + 1) : named;
        if (!field.endsWith('__c')) continue;
        if (!field.includes('.')) {
          fieldStub(child, field);
          continue;
        }
        const [far, farField] = field.split('.');
        fieldStub(far, farField);
        const lookups = existsSync(join(REFERENCE_DIR, 'objects', child, 'fields'))
          ? readdirSync(join(REFERENCE_DIR, 'objects', child, 'fields')).filter((f) => readFileSync(join(REFERENCE_DIR, 'objects', child, 'fields', f), 'utf8').includes(`<referenceTo>${far}</referenceTo>`))
          : [];
        if (lookups.length === 0) fieldStub(child, far, STUB_LOOKUP(far, far));
      }
    }
    const actions = [
      ...[...xml.matchAll(/<quickActionName>([^<]+)<\/quickActionName>/g)].map((m) => m[1]),
      ...[...xml.matchAll(/<actionName>([^<]+)<\/actionName>\s*<actionType>QuickAction<\/actionType>/g)].map((m) => m[1]),
    ];
    for (const action of actions) {
      if (action.startsWith('FeedItem.') || has(join('quickActions', `${object}.${action}.quickAction-meta.xml`))) continue;
      stub(join('quickActions', `${action}.quickAction-meta.xml`), STUB_ACTION(action));
    }
  }
  return stubs;
}

export function completionSummary(): string {
  const stubs = [...(completion?.stubs.keys() ?? [])];
  const count = (folder: string, suffix: string): number => stubs.filter((path) => path.includes(folder) && path.endsWith(suffix)).length;
  return `${count('objects', '.object-meta.xml')} objects, ${count('fields', '.field-meta.xml')} fields, ${count('quickActions', '.quickAction-meta.xml')} quick actions`;
}


let completion: { namespaces: Array<{ namespace: string; version: string }>; stubs: Map<string, string> } | undefined;

/**
 * One org folder `orgsDir/name` seeded from the corpus, every XML file through `transform` when
 * given; `changed` hears of each file the transform changed (its path relative to the corpus org).
 */
export function copyOrg(name: string, orgsDir: string, transform?: (file: string, xml: string) => string, changed?: (path: string) => void): void {
  const dest = join(orgsDir, name);
  mkdirSync(dest, { recursive: true });
  if (!completion) {
    const namespaces = installedPackages();
    completion = { namespaces, stubs: missingFiles() };
  }
  writeFileSync(join(dest, 'installed-packages.json'), JSON.stringify({ packages: completion.namespaces }, null, 2));
  for (const [path, content] of completion.stubs) {
    mkdirSync(dirname(join(dest, path)), { recursive: true });
    writeFileSync(join(dest, path), content);
  }
  for (const entry of readdirSync(REFERENCE_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(dest, relative(REFERENCE_DIR, source));
    mkdirSync(dirname(target), { recursive: true });
    if (!entry.name.endsWith('.xml')) {
      cpSync(source, target);
      continue;
    }
    const xml = withoutSourceOrgNamespace(readFileSync(source, 'utf8'));
    const written = transform ? transform(entry.name, xml) : xml;
    if (written !== xml) changed?.(relative(REFERENCE_DIR, source));
    writeFileSync(target, written);
  }
}

/**
 * A sample app of the corpus was written in a namespaced developer org (`animalshelters`): its
 * layouts name their own quick actions with that prefix, which resolves only in an org of that
 * namespace. The check's orgs have no namespace of their own, so every copy drops the prefix.
 */
const SOURCE_ORG_NAMESPACES = ['animalshelters'];
function withoutSourceOrgNamespace(xml: string): string {
  return SOURCE_ORG_NAMESPACES.reduce((text, namespace) => text.split(`${namespace}__`).join(''), xml);
}

const FIRST_LAYOUT_FIELD_ITEM = /\s*<layoutItems>(?:(?!<\/layoutItems>)[\s\S])*?<field>[^<]*<\/field>(?:(?!<\/layoutItems>)[\s\S])*?<\/layoutItems>/;
const LAST_COLUMN = /\s*<columns>[^<]*<\/columns>(?![\s\S]*<columns>)/;
const LAST_CUSTOM_VALUE = /\s*<customValue>(?:(?!<\/customValue>)[\s\S])*<\/customValue>(?![\s\S]*<customValue>)/;

/** What admins and upgrades do to subscriber-controlled metadata: an item, a column, a value removed, field permissions narrowed. */
export function driftedXml(file: string, xml: string): string {
  if (file.endsWith('.layout-meta.xml')) return xml.replace(FIRST_LAYOUT_FIELD_ITEM, '');
  if (file.endsWith('.listView-meta.xml')) return xml.replace(LAST_COLUMN, '');
  if (file.endsWith('.globalValueSet-meta.xml')) return xml.replace(LAST_CUSTOM_VALUE, '');
  if (file.endsWith('.profile-meta.xml')) {
    let left = 20;
    return xml.replace(/<editable>true<\/editable>/g, (all) => (left-- > 0 ? '<editable>false</editable>' : all));
  }
  return xml;
}
