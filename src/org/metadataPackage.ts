/*
 * Metadata API zips on the client side: reading a retrieve zip into standalone components (child
 * types such as ListView taken out of their parent's file), and building a deploy zip from them
 * (children put back into their parent's file). Everything stays in memory.
 */
import type JSZip from 'jszip';
import { schemaType } from '../metadata/schema.js';
import { buildXmlNodes, isXmlElementNode, parseXmlNodes, xmlNodeTag as tagOf, xmlSyntaxError, type XmlNode as OrderedNode } from '../xml/index.js';
import { metadataRegistry } from './sdr.js';
import { ComponentKey, MetadataComponent } from './types.js';
import { ZipReads } from './zipReads.js';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

export class PackageError extends Error {}

/** JSZip, loaded with the first zip (not when a command is imported). */
export async function loadJSZip(): Promise<typeof JSZip> {
  return (await import('jszip')).default;
}

type TypeShape = {
  name: string;
  directoryName: string;
  suffix?: string;
  hasContent: boolean;
  isBundle: boolean;
  /** child types held in this type's files (CustomObject: CustomField, ListView, ...) */
  childTypes: string[];
  parent?: { name: string; xmlElement: string; idElement: string; ignoreParentName: boolean };
};

export function typeShape(typeName: string): TypeShape {
  const registry = metadataRegistry();
  let type;
  try {
    type = registry.getTypeByName(typeName);
  } catch {
    throw new PackageError(`unknown metadata type ${typeName}`);
  }
  const parentType = registry.getParentType(type.name);
  const adapter = type.strategies?.adapter ?? '';
  return {
    name: type.name,
    directoryName: type.directoryName ?? '',
    suffix: type.suffix,
    hasContent: ['matchingContentFile', 'mixedContent', 'bundle'].includes(adapter),
    isBundle: adapter === 'bundle',
    childTypes: Object.values(type.children?.types ?? {}).map((child) => child.name),
    parent: parentType
      ? {
          name: parentType.name,
          xmlElement: type.xmlElementName ?? type.directoryName ?? type.name,
          idElement: type.uniqueIdElement ?? 'fullName',
          ignoreParentName: Boolean(type.ignoreParentName),
        }
      : undefined,
  };
}

/** The parent component a child lives in: ListView `Account.All` -> CustomObject `Account`. */
export function parentOf(key: ComponentKey): { shape: TypeShape; parent: ComponentKey; childName: string } | undefined {
  const shape = typeShape(key.type);
  if (!shape.parent) return undefined;
  if (shape.parent.ignoreParentName) return { shape, parent: { type: shape.parent.name, fullName: shape.parent.name }, childName: key.fullName };
  const dot = key.fullName.indexOf('.');
  if (dot === -1) throw new PackageError(`${key.type} ${key.fullName} must be named Parent.Child`);
  return { shape, parent: { type: shape.parent.name, fullName: key.fullName.slice(0, dot) }, childName: key.fullName.slice(dot + 1) };
}

function filePath(shape: TypeShape, fullName: string): string {
  return `${shape.directoryName}/${fullName}${shape.suffix ? `.${shape.suffix}` : ''}`;
}

/** Refuses a document that is not well-formed XML (the validator also refuses one without a root element). */
function checkWellFormed(xml: string, where: string): void {
  const syntax = xmlSyntaxError(xml);
  if (syntax) throw new PackageError(`${where} is not well-formed XML (line ${syntax.line}: ${syntax.message})`);
}

const checked = new WeakSet<MetadataComponent>();

/** Whether the component is as read from a zip here, its XML checked well-formed (a copy with other XML is not). */
export function isCheckedWellFormed(component: MetadataComponent): boolean {
  return checked.has(component);
}

export function parseOrdered(xml: string, where: string): { rootTag: string; children: OrderedNode[] } {
  checkWellFormed(xml, where);
  const root = parseXmlNodes(xml).find(isXmlElementNode);
  if (!root) throw new PackageError(`${where} has no root element`);
  const rootTag = tagOf(root);
  return { rootTag, children: root[rootTag] as OrderedNode[] };
}

