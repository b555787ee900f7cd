/*
 * Installed managed packages (README "Real-org rules"): which components of an org belong to a
 * package, the names listMetadata gives them, and which of their properties a subscriber may not
 * change. An org folder declares its packages in `installed-packages.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlNode, XmlValue } from './xml.js';

export const PACKAGES_FILE = 'installed-packages.json';

/** `version`: major.minor, major.minor.patch or major.minor.patch.build; `name` defaults to the namespace; `editable`: an unlocked package, whose components the subscriber may change (`installedEditable`). */
export type InstalledPackage = { namespace: string; version: string; name?: string; editable?: boolean };

export type PackageRegistry = {
  packages: InstalledPackage[];
  /** `Type:Name` -> namespace, for members whose own name does not carry the prefix */
  members: Map<string, string>;
};

export function emptyPackages(): PackageRegistry {
  return { packages: [], members: new Map() };
}

/** `{ "packages": [{ "namespace": "pkg", "version": "2.4" }], "components": { "pkg": ["ListView:pkg__Invoice__c.All"] } }` */
export function readPackagesFile(dir: string): PackageRegistry {
  const path = join(dir, PACKAGES_FILE);
  if (!existsSync(path)) return emptyPackages();
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { packages?: InstalledPackage[]; components?: Record<string, string[]> };
  const packages = raw.packages ?? [];
  for (const pkg of packages) {
    // letters, digits and single underscores (LLC_BI), a letter first, no underscore last, at most 15
    if (!/^[A-Za-z](?:[A-Za-z0-9]|_(?!_)){0,14}$/.test(pkg.namespace ?? '') || pkg.namespace.endsWith('_')) throw new Error(`${path}: "${pkg.namespace}" is not a namespace prefix`);
    if (!/^\d+\.\d+(?:\.\d+){0,2}$/.test(String(pkg.version ?? ''))) throw new Error(`${path}: the version of ${pkg.namespace} ("${String(pkg.version)}") is not major.minor[.patch[.build]]`);
  }
  const members = new Map<string, string>();
  for (const [namespace, keys] of Object.entries(raw.components ?? {})) {
    if (!packages.some((p) => p.namespace === namespace)) throw new Error(`${path}: components of ${namespace}, which is not in "packages"`);
    for (const key of keys) members.set(key, namespace);
  }
  return { packages, members };
}

/** The component's own name: the layout's part after the object, a child's part after the parent. */
function ownName(type: string, fullName: string): string {
  if (type === 'Layout') return fullName.slice(fullName.indexOf('-') + 1);
  const dot = fullName.indexOf('.');
  return dot === -1 ? fullName : fullName.slice(dot + 1);
}

/** The namespace of the package a component belongs to, or undefined for the subscriber's own. */
export function namespaceOf(registry: PackageRegistry, type: string, fullName: string): string | undefined {
  const declared = registry.members.get(`${type}:${fullName}`);
  if (declared) return declared;
  const name = ownName(type, fullName);
  return registry.packages.find((p) => name.startsWith(`${p.namespace}__`))?.namespace;
}

/**
 * A component's `manageableState` (Metadata API, FileProperties): `installed` for a managed package's
 * components, `installedEditable` for an unlocked package's (editable by the subscriber), else `unmanaged`.
 */
export function manageableState(registry: PackageRegistry, namespace: string | undefined): 'installed' | 'installedEditable' | 'unmanaged' {
  if (!namespace) return 'unmanaged';
  return registry.packages.find((p) => p.namespace === namespace)?.editable === true ? 'installedEditable' : 'installed';
}

/**
 * The name listMetadata gives a component: a managed layout lists without the namespace of its own
 * name (`pkg__Invoice__c-Invoice Layout`), though only `pkg__Invoice__c-pkg__Invoice Layout` can be
 * retrieved or deployed (Gearset, "Retrieving and deploying namespaced layouts").
 */
export function listedName(type: string, fullName: string, namespace: string | undefined): string {
  if (type !== 'Layout' || !namespace) return fullName;
  const dash = fullName.indexOf('-');
  const layout = fullName.slice(dash + 1);
  return layout.startsWith(`${namespace}__`) ? `${fullName.slice(0, dash + 1)}${layout.slice(namespace.length + 2)}` : fullName;
}

/**
 * What a subscriber may change of an installed component, per type ("Editable Properties After
 * Package Promotion or Installation"): 'all', the top-level elements listed, or nothing. Types not
 * listed are locked: where the guide gives no answer the emulator is strict.
 */
const SUBSCRIBER_EDITABLE: Record<string, 'all' | string[]> = {
  Layout: 'all',
  ListView: 'all',
  CompactLayout: 'all',
  CustomApplication: 'all',
  // record types: the label and description are the developer's; picklist values are the subscriber's (docs/metadata-types.md "Managed components")
  RecordType: ['picklistValues'],
  CustomObject: ['compactLayoutAssignment'],
  CustomField: ['inlineHelpText', 'trackHistory', 'trackFeedHistory', 'valueSet'],
};

function canonical(values: XmlValue[] | undefined): string {
  return JSON.stringify(values ?? []);
}

/** The locked top-level elements a deploy would change, empty when the subscriber may make the change. */
export function lockedChanges(type: string, before: XmlNode | undefined, after: XmlNode): string[] {
  const editable = SUBSCRIBER_EDITABLE[type];
  if (editable === 'all') return [];
  const old = before ?? {};
  const tags = new Set([...Object.keys(old), ...Object.keys(after)].filter((tag) => tag !== 'fullName'));
  return [...tags].filter((tag) => !(editable ?? []).includes(tag) && canonical(old[tag]) !== canonical(after[tag])).sort();
}

/** A Tooling API id of the given key prefix, stable for one package. */
function toolingId(prefix: string, namespace: string): string {
  const digits = [...namespace].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 1e9, 7);
  return `${prefix}${String(digits).padStart(12, '0')}AAA`.slice(0, 18);
}

/**
 * The Tooling API's InstalledSubscriberPackage records, with the `SubscriberPackage` and
 * `SubscriberPackageVersion` relationships that `sf package installed list` selects
 * (@salesforce/packaging, subscriberPackageVersion.js): the name, namespace and version parts.
 */
export function installedPackageRecords(registry: PackageRegistry): Array<Record<string, unknown>> {
  return registry.packages.map((pkg) => {
    const [major, minor, patch, build] = [...pkg.version.split('.').map(Number), 0, 0, 0];
    const packageId = toolingId('033', pkg.namespace);
    const versionId = toolingId('04t', `${pkg.namespace}@${pkg.version}`);
    return {
      attributes: { type: 'InstalledSubscriberPackage', url: `/services/data/v62.0/tooling/sobjects/InstalledSubscriberPackage/${toolingId('0A3', pkg.namespace)}` },
      Id: toolingId('0A3', pkg.namespace),
      SubscriberPackageId: packageId,
      SubscriberPackage: { attributes: { type: 'SubscriberPackage' }, NamespacePrefix: pkg.namespace, Name: pkg.name ?? pkg.namespace },
      SubscriberPackageVersion: {
        attributes: { type: 'SubscriberPackageVersion' },
        Id: versionId,
        Name: `${pkg.name ?? pkg.namespace} ${pkg.version}`,
        MajorVersion: major,
        MinorVersion: minor,
        PatchVersion: patch,
        BuildNumber: build,
        IsManaged: true,
      },
    };
  });
}
