/*
 * Package version conditions: `ns@>=2.4` for --package-version, `{ namespace, versionRange }` for a
 * step's `when`. A range is one or more comparisons (`>=2.4 <3`), all of which must hold; a bare
 * version means exactly it. Versions compare part by part, numerically, a missing part being 0
 * (2.4 = 2.4.0.0 < 2.4.1.0 < 2.10). Pure.
 */
import { Messages } from '@salesforce/core';
import type { InstalledPackage } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PackageCondition = { namespace: string; versionRange: string };

type Comparison = { op: '>=' | '<=' | '>' | '<' | '='; version: number[] };

const COMPARISON = /^(>=|<=|>|<|=)?(\d+(?:\.\d+){0,3})$/;

function partsOf(version: string): number[] {
  return version.split('.').map(Number);
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The comparisons of a range, or undefined when it is not one. */
function parseRange(range: string): Comparison[] | undefined {
  const tokens = range.trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 0) return undefined;
  const comparisons: Comparison[] = [];
  for (const token of tokens) {
    const match = COMPARISON.exec(token);
    if (!match) return undefined;
    comparisons.push({ op: (match[1] ?? '=') as Comparison['op'], version: partsOf(match[2]) });
  }
  return comparisons;
}

export function isVersionRange(range: string): boolean {
  return parseRange(range) !== undefined;
}

export function inRange(version: string, range: string): boolean {
  const comparisons = parseRange(range);
  if (!comparisons || !/^\d+(?:\.\d+)*$/.test(version)) return false;
  const parts = partsOf(version);
  return comparisons.every(({ op, version: bound }) => {
    const c = compareVersions(parts, bound);
    return op === '>=' ? c >= 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '<' ? c < 0 : c === 0;
  });
}

/** `ns@>=2.4` (also `ns@>=2.4 <3`); a usage error that says the syntax otherwise. */
export function parsePackageFilter(text: string): PackageCondition {
  const at = text.indexOf('@');
  const namespace = at === -1 ? '' : text.slice(0, at).trim();
  const versionRange = at === -1 ? '' : text.slice(at + 1).trim();
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(namespace) || !isVersionRange(versionRange)) throw messages.createError('error.InvalidPackageVersion', [text]);
  return { namespace, versionRange };
}

/**
 * Why the target is outside the condition, or undefined when it is inside. Packages that could not
 * be read count as outside: a step is never run on a guess.
 */
export function outsideCondition(condition: PackageCondition, packages: InstalledPackage[] | undefined): string | undefined {
  const wanted = `${condition.namespace} ${condition.versionRange}`;
  if (!packages) return `its installed packages could not be read, so ${wanted} cannot be checked`;
  const installed = packages.find((p) => p.namespace?.toLowerCase() === condition.namespace.toLowerCase());
  if (!installed) return `package ${condition.namespace} is not installed (wanted ${wanted})`;
  if (!inRange(installed.version, condition.versionRange)) return `${condition.namespace} ${installed.version} is installed, outside ${condition.versionRange}`;
  return undefined;
}
