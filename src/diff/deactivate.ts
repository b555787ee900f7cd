import type { DeletionRule } from '../metadata/index.js';
import { parseComponent } from './parse.js';
import { serializeComponent } from './serialize.js';

/**
 * The component as it is, with the field that deactivates it (a record type's `active` false):
 * what rollback deploys where the org refuses a deletion through the API.
 */
export function deactivatedContent(deactivate: NonNullable<DeletionRule['deactivate']>, xml: string, componentName: string): string {
  const { rootTag, root } = parseComponent(xml, componentName);
  return serializeComponent(rootTag, { ...root, [deactivate.field]: [deactivate.value] });
}
