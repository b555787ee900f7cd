/*
 * The orgs of a plan, settled before any is read: every name resolved (an unknown alias stops the
 * plan before any org is asked for anything), the shard and duplicates taken out, the API version
 * every org understands, and the targets left out by --package-version.
 */
import { Messages } from '@salesforce/core';
import { mapWithConcurrency, type OrgHandle } from '../org/index.js';
import { outsideCondition } from './packageVersions.js';
import type { PlannerOrgs, PlanRequest } from './planRequest.js';
import type { InstalledPackage } from './planTypes.js';
import { shardTargets } from './shard.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

/** The version a plan uses when no org says which it supports. */
const FALLBACK_API_VERSION = '62.0';

export type ResolvedOrgs = { reference?: OrgHandle; targets: OrgHandle[]; apiVersion: string };

export type PackagesOf = (handle: OrgHandle) => Promise<InstalledPackage[] | undefined>;

export async function resolvePlanOrgs(request: PlanRequest, orgs: PlannerOrgs): Promise<ResolvedOrgs> {
  const reference = 'org' in request.reference ? await orgs.resolveOrg(request.reference.org) : undefined;
  const handles: OrgHandle[] = [];
  for (const name of shardTargets([...new Set(request.targets)], request.shard)) {
    // eslint-disable-next-line no-await-in-loop
    handles.push(await orgs.resolveOrg(name));
  }
  if (reference) {
    const same = handles.find((t) => t.identity.orgId === reference.identity.orgId);
    if (same) throw messages.createError('error.ReferenceIsTarget', [reference.identity.name, same.identity.name, reference.identity.orgId]);
  }
  const targets = [...new Map(handles.map((t) => [t.identity.orgId, t])).values()];
  const versions = [reference, ...targets].filter((h): h is OrgHandle => h !== undefined).map((h) => h.identity.maxApiVersion);
  return { reference, targets, apiVersion: request.apiVersion ?? (versions.length > 0 ? lowestVersion(versions) : FALLBACK_API_VERSION) };
}

function lowestVersion(versions: string[]): string {
  return versions.reduce((low, v) => (Number(v) < Number(low) ? v : low));
}

/** One Tooling query per target, shared by the --package-version check and the plan's `packages`. */
export function packageReader(orgs: PlannerOrgs, apiVersion: string): PackagesOf {
  const read = new Map<string, Promise<InstalledPackage[] | undefined>>();
  return (handle) => {
    let packages = read.get(handle.identity.orgId);
    if (!packages) {
      packages = orgs.listInstalledPackages ? orgs.listInstalledPackages(handle, { apiVersion }) : Promise.resolve(undefined);
      // an expired login is the retrieve's to report; here it only means the packages are unknown
      packages = packages.catch(() => undefined);
      read.set(handle.identity.orgId, packages);
    }
    return packages;
  };
}

/** The targets inside every --package-version condition, and why each other one is left out. */
export async function narrowByPackages(request: PlanRequest, handles: OrgHandle[], packagesOf: PackagesOf): Promise<{ kept: OrgHandle[]; warnings: string[] }> {
  const filters = request.packageFilters ?? [];
  if (filters.length === 0) return { kept: handles, warnings: [] };
  const judged = await mapWithConcurrency(handles, request.concurrency, async (handle) => {
    const packages = await packagesOf(handle);
    const outside = filters.map((filter) => ({ filter, reason: outsideCondition(filter, packages) })).find((f) => f.reason !== undefined);
    return { handle, outside };
  });
  const kept = judged.filter((j) => !j.outside).map((j) => j.handle);
  const warnings = judged
    .filter((j) => j.outside)
    .map(({ handle, outside }) => `${handle.identity.name} is left out by --package-version ${outside!.filter.namespace}@${outside!.filter.versionRange}: ${outside!.reason!}.`);
  if (kept.length === 0) {
    throw messages.createError('error.NoTargetInPackageRange', [filters.map((f) => `${f.namespace}@${f.versionRange}`).join(', '), judged.map(({ handle, outside }) => `${handle.identity.name}: ${outside!.reason!}`).join('; ')]);
  }
  return { kept, warnings };
}
