/*
 * `npm run demo`: sf postdeploy end to end against emulated orgs, printing what a user would see.
 *
 * Starts the org emulator (packages/org-emulator, over HTTPS with a certificate it makes) with the orgs in
 * demo/orgs (prod, the reference; uat, scratch and acme, three targets that drifted) in a throwaway
 * sf home, then runs the plugin's real commands (bin/run.js) one after the other: plan, diff,
 * apply in two waves with a post-install Apex step, plan again (no drift), rollback --latest (which
 * runs the undo script), plan again (the drift is back), apply again (which records each target's
 * base), then a second release that removes: planned with the base each org holds. Everything it
 * makes lives in one temporary folder that it removes at the end. Exits 1 when a step fails.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ORGS_DIR = join(ROOT, 'demo', 'orgs');
const RUN = join(ROOT, 'bin', 'run.js');

const REFERENCE = 'prod';
const TARGETS = ['uat', 'scratch', 'acme'];
const ORG_ROLES: Record<string, string> = {
  prod: 'production, the reference: the release is deployed here',
  uat: 'a sandbox that drifted: layout items removed, a list view changed, a field permission narrowed',
  scratch: 'a scratch org that missed the latest changes: a value set value, record type values, a layout section',
  acme: "a customer's production org with its own layout items, related list and list view, which merge mode keeps",
};

type PlanFile = {
  targets: Array<{ name: string; status: string; components: Array<{ type: string; fullName: string; action: string }> }>;
};
type EmulatorInfo = { url: string; orgs: Record<string, { username: string; orgId: string }>; caFile?: string };

class DemoError extends Error {}

const out = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

let step = 0;
const STEPS = 9;
function heading(title: string): void {
  step += 1;
  out();
  out(`=== ${step}/${STEPS} ${title}`);
  out();
}

/** A command line as a user types it: arguments with spaces or quotes in double quotes. */
function commandLine(args: string[]): string {
  return ['sf', ...args].map((arg) => (/^[\w@%+=:,./*-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`)).join(' ');
}

function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether lib/ is missing or older than src/ (a fresh clone has no lib/: it is not committed). */
function needsBuild(): boolean {
  const lib = join(ROOT, 'lib');
  if (!existsSync(join(lib, 'commands')) || !existsSync(join(ROOT, 'oclif.manifest.json'))) return true;
  return newestMtime(join(ROOT, 'src'), '.ts') > newestMtime(lib, '.js');
}

function runQuiet(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  out('Building the plugin (npm run build), first run only...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await runQuiet(npm, ['run', '--silent', 'build'], env);
  if (result.code !== 0) throw new DemoError(`npm run build failed (exit ${String(result.code)}):\n${result.output}`);
}

/** The emulator as a child process in its own process group, so that stopping it stops its helper too. */
function startEmulator(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; info: EmulatorInfo }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('packages', 'org-emulator', 'src', 'cli.ts'), '--orgs-dir', ORGS_DIR, '--https'], {
      cwd: ROOT,
      env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emulatorChild = child;
    let stdout = '';
    const timer = setTimeout(() => reject(new DemoError(`the org emulator did not start within 90 s:\n${emulatorStderr}`)), 90_000);
    child.stderr?.on('data', (chunk: Buffer) => (emulatorStderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        emulatorInfo = JSON.parse(stdout.slice(0, newline)) as EmulatorInfo;
        resolve({ child, info: emulatorInfo });
      } catch {
        reject(new DemoError(`the org emulator printed no JSON line:\n${stdout}\n${emulatorStderr}`));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!stdout.includes('\n')) reject(new DemoError(`the org emulator exited with ${String(code)}:\n${emulatorStderr}`));
    });
  });
}

let emulatorChild: ChildProcess | undefined;
let emulatorInfo: EmulatorInfo | undefined;
let emulatorStderr = '';

async function stopEmulator(): Promise<void> {
  const child = emulatorChild;
  emulatorChild = undefined;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      // the group: the emulator re-executes itself to trust its certificate, both must stop
      if (process.platform === 'win32') child.kill(name);
      else process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') signal('SIGKILL');
}

/** Runs `node bin/run.js <args>` as `sf <args>`: prints the command line, then its output as it comes. */
function sf(args: string[], env: NodeJS.ProcessEnv, cwd: string, expectedCode = 0): Promise<void> {
  out(`$ ${commandLine(args)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === expectedCode) resolve();
      else reject(new DemoError(`\`${commandLine(args)}\` exited with ${String(code)}, expected ${expectedCode}`));
    });
  });
}

function readPlan(file: string): PlanFile {
  return JSON.parse(readFileSync(file, 'utf8')) as PlanFile;
}

