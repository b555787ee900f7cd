/*
 * What kind of org an emulated org is (README "Org kinds"): an org folder's `org.json`, named with
 * the `Organization` object's own fields, decides how the org answers the Organization query and
 * which of a kind's deploy rules apply (production test levels, feature-dependent standard fields).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ORG_KIND_FILE = 'org.json';

export type OrgKind = {
  /** Organization.OrganizationType: "Enterprise Edition", "Unlimited Edition", "Developer Edition", ... */
  organizationType: string;
  /** Organization.IsSandbox: true for sandboxes and (as Salesforce reports them) scratch orgs */
  isSandbox: boolean;
  /** Organization.TrialExpirationDate: set for scratch and trial orgs, null otherwise */
  trialExpirationDate: string | null;
  /** Organization.NamespacePrefix */
  namespacePrefix: string | null;
  /** org features that add standard fields, such as MultiCurrency (CurrencyIsoCode) and PersonAccounts */
  features: string[];
};

/**
 * The kind of an org whose folder has no org.json: the strictest one, a production org with no
 * optional feature enabled (NoTestRun refused, Apex deploys run tests, no CurrencyIsoCode).
 */
export const DEFAULT_ORG_KIND: Readonly<OrgKind> = Object.freeze({
  organizationType: 'Enterprise Edition',
  isSandbox: false,
  trialExpirationDate: null,
  namespacePrefix: null,
  features: [],
});

/** The features org.json may name: each adds standard fields an org without it does not have. */
export const KNOWN_FEATURES = ['MultiCurrency', 'PersonAccounts'] as const;

const ORGANIZATION_TYPES = [
  'Developer Edition',
  'Enterprise Edition',
  'Unlimited Edition',
  'Professional Edition',
  'Performance Edition',
  'Team Edition',
  'Personal Edition',
  'Base Edition',
];

function fail(path: string, problem: string): never {
  throw new Error(`${path}: ${problem}`);
}

function nullableString(path: string, raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0) fail(path, `"${key}" must be a string or null`);
  return value;
}

/** Reads and checks an org.json; every problem names the file and the field. */
export function parseOrgKind(path: string, text: string): OrgKind {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(path, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, 'must be a JSON object');
  const fields = raw as Record<string, unknown>;
  const allowed = new Set(['organizationType', 'isSandbox', 'trialExpirationDate', 'namespacePrefix', 'features']);
  const unknown = Object.keys(fields).filter((key) => !allowed.has(key));
  if (unknown.length > 0) fail(path, `unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${[...allowed].join(', ')})`);
  const organizationType = fields.organizationType ?? DEFAULT_ORG_KIND.organizationType;
  if (typeof organizationType !== 'string' || !ORGANIZATION_TYPES.includes(organizationType)) {
    fail(path, `"organizationType" must be one of ${ORGANIZATION_TYPES.join(', ')}`);
  }
  const isSandbox = fields.isSandbox ?? false;
  if (typeof isSandbox !== 'boolean') fail(path, '"isSandbox" must be true or false');
  const trialExpirationDate = nullableString(path, fields, 'trialExpirationDate');
  if (trialExpirationDate !== null && !/^\d{4}-\d{2}-\d{2}/.test(trialExpirationDate)) fail(path, '"trialExpirationDate" must be a date (YYYY-MM-DD) or null');
  const namespacePrefix = nullableString(path, fields, 'namespacePrefix');
  const features = fields.features ?? [];
  if (!Array.isArray(features) || features.some((f) => typeof f !== 'string')) fail(path, '"features" must be a list of feature names');
  const unknownFeatures = (features as string[]).filter((f) => !(KNOWN_FEATURES as readonly string[]).includes(f));
  if (unknownFeatures.length > 0) fail(path, `unknown feature ${unknownFeatures.join(', ')} (known: ${KNOWN_FEATURES.join(', ')})`);
  return { organizationType, isSandbox, trialExpirationDate, namespacePrefix, features: features as string[] };
}

/** The kind of the org seeded from `dir`: its org.json, else the default (production). */
export function readOrgKind(dir: string): OrgKind {
  const path = join(dir, ORG_KIND_FILE);
  if (!existsSync(path)) return { ...DEFAULT_ORG_KIND, features: [] };
  return parseOrgKind(path, readFileSync(path, 'utf8'));
}

/**
 * A production org: neither a sandbox nor a trial or scratch org (TrialExpirationDate set), nor a
 * Developer Edition. The Metadata API guide's DeployOptions: NoTestRun "applies only to deployments
 * to development environments, such as sandbox, Developer Edition, or trial orgs".
 */
export function isProduction(kind: OrgKind): boolean {
  return !kind.isSandbox && kind.trialExpirationDate === null && kind.organizationType !== 'Developer Edition';
}

export function hasFeature(kind: OrgKind, feature: string): boolean {
  return kind.features.includes(feature);
}

/** How the org describes itself in words (the admin API and the emulator's start-up line). */
export function kindLabel(kind: OrgKind): string {
  if (kind.isSandbox && kind.trialExpirationDate) return 'scratch org';
  if (kind.isSandbox) return 'sandbox';
  if (kind.trialExpirationDate) return 'trial org';
  if (kind.organizationType === 'Developer Edition') return 'Developer Edition';
  return 'production';
}
