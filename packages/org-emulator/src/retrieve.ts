/*
 * A retrieve as Salesforce answers it: wildcards expanded, child components inside their parent's
 * file, and Profile / PermissionSet files holding only the entries for components in the same request.
 */
import { DEFAULT_GLOBAL_ACTIONS } from './refusals.js';
import { ComponentStore, StoredComponent, storeGet, storeList } from './org.js';
import { ManifestTypes, buildManifest, buildZip } from './packageZip.js';
import { TypeInfo, childTypeInfo, packagePath, typeInfo } from './registry.js';
import { inSchemaOrder } from './schema.js';
import { assembleParent, childrenOf } from './semantics.js';
import { XmlNode, XmlValue, serializeMetadataXml, text } from './xml.js';

export type FileProperty = {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: string;
  namespacePrefix?: string;
  type: string;
};

function managedState(namespace: string | undefined, state: string = namespace ? 'installed' : 'unmanaged'): { manageableState: string; namespacePrefix?: string } {
  return namespace ? { manageableState: state, namespacePrefix: namespace } : { manageableState: 'unmanaged' };
}

export type RetrieveOutcome = {
  zip: Buffer;
  fileProperties: FileProperty[];
  messages: Array<{ fileName: string; problem: string }>;
};

type Requested = Map<string, Set<string>>;

/** Which component a permission entry refers to, so that a retrieve can keep only the entries of requested components. */
const PERMISSION_SCOPE: Record<string, (entry: XmlNode, requested: Requested) => boolean> = {
  fieldPermissions: (e, r) => {
    const field = text(e, 'field') ?? '';
    return has(r, 'CustomField', field) || has(r, 'CustomObject', field.split('.')[0]);
  },
  objectPermissions: (e, r) => has(r, 'CustomObject', text(e, 'object')),
  classAccesses: (e, r) => has(r, 'ApexClass', text(e, 'apexClass')),
  pageAccesses: (e, r) => has(r, 'ApexPage', text(e, 'apexPage')),
  layoutAssignments: (e, r) => has(r, 'Layout', text(e, 'layout')),
  recordTypeVisibilities: (e, r) => {
    const recordType = text(e, 'recordType') ?? '';
    return has(r, 'RecordType', recordType) || has(r, 'CustomObject', recordType.split('.')[0]);
  },
  tabVisibilities: (e, r) => tabRequested(text(e, 'tab') ?? '', r),
  tabSettings: (e, r) => tabRequested(text(e, 'tab') ?? '', r),
  applicationVisibilities: (e, r) => has(r, 'CustomApplication', text(e, 'application')),
  customPermissions: (e, r) => has(r, 'CustomPermission', text(e, 'name')),
  flowAccesses: (e, r) => has(r, 'Flow', text(e, 'flow')),
  externalDataSourceAccesses: (e, r) => has(r, 'ExternalDataSource', text(e, 'externalDataSource')),
  customMetadataTypeAccesses: (e, r) => has(r, 'CustomObject', text(e, 'name')),
  customSettingAccesses: (e, r) => has(r, 'CustomObject', text(e, 'name')),
  profileActionOverrides: (e, r) => has(r, 'CustomObject', text(e, 'pageOrSobjectType')),
  categoryGroupVisibilities: (e, r) => has(r, 'DataCategoryGroup', text(e, 'dataCategoryGroup')),
};

function has(requested: Requested, type: string, name: string | undefined): boolean {
  return name !== undefined && (requested.get(type)?.has(name) ?? false);
}

/** A standard tab's visibility comes back only when `CustomTab: standard-X` is in the request (README "Real-org rules"). */
function tabRequested(tab: string, requested: Requested): boolean {
  if (tab.startsWith('standard-')) return has(requested, 'CustomTab', tab);
  return has(requested, 'CustomTab', tab) || has(requested, 'CustomObject', tab);
}

/** A layout assignment keeps its record type only when the RecordType or its object is in the request. */
function scopeLayoutAssignment(entry: XmlNode, requested: Requested): XmlNode {
  const recordType = text(entry, 'recordType');
  if (recordType === undefined || has(requested, 'RecordType', recordType) || has(requested, 'CustomObject', recordType.split('.')[0])) return entry;
  const { recordType: _dropped, ...rest } = entry;
  return rest;
}

