/*
 * Metadata API zips: reading what a client deploys, writing what a retrieve returns.
 */
import JSZip from 'jszip';
import { StoredComponent } from './org.js';
import { resolvePackagePath, typeInfo } from './registry.js';
import { DocumentOutcome, POOLED_DOCUMENT_CHARS, readDocument } from './parsePool.js';
import { XmlNode, children, cloneNode, parseMetadataXml, serializeMetadataXml, text } from './xml.js';

export type Member = { type: string; fullName: string };
export type ManifestTypes = Array<{ name: string; members: string[] }>;

export type ComponentFailure = {
  componentType: string;
  fullName: string;
  fileName: string;
  problem: string;
  lineNumber?: number;
  columnNumber?: number;
};

export type DeployPackage = {
  components: Array<StoredComponent & { fileName: string }>;
  destructivePre: Member[];
  destructivePost: Member[];
  failures: ComponentFailure[];
};

/** Entry names that would escape the package folder when unzipped (zip slip). */
export function isUnsafeZipPath(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

export function parseManifest(xml: string): ManifestTypes {
  const { body } = parseMetadataXml(xml);
  return children(body, 'types').map((entry) => ({
    name: text(entry, 'name') ?? '',
    members: (entry.members ?? []).filter((m): m is string => typeof m === 'string'),
  }));
}

export function buildManifest(types: ManifestTypes, version: string): string {
  const body: XmlNode = {
    types: types.map((entry) => ({ members: [...entry.members], name: [entry.name] })),
    version: [version],
  };
  return serializeMetadataXml('Package', body);
}

function membersOf(types: ManifestTypes): Member[] {
  return types.flatMap((entry) => entry.members.map((fullName) => ({ type: entry.name, fullName })));
}

/** JSZip resolves `../` in entry names on load; the name as stored in the zip is kept in unsafeOriginalName. */
function storedName(entry: JSZip.JSZipObject): string {
  return entry.unsafeOriginalName ?? entry.name;
}

type ComponentGroup = { type: string; fullName: string; xml?: { fileName: string; text: string }; files: Record<string, Buffer> };

/** One file of a deploy package: its name, the name as stored (zip slip check), and its content. */
type PackageFile = { name: string; storedName: string; content(): Promise<Buffer>; text(): Promise<string> };

/**
 * The files of a deploy zip as components. `apiVersion` (the request's) is the version their schema
 * is checked at when package.xml names none.
 */
export async function readDeployZip(zipBuffer: Buffer, apiVersion?: string): Promise<DeployPackage> {
  const result: DeployPackage = { components: [], destructivePre: [], destructivePost: [], failures: [] };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBuffer);
  } catch (error) {
    result.failures.push({ componentType: '', fullName: 'package.xml', fileName: 'package.xml', problem: `The deploy zip cannot be read: ${String(error)}` });
    return result;
  }
  const files = Object.values(zip.files)
    .filter((entry) => !entry.dir)
    .map((entry) => ({ name: entry.name, storedName: storedName(entry), content: () => entry.async('nodebuffer'), text: () => entry.async('string') }));
  return readPackageFiles(files, result, { apiVersion });
}

/**
 * Bodies of documents already read and accepted, by type and text: orgs seeded from copies of one
 * folder hold thousands of identical files, each checked and parsed once. Only small documents.
 */
export type ParsedDocuments = Map<string, XmlNode>;

/** How a seed reads its documents: identical small ones once (`parsed`), big ones in worker threads (`pool`, parsePool.ts). */
export type DocumentReading = {
  parsed?: ParsedDocuments;
  pool?: { read(text: string, apiVersion: string | undefined, rootOrdered?: boolean): Promise<DocumentOutcome> };
  /** the API version documents are checked at when package.xml names none */
  apiVersion?: string;
};
const CACHED_DOCUMENT_CHARS = 64 * 1024;

/**
 * A deploy package from files already at hand, in the order a zip of them would list them (an
 * org's seed folder): read with every check of readDeployZip, without building and reading a zip.
 * With `parsed`, a document of the same type and text as one read before gets a copy of its body.
 */
export function readDeployFiles(files: Array<{ path: string; content: Buffer }>, reading: DocumentReading = {}): Promise<DeployPackage> {
  const result: DeployPackage = { components: [], destructivePre: [], destructivePost: [], failures: [] };
  return readPackageFiles(
    files.map(({ path, content }) => ({ name: path, storedName: path, content: () => Promise.resolve(content), text: () => Promise.resolve(content.toString('utf8')) })),
    result,
    reading
  );
}

async function readPackageFiles(files: PackageFile[], result: DeployPackage, reading: DocumentReading = {}): Promise<DeployPackage> {
  const manifest = packageManifest(files, result);
  if (manifest === undefined) return result;
  const root = manifest.name.slice(0, manifest.name.length - 'package.xml'.length);
  const apiVersion = manifestVersion(await manifest.text()) ?? reading.apiVersion;
  const grouped = await groupEntries(files, root, result);
  // in group order, so components and failures keep the order of the package's files
  // eslint-disable-next-line no-await-in-loop
  for (const group of grouped.values()) await addComponent(group, result, { ...reading, apiVersion });
  return result;
}

