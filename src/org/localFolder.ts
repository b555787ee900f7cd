/*
 * A local folder as the reference ("the repo is the source of truth"): source format (an sfdx
 * package folder such as force-app) or metadata format (with package.xml), read into the same
 * standalone components a retrieve returns. Nothing is written to disk.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Messages } from '@salesforce/core';
import { xmlSyntaxError } from '../xml/index.js';
import { PackageError, componentsFromRetrieveZip, loadJSZip, manifestMembers, typeShape } from './metadataPackage.js';
import { sdr } from './sdr.js';
import { ComponentKey, MetadataComponent } from './types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'org');

export type LocalFolder = { format: 'source' | 'metadata'; components: MetadataComponent[] };

/** What the folder is for, in the words of its errors: `--reference-dir`, or a release step's package. */
export type FolderRole = 'reference' | 'deploy';

/**
 * SDR's source conversion parses leniently: an element left open comes out as other, well-formed
 * XML, which would then be compared or deployed as if the file said so. Every XML file is checked
 * first, and the first that is not well-formed is named with its line.
 */
async function refuseMalformedXml(dir: string, role: FolderRole): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml')).map((e) => join(e.parentPath, e.name)).sort();
  for (const file of files) {
    // eslint-disable-next-line no-await-in-loop
    const problem = xmlSyntaxError(await readFile(file, 'utf8'));
    if (problem) throw messages.createError('error.MalformedXml', [role, dir, relative(dir, file), problem.line, problem.col, problem.message], [relative(dir, file)]);
  }
}

async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new (await loadJSZip())();
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    // eslint-disable-next-line no-await-in-loop
    zip.file(relative(dir, path).split(sep).join('/'), await readFile(path));
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}

const CONVERT_API_VERSION = '62.0';

/** The components of a metadata-format zip, children read out of their parents' files. */
async function componentsOfZip(zip: Buffer): Promise<MetadataComponent[]> {
  const members = await manifestMembers(zip);
  const childWildcards: ComponentKey[] = [];
  for (const parentType of new Set(members.map((m) => m.type))) {
    for (const child of typeShape(parentType).childTypes) childWildcards.push({ type: child, fullName: '*' });
  }
  return componentsFromRetrieveZip(zip, [...members, ...childWildcards]);
}

/** A package to deploy as it is (release steps): a source- or metadata-format folder, or a metadata-format .zip. */
export async function readLocalPackage(path: string): Promise<{ format: 'source' | 'metadata' | 'zip'; components: MetadataComponent[] }> {
  if (existsSync(path) && statSync(path).isFile() && path.toLowerCase().endsWith('.zip')) {
    try {
      return { format: 'zip', components: await componentsOfZip(await readFile(path)) };
    } catch (error) {
      throw messages.createError('error.BadFolder', ['deploy', path, error instanceof Error ? error.message : String(error)]);
    }
  }
  return readLocalFolder(path, 'deploy');
}

export async function readLocalFolder(dir: string, role: FolderRole = 'reference'): Promise<LocalFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw messages.createError('error.NoSuchFolder', [role, dir]);
  const format = existsSync(join(dir, 'package.xml')) ? 'metadata' : 'source';
  // a metadata-format folder is read by this plugin's strict parser, which names the file and line itself
  if (format === 'source') await refuseMalformedXml(dir, role);
  let zip: Buffer;
  try {
    if (format === 'metadata') {
      zip = await zipFolder(dir);
    } else {
      const { ComponentSet, MetadataConverter } = sdr();
      const set = ComponentSet.fromSource(dir);
      if (set.size === 0) throw messages.createError('error.EmptyFolder', [role, dir]);
      // without a version SDR asks appexchange.salesforce.com for the latest one: a network call
      // (3 s of retries offline); the version of this package.xml is never sent to any org
      set.sourceApiVersion = CONVERT_API_VERSION;
      const converted = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
      zip = converted.zipBuffer!;
    }
    // children (list views, fields, ...) are read out of every parent file present
    return { format, components: await componentsOfZip(zip) };
  } catch (error) {
    if (error instanceof PackageError || (error instanceof Error && error.name !== 'EmptyFolderError')) {
      throw messages.createError('error.BadFolder', [role, dir, error.message]);
    }
    throw error;
  }
}
