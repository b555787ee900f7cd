/*
 * Org folders of a given kind for end-to-end tests: a copy of a seed folder with its own org.json
 * (the emulator's "Org kinds"), for orgs that must be a sandbox, a scratch org or have a feature on.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type OrgKindJson = {
  organizationType?: string;
  isSandbox?: boolean;
  trialExpirationDate?: string | null;
  namespacePrefix?: string | null;
  features?: string[];
};

/** Copies `seed` to `dir` and writes its org.json; returns `dir`. */
export function orgFolderOfKind(seed: string, dir: string, kind: OrgKindJson): string {
  cpSync(seed, dir, { recursive: true });
  writeFileSync(join(dir, 'org.json'), `${JSON.stringify({ organizationType: 'Enterprise Edition', isSandbox: false, trialExpirationDate: null, namespacePrefix: null, features: [], ...kind }, null, 2)}\n`);
  return dir;
}