function childText(node: OrderedNode, tag: string): string | undefined {
  const inner = node[tagOf(node)] as OrderedNode[];
  const element = inner.find((child) => tagOf(child) === tag);
  const value = element ? (element[tag] as OrderedNode[])[0] : undefined;
  return value && typeof value['#text'] === 'string' ? value['#text'] : value ? String(value['#text'] ?? '') : undefined;
}

export function buildOrdered(rootTag: string, children: OrderedNode[]): string {
  const doc = [{ [rootTag]: children, ':@': { '@_xmlns': METADATA_NS } }];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${buildXmlNodes(doc)}`;
}

/** The children of one type held in a parent document, by full name: their elements, not yet documents. */
function indexChildren(parentChildren: OrderedNode[], parentKey: ComponentKey, childType: string): Map<string, OrderedNode[]> {
  const index = new Map<string, OrderedNode[]>();
  const parentInfo = typeShape(childType).parent;
  if (!parentInfo) return index;
  for (const node of parentChildren) {
    if (tagOf(node) !== parentInfo.xmlElement) continue;
    const id = childText(node, parentInfo.idElement) ?? '';
    index.set(parentInfo.ignoreParentName ? id : `${parentKey.fullName}.${id}`, node[parentInfo.xmlElement] as OrderedNode[]);
  }
  return index;
}

/**
 * The parent files of a retrieve zip, each parsed once and its children indexed once per child
 * type, however many of its children are asked for by name (an 800 KB object file with 16 list
 * views asked for one by one was parsed 16 times).
 */
class ParentFiles {
  private readonly parsed = new Map<string, OrderedNode[]>();
  private readonly indexes = new Map<string, Map<string, OrderedNode[]>>();

  public constructor(private readonly files: ZipFiles, private readonly reads?: ZipReads) {}

  /** undefined when the zip lacks the parent's file. */
  public children(parentShape: TypeShape, parentName: string, childType: string): Map<string, OrderedNode[]> | undefined {
    const path = filePath(parentShape, parentName);
    const indexKey = `${path}\n${childType}`;
    const known = this.indexes.get(indexKey);
    if (known) return known;
    const file = this.files.get(path);
    if (!file) return undefined;
    const content = file.toString('utf8');
    const digest = this.reads ? ZipReads.keyOf(content) : '';
    const shared = this.reads?.children.get(digest)?.get(indexKey);
    if (shared) {
      this.indexes.set(indexKey, shared);
      return shared;
    }
    let parentChildren = this.parsed.get(path);
    if (!parentChildren) {
      parentChildren = parseOrdered(content, `${childType} in ${parentShape.name} ${parentName} (${path})`).children;
      this.parsed.set(path, parentChildren);
    }
    const index = indexChildren(parentChildren, { type: parentShape.name, fullName: parentName }, childType);
    this.indexes.set(indexKey, index);
    const held = this.reads?.children.get(digest);
    if (held) held.set(indexKey, index);
    else if (this.reads?.holdsChildren(content.length)) this.reads.children.set(digest, new Map([[indexKey, index]]));
    return index;
  }
}

function isUnsafePath(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

type ZipFiles = Map<string, Buffer>;

async function readZip(zipBuffer: Buffer): Promise<ZipFiles> {
  let zip: JSZip;
  try {
    zip = await (await loadJSZip()).loadAsync(zipBuffer);
  } catch (error) {
    throw new PackageError(`the zip cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const files: ZipFiles = new Map();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    // nothing is written to disk, but a zip with escaping paths is not from a sane org: refuse it whole.
    // JSZip resolves `../` in entry names on load; the name as stored is kept in unsafeOriginalName.
    const stored = entry.unsafeOriginalName ?? entry.name;
    if (isUnsafePath(stored)) throw new PackageError(`the zip holds a path outside its folder: ${stored}`);
    // eslint-disable-next-line no-await-in-loop
    files.set(entry.name, await entry.async('nodebuffer'));
  }
  const manifest = [...files.keys()].find((name) => name === 'package.xml' || name.endsWith('/package.xml'));
  const root = manifest ? manifest.slice(0, -'package.xml'.length) : '';
  const relative: ZipFiles = new Map();
  for (const [name, content] of files) if (name.startsWith(root)) relative.set(name.slice(root.length), content);
  return relative;
}