export function scopePermissions(body: XmlNode, requested: Requested): XmlNode {
  const scoped: XmlNode = {};
  for (const [tag, values] of Object.entries(body)) {
    const inScope = PERMISSION_SCOPE[tag];
    if (!inScope) {
      scoped[tag] = values;
      continue;
    }
    let kept = values.filter((entry: XmlValue) => typeof entry !== 'string' && inScope(entry, requested));
    if (tag === 'layoutAssignments') {
      const unique = new Map(kept.map((entry) => scopeLayoutAssignment(entry as XmlNode, requested)).map((entry) => [JSON.stringify(entry), entry]));
      kept = [...unique.values()];
    }
    if (kept.length > 0) scoped[tag] = kept;
  }
  return scoped;
}

/**
 * The global actions every org is created with, as a retrieve returns them when the org folder
 * holds no file of its own for them (README "Real-org rules").
 */
function defaultGlobalAction(name: string): XmlNode {
  return { label: [name], optionsCreateFeedItem: ['true'], type: [name === 'LogACall' || name === 'SendEmail' ? name : 'Create'] };
}

/** Standard objects and their tabs, and the default global actions, exist in every org even when the emulator was not seeded with them. */
function implicitlyExists(type: string, fullName: string): boolean {
  if (type === 'QuickAction') return DEFAULT_GLOBAL_ACTIONS.includes(fullName);
  if (type === 'CustomTab') return fullName.startsWith('standard-') && !fullName.includes('__');
  return type === 'CustomObject' && !fullName.includes('__');
}

function expand(store: ComponentStore, types: ManifestTypes): { requested: Requested; missing: Array<{ type: string; fullName: string }> } {
  const requested: Requested = new Map();
  const missing: Array<{ type: string; fullName: string }> = [];
  for (const entry of types) {
    const names = requested.get(entry.name) ?? new Set<string>();
    for (const member of entry.members) {
      if (member === '*') {
        for (const component of storeList(store, entry.name)) names.add(component.fullName);
        if (entry.name === 'QuickAction') for (const name of DEFAULT_GLOBAL_ACTIONS) names.add(name);
      } else if (storeGet(store, entry.name, member) !== undefined || implicitlyExists(entry.name, member)) {
        names.add(member);
      } else {
        missing.push({ type: entry.name, fullName: member });
      }
    }
    requested.set(entry.name, names);
  }
  return { requested, missing };
}

type PartialParent = { parentType: string; kids: StoredComponent[] };

/**
 * Children requested without their parent go into a parent file holding only them; `addProperty`
 * records each child's file property (named by the parent's file).
 */
function partialParentsOf(store: ComponentStore, requested: Requested, addProperty: (type: string, name: string, fileName: string) => void): Map<string, PartialParent> {
  const partialParents = new Map<string, PartialParent>();
  for (const [type, names] of requested) {
    const child = childTypeInfo(type);
    if (!child) continue;
    for (const name of names) {
      const kid = storeGet(store, type, name);
      if (!kid) continue;
      const parentName = type === 'CustomLabel' ? 'CustomLabels' : name.slice(0, name.indexOf('.'));
      if (has(requested, child.parent, parentName)) continue;
      const key = `${child.parent}\u0000${parentName}`;
      const group = partialParents.get(key) ?? { parentType: child.parent, kids: [] };
      group.kids.push(kid);
      partialParents.set(key, group);
      const info = typeInfo(child.parent);
      if (info) addProperty(type, name, packagePath(info, parentName));
    }
  }
  return partialParents;
}

/** A requested component as it is retrieved: a parent with its children, a permission file scoped to the request. */
function retrievedBody(store: ComponentStore, requested: Requested, info: TypeInfo, type: string, name: string, apiVersion: number): XmlNode {
  const stored = storeGet(store, type, name);
  if (info.children.length > 0) return assembleParent(stored, type, name, childrenOf(store, type, name));
  // a permission set holds all its content from API 40 on, whatever else is requested
  if (type === 'Profile' || (type === 'PermissionSet' && apiVersion < 40)) return scopePermissions(stored?.body ?? {}, requested);
  if (!stored && type === 'QuickAction' && DEFAULT_GLOBAL_ACTIONS.includes(name)) return defaultGlobalAction(name);
  return stored?.body ?? {};
}

/** A retrieve over a Metadata API limit: the job fails with this status code and message. */
export class RetrieveLimitError extends Error {
  public readonly statusCode = 'LIMIT_EXCEEDED';
}

export const DEFAULT_RETRIEVE_LIMITS = { maxFiles: 10_000, maxZipBytes: 39 * 1024 * 1024 };

