/*
 * A local folder as the reference ("the repo is the source of truth"): source format (an sfdx
 * package folder such as force-app) or metadata format (with package.xml), read into the same
 * standalone components a retrieve returns. Nothing is written to disk.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Messages } from '@salesforce/core';
import { PackageError, componentsFromRetrieveZip, loadJSZip, manifestMembers, typeShape } from './metadataPackage.js';
import { sdr } from './sdr.js';
import { ComponentKey, MetadataComponent } from './types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'org');

export type LocalFolder = { format: 'source' | 'metadata'; components: MetadataComponent[] };

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

export async function readLocalFolder(dir: string): Promise<LocalFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw messages.createError('error.NoSuchFolder', [dir]);
  const format = existsSync(join(dir, 'package.xml')) ? 'metadata' : 'source';
  let zip: Buffer;
  try {
    if (format === 'metadata') {
      zip = await zipFolder(dir);
    } else {
      const { ComponentSet, MetadataConverter } = sdr();
      const set = ComponentSet.fromSource(dir);
      if (set.size === 0) throw messages.createError('error.EmptyFolder', [dir]);
      // without a version SDR asks appexchange.salesforce.com for the latest one: a network call
      // (3 s of retries offline); the version of this package.xml is never sent to any org
      set.sourceApiVersion = CONVERT_API_VERSION;
      const converted = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
      zip = converted.zipBuffer!;
    }
    const members = await manifestMembers(zip);
    // children (list views, fields, ...) are read out of every parent file present
    const childWildcards: ComponentKey[] = [];
    for (const parentType of new Set(members.map((m) => m.type))) {
      for (const child of typeShape(parentType).childTypes) childWildcards.push({ type: child, fullName: '*' });
    }
    return { format, components: await componentsFromRetrieveZip(zip, [...members, ...childWildcards]) };
  } catch (error) {
    if (error instanceof PackageError || (error instanceof Error && error.name !== 'EmptyFolderError')) {
      throw messages.createError('error.BadFolder', [dir, error.message]);
    }
    throw error;
  }
}
