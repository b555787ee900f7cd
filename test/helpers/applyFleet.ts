/*
 * A reference org and three drifted targets in a fresh emulator and sf HOME, for the apply and
 * rollback end-to-end tests: run the plugin against them, read their content, the state directory
 * and the emulator's counts.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorAdmin, RunningEmulator, XmlNode, XmlValue, children, parseMetadataXml, startEmulator, text } from '@sf-postdeploy/org-emulator';
import { parsePlanFile } from '../../src/state/planFile.js';
import type { Mode } from '../../src/diff/index.js';
import { PlanFile } from '../../src/plan/planTypes.js';
import type { ApplyResult } from '../../src/apply/applier.js';
import type { RollbackResult } from '../../src/apply/rollback.js';
import { PROJECT_ROOT, ProcessResult, run } from './processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from './sfHome.js';

export const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
export const APPLY_FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'apply');
export const RUN = join(PROJECT_ROOT, 'bin', 'run.js');

export const REFERENCE = 'prod';
export const TARGETS = ['sandbox', 'uat', 'staging'] as const;
export type TargetAlias = (typeof TARGETS)[number];

export type ComponentRef = { type: string; fullName: string };
/** Every component the tests plan: one of each of the main subscriber-controlled types. */
export const COMPONENTS: ComponentRef[] = [
  { type: 'Profile', fullName: 'Admin' },
  { type: 'PermissionSet', fullName: 'Sales_Ops' },
  { type: 'Layout', fullName: 'Account-Account Layout' },
  { type: 'ListView', fullName: 'Account.AllAccounts' },
  { type: 'RecordType', fullName: 'Account.Business' },
  { type: 'GlobalValueSet', fullName: 'Regions' },
];
export const keyOf = (c: ComponentRef): string => `${c.type}:${c.fullName}`;

/** The --json results of apply and rollback, as the commands declare them. */
export type { ApplyResult, ApplyTargetResult, ApplyTargetStatus } from '../../src/apply/applier.js';
export type { RollbackResult, RollbackTargetResult } from '../../src/apply/rollback.js';

/** The --json output of a command: a result on success, an error (name, message, actions, data) otherwise. */
export type JsonOutput<T> = {
  status: number;
  result?: T;
  name?: string;
  message?: string;
  actions?: string[];
  data?: unknown;
  warnings?: unknown[];
};

export type Ran<T> = ProcessResult & { json: JsonOutput<T> };

export type JournalTarget = { [key: string]: unknown; name?: string; alias?: string; username?: string; orgId?: string; state: string };
export type Journal = { [key: string]: unknown; applyId?: string; targets: JournalTarget[] };

export type Fleet = {
  sfHome: SfHome;
  emulator: RunningEmulator;
  admin: EmulatorAdmin;
  /** working directory of the commands, where the plans go */
  work: string;
  /** the --state-dir of every apply and rollback */
  stateDir: string;
  postdeploy(args: string[], timeoutMs?: number): Promise<ProcessResult>;
  /** `plan` in the given mode over COMPONENTS; expects exit 0 and returns the plan file. */
  plan(mode: Mode, file: string, targets?: readonly string[]): Promise<PlanFile>;
  apply(planFile: string, extra?: string[], timeoutMs?: number): Promise<Ran<ApplyResult>>;
  rollback(args: string[], timeoutMs?: number): Promise<Ran<RollbackResult>>;
  /** the admin API's XML of every planned component of an org, by `Type:Name` */
  contents(alias: string): Promise<Record<string, string>>;
  /** how many deploys (check-only included) the org received, SOAP or REST */
  deploys(alias: string): Promise<number>;
  journals(): Journal[];
  stop(): Promise<void>;
};

