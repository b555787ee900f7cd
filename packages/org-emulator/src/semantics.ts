/*
 * How Salesforce applies a deployed component to what the org already has (docs/metadata-types.md):
 * Profile is an overlay, value sets deactivate what is omitted, parents upsert their children,
 * everything else is replaced by the file.
 */
import { ComponentStore, StoredComponent, storeGet, storeList, storePut } from './org.js';
import { keepStandardUserPermissions, withImpliedObjectAccess } from './refusals.js';
import { typeInfo } from './registry.js';
import { XmlNode, XmlValue, children, text } from './xml.js';
import { objectOfLayout } from './names.js';
import { inSchemaOrder } from './schema.js';

export type ApplyOutcome = 'created' | 'changed' | 'unchanged';

/** Keys of the Profile entries that a deploy overlays; an entry with the same key replaces the org's entry. */
const PROFILE_OVERLAY_KEYS: Record<string, (entry: XmlNode) => string> = {
  applicationVisibilities: (e) => text(e, 'application') ?? '',
  categoryGroupVisibilities: (e) => text(e, 'dataCategoryGroup') ?? '',
  classAccesses: (e) => text(e, 'apexClass') ?? '',
  customMetadataTypeAccesses: (e) => text(e, 'name') ?? '',
  customPermissions: (e) => text(e, 'name') ?? '',
  customSettingAccesses: (e) => text(e, 'name') ?? '',
  externalDataSourceAccesses: (e) => text(e, 'externalDataSource') ?? '',
  fieldPermissions: (e) => text(e, 'field') ?? '',
  flowAccesses: (e) => text(e, 'flow') ?? '',
  // a profile has one layout per object and record type: assigning another layout replaces it
  layoutAssignments: (e) => `${objectOfLayout(text(e, 'layout') ?? '')}|${text(e, 'recordType') ?? ''}`,
  loginIpRanges: (e) => `${text(e, 'startAddress') ?? ''}|${text(e, 'endAddress') ?? ''}`,
  objectPermissions: (e) => text(e, 'object') ?? '',
  pageAccesses: (e) => text(e, 'apexPage') ?? '',
  profileActionOverrides: (e) =>
    ['actionName', 'pageOrSobjectType', 'recordType', 'formFactor'].map((k) => text(e, k) ?? '').join('|'),
  recordTypeVisibilities: (e) => text(e, 'recordType') ?? '',
  tabVisibilities: (e) => text(e, 'tab') ?? '',
  userPermissions: (e) => text(e, 'name') ?? '',
};

/** Where each value-set type keeps its values: omitted values are deactivated, never deleted. */
const VALUE_SET_PATHS: Record<string, { path: string[]; valueTag: string }> = {
  GlobalValueSet: { path: [], valueTag: 'customValue' },
  StandardValueSet: { path: [], valueTag: 'standardValue' },
  CustomField: { path: ['valueSet', 'valueSetDefinition'], valueTag: 'value' },
};

export { objectOfLayout };

export function childFullName(parentName: string, childType: string, childId: string): string {
  // CustomLabel children are named on their own, not `CustomLabels.Label`
  return ignoresParentName(childType) ? childId : `${parentName}.${childId}`;
}

function ignoresParentName(childType: string): boolean {
  return childType === 'CustomLabel';
}

/** Splits a parent file (CustomObject, CustomLabels, ...) into its own properties and its child components. */
export function splitParent(component: StoredComponent): { parent: StoredComponent; children: StoredComponent[] } {
  const info = typeInfo(component.type);
  const childTags = new Map((info?.children ?? []).map((c) => [c.xmlElement, c]));
  const parentBody: XmlNode = {};
  const childComponents: StoredComponent[] = [];
  for (const [tag, values] of Object.entries(component.body)) {
    const child = childTags.get(tag);
    if (!child) {
      parentBody[tag] = values;
      continue;
    }
    for (const value of values) {
      if (typeof value === 'string') continue;
      const id = text(value, child.idElement);
      if (!id) continue;
      childComponents.push({
        type: child.name,
        fullName: childFullName(component.fullName, child.name, id),
        body: value,
        lastModified: component.lastModified,
      });
    }
  }
  return { parent: { ...component, body: parentBody }, children: childComponents };
}

/** Assembles a parent file from its own properties and the given children (all of them, or only the requested ones). */
export function assembleParent(parent: StoredComponent | undefined, type: string, fullName: string, kids: StoredComponent[]): XmlNode {
  const body: XmlNode = parent ? { ...parent.body } : {};
  const info = typeInfo(type);
  for (const child of info?.children ?? []) {
    const mine = kids.filter((kid) => kid.type === child.name);
    if (mine.length > 0) body[child.xmlElement] = mine.map((kid) => kid.body);
  }
  if (!parent && Object.keys(body).length === 0) body.fullName = [fullName];
  return body;
}