export async function buildRetrieve(
  store: ComponentStore,
  types: ManifestTypes,
  options: {
    apiVersion: string;
    singlePackage: boolean;
    now: string;
    ids: (key: string) => string;
    /** which of the retrieved components (`Type:Name`) to return as truncated XML (the malformedComponent fault) */
    malformed?: (retrieved: ReadonlySet<string>) => ReadonlySet<string>;
    limits?: { maxFiles: number; maxZipBytes: number };
    /** the namespace of an installed component, for its file property */
    namespaceOf?: (type: string, fullName: string) => string | undefined;
    /** the manageableState of an installed package's components (`installed` unless said) */
    stateOf?: (namespace: string) => string;
  }
): Promise<RetrieveOutcome> {
  const limits = options.limits ?? DEFAULT_RETRIEVE_LIMITS;
  const { requested, missing } = expand(store, types);
  const retrievedKeys = new Set([...requested].flatMap(([type, names]) => [...names].map((name) => `${type}:${name}`)));
  const malformed = options.malformed?.(retrievedKeys) ?? new Set<string>();
  // a truncated document, as a broken proxy or a cut-off transfer would leave it
  const serialize = (type: string, name: string, body: XmlNode): string => {
    const xml = serializeMetadataXml(type, inSchemaOrder(type, body, options.apiVersion, { retrieved: true }));
    return malformed.has(`${type}:${name}`) ? xml.slice(0, Math.floor(xml.length / 2)) : xml;
  };
  const root = options.singlePackage ? '' : 'unpackaged/';
  const files: Array<{ path: string; content: string | Buffer }> = [];
  const fileProperties: FileProperty[] = [];
  const stateOf = (type: string, fullName: string): { manageableState: string; namespacePrefix?: string } => {
    const namespace = options.namespaceOf?.(type, fullName);
    return managedState(namespace, namespace ? options.stateOf?.(namespace) : undefined);
  };
  const property = (type: string, fullName: string, fileName: string): FileProperty => ({
    createdById: '005000000000000AAA',
    createdByName: 'Emulator Admin',
    createdDate: options.now,
    fileName,
    fullName,
    id: options.ids(`${type}:${fullName}`),
    lastModifiedById: '005000000000000AAA',
    lastModifiedByName: 'Emulator Admin',
    lastModifiedDate: options.now,
    ...stateOf(type, fullName),
    type,
  });

  const partialParents = partialParentsOf(store, requested, (type, name, fileName) => fileProperties.push(property(type, name, `${root}${fileName}`)));

  for (const [type, names] of requested) {
    const info = typeInfo(type);
    if (!info || childTypeInfo(type)) continue;
    for (const name of names) {
      const stored = storeGet(store, type, name);
      const body = retrievedBody(store, requested, info, type, name, Number(options.apiVersion));
      const path = `${root}${packagePath(info, name)}`;
      const xmlPath = info.hasContent ? `${path}-meta.xml` : path;
      files.push({ path: xmlPath, content: serialize(type, name, body) });
      for (const [relative, content] of Object.entries(stored?.files ?? {})) files.push({ path: `${root}${relative}`, content });
      fileProperties.push(property(type, name, path));
    }
  }

  for (const [key, group] of partialParents) {
    const parentName = key.split('\u0000')[1];
    const info = typeInfo(group.parentType);
    if (!info) continue;
    const body = assembleParent(undefined, group.parentType, parentName, group.kids);
    files.push({ path: `${root}${packagePath(info, parentName)}`, content: serializeMetadataXml(group.parentType, inSchemaOrder(group.parentType, body, options.apiVersion, { retrieved: true })) });
  }

  const manifestTypes = [...requested.entries()]
    .filter(([, names]) => names.size > 0)
    .map(([name, names]) => ({ name, members: [...names].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
  // the file limit counts the components' files, not package.xml (salesforcedx-vscode #685)
  if (files.length > limits.maxFiles) throw new RetrieveLimitError(`LIMIT_EXCEEDED: Too many files in retrieve call, limit is: ${limits.maxFiles}`);
  files.push({ path: `${root}package.xml`, content: buildManifest(manifestTypes, options.apiVersion) });
  fileProperties.push(property('Package', `${root}package.xml`, `${root}package.xml`));
  const zip = await buildZip(files);
  if (zip.length > limits.maxZipBytes) {
    throw new RetrieveLimitError(`LIMIT_EXCEEDED: Retrieve result size is too large (${zip.length} bytes), limit is: ${limits.maxZipBytes}`);
  }

  return {
    zip,
    fileProperties,
    messages: missing.map((m) => ({
      fileName: `${root}package.xml`,
      problem: `Entity of type '${m.type}' named '${m.fullName}' cannot be found`,
    })),
  };
}
