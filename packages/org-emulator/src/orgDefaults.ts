/*
 * What an org makes by itself when a deploy creates something (README "Real-org rules"): a custom
 * object created without a page layout gets the standard one ("<Label> Layout"), so an org never
 * holds an object without a layout.
 */
import { objectOfLayout } from './names.js';
import { ComponentStore, StoredComponent, storeGet, storeList, storePut } from './org.js';
import { XmlNode, text } from './xml.js';

/** The layout Salesforce makes for a new custom object: its name field, and who created and last changed the record. */
function standardLayoutBody(): StoredComponent['body'] {
  const item = (behavior: string, field: string): { behavior: string[]; field: string[] } => ({ behavior: [behavior], field: [field] });
  const section = (label: string, columns: Array<Array<ReturnType<typeof item>>>): StoredComponent['body'] => ({
    customLabel: ['false'],
    detailHeading: ['false'],
    editHeading: ['true'],
    label: [label],
    layoutColumns: columns.map((items): XmlNode => (items.length > 0 ? { layoutItems: items } : {})),
    style: ['TwoColumnsTopToBottom'],
  });
  return {
    layoutSections: [
      section('Information', [[item('Required', 'Name')], []]),
      section('System Information', [[item('Readonly', 'CreatedById')], [item('Readonly', 'LastModifiedById')]]),
    ],
    showEmailCheckbox: ['false'],
    showHighlightsPanel: ['false'],
    showInteractionLogPanel: ['false'],
    showRunAssignmentRulesCheckbox: ['false'],
    showSubmitAndAttachButton: ['false'],
  };
}

/**
 * After a deploy's components are applied: a custom object (`__c`) the deploy created, left without
 * any layout (none deployed with it), gets the standard one. Returns the layouts made.
 */
export function addStandardLayouts(store: ComponentStore, createdObjects: string[], now: string): StoredComponent[] {
  const made: StoredComponent[] = [];
  for (const objectName of createdObjects) {
    if (!objectName.endsWith('__c')) continue;
    const hasLayout = storeList(store, 'Layout').some((layout) => objectOfLayout(layout.fullName) === objectName);
    if (hasLayout) continue;
    const label = text(storeGet(store, 'CustomObject', objectName)?.body, 'label') ?? objectName.slice(0, -'__c'.length);
    const layout: StoredComponent = { type: 'Layout', fullName: `${objectName}-${label} Layout`, body: standardLayoutBody(), lastModified: now };
    storePut(store, layout);
    made.push(layout);
  }
  return made;
}