/** `target -> Type:Name` of every component that drifts in the plan. */
function drifting(plan: PlanFile): Map<string, string[]> {
  return new Map(
    plan.targets.map((t) => {
      if (t.status !== 'ok') throw new DemoError(`the plan could not compare ${t.name}`);
      return [t.name, t.components.filter((c) => c.action !== 'noop').map((c) => `${c.type}:${c.fullName}`)];
    })
  );
}

/** GET (or PUT) on the emulator's own API (what an admin sees or does in Setup), trusting its certificate. */
function emulatorGet(info: EmulatorInfo, path: string, query: Record<string, string>, put?: string): Promise<string> {
  const url = new URL(`${info.url}${path}?${new URLSearchParams(query).toString()}`);
  const ca = info.caFile ? readFileSync(info.caFile) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: put === undefined ? 'GET' : 'PUT', ca }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new DemoError(`GET ${url.pathname}: ${String(res.statusCode)} ${body}`))));
    });
    req.on('error', reject);
    req.end(put);
  });
}

const ACCOUNT_LAYOUT = { type: 'Layout', fullName: 'Account-Account Layout' };
const SALES_USER = { type: 'Profile', fullName: 'Sales User' };
const REGION_ITEM = /\s*<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Region__c<\/field>\s*<\/layoutItems>/;

/**
 * Release 2, made in prod: Region__c leaves the Account layout and Sales User may no longer edit
 * Opportunity.Region__c. Meanwhile uat's admin made Region__c required on the same layout.
 */
async function secondRelease(info: EmulatorInfo): Promise<void> {
  const component = '/__emulator/orgs/prod/component';
  const layout = await emulatorGet(info, component, ACCOUNT_LAYOUT);
  const profile = await emulatorGet(info, component, SALES_USER);
  const revoked = profile.replace(/<editable>true<\/editable>(\s*<field>Opportunity\.Region__c<\/field>)/, '<editable>false</editable>$1');
  if (!REGION_ITEM.test(layout) || revoked === profile) throw new DemoError('prod does not hold what release 2 changes');
  await emulatorGet(info, component, ACCOUNT_LAYOUT, layout.replace(REGION_ITEM, ''));
  await emulatorGet(info, component, SALES_USER, revoked);
  const uat = await emulatorGet(info, '/__emulator/orgs/uat/component', ACCOUNT_LAYOUT);
  await emulatorGet(info, '/__emulator/orgs/uat/component', ACCOUNT_LAYOUT, uat.replace(/<behavior>Edit<\/behavior>(\s*<field>Region__c<\/field>)/, '<behavior>Required</behavior>$1'));
  out('In prod, release 2: Region__c leaves the Account layout; Sales User may no longer edit Opportunity.Region__c.');
  out("In uat, its admin made Region__c required on the same layout; acme's own layout item is still there.");
}

type Release2Plan = {
  targets: Array<{
    name: string;
    base?: { source: string };
    components: Array<{ type: string; fullName: string; changes: Array<{ op: string; path: string }>; customizations?: string[]; conflicts?: Array<{ path: string }> }>;
  }>;
};

/** Fails unless every target's recorded base backs the removals, acme keeps its own item and uat's change is a conflict. */
function checkSecondRelease(file: string): void {
  const plan = JSON.parse(readFileSync(file, 'utf8')) as Release2Plan;
  const item = 'layoutSections[Account Information].layoutItems[Region__c]';
  for (const target of plan.targets) {
    const of = (key: { type: string; fullName: string }): Release2Plan['targets'][number]['components'][number] | undefined =>
      target.components.find((c) => c.type === key.type && c.fullName === key.fullName);
    if (target.base?.source !== 'org') throw new DemoError(`${target.name} was not planned with the base recorded in it`);
    const layout = of(ACCOUNT_LAYOUT);
    const removed = layout?.changes.some((c) => c.op === 'remove' && c.path === item);
    const conflict = layout?.conflicts?.some((c) => c.path === item);
    if (target.name === 'uat' ? !conflict : !removed) throw new DemoError(`${target.name}: Region__c is not ${target.name === 'uat' ? 'a conflict' : 'removed'}`);
    if (!of(SALES_USER)?.changes.some((c) => c.path === 'fieldPermissions[Opportunity.Region__c].editable')) throw new DemoError(`${target.name}: the permission is not revoked`);
  }
  const acme = plan.targets.find((t) => t.name === 'acme')?.components.find((c) => c.type === ACCOUNT_LAYOUT.type && c.fullName === ACCOUNT_LAYOUT.fullName);
  if (!acme?.customizations?.some((path) => path.includes('Acme_Account_Number__c'))) throw new DemoError("acme's own layout item is not kept as its customization");
  out("Check: with the base each org holds, Region__c leaves scratch's and acme's layout, the permission is revoked in all three,");
  out("acme's own item stays (its customization), and uat's required Region__c is a conflict left as uat has it.");
}

