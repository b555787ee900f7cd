/*
 * The one seam to orgs: everything else in the plugin goes through these functions and types.
 */
export { OrgHandle, resolveOrg, defaultTargetOrg } from './connect.js';
export { retrieveComponents } from './retrieve.js';
export { deployComponents } from './deploy.js';
export { mapWithConcurrency, DEFAULT_CONCURRENCY } from './concurrency.js';
export { nextPollDelay, DEFAULT_POLL_SCHEDULE } from './polling.js';
export * from './types.js';
export { listMembers } from './members.js';
export { readLocalFolder, readLocalPackage, type LocalFolder } from './localFolder.js';
export { describeUserPermissions } from './permissionNames.js';
export { isCheckedWellFormed } from './metadataPackage.js';
export { ZipReads } from './zipReads.js';
export { executeAnonymousApex, type ApexOutcome } from './apex.js';
export { DeployOutcomeUnknownError, InvalidSessionError } from './errors.js';
export { listInstalledPackages, type OrgPackage } from './installedPackages.js';