export function childrenOf(store: ComponentStore, parentType: string, parentName: string): StoredComponent[] {
  const info = typeInfo(parentType);
  const result: StoredComponent[] = [];
  for (const child of info?.children ?? []) {
    for (const kid of storeList(store, child.name)) {
      if (ignoresParentName(child.name) || kid.fullName.startsWith(`${parentName}.`)) result.push(kid);
    }
  }
  return result;
}

/** Applies one deployed component to the store with its type's deploy semantics. */
export function applyComponent(store: ComponentStore, incoming: StoredComponent): ApplyOutcome {
  const info = typeInfo(incoming.type);
  if (info && info.children.length > 0) return applyParent(store, incoming);
  const existing = storeGet(store, incoming.type, incoming.fullName);
  let body = incoming.body;
  if (existing && incoming.type === 'Profile') body = overlayProfile(existing.body, keepStandardUserPermissions(existing.body, incoming.body));
  if (incoming.type === 'Profile') body = withImpliedObjectAccess(body);
  else if (existing && VALUE_SET_PATHS[incoming.type]) body = deactivateOmittedValues(incoming.type, existing.body, incoming.body);
  const next: StoredComponent = { ...incoming, body, files: incoming.files ?? existing?.files };
  storePut(store, next);
  if (!existing) return 'created';
  return JSON.stringify(existing.body) === JSON.stringify(body) ? 'unchanged' : 'changed';
}

function applyParent(store: ComponentStore, incoming: StoredComponent): ApplyOutcome {
  const { parent, children: kids } = splitParent(incoming);
  const existing = storeGet(store, parent.type, parent.fullName);
  // object-level properties present in the file replace the org's; absent ones stay
  const body: XmlNode = { ...(existing?.body ?? {}), ...parent.body };
  storePut(store, { ...parent, body });
  let outcome: ApplyOutcome = existing ? 'unchanged' : 'created';
  if (existing && JSON.stringify(existing.body) !== JSON.stringify(body)) outcome = 'changed';
  for (const kid of kids) {
    const kidOutcome = applyComponent(store, kid);
    if (outcome === 'unchanged' && kidOutcome !== 'unchanged') outcome = 'changed';
  }
  return outcome;
}

function overlayProfile(existing: XmlNode, incoming: XmlNode): XmlNode {
  const result: XmlNode = { ...existing };
  for (const [tag, values] of Object.entries(incoming)) {
    const keyOf = PROFILE_OVERLAY_KEYS[tag];
    if (!keyOf) {
      result[tag] = values;
      continue;
    }
    const merged = new Map<string, XmlValue>();
    for (const entry of existing[tag] ?? []) merged.set(typeof entry === 'string' ? entry : keyOf(entry), entry);
    for (const entry of values) merged.set(typeof entry === 'string' ? entry : keyOf(entry), entry);
    result[tag] = [...merged.values()];
  }
  // the schema's order (fullName, module, then the sections alphabetically), as the org returns a profile
  return inSchemaOrder('Profile', result);
}

function valueContainer(node: XmlNode, path: string[]): XmlNode | undefined {
  let current: XmlNode | undefined = node;
  for (const step of path) current = children(current, step)[0];
  return current;
}

function deactivateOmittedValues(type: string, existing: XmlNode, incoming: XmlNode): XmlNode {
  const { path, valueTag } = VALUE_SET_PATHS[type];
  const oldContainer = valueContainer(existing, path);
  const result = structuredClone(incoming);
  const newContainer = valueContainer(result, path);
  if (!oldContainer || !newContainer) return result;
  const kept = new Set(children(newContainer, valueTag).map((value) => decodeURIComponentSafe(text(value, 'fullName') ?? '')));
  const omitted = children(oldContainer, valueTag).filter(
    (value) => !kept.has(decodeURIComponentSafe(text(value, 'fullName') ?? ''))
  );
  const deactivated = omitted.map((value) => ({ ...value, isActive: ['false'] }));
  if (deactivated.length > 0) newContainer[valueTag] = [...(newContainer[valueTag] ?? []), ...deactivated];
  return result;
}

export function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Deletes a component (destructive changes) and what Salesforce deletes with it. */
export function deleteComponent(store: ComponentStore, type: string, fullName: string): boolean {
  const existed = store.get(type)?.delete(fullName) ?? false;
  if (!existed) return false;
  for (const kid of childrenOf(store, type, fullName)) {
    // each child goes as if deleted on its own: a deleted object's fields leave profiles too
    if (!ignoresParentName(kid.type)) deleteComponent(store, kid.type, kid.fullName);
  }
  if (type === 'CustomField') removeFieldReferences(store, fullName);
  return true;
}

function removeFieldReferences(store: ComponentStore, field: string): void {
  for (const holder of ['Profile', 'PermissionSet']) {
    for (const component of storeList(store, holder)) {
      const entries = component.body.fieldPermissions;
      if (!entries) continue;
      component.body.fieldPermissions = entries.filter((entry) => typeof entry === 'string' || text(entry, 'field') !== field);
    }
  }
}
