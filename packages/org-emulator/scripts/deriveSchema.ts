/*
 * Derives the emulator's Metadata API schema data (schema/metadata-schema.json.gz and
 * schema/NOTICE) from Salesforce's Metadata API WSDL of every release, as kept in a git clone of
 * forcedotcom/wsdl (`resources/metadata.wsdl`, one commit per API version).
 *
 *   npx tsx packages/org-emulator/scripts/deriveSchema.ts <path of a forcedotcom/wsdl git clone>
 *
 * What is kept: every complexType that derives from Metadata, every type they reach through their
 * elements, and every type that extends a kept type (a file may name it with xsi:type); for each,
 * the versions that have it (`versions`, [first, last] runs; absent: all), its base type and its own element sequence (name, type, minOccurs, maxOccurs), and every
 * enumeration those elements use. The versions are merged: each element and each enumeration
 * value carries the first and last API version (as an index into `versions`) that has it, so the
 * sequence of one version is the merged list filtered to that version, in order.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { WSDL_COMMITS, git } from './wsdlHistory.js';

const COMMITS = WSDL_COMMITS;

type Element = { name: string; type: string; min: number; max: number };
type VersionSchema = {
  types: Map<string, { base?: string; elements: Element[] }>;
  enums: Map<string, string[]>;
};
/** [name, type, minOccurs, maxOccurs (-1: unbounded), first version index, last version index] */
type MergedElement = [string, string, number, number, number, number];

type Node = Record<string, unknown>;
const asArray = (value: unknown): Node[] => (value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node]);
/** tns:X -> X (a type of the schema); xsd:X stays xsd:X (a built-in simple type) */
const typeName = (qualified: string): string => (qualified.startsWith('tns:') ? qualified.slice(4) : qualified);

function readVersion(repo: string, commit: string): { schema: VersionSchema; version: string } {
  const wsdl = git(repo, 'show', `${commit}:resources/metadata.wsdl`);
  const header = /Metadata API version (\d+\.\d+)/.exec(wsdl);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name !== 'definitions' && name !== 'types',
  });
  const root = parser.parse(wsdl) as Node;
  const definitions = root.definitions as Node;
  const schemaNode = asArray((definitions.types as Node)['xsd:schema'])[0];
  const types = new Map<string, { base?: string; elements: Element[] }>();
  const elementsOf = (sequence: Node | undefined): Element[] =>
    asArray(sequence?.['xsd:element']).map((e) => ({
      name: String(e.name),
      type: typeName(String(e.type)),
      min: e.minOccurs === undefined ? 1 : Number(e.minOccurs),
      max: e.maxOccurs === 'unbounded' ? -1 : e.maxOccurs === undefined ? 1 : Number(e.maxOccurs),
    }));
  for (const complex of asArray(schemaNode['xsd:complexType'])) {
    const extension = asArray(asArray(complex['xsd:complexContent'])[0]?.['xsd:extension'])[0];
    if (extension) {
      types.set(String(complex.name), { base: typeName(String(extension.base)), elements: elementsOf(asArray(extension['xsd:sequence'])[0]) });
    } else {
      types.set(String(complex.name), { elements: elementsOf(asArray(complex['xsd:sequence'])[0]) });
    }
  }
  const enums = new Map<string, string[]>();
  for (const simple of asArray(schemaNode['xsd:simpleType'])) {
    const values = asArray(asArray(simple['xsd:restriction'])[0]?.['xsd:enumeration']).map((e) => String(e.value));
    if (values.length > 0) enums.set(String(simple.name), values);
  }
  return { schema: { types, enums }, version: header?.[1] ?? '' };
}

/** The types a deployed file may hold: Metadata's descendants, what they reach, and the subtypes of those. */
function keptTypes(schema: VersionSchema): Set<string> {
  const derivesFromMetadata = (name: string): boolean => {
    for (let current: string | undefined = name; current; current = schema.types.get(current)?.base) if (current === 'Metadata') return true;
    return false;
  };
  const kept = new Set<string>();
  const queue = [...schema.types.keys()].filter(derivesFromMetadata);
  const subtypes = new Map<string, string[]>();
  for (const [name, info] of schema.types) if (info.base) subtypes.set(info.base, [...(subtypes.get(info.base) ?? []), name]);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (kept.has(name) || !schema.types.has(name)) continue;
    kept.add(name);
    const info = schema.types.get(name);
    if (info?.base) queue.push(info.base);
    for (const element of info?.elements ?? []) queue.push(element.type);
    queue.push(...(subtypes.get(name) ?? []));
  }
  return kept;
}