const blocks = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
const first = (xml: string, tag: string): string => blocks(xml, tag)[0]?.trim() ?? '';

/** Prints acme's Account layout and list views as they are in the org now, and fails if its own ones are gone. */
async function showAcmeCustomizations(info: EmulatorInfo): Promise<void> {
  const layout = await emulatorGet(info, '/__emulator/orgs/acme/component', { type: 'Layout', fullName: 'Account-Account Layout' });
  const section = blocks(layout, 'layoutSections').find((s) => first(s, 'label') === 'Account Information') ?? '';
  const fields = blocks(section, 'layoutItems').map((item) => first(item, 'field'));
  const relatedLists = blocks(layout, 'relatedLists').map((rl) => first(rl, 'relatedList'));
  const listViews = (JSON.parse(await emulatorGet(info, '/__emulator/orgs/acme/components', { type: 'ListView' })) as string[])
    .filter((name) => name.startsWith('Account.'))
    .sort();
  const mark = (names: string[], own: string[]): string => names.map((n) => (own.includes(n) ? `${n} (acme's own)` : n)).join(', ');
  out('acme, as it is in the org after the apply:');
  out(`  Layout Account-Account Layout, section "Account Information": ${mark(fields, ['Acme_Account_Number__c'])}`);
  out(`  Layout Account-Account Layout, related lists: ${mark(relatedLists, ['RelatedCaseList'])}`);
  out(`  List views of Account: ${mark(listViews, ['Account.Acme_Strategic_Accounts'])}`);
  const kept = fields.includes('Acme_Account_Number__c') && relatedLists.includes('RelatedCaseList') && listViews.includes('Account.Acme_Strategic_Accounts');
  if (!kept) throw new DemoError("merge mode lost acme's own customizations");
  if (!fields.includes('Region__c')) throw new DemoError('the apply did not add Region__c to the acme Account layout');
  out("  Check: acme got the release's Region__c item and kept its own item, related list and list view.");
}

