/*
 * Derives the plugin's Metadata API schema (src/metadata/schema/metadata-schema.json) from
 * Salesforce's own WSDL of every API version the plugin supports: forcedotcom/wsdl,
 * resources/metadata.wsdl, one commit per version. The output is one file for all versions: each
 * element and enumeration value carries the versions it exists in (since / until), and the
 * script checks that the merged element order, restricted to one version, is that version's order.
 *
 *   node --import tsx scripts/deriveSchema.ts /path/to/forcedotcom+wsdl/repo
 *
 * The mirror is a git repository (bare or not); nothing is fetched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

/** The commit of resources/metadata.wsdl for each API version (the later one where a version appears twice). */
const COMMITS: ReadonlyArray<[string, string]> = [
  ['47.0', 'dfadd4c'],
  ['48.0', '987432c'],
  ['49.0', '5f26906'],
  ['50.0', '36fe133'],
  ['51.0', '0270c36'],
  ['52.0', '699155f'],
  ['53.0', '7ef2778'],
  ['54.0', 'e134782'],
  ['55.0', '386cb6e'],
  ['56.0', 'e463ab8'],
  ['57.0', '732298e'],
  ['58.0', '68eac26'],
  ['59.0', '9250ea3'],
  ['60.0', 'c1d7097'],
  ['61.0', '8d553e4'],
  ['62.0', '813c5de'],
  ['63.0', '2ffe1cd'],
  ['64.0', 'd7b1a04'],
  ['65.0', '5855538'],
  ['66.0', 'bace92d'],
];

/**
 * The types the plugin compares (src/metadata/typeTable.ts) and deploys as a file of their own
 * (docs/metadata-types.md); everything they reach is taken along.
 */
const ROOT_TYPES = [
  'Profile',
  'PermissionSet',
  'Layout',
  'CompactLayout',
  'ListView',
  'RecordType',
  'GlobalValueSet',
  'StandardValueSet',
  'CustomField',
  'FlexiPage',
  'QuickAction',
  'CustomObjectTranslation',
  'CustomLabels',
  'CustomLabel',
  'CustomApplication',
  'CustomObject',
  'CustomTab',
  'ValidationRule',
  'WebLink',
  'FieldSet',
  'BusinessProcess',
  'SharingReason',
  'Index',
  'PermissionSetGroup',
  'MutingPermissionSet',
];

type WsdlElement = { name: string; type: string; min: number; max: number };
type WsdlComplex = { base?: string; elements: WsdlElement[] };
type WsdlVersion = { complex: Map<string, WsdlComplex>; simple: Map<string, string[]> };

type Attr = Record<string, string>;
type Node = Record<string, unknown> & { ':attr'?: Attr };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', attributesGroupName: ':attr', isArray: () => true, parseAttributeValue: false });

const arr = (node: Node | undefined, tag: string): Node[] => (node?.[tag] as Node[] | undefined) ?? [];
const attr = (node: Node, name: string): string | undefined => (node[':attr'] as Attr[] | Attr | undefined) && ((Array.isArray(node[':attr']) ? (node[':attr'] as Attr[])[0] : (node[':attr'] as Attr))[name]);
const local = (qname: string): string => qname.replace(/^[a-z]+:/, '');

function elementsOf(sequence: Node | undefined): WsdlElement[] {
  return arr(sequence, 'xsd:element').map((element) => ({
    name: attr(element, 'name')!,
    type: attr(element, 'type')!.startsWith('xsd:') ? attr(element, 'type')! : local(attr(element, 'type')!),
    min: Number(attr(element, 'minOccurs') ?? '1'),
    max: attr(element, 'maxOccurs') === 'unbounded' ? -1 : Number(attr(element, 'maxOccurs') ?? '1'),
  }));
}