/** Version indexes (ascending) as [first, last] runs. */
function ranges(indexes: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const index of indexes) {
    const last = runs.at(-1);
    if (last && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/** Adds one version's sequence to the merged list: an element continues its entry while its order and facets hold. */
function mergeSequence(merged: MergedElement[], sequence: Element[], index: number): void {
  let previous = -1;
  for (const element of sequence) {
    const at = merged.findIndex(
      (entry, i) => i > previous && entry[0] === element.name && entry[1] === element.type && entry[2] === element.min && entry[3] === element.max && entry[5] === index - 1
    );
    if (at !== -1) {
      merged[at][5] = index;
      previous = at;
    } else {
      merged.splice(previous + 1, 0, [element.name, element.type, element.min, element.max, index, index]);
      previous += 1;
    }
  }
}

function main(): void {
  const repo = process.argv[2];
  if (!repo) throw new Error('usage: deriveSchema.ts <path of a forcedotcom/wsdl git clone>');
  const versions = COMMITS.map(([version]) => version);
  const types = new Map<string, { versions: number[]; bases: Array<[string, number, number]>; elements: MergedElement[] }>();
  const enums = new Map<string, Map<string, [number, number]>>();
  const fullCommits: string[] = [];
  COMMITS.forEach(([version, commit], index) => {
    fullCommits.push(git(repo, 'rev-parse', commit).trim());
    const { schema, version: stated } = readVersion(repo, commit);
    if (stated !== version) throw new Error(`${commit} holds the WSDL of API ${stated}, not ${version}`);
    const kept = keptTypes(schema);
    const usedEnums = new Set<string>();
    for (const name of kept) {
      const info = schema.types.get(name);
      if (!info) continue;
      const entry = types.get(name) ?? { versions: [], bases: [], elements: [] };
      entry.versions.push(index);
      if (info.base) {
        const last = entry.bases.at(-1);
        if (last && last[0] === info.base && last[2] === index - 1) last[2] = index;
        else entry.bases.push([info.base, index, index]);
      }
      mergeSequence(entry.elements, info.elements, index);
      types.set(name, entry);
      for (const element of info.elements) if (schema.enums.has(element.type)) usedEnums.add(element.type);
    }
    for (const name of usedEnums) {
      const values = enums.get(name) ?? new Map<string, [number, number]>();
      for (const value of schema.enums.get(name) ?? []) {
        const range = values.get(value);
        if (range && range[1] === index - 1) range[1] = index;
        else if (!range) values.set(value, [index, index]);
        // a value that left and came back: its gap is not recorded, the widest range is kept
        else range[1] = index;
      }
      enums.set(name, values);
    }
  });
  const last = versions.length - 1;
  // ranges that span every version are left out: [since, until] only where they differ
  const range = (since: number, until: number): number[] => (since === 0 && until === last ? [] : [since, until]);
  const data = {
    versions,
    types: Object.fromEntries(
      [...types.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, entry]) => [
          name,
          {
            ...(entry.versions.length === versions.length ? {} : { versions: ranges(entry.versions) }),
            ...(entry.bases.length > 0 ? { base: entry.bases.map(([base, since, until]) => [base, ...range(since, until)]) } : {}),
            elements: entry.elements.map(([element, type, min, max, since, until]) => [element, type, min, max, ...range(since, until)]),
          },
        ])
    ),
    enums: Object.fromEntries(
      [...enums.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, values]) => [name, [...values.entries()].map(([value, [since, until]]) => (since === 0 && until === last ? value : [value, since, until]))])
    ),
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, '..', 'schema');
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(data);
  writeFileSync(join(out, 'metadata-schema.json.gz'), gzipSync(json, { level: 9 }));
  const license = git(repo, 'show', `${fullCommits.at(-1) ?? ''}:LICENSE.txt`);
  const notice = [
    'schema/metadata-schema.json.gz is derived from the Salesforce Metadata API WSDL',
    '(file resources/metadata.wsdl of the repository https://github.com/forcedotcom/wsdl),',
    'by scripts/deriveSchema.ts, at these commits:',
    '',
    ...COMMITS.map(([version], i) => `  API ${version}  ${fullCommits[i]}`),
    '',
    'That repository is distributed under the following licence:',
    '',
    license.trimEnd(),
    '',
  ].join('\n');
  writeFileSync(join(out, 'NOTICE'), notice);
  process.stdout.write(`${types.size} types, ${enums.size} enumerations, ${json.length} bytes of JSON\n`);
}

main();
