/*
 * Seeds an org from a folder: metadata format (a package.xml at its root) or source format (an
 * sfdx package folder such as force-app/main/default), detected automatically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { PACKAGES_FILE, PackageRegistry, readPackagesFile } from './managed.js';
import { EmulatedOrg } from './org.js';
import { ORG_KIND_FILE, OrgKind, readOrgKind } from './orgKind.js';
import { DeployPackage, DocumentReading, readDeployFiles, readDeployZip } from './packageZip.js';
import { typeInfo } from './registry.js';
import { SCHEMA_VERSIONS } from './schema.js';
import { splitParent } from './semantics.js';

/** The API version source-format seed folders are converted and checked at (a metadata-format folder says its own in package.xml). */
export const SOURCE_SEED_API_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1];

export type SeedFormat = 'metadata' | 'source';

export function detectFormat(dir: string): SeedFormat {
  return existsSync(join(dir, 'package.xml')) ? 'metadata' : 'source';
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** A metadata-format folder read as the zip of its files would be, without building and reading that zip. */
async function metadataFolderPackage(dir: string, reading: DocumentReading): Promise<DeployPackage> {
  // the org's own description files are not metadata
  const files = (await listFiles(dir)).filter((file) => ![PACKAGES_FILE, ORG_KIND_FILE].includes(relative(dir, file)));
  // read at start-up, before the server listens: one synchronous read per file is the fastest
  return readDeployFiles(files.map((file) => ({ path: relative(dir, file).split(sep).join('/'), content: readFileSync(file) })), reading);
}

async function sourceFolderZip(dir: string): Promise<Buffer | undefined> {
  const components = ComponentSet.fromSource(dir);
  // an empty folder is an org with no metadata of its own yet
  if (components.size === 0) return undefined;
  // without a version SDR asks appexchange.salesforce.com for the latest one (3 s of retries offline, per org).
  // An org holds what its release knows: the newest API version the emulator serves, whose schema the files are checked at.
  components.sourceApiVersion = SOURCE_SEED_API_VERSION;
  const result = await new MetadataConverter().convert(components, 'metadata', { type: 'zip' });
  if (!result.zipBuffer) throw new Error(`could not convert ${dir} to metadata format`);
  return result.zipBuffer;
}

/** A seed folder read and checked: its installed packages and its components (none: an empty source folder). */
export type SeedFolder = { dir: string; packages: PackageRegistry; kind: OrgKind; pkg?: DeployPackage };

/**
 * Reads a seed folder. Orgs seeded from copies of one folder can share `reading.parsed` (a file
 * identical to one read before is not parsed again) and `reading.pool` (big documents read in worker threads).
 */
export async function readSeedFolder(dir: string, reading: DocumentReading = {}): Promise<SeedFolder> {
  const packages = readPackagesFile(dir);
  const kind = readOrgKind(dir);
  if (detectFormat(dir) === 'metadata') return { dir, packages, kind, pkg: await metadataFolderPackage(dir, reading) };
  const zip = await sourceFolderZip(dir);
  return { dir, packages, kind, pkg: zip ? await readDeployZip(zip) : undefined };
}

/** Loads every component of the folder into the org, child components stored on their own. */
export async function seedOrg(org: EmulatedOrg, dir: string, reading?: DocumentReading): Promise<number> {
  return loadSeed(org, await readSeedFolder(dir, reading));
}

/** Loads a folder read by readSeedFolder into the org; throws the folder's problems, if any. */
export function loadSeed(org: EmulatedOrg, { dir, packages, kind, pkg }: SeedFolder): number {
  org.packages = packages;
  org.kind = kind;
  if (!pkg) return 0;
  if (pkg.failures.length > 0) {
    const problems = pkg.failures.map((f) => `${f.fileName}${f.lineNumber === undefined ? '' : ` (${f.lineNumber}:${f.columnNumber ?? 0})`}: ${f.problem}`).join('\n  ');
    throw new Error(`cannot seed org ${org.alias} from ${dir}:\n  ${problems}`);
  }
  for (const component of pkg.components) {
    const { fileName: _fileName, ...stored } = component;
    if ((typeInfo(stored.type)?.children.length ?? 0) > 0) {
      const { parent, children } = splitParent(stored);
      org.put(parent);
      for (const child of children) org.put(child);
    } else {
      org.put(stored);
    }
  }
  return pkg.components.length;
}
