/*
 * The real fleet: a reference and targets seeded from ../shared/real-metadata (bench/realCorpus.ts),
 * as a fleet is: most components the reference's very bytes, a few drifted in each target. Target k
 * of n carries the corpus' drift (realCorpus.ts driftedXml) in the files whose path falls in its
 * share, about 1/n of the drift-prone components, so every target differs from the others.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { copyOrg, driftedXml } from './realCorpus.js';
import { targetNames } from './lib.js';

const shareOf = (path: string, count: number): number => createHash('sha1').update(path).digest().readUInt32BE(0) % count;

export function seedRealFleet(root: string, count: number): { orgsDir: string; targets: string[]; drifted: Record<string, number> } {
  const orgsDir = join(root, 'orgs');
  copyOrg('ref', orgsDir);
  const targets = targetNames(count);
  const drifted: Record<string, number> = {};
  targets.forEach((alias, k) => {
    drifted[alias] = 0;
    const transform = (file: string, xml: string): string => (shareOf(file, count) === k ? driftedXml(file, xml) : xml);
    copyOrg(alias, orgsDir, transform, () => (drifted[alias] += 1));
  });
  return { orgsDir, targets, drifted };
}
