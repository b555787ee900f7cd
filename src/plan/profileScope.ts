/*
 * A Profile retrieved alone holds only the entries of components retrieved in the same request
 * (docs/metadata-types.md), so the planner adds to every request the components that the
 * reference's permission entries name, and the same ones for the reference and every target. This
 * module finds them from the table in src/metadata; it is pure.
 */
import { PERMISSION_REFERENCES, STANDARD_NON_OBJECT_TABS } from '../metadata/index.js';
import { ComponentKey } from '../org/index.js';
import { entries, rootOf, textOf } from './xmlRead.js';

/** The standard tabs to name in a request: one per standard object, and the standard non-object tabs. */
export function standardTabs(objects: ComponentKey[]): ComponentKey[] {
  const names = objects.filter((o) => o.type === 'CustomObject' && !o.fullName.includes('__')).map((o) => `standard-${o.fullName}`);
  return [...new Set([...names, ...STANDARD_NON_OBJECT_TABS])].map((fullName) => ({ type: 'CustomTab', fullName }));
}

function objectOf(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot === -1 ? qualified : qualified.slice(0, dot);
}

/** The components a permission file's entries refer to (what must be retrieved with it). */
export function permissionDependencies(xml: string): ComponentKey[] {
  const root = rootOf(xml);
  if (!root) return [];
  const keys = new Map<string, ComponentKey>();
  for (const { tag, field, type, objectPart } of PERMISSION_REFERENCES) {
    for (const entry of entries(root, tag)) {
      const value = textOf(entry, field);
      const fullName = value && objectPart ? objectOf(value) : value;
      if (fullName) keys.set(`${type}:${fullName}`, { type, fullName });
    }
  }
  return [...keys.values()];
}