async function demo(base: string): Promise<void> {
  const home = join(base, 'home');
  const work = join(base, 'work');
  const stateDir = join(work, 'state');
  mkdirSync(home);
  mkdirSync(work);
  // the release's post-install Apex (a release step run in every target after its correction) and its undo
  for (const file of ['post-install.apex', 'undo.apex']) copyFileSync(join(ROOT, 'demo', file), join(work, file));

  // nothing of the user's own sf setup: a throwaway HOME, no log file, no telemetry, no update checks
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SF|SFDX)_/i.test(key)));
  const env: NodeJS.ProcessEnv = {
    ...clean,
    HOME: home,
    USERPROFILE: home,
    SF_DISABLE_LOG_FILE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
  };

  out('sf postdeploy demo: find and fix the drift of layouts, list views, record types, value sets');
  out('and profiles across orgs after a release, then roll the fix back.');
  out();
  if (needsBuild()) await build(env);

  out(`Starting the org emulator with the orgs in ${relative(ROOT, ORGS_DIR)}/ ...`);
  const emulator = await startEmulator(env);
  const { info } = emulator;
  // the plugin trusts the emulator's self-signed certificate as it would a company CA
  const sfEnv: NodeJS.ProcessEnv = { ...env, SF_POSTDEPLOY_STATE_DIR: stateDir, ...(info.caFile ? { NODE_EXTRA_CA_CERTS: info.caFile } : {}) };
  out(`Orgs served at ${info.url} and logged in to the sf auth store by alias:`);
  for (const alias of [REFERENCE, ...TARGETS]) {
    if (!info.orgs[alias]) throw new DemoError(`the emulator has no org ${alias}`);
    out(`  ${alias.padEnd(8)} ${info.orgs[alias].username.padEnd(22)} ${ORG_ROLES[alias]}`);
  }
  out(`sf home: ${home} (throwaway), state directory (SF_POSTDEPLOY_STATE_DIR): ${relative(base, stateDir)}, working directory: ${relative(base, work)}`);

  const targetFlags = TARGETS.flatMap((t) => ['--target-org', t]);
  const planArgs = ['postdeploy', 'plan', '--reference-org', REFERENCE, ...targetFlags, '--apex-file', 'post-install.apex', '--apex-undo-file', 'undo.apex'];

  heading('Plan: compare every target with prod (nothing changes in any org)');
  await sf(planArgs, sfEnv, work);
  const before = drifting(readPlan(join(work, 'postdeploy-plan.json')));

  heading('Diff: review the drift, element by element');
  await sf(['postdeploy', 'diff', '--plan-file', 'postdeploy-plan.json'], sfEnv, work);

  heading('Apply: snapshot, one all-or-nothing deploy per target (merge mode keeps what only a target has), then the post-install Apex; uat first, as a canary');
  await sf(['postdeploy', 'apply', '--plan-file', 'postdeploy-plan.json', '--waves', '1,*'], sfEnv, work);
  out();
  await showAcmeCustomizations(info);
  out();
  out('What overwrite mode would have removed from acme (merge kept it):');
  await sf(['postdeploy', 'diff', '--reference-org', REFERENCE, '--target-org', 'acme', '--mode', 'overwrite', '--metadata', 'Layout:Account-Account Layout'], sfEnv, work);

  heading('Plan again: no target drifts any more');
  await sf([...planArgs, '--output-file', 'after-apply.json'], sfEnv, work);
  const after = drifting(readPlan(join(work, 'after-apply.json')));
  const left = [...after].filter(([, components]) => components.length > 0);
  if (left.length > 0) throw new DemoError(`drift left after the apply: ${left.map(([t, c]) => `${t}: ${c.join(', ')}`).join('; ')}`);
  out("Check: no target drifts from prod any more. What merge mode kept as each target has it (not drift, nothing to deploy):");
  await sf(['postdeploy', 'diff', '--plan-file', 'after-apply.json', '--show-kept'], sfEnv, work);

  heading('Rollback: restore the snapshots taken before the apply');
  await sf(['postdeploy', 'rollback', '--latest'], sfEnv, work);

  heading('Plan again: the original drift is back');
  await sf([...planArgs, '--output-file', 'after-rollback.json'], sfEnv, work);
  const again = drifting(readPlan(join(work, 'after-rollback.json')));
  const notes: string[] = [];
  for (const [target, components] of before) {
    const now = again.get(target) ?? [];
    const extra = now.filter((c) => !components.includes(c));
    if (extra.length > 0) throw new DemoError(`${target} drifts in ${extra.join(', ')} after the rollback, which it did not before`);
    for (const gone of components.filter((c) => !now.includes(c))) {
      // a picklist value cannot be deleted: the rollback deactivated it, merge keeps the target's inactive value
      if (!gone.startsWith('GlobalValueSet:')) throw new DemoError(`${target}: ${gone} does not drift after the rollback`);
      notes.push(`${target} ${gone.replace(':', ' ')}`);
    }
  }
  out('Check: the drift of the first plan is back in every target'
    + (notes.length > 0 ? `, except ${notes.join(', ')}: the value the apply added stays, inactive (values are never deleted).` : '.'));

  heading("Apply again: each target's correction, and with it the base of its next merge (the static resource PostdeployBase)");
  await sf(['postdeploy', 'apply', '--plan-file', 'after-rollback.json'], sfEnv, work);

  heading('A second release that removes: planned with the base each org holds, no folder needed');
  await secondRelease(info);
  await sf(['postdeploy', 'plan', '--reference-org', REFERENCE, ...targetFlags, '--output-file', 'release-2.json'], sfEnv, work);
  checkSecondRelease(join(work, 'release-2.json'));

  heading('Done');
  out('Try it on your orgs:');
  out(`  sf plugins link ${ROOT}`);
  out('  sf postdeploy plan --reference-org <prod alias> --target-org <sandbox alias>');
  out(`The emulator is stopped and ${basename(base)} is removed now.`);
}

async function main(): Promise<number> {
  const base = mkdtempSync(join(tmpdir(), 'sf-postdeploy-demo-'));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nsf postdeploy demo: ${signal}, stopping the emulator\n`);
    void cleanUp(base).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await demo(base);
    return 0;
  } catch (error) {
    const message = error instanceof DemoError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`\nsf postdeploy demo failed: ${message}\n`);
    if (emulatorStderr.trim()) process.stderr.write(`The org emulator reported:\n${emulatorStderr}\n`);
    return 1;
  } finally {
    if (!interrupted) await cleanUp(base);
  }
}

/** Stops the emulator, removes the demo's folder and the emulator's certificate folder. */
async function cleanUp(base: string): Promise<void> {
  await stopEmulator();
  rmSync(base, { recursive: true, force: true });
  const caDir = emulatorInfo?.caFile ? dirname(emulatorInfo.caFile) : undefined;
  if (caDir && basename(caDir).startsWith('sf-postdeploy-emulator-tls-')) rmSync(caDir, { recursive: true, force: true });
}

process.exitCode = await main();