function namesInDirectory(files: ZipFiles, shape: TypeShape): string[] {
  const prefix = `${shape.directoryName}/`;
  const names = new Set<string>();
  for (const path of files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (shape.isBundle) {
      names.add(rest.split('/')[0]);
      continue;
    }
    const file = rest.endsWith('-meta.xml') ? rest.slice(0, -'-meta.xml'.length) : rest;
    if (shape.suffix && file.endsWith(`.${shape.suffix}`)) names.add(file.slice(0, -(shape.suffix.length + 1)));
  }
  return [...names].sort();
}

function readTopLevel(files: ZipFiles, shape: TypeShape, fullName: string): MetadataComponent | undefined {
  if (shape.isBundle) {
    const prefix = `${shape.directoryName}/${fullName}/`;
    const bundle = [...files.entries()].filter(([path]) => path.startsWith(prefix));
    const meta = bundle.find(([path]) => path.endsWith('-meta.xml'));
    if (!meta) return undefined;
    return { type: shape.name, fullName, xml: meta[1].toString('utf8'), files: Object.fromEntries(bundle.filter(([path]) => path !== meta[0])) };
  }
  const path = filePath(shape, fullName);
  if (shape.hasContent) {
    const meta = files.get(`${path}-meta.xml`);
    if (!meta) return undefined;
    const content = files.get(path);
    return { type: shape.name, fullName, xml: meta.toString('utf8'), files: content ? { [path]: content } : undefined };
  }
  const xml = files.get(path);
  return xml ? { type: shape.name, fullName, xml: xml.toString('utf8') } : undefined;
}

/**
 * Reads the requested components out of a retrieve zip. Wildcard members (`*`) take every component
 * of the type in the zip. Components asked for but absent are left out (the org reports them).
 */
export async function componentsFromRetrieveZip(zipBuffer: Buffer, requested: ComponentKey[], reads?: ZipReads): Promise<MetadataComponent[]> {
  const files = await readZip(zipBuffer);
  const found = new Map<string, MetadataComponent>();
  const add = (component: MetadataComponent): void => {
    found.set(`${component.type}:${component.fullName}`, component);
  };
  const parents = new ParentFiles(files, reads);
  for (const key of requested) {
    const shape = typeShape(key.type);
    if (shape.parent) {
      const parentShape = typeShape(shape.parent.name);
      const parentNames = key.fullName === '*' ? namesInDirectory(files, parentShape) : [parentOf(key)!.parent.fullName];
      for (const parentName of parentNames) {
        const children = parents.children(parentShape, parentName, key.type);
        const wanted = key.fullName === '*' ? [...(children ?? new Map<string, OrderedNode[]>()).keys()] : [key.fullName];
        for (const fullName of wanted) {
          const inner = children?.get(fullName);
          if (inner && !found.has(`${key.type}:${fullName}`)) add({ type: key.type, fullName, xml: buildOrdered(key.type, inner) });
        }
      }
      continue;
    }
    const names = key.fullName === '*' ? namesInDirectory(files, shape) : [key.fullName];
    for (const name of names) {
      const component = readTopLevel(files, shape, name);
      if (component) {
        // checked here, where the zip path can be named; read later by whoever compares it
        const digest = reads ? ZipReads.keyOf(component.xml) : '';
        if (!reads?.wellFormed.has(digest)) checkWellFormed(component.xml, `${shape.name} ${name} (${filePath(shape, name)})`);
        reads?.wellFormed.add(digest);
        checked.add(component);
        add(component);
      }
    }
  }
  return [...found.values()];
}

