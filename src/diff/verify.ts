import { findTypeRule } from '../metadata/index.js';
import type { Change } from './change.js';
import { diffComponent } from './diff.js';

/**
 * What an org holds that differs from what was deployed to it, as changes from the org's version
 * (`before`) to the deployed one (`after`). A file the deploy replaces whole is compared whole; an
 * overlay or upsert file only for what it sent, since what it omits stays as it was.
 */
export function undeployedChanges(type: string, deployedXml: string, actualXml: string): Change[] {
  const changes = diffComponent(type, deployedXml, actualXml);
  const deploy = findTypeRule(type)?.deploy ?? 'replace';
  return deploy === 'replace' ? changes : changes.filter((change) => change.op !== 'remove');
}
