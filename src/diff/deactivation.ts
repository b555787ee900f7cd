import type { ChildRule, DeletionRule } from '../metadata/index.js';
import { parseComponent } from './parse.js';
import { serializeComponent } from './serialize.js';
import { readText, type TreeElement } from './xmlTree.js';

export function isDeactivated(rule: ChildRule, entry: TreeElement): boolean {
  return rule.deactivation !== undefined && readText(entry, rule.deactivation.field) === rule.deactivation.value;
}

/** The entry marked inactive; an inactive value cannot stay the default one. */
export function deactivated(rule: ChildRule, entry: TreeElement): TreeElement {
  const { field, value, before } = rule.deactivation!;
  const overrides = new Map<string, string>([[field, value]]);
  if (rule.singleTrueField && entry[rule.singleTrueField] !== undefined) overrides.set(rule.singleTrueField, 'false');
  const result: TreeElement = {};
  let placed = entry[field] !== undefined;
  for (const tag of Object.keys(entry)) {
    if (!placed && tag === before) {
      result[field] = [value];
      placed = true;
    }
    const override = overrides.get(tag);
    result[tag] = override === undefined ? entry[tag] : [override];
  }
  if (!placed) result[field] = [value];
  return result;
}

/**
 * The component as it is, with the field that deactivates it (a record type's `active` false):
 * what rollback deploys where the org refuses a deletion through the API.
 */
export function deactivatedContent(deactivate: NonNullable<DeletionRule['deactivate']>, xml: string, componentName: string): string {
  const { rootTag, root } = parseComponent(xml, componentName);
  return serializeComponent(rootTag, { ...root, [deactivate.field]: [deactivate.value] });
}