/** The --json output of a command run as a process; when it printed none, an error that shows what it printed. */
export function jsonOutput<T>(result: ProcessResult, what = 'the command'): JsonOutput<T> {
  try {
    return JSON.parse(result.stdout) as JsonOutput<T>;
  } catch {
    throw new Error(`${what} printed no JSON (exit ${String(result.code)}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

function parseJson<T>(result: ProcessResult, what: string): Ran<T> {
  return { ...result, json: jsonOutput<T>(result, what) };
}

/** The drift of every target and the reference's extra picklist value (see test/fixtures/apply/README.md). */
export async function seedDrift(admin: EmulatorAdmin, targets: readonly string[]): Promise<void> {
  const put = async (alias: string, side: 'reference' | 'target', type: string, fullName: string): Promise<void> => {
    const response = await admin.putComponent(alias, type, fullName, readFileSync(join(APPLY_FIXTURES, side, type, `${fullName}.xml`), 'utf8'));
    if (!response.ok) throw new Error(`PUT ${type} ${fullName} in ${alias}: ${response.status} ${await response.text()}`);
  };
  await put(REFERENCE, 'reference', 'RecordType', 'Account.Business');
  for (const alias of targets) {
    for (const type of readdirSync(join(APPLY_FIXTURES, 'target'))) {
      for (const file of readdirSync(join(APPLY_FIXTURES, 'target', type))) {
        // eslint-disable-next-line no-await-in-loop
        await put(alias, 'target', type, file.replace(/\.xml$/, ''));
      }
    }
  }
}

export async function startFleet(options: { jobMs?: number } = {}): Promise<Fleet> {
  const sfHome = useIsolatedSfHome();
  const orgs = Object.fromEntries([REFERENCE, ...TARGETS].map((alias) => [alias, SEED]));
  const emulator = await startEmulator({ orgs, jobMs: options.jobMs ?? 20 });
  const admin = new EmulatorAdmin(emulator.url);
  const work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-apply-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-state-'));
  await seedDrift(admin, TARGETS);

  const postdeploy = (args: string[], timeoutMs = 170_000): Promise<ProcessResult> =>
    run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs });

  let stopped = false;
  const fleet: Fleet = {
    sfHome,
    emulator,
    admin,
    work,
    stateDir,
    postdeploy,
    async plan(mode, file, targets = TARGETS) {
      const args = ['plan', '-r', REFERENCE, ...targets.flatMap((t) => ['-o', t]), ...COMPONENTS.flatMap((c) => ['-m', keyOf(c)]), '--mode', mode, '--output-file', file];
      const result = await postdeploy(args);
      if (result.code !== 0) throw new Error(`plan exited ${String(result.code)}:\n${result.stdout}\n${result.stderr}`);
      return parsePlanFile(readFileSync(join(work, file), 'utf8'), file);
    },
    async apply(planFile, extra = [], timeoutMs) {
      return parseJson<ApplyResult>(await postdeploy(['apply', '--plan-file', planFile, '--state-dir', stateDir, '--json', ...extra], timeoutMs), 'apply');
    },
    async rollback(args, timeoutMs) {
      return parseJson<RollbackResult>(await postdeploy(['rollback', '--state-dir', stateDir, '--json', ...args], timeoutMs), 'rollback');
    },
    async contents(alias) {
      const entries: Array<[string, string]> = [];
      for (const component of COMPONENTS) {
        // eslint-disable-next-line no-await-in-loop
        const xml = await admin.component(alias, component.type, component.fullName);
        if (xml === undefined) throw new Error(`${alias} has no ${keyOf(component)}`);
        entries.push([keyOf(component), xml]);
      }
      return Object.fromEntries(entries);
    },
    async deploys(alias) {
      const counts = (await admin.stats())[alias] ?? {};
      return (counts.deploy ?? 0) + (counts.deployRequest ?? 0);
    },
    journals() {
      return journalFiles(stateDir).map((file) => readJournal(file));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await emulator.stop();
      sfHome.restore();
      rmSync(work, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return fleet;
}

/** `<state>/applies/<applyId>/journal.json` of every apply recorded in the state directory. */
export function journalFiles(stateDir: string): string[] {
  const applies = join(stateDir, 'applies');
  if (!existsSync(applies)) return [];
  return readdirSync(applies)
    .map((id) => join(applies, id, 'journal.json'))
    .filter((file) => existsSync(file));
}

/** A journal, its targets as a list whether the file keeps them as a list or by org. */
export function readJournal(file: string): Journal {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { targets?: JournalTarget[] | Record<string, JournalTarget> } & Record<string, unknown>;
  const targets = Array.isArray(raw.targets) ? raw.targets : Object.entries(raw.targets ?? {}).map(([key, t]) => ({ name: key, ...t }));
  return { ...raw, targets };
}

/** Whether a journal entry is the given org (by alias, name, username or org id). */
export function journalEntryIs(entry: JournalTarget, org: { alias: string; username: string; orgId: string }): boolean {
  return entry.alias === org.alias || entry.name === org.alias || entry.username === org.username || entry.orgId === org.orgId;
}

export function listFilesRecursively(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFilesRecursively(path);
    return entry.isFile() ? [path] : [];
  });
}

export const modeOf = (file: string): number => statSync(file).mode & 0o777;

// ---- reading metadata XML for assertions ----

export function parseXml(xml: string): XmlNode {
  return parseMetadataXml(xml).body;
}

function sortKeys(value: XmlValue): unknown {
  if (typeof value === 'string') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, value[key].map((v) => sortKeys(v))])
  );
}

/** The content of a component, independent of element order inside an element and of whitespace; list order is kept. */
export function canonical(xml: string): string {
  return JSON.stringify(sortKeys(parseXml(xml)));
}

export type ValueState = { name: string; active: boolean };

/** The values of a GlobalValueSet in order, with whether each is active. */
export function valueSetValues(xml: string): ValueState[] {
  return children(parseXml(xml), 'customValue').map((v) => ({ name: text(v, 'fullName') ?? '', active: text(v, 'isActive') !== 'false' }));
}

/**
 * The canonical content of `after` without the value-set values that are in it but not in `before`
 * and inactive: what a rollback of an added picklist value leaves (it cannot delete it).
 */
export function withoutDeactivatedAdditions(type: string, beforeXml: string, afterXml: string): { canonical: string; deactivated: string[] } {
  if (type !== 'GlobalValueSet') return { canonical: canonical(afterXml), deactivated: [] };
  const known = new Set(valueSetValues(beforeXml).map((v) => v.name));
  const body = parseXml(afterXml);
  const deactivated: string[] = [];
  const kept = (body.customValue ?? []).filter((value) => {
    if (typeof value === 'string') return true;
    const name = text(value, 'fullName') ?? '';
    if (known.has(name) || text(value, 'isActive') !== 'false') return true;
    deactivated.push(name);
    return false;
  });
  const rest: XmlNode = { ...body, customValue: kept };
  return { canonical: JSON.stringify(sortKeys(rest)), deactivated };
}

export function fieldPermission(xml: string, field: string): { editable?: string; readable?: string } | undefined {
  const entry = children(parseXml(xml), 'fieldPermissions').find((e) => text(e, 'field') === field);
  return entry && { editable: text(entry, 'editable'), readable: text(entry, 'readable') };
}

export function userPermission(xml: string, name: string): string | undefined {
  const entry = children(parseXml(xml), 'userPermissions').find((e) => text(e, 'name') === name);
  return entry && text(entry, 'enabled');
}

/** The fields of a layout section's items, in order. */
export function layoutFields(xml: string, section: string): string[] {
  const found = children(parseXml(xml), 'layoutSections').find((s) => text(s, 'label') === section);
  return children(found, 'layoutColumns').flatMap((column) => children(column, 'layoutItems').map((item) => text(item, 'field') ?? ''));
}

export function listViewColumns(xml: string): string[] {
  return (parseXml(xml).columns ?? []).filter((c): c is string => typeof c === 'string');
}

export function recordTypeValues(xml: string, picklist: string): string[] {
  const entry = children(parseXml(xml), 'picklistValues').find((p) => text(p, 'picklist') === picklist);
  return children(entry, 'values').map((v) => decodeURIComponent(text(v, 'fullName') ?? ''));
}

// ---- a plugin process that the test can kill ----

export type LiveProcess = { child: ChildProcessWithoutNullStreams; done: Promise<ProcessResult> };

export function startPostdeploy(fleet: Fleet, args: string[]): LiveProcess {
  const child = spawn(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(fleet.sfHome.home), cwd: fleet.work });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    // eslint-disable-next-line no-await-in-loop
    await sleep(everyMs);
  }
}
