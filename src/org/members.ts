/*
 * What an org has of some metadata types, to expand wildcards into named members before anything
 * is retrieved. listMetadata takes three types per call; an unlistable type (src/metadata:
 * StandardValueSet) has its known names used, and the retrieve reports the ones the org lacks. Names come back as a
 * retrieve needs them: a type's module says when a managed member is retrieved under another name
 * than the one listMetadata gives (a managed layout).
 */
import { createRequire } from 'node:module';
import { isListable, typeHandler } from '../metadata/index.js';
import { OrgHandle } from './connect.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { knownTypeName, metadataRegistry } from './sdr.js';
import { ListedMember, OrgOperationOptions } from './types.js';

const LIST_TYPES_PER_CALL = 3;

type FileProperties = { fullName: string; type: string; namespacePrefix?: string; manageableState?: string };

/** The names an unlistable type's members can have: SDR ships the standard value set names. */
function knownNames(type: string): string[] {
  if (type !== 'StandardValueSet') throw new Error(`no known member names for ${type}`);
  const require = createRequire(import.meta.url);
  const registryDir = require.resolve('@salesforce/source-deploy-retrieve/lib/src/registry/stdValueSetRegistry.json');
  return (require(registryDir) as { fullnames: string[] }).fullnames;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The name a retrieve accepts for a listed member. */
export function retrievableName(file: FileProperties): string {
  const namespace = file.namespacePrefix;
  const rename = typeHandler(file.type)?.retrievableName;
  return namespace && rename ? rename(file.fullName, namespace) : file.fullName;
}

/**
 * Installed from a managed package and locked for the subscriber (Metadata API, FileProperties
 * `manageableState`): `installedEditable` / `deprecatedEditable` components (an unlocked
 * package's) are the subscriber's to change, as are the subscriber's own (`unmanaged`).
 */
const MANAGED_STATES = new Set(['installed', 'deprecated']);

export async function listMembers(handle: OrgHandle, types: string[], options: OrgOperationOptions = {}): Promise<ListedMember[]> {
  const members = new Map<string, ListedMember>();
  const add = (type: string, fullName: string, file?: FileProperties): void => {
    const member: ListedMember = { type, fullName };
    if (file?.namespacePrefix) member.namespace = file.namespacePrefix;
    if (file?.manageableState && MANAGED_STATES.has(file.manageableState)) member.managed = true;
    members.set(`${type}:${fullName}`, member);
  };
  const listable = types.filter(isListable);
  for (const type of types.filter((candidate) => !isListable(candidate))) for (const name of knownNames(type)) add(type, name);
  // unknown type names are a user error best reported by name, before any call (SDR says it, with suggestions)
  for (const type of listable) if (!knownTypeName(type)) metadataRegistry().getTypeByName(type);
  const connection = handle.connection(options.apiVersion);
  // the calls are independent and short: send them together rather than one latency after another
  const answers = await Promise.all(
    chunks(listable, LIST_TYPES_PER_CALL).map((batch) =>
      withRetries(
        { org: handle.identity.name, operation: 'listMetadata', policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs },
        () => connection.metadata.list(batch.map((type) => ({ type })), connection.getApiVersion())
      ).then((listed) => ({ batch, listed }))
    )
  );
  for (const { batch, listed } of answers) {
    for (const file of (Array.isArray(listed) ? listed : [listed]) as FileProperties[]) {
      if (file?.fullName && batch.includes(file.type)) add(file.type, retrievableName(file), file);
    }
  }
  return [...members.values()].sort((a, b) => (a.type === b.type ? a.fullName.localeCompare(b.fullName) : a.type.localeCompare(b.type)));
}
