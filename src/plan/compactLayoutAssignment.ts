/*
 * An object's compact layout assignment (which compact layout its records show) is the
 * subscriber's, but it is a property of the CustomObject, not of a CompactLayout. When compact
 * layouts are selected, the assignment of each of their objects is compared too. It is deployed
 * only when it can be sent alone: a standard object's file may hold just that property; a custom
 * object's file cannot be sent without its other settings, so there it is a manual step. Pure.
 */
import { ComponentKey } from '../org/index.js';
import { withTargetElements } from './lockedElements.js';

const ASSIGNMENT = 'compactLayoutAssignment';

/** The objects whose assignment to compare: the parents of the selected compact layouts. */
export function assignmentObjects(selected: ComponentKey[]): ComponentKey[] {
  const names = new Set(selected.filter((key) => key.type === 'CompactLayout').map((key) => key.fullName.slice(0, key.fullName.indexOf('.'))));
  return [...names].filter((name) => name.length > 0).map((fullName) => ({ type: 'CustomObject', fullName }));
}

/** The target's object with the reference's assignment: what the target becomes, nothing else changed. */
export function targetWithReferenceAssignment(targetXml: string, referenceXml: string): string {
  return withTargetElements(targetXml, referenceXml, [ASSIGNMENT]);
}

/** The assignment in an object document, or undefined when it has none. */
export function assignmentOf(xml: string): string | undefined {
  return /<compactLayoutAssignment>([^<]*)<\/compactLayoutAssignment>/.exec(xml)?.[1];
}

/** Whether the assignment can be sent alone: standard objects only (custom objects need their required settings). */
export function sendableAlone(objectName: string): boolean {
  return !objectName.includes('__');
}

/** The document to deploy: the object with only its assignment. */
export function assignmentDocument(value: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n    <${ASSIGNMENT}>${value}</${ASSIGNMENT}>\n</CustomObject>\n`;
}