/** The `<version>` of a package.xml: the API version a deploy's files are read at. */
function manifestVersion(xml: string): string | undefined {
  try {
    return text(parseMetadataXml(xml).body, 'version');
  } catch {
    return undefined;
  }
}

/** The package.xml (its folder is the package's root), or undefined (failures recorded) when the package cannot be deployed. */
function packageManifest(files: PackageFile[], result: DeployPackage): PackageFile | undefined {
  const unsafe = files.map((file) => file.storedName).filter((name) => isUnsafeZipPath(name));
  for (const name of unsafe) {
    result.failures.push({ componentType: '', fullName: name, fileName: name, problem: `Invalid path in the deploy zip: ${name}` });
  }
  if (unsafe.length > 0) return undefined;

  const manifest = files.find((entry) => entry.name === 'package.xml' || entry.name.endsWith('/package.xml'));
  if (!manifest) {
    result.failures.push({ componentType: '', fullName: 'package.xml', fileName: 'package.xml', problem: 'No package.xml found' });
    return undefined;
  }
  return manifest;
}

/** The files under `root` grouped by component; destructive manifests are read into `result` on the way. */
async function groupEntries(files: PackageFile[], root: string, result: DeployPackage): Promise<Map<string, ComponentGroup>> {
  const grouped = new Map<string, ComponentGroup>();
  for (const entry of files) {
    if (!entry.name.startsWith(root)) continue;
    const relative = entry.name.slice(root.length);
    if (relative === 'package.xml') continue;
    const destructive = /^destructiveChanges(Pre|Post)?\.xml$/.exec(relative);
    if (destructive) {
      // in zip order, so members and failures are reported in the order the deploy names them
      // eslint-disable-next-line no-await-in-loop
      const members = await readManifestMembers(entry, result);
      if (destructive[1] === 'Post') result.destructivePost.push(...members);
      else result.destructivePre.push(...members);
      continue;
    }
    const resolved = resolvePackagePath(relative);
    if (!resolved) {
      result.failures.push({ componentType: '', fullName: relative, fileName: entry.name, problem: `Unknown type for file ${relative}` });
      continue;
    }
    const key = `${resolved.type.name}\u0000${resolved.fullName}`;
    const group = grouped.get(key) ?? { type: resolved.type.name, fullName: resolved.fullName, files: {} };
    // eslint-disable-next-line no-await-in-loop
    const content = await entry.content();
    if (resolved.isMetaXml || !resolved.type.hasContent) group.xml = { fileName: entry.name, text: content.toString('utf8') };
    else group.files[relative] = content;
    grouped.set(key, group);
  }
  return grouped;
}

async function addComponent(group: ComponentGroup, result: DeployPackage, { parsed, pool, apiVersion }: DocumentReading): Promise<void> {
  if (!group.xml) {
    result.failures.push({ componentType: group.type, fullName: group.fullName, fileName: Object.keys(group.files)[0] ?? group.fullName, problem: 'Missing the -meta.xml file of the component' });
    return;
  }
  const xml = group.xml.text;
  const key = parsed && xml.length <= CACHED_DOCUMENT_CHARS ? `${group.type}\u0000${apiVersion ?? ''}\u0000${xml}` : undefined;
  const known = key === undefined ? undefined : parsed?.get(key);
  if (known) {
    // a copy: each org's components are its own to change
    result.components.push(component(group, group.xml.fileName, cloneNode(known)));
    return;
  }
  // SDR recomposes a parent's file (a CustomObject from its fields, list views, ...) with the
  // children after the parent's own elements, and real orgs accept what it sends (README)
  const rootOrdered = (typeInfo(group.type)?.children.length ?? 0) === 0;
  const outcome = pool && xml.length >= POOLED_DOCUMENT_CHARS ? await pool.read(xml, apiVersion, rootOrdered) : readDocument(xml, apiVersion, rootOrdered);
  if ('body' in outcome) {
    if (key !== undefined) parsed?.set(key, cloneNode(outcome.body));
    result.components.push(component(group, group.xml.fileName, outcome.body));
  } else {
    result.failures.push({ componentType: group.type, fullName: group.fullName, fileName: group.xml.fileName, ...outcome });
  }
}

function component(group: ComponentGroup, fileName: string, body: XmlNode): StoredComponent & { fileName: string } {
  return { type: group.type, fullName: group.fullName, body, files: Object.keys(group.files).length > 0 ? group.files : undefined, fileName, lastModified: new Date().toISOString() };
}

async function readManifestMembers(entry: PackageFile, result: DeployPackage): Promise<Member[]> {
  const xml = await entry.text();
  try {
    return membersOf(parseManifest(xml));
  } catch (error) {
    result.failures.push({ componentType: '', fullName: entry.name, fileName: entry.name, problem: `Error parsing file: ${String(error)}` });
    return [];
  }
}

/** `STORE` skips compression where the zip never leaves the process (seeding an org from a folder). */
export async function buildZip(entries: Array<{ path: string; content: string | Buffer }>, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
  const zip = new JSZip();
  for (const entry of entries) zip.file(entry.path, entry.content);
  return zip.generateAsync({ type: 'nodebuffer', compression });
}