function readVersion(repo: string, commit: string): WsdlVersion {
  const text = execFileSync('git', ['-C', repo, 'show', `${commit}:resources/metadata.wsdl`], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const definitions = arr(parser.parse(text) as Node, 'definitions')[0];
  const schema = arr(arr(definitions, 'types')[0], 'xsd:schema').find((s) => attr(s, 'targetNamespace') === 'http://soap.sforce.com/2006/04/metadata');
  if (!schema) throw new Error(`${commit}: no metadata schema`);
  const complex = new Map<string, WsdlComplex>();
  for (const type of arr(schema, 'xsd:complexType')) {
    const name = attr(type, 'name')!;
    const extension = arr(arr(type, 'xsd:complexContent')[0], 'xsd:extension')[0];
    if (extension) complex.set(name, { base: local(attr(extension, 'base')!), elements: elementsOf(arr(extension, 'xsd:sequence')[0]) });
    else complex.set(name, { elements: elementsOf(arr(type, 'xsd:sequence')[0]) });
    for (const other of ['xsd:choice', 'xsd:all', 'xsd:group']) {
      if (arr(type, other).length > 0 || arr(extension, other).length > 0) throw new Error(`${commit}: ${name} uses ${other}, which this script does not read`);
    }
  }
  const simple = new Map<string, string[]>();
  for (const type of arr(schema, 'xsd:simpleType')) {
    const restriction = arr(type, 'xsd:restriction')[0];
    simple.set(attr(type, 'name')!, arr(restriction, 'xsd:enumeration').map((value) => attr(value, 'value')!));
  }
  return { complex, simple };
}

/** Since/until as indexes into the version list; until is the last version that has it. */
type Span = { first: number; last: number };

/**
 * One order for the element names of all versions: each version's order, merged. An element
 * some version lacks goes after the element it follows where it exists. Checked afterwards.
 */
function mergeOrder(orders: string[][]): string[] {
  const merged: string[] = [];
  for (const order of [...orders].reverse()) {
    order.forEach((name, index) => {
      if (merged.includes(name)) return;
      let at = 0;
      for (let previous = index - 1; previous >= 0; previous--) {
        const found = merged.indexOf(order[previous]);
        if (found >= 0) {
          at = found + 1;
          break;
        }
      }
      merged.splice(at, 0, name);
    });
  }
  return merged;
}

function spanText(span: Span, versions: readonly string[]): { since?: string; until?: string } {
  return {
    ...(span.first > 0 ? { since: versions[span.first] } : {}),
    ...(span.last < versions.length - 1 ? { until: versions[span.last] } : {}),
  };
}

function main(): void {
  const repo = process.argv[2];
  if (!repo) throw new Error('usage: node --import tsx scripts/deriveSchema.ts <path of a forcedotcom/wsdl git mirror>');
  const versions = COMMITS.map(([version]) => version);
  const fullCommits = COMMITS.map(([, commit]) => execFileSync('git', ['-C', repo, 'rev-parse', commit], { encoding: 'utf8' }).trim());
  const read = COMMITS.map(([, commit]) => readVersion(repo, commit));

  // every type reachable from the roots in any version
  const wanted = new Set<string>(['Metadata']);
  const queue = [...ROOT_TYPES];
  const enums = new Set<string>();
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (wanted.has(name) && name !== 'Metadata') continue;
    wanted.add(name);
    for (const version of read) {
      const type = version.complex.get(name);
      if (!type) {
        if (version.simple.has(name)) enums.add(name);
        continue;
      }
      if (type.base && !wanted.has(type.base)) queue.push(type.base);
      for (const element of type.elements) {
        if (element.type.startsWith('xsd:')) continue;
        if (version.simple.has(element.type)) enums.add(element.type);
        else if (!wanted.has(element.type)) queue.push(element.type);
      }
    }
  }
  for (const name of enums) wanted.delete(name);

  const types: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of [...wanted].sort()) {
    const present = read.map((version, index) => ({ type: version.complex.get(name), index })).filter((entry) => entry.type !== undefined);
    if (present.length === 0) {
      problems.push(`${name}: in no version`);
      continue;
    }
    const typeSpan = { first: present[0].index, last: present[present.length - 1].index };
    const bases = new Set(present.map((entry) => entry.type!.base ?? ''));
    if (bases.size > 1) problems.push(`${name}: base changes between versions (${[...bases].join(', ')})`);
    const order = mergeOrder(present.map((entry) => entry.type!.elements.map((element) => element.name)));
    const elements = order.map((elementName) => {
      const where = present.filter((entry) => entry.type!.elements.some((element) => element.name === elementName));
      const latest = where[where.length - 1].type!.elements.find((element) => element.name === elementName)!;
      const spans = where.map((entry) => entry.index);
      if (spans[spans.length - 1] - spans[0] + 1 !== spans.length) problems.push(`${name}.${elementName}: missing in some version between ${versions[spans[0]]} and ${versions[spans[spans.length - 1]]} (kept as one span)`);
      const kinds = new Set(where.map((entry) => { const e = entry.type!.elements.find((element) => element.name === elementName)!; return `${e.type}/${e.min}/${e.max}`; }));
      if (kinds.size > 1) problems.push(`${name}.${elementName}: changes between versions (${[...kinds].join(', ')}); the latest is kept`);
      const span = spanText({ first: spans[0], last: spans[spans.length - 1] }, versions);
      return { name: elementName, type: latest.type, ...(latest.min === 0 ? { optional: true } : {}), ...(latest.max === -1 ? { many: true } : {}), ...span };
    });
    // a version whose order the merged one does not keep (an order Salesforce changed) is kept whole
    const orders: Record<string, string[]> = {};
    for (const entry of present) {
      const own = entry.type!.elements.map((element) => element.name);
      const merged = order.filter((elementName) => own.includes(elementName));
      if (merged.join() !== own.join()) {
        orders[versions[entry.index]] = own;
        problems.push(`${name}: API ${versions[entry.index]} has its own order (${own.join(', ')})`);
      }
    }
    const base = present[present.length - 1].type!.base;
    types[name] = { ...(base ? { base } : {}), ...spanText(typeSpan, versions), elements, ...(Object.keys(orders).length > 0 ? { orders } : {}) };
  }

  const enumerations: Record<string, unknown> = {};
  for (const name of [...enums].sort()) {
    const present = read.map((version, index) => ({ values: version.simple.get(name), index })).filter((entry) => entry.values !== undefined);
    const all = mergeOrder(present.map((entry) => entry.values!));
    enumerations[name] = all.map((value) => {
      const where = present.filter((entry) => entry.values!.includes(value)).map((entry) => entry.index);
      const span = spanText({ first: where[0], last: where[where.length - 1] }, versions);
      return Object.keys(span).length === 0 ? value : { value, ...span };
    });
  }

  const license = execFileSync('git', ['-C', repo, 'show', `${COMMITS[COMMITS.length - 1][1]}:LICENSE.txt`], { encoding: 'utf8' });
  const output = {
    // the licence travels with the data (lib/ holds the JSON without the NOTICE beside it)
    notice: `Derived from the Salesforce Metadata API WSDL (forcedotcom/wsdl, resources/metadata.wsdl). ${license.trim()}`,
    source: {
      repository: 'https://github.com/forcedotcom/wsdl',
      file: 'resources/metadata.wsdl',
      license: 'BSD-3-Clause',
      commits: Object.fromEntries(versions.map((version, index) => [version, fullCommits[index]])),
    },
    versions,
    roots: ROOT_TYPES,
    types,
    enumerations,
  };
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '../src/metadata/schema');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'metadata-schema.json'), `${JSON.stringify(output)}\n`);
  writeFileSync(
    join(outDir, 'NOTICE'),
    [
      'metadata-schema.json is derived by scripts/deriveSchema.ts from the Salesforce Metadata API WSDL',
      'published in https://github.com/forcedotcom/wsdl, file resources/metadata.wsdl, at these commits:',
      '',
      ...versions.map((version, index) => `  API ${version}: ${fullCommits[index]}`),
      '',
      'It keeps, for the types listed under "roots" and every type they reach: the ordered element',
      'sequence, element types, occurrence, enumeration values, and the API versions where each exists.',
      '',
      'The WSDL is distributed under this licence (LICENSE.txt of that repository):',
      '',
      license.trimEnd(),
      '',
    ].join('\n')
  );
  process.stdout.write(`${Object.keys(types).length} types, ${Object.keys(enumerations).length} enumerations\n`);
  for (const problem of problems) process.stdout.write(`note: ${problem}\n`);
}

main();
