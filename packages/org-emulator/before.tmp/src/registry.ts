/*
 * Which metadata type a file in a Metadata API zip is, and which child types live inside a parent
 * file. The names come from SDR's registry so the emulator knows the same ~500 types the clients do.
 */
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';

type RegistryType = ReturnType<RegistryAccess['getTypeByName']>;

export type ChildTypeInfo = {
  /** e.g. ListView */
  name: string;
  /** the element inside the parent file, e.g. listViews */
  xmlElement: string;
  /** the element holding the child's own name, e.g. fullName */
  idElement: string;
  parent: string;
};

export type TypeInfo = {
  name: string;
  directoryName: string;
  suffix?: string;
  inFolder: boolean;
  /** the type's files carry a separate content file beside the -meta.xml (ApexClass, StaticResource, ...) */
  hasContent: boolean;
  children: ChildTypeInfo[];
};

const registry = new RegistryAccess();
const byName = new Map<string, TypeInfo>();
const byDirectory = new Map<string, TypeInfo[]>();
const childByName = new Map<string, ChildTypeInfo>();

const CONTENT_ADAPTERS = new Set(['matchingContentFile', 'mixedContent', 'bundle']);

function describe(type: RegistryType): TypeInfo {
  const children: ChildTypeInfo[] = Object.values(type.children?.types ?? {}).map((child) => ({
    name: child.name,
    xmlElement: child.xmlElementName ?? child.directoryName ?? child.name,
    idElement: child.uniqueIdElement ?? 'fullName',
    parent: type.name,
  }));
  return {
    name: type.name,
    directoryName: type.directoryName ?? '',
    suffix: type.suffix,
    inFolder: Boolean(type.inFolder),
    hasContent: CONTENT_ADAPTERS.has(type.strategies?.adapter ?? ''),
    children,
  };
}

function load(): void {
  if (byName.size > 0) return;
  const all = (registry as unknown as { registry: { types: Record<string, RegistryType> } }).registry.types;
  for (const type of Object.values(all)) {
    const info = describe(type);
    byName.set(info.name, info);
    const list = byDirectory.get(info.directoryName) ?? [];
    list.push(info);
    byDirectory.set(info.directoryName, list);
    for (const child of info.children) childByName.set(child.name, child);
  }
}

export function typeInfo(name: string): TypeInfo | undefined {
  load();
  return byName.get(name);
}

export function childTypeInfo(name: string): ChildTypeInfo | undefined {
  load();
  return childByName.get(name);
}

export function allTypes(): TypeInfo[] {
  load();
  return [...byName.values()];
}

export type ResolvedFile = { type: TypeInfo; fullName: string; isMetaXml: boolean };

/**
 * Resolves `layouts/Account-Account Layout.layout`, `classes/Foo.cls-meta.xml` or
 * `reports/Folder/Report.report` (path relative to the package root) to its type and full name.
 */
export function resolvePackagePath(relativePath: string): ResolvedFile | undefined {
  load();
  const segments = relativePath.split('/');
  if (segments.length < 2) return undefined;
  const candidates = byDirectory.get(segments[0]) ?? [];
  const rest = segments.slice(1).join('/');
  const isMetaXml = rest.endsWith('-meta.xml');
  const fileName = isMetaXml ? rest.slice(0, -'-meta.xml'.length) : rest;
  for (const type of candidates) {
    if (type.suffix && fileName.endsWith(`.${type.suffix}`)) {
      return { type, fullName: fileName.slice(0, -(type.suffix.length + 1)), isMetaXml };
    }
  }
  // folders of in-folder types (reports/Folder-meta.xml) and bundles (lwc/cmp/cmp.js) are named by their first segment
  const type = candidates[0];
  if (!type) return undefined;
  if (type.inFolder && isMetaXml && segments.length === 2) return undefined;
  if (type.hasContent) {
    const base = segments.length > 2 ? segments[1] : fileName.replace(/\.[^.]+$/, '');
    return { type, fullName: base, isMetaXml };
  }
  return undefined;
}

export function packagePath(type: TypeInfo, fullName: string): string {
  return `${type.directoryName}/${fullName}${type.suffix ? `.${type.suffix}` : ''}`;
}
