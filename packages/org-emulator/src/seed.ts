/*
 * Seeds an org from a folder: metadata format (a package.xml at its root) or source format (an
 * sfdx package folder such as force-app/main/default), detected automatically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { PACKAGES_FILE, readPackagesFile } from './managed.js';
import { EmulatedOrg } from './org.js';
import { DeployPackage, ParsedDocuments, readDeployFiles, readDeployZip } from './packageZip.js';
import { rememberFacts } from './refusals.js';
import { typeInfo } from './registry.js';
import { splitParent } from './semantics.js';

export type SeedFormat = 'metadata' | 'source';

export function detectFormat(dir: string): SeedFormat {
  return existsSync(join(dir, 'package.xml')) ? 'metadata' : 'source';
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** A metadata-format folder read as the zip of its files would be, without building and reading that zip. */
async function metadataFolderPackage(dir: string, parsed?: ParsedDocuments): Promise<DeployPackage> {
  const files = (await listFiles(dir)).filter((file) => relative(dir, file) !== PACKAGES_FILE);
  // read at start-up, before the server listens: one synchronous read per file is the fastest
  return readDeployFiles(files.map((file) => ({ path: relative(dir, file).split(sep).join('/'), content: readFileSync(file) })), parsed);
}

async function sourceFolderZip(dir: string): Promise<Buffer | undefined> {
  const components = ComponentSet.fromSource(dir);
  // an empty folder is an org with no metadata of its own yet
  if (components.size === 0) return undefined;
  // without a version SDR asks appexchange.salesforce.com for the latest one (3 s of retries offline, per org)
  components.sourceApiVersion = '62.0';
  const result = await new MetadataConverter().convert(components, 'metadata', { type: 'zip' });
  if (!result.zipBuffer) throw new Error(`could not convert ${dir} to metadata format`);
  return result.zipBuffer;
}

/**
 * Loads every component of the folder into the org, child components stored on their own. Orgs
 * seeded one after another can share `parsed`: a file identical to one read before is not parsed again.
 */
export async function seedOrg(org: EmulatedOrg, dir: string, parsed?: ParsedDocuments): Promise<number> {
  org.packages = readPackagesFile(dir);
  const format = detectFormat(dir);
  const zip = format === 'source' ? await sourceFolderZip(dir) : undefined;
  if (format === 'source' && !zip) return 0;
  const pkg = zip ? await readDeployZip(zip) : await metadataFolderPackage(dir, parsed);
  if (pkg.failures.length > 0) {
    const problems = pkg.failures.map((f) => `${f.fileName}: ${f.problem}`).join('\n  ');
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
  org.facts = rememberFacts(org.facts, org.store);
  return pkg.components.length;
}