function manifestXml(members: ComponentKey[], version: string): string {
  const byType = new Map<string, Set<string>>();
  for (const member of members) byType.set(member.type, (byType.get(member.type) ?? new Set()).add(member.fullName));
  const types = [...byType.keys()].sort().map((type) => ({
    types: [...[...byType.get(type)!].sort().map((name) => ({ members: [{ '#text': name }] })), { name: [{ '#text': type }] }],
  }));
  return buildOrdered('Package', [...types, { version: [{ '#text': version }] }]);
}

/**
 * A parent's elements in schema order: its own file's, then its children's as they come (fields,
 * list views and fields again) would be refused by an org. The sort is stable, so children of one
 * kind keep their order.
 */
function inSchemaOrder(typeName: string, nodes: OrderedNode[]): OrderedNode[] {
  const type = schemaType(typeName);
  if (!type) return nodes;
  const rank = (node: OrderedNode): number => type.rank.get(tagOf(node)) ?? Number.MAX_SAFE_INTEGER;
  return [...nodes].sort((left, right) => rank(left) - rank(right));
}

/** A metadata-format deploy zip (files at the root, as for singlePackage) with an optional destructiveChangesPost.xml. */
export async function buildDeployZip(components: MetadataComponent[], destructive: ComponentKey[], apiVersion: string): Promise<Buffer> {
  const zip = new (await loadJSZip())();
  const parents = new Map<string, { key: ComponentKey; children: OrderedNode[] }>();
  for (const component of components) {
    const located = parentOf(component);
    if (located) {
      const { rootTag, children } = parseOrdered(component.xml, `${component.type} ${component.fullName}`);
      if (rootTag !== component.type) throw new PackageError(`${component.type} ${component.fullName}: root element is ${rootTag}`);
      const key = `${located.parent.type}:${located.parent.fullName}`;
      const entry = parents.get(key) ?? { key: located.parent, children: [] };
      entry.children.push({ [located.shape.parent!.xmlElement]: children });
      parents.set(key, entry);
      continue;
    }
    const shape = typeShape(component.type);
    const path = filePath(shape, component.fullName);
    if (typeShape(component.type).hasContent) zip.file(`${path}-meta.xml`, component.xml);
    else if (!parents.has(`${component.type}:${component.fullName}`)) zip.file(path, component.xml);
    for (const [file, content] of Object.entries(component.files ?? {})) zip.file(file, content);
  }
  for (const { key, children } of parents.values()) {
    const shape = typeShape(key.type);
    const path = filePath(shape, key.fullName);
    const whole = components.find((c) => c.type === key.type && c.fullName === key.fullName);
    const base = whole ? parseOrdered(whole.xml, path).children : [];
    zip.file(path, buildOrdered(key.type, inSchemaOrder(key.type, [...base, ...children])));
  }
  zip.file('package.xml', manifestXml(components, apiVersion));
  if (destructive.length > 0) {
    zip.file('destructiveChangesPost.xml', manifestXml(destructive, apiVersion));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The members listed in a zip's package.xml. */
export async function manifestMembers(zipBuffer: Buffer): Promise<ComponentKey[]> {
  const files = await readZip(zipBuffer);
  const manifest = files.get('package.xml');
  if (!manifest) throw new PackageError('the zip has no package.xml');
  const { children } = parseOrdered(manifest.toString('utf8'), 'package.xml');
  const members: ComponentKey[] = [];
  for (const node of children.filter((child) => tagOf(child) === 'types')) {
    const inner = node.types as OrderedNode[];
    const name = inner.filter((child) => tagOf(child) === 'name').map((child) => textOf(child))[0];
    if (!name) continue;
    for (const member of inner.filter((child) => tagOf(child) === 'members')) members.push({ type: name, fullName: textOf(member) });
  }
  return members;
}

function textOf(node: OrderedNode): string {
  const inner = node[tagOf(node)] as OrderedNode[];
  return inner.length > 0 ? String(inner[0]['#text'] ?? '') : '';
}
