import { findTypeRule } from '../metadata/index.js';
import type { Change } from './change.js';
import { readComponent } from './component.js';
import { diffComponent, diffElements } from './diff.js';
import { KeyedCollection, type TreeElement } from './xmlTree.js';

/**
 * What the org holds of what an overlay deploy sent: its top-level entries the deploy named, and
 * nothing else. A profile entry the deploy did not send cannot have changed; compared with the
 * deployed file it would read as changed to its all-false default.
 */
function sentPart(deployed: TreeElement, actual: TreeElement): TreeElement {
  const part: TreeElement = {};
  for (const [tag, value] of Object.entries(actual)) {
    const sent = deployed[tag];
    if (sent === undefined) continue;
    if (value instanceof KeyedCollection && sent instanceof KeyedCollection) {
      part[tag] = new KeyedCollection(new Map([...value.entries].filter(([key]) => sent.entries.has(key))));
    } else {
      part[tag] = value;
    }
  }
  return part;
}

/**
 * What an org holds that differs from what was deployed to it, as changes from the org's version
 * (`before`) to the deployed one (`after`). A file the deploy replaces whole is compared whole; an
 * overlay or upsert file only for what it sent, since what it omits stays as it was.
 */
export function undeployedChanges(type: string, deployedXml: string, actualXml: string): Change[] {
  const rule = findTypeRule(type);
  const deploy = rule?.deploy ?? 'replace';
  if (deploy === 'replace' || !rule) return diffComponent(type, deployedXml, actualXml);
  const deployed = readComponent(type, deployedXml);
  const actual = readComponent(type, actualXml);
  return diffElements(rule, deployed.root, sentPart(deployed.root, actual.root)).filter((change) => change.op !== 'remove');
}
