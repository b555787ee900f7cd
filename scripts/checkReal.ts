/*
 * `npm run check:real`: the plugin on real metadata nobody here wrote, whose shapes no fixture
 * written here anticipates.
 *
 * Reads the corpus of ../shared/real-metadata (or SF_POSTDEPLOY_REAL_METADATA) when it is there
 * and says that it skipped when it is not. Seeds org emulators (as `npm run bench` does, one
 * process, orgs logged in to a throwaway sf home) with:
 *   ref        the corpus' orgs/ref, the reference
 *   same       the same files: no drift at all
 *   shuffled   the same components with their unordered entries reordered and the files
 *              re-indented: still no drift
 *   drifted    layout items, list view columns, value set values removed, field permissions narrowed
 *   drifted2   the same drift, for the overwrite apply
 * Then plans in both modes (zero drift required for same and shuffled), applies the merge plan to
 * drifted and the overwrite plan to drifted2 (exit 0 required), plans again in both modes (zero
 * drift required everywhere: converged), checks every deploy content of the plans against the
 * Metadata API schema, prints timings and peak memory, and exits 1 on any drift or schema problem.
 * Last, plan time with and without a base, two targets each: drifted and drifted2 hold the base
 * their apply recorded (the static resources come with each target's retrieve); same and shuffled
 * hold none (nothing was corrected there), planned as they are and with the reference's folder as
 * --base-dir.
 * Nothing of the corpus is written anywhere but a temporary folder, removed at the end.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { cleanupAll, Emulator, postdeploy, round, startEmulator, tempDir, Timed } from '../bench/lib.js';
import { childRuleOf } from '../src/diff/ruleLookup.js';
import { findTypeRule, type ElementRule } from '../src/metadata/index.js';
import { schemaProblems } from '../src/metadata/schemaCheck.js';
import { changesTarget, isWhollyBlocked } from '../src/plan/blocked.js';
import type { PlanFile } from '../src/plan/planTypes.js';
import { REFERENCE_DIR, completionSummary, copyOrg, driftedXml, hasCorpus } from '../bench/realCorpus.js';

const SAME = ['same', 'shuffled'];
const DRIFTED = { merge: 'drifted', overwrite: 'drifted2' } as const;
const TARGETS = [...SAME, DRIFTED.merge, DRIFTED.overwrite];
const MODES = ['merge', 'overwrite'] as const;
type Mode = (typeof MODES)[number];

const out = (text = ''): void => void process.stdout.write(`${text}\n`);

class CheckFailed extends Error {}

// ---- the shuffled copy: same meaning, other order and indentation --------------------------------

type OrderedNode = { [tag: string]: OrderedNode[] | string | Record<string, string> };
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, processEntities: false, parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, processEntities: false, format: true, indentBy: '\t', suppressEmptyNode: true });

const tagOf = (node: OrderedNode): string => Object.keys(node).find((key) => key !== ':@')!;

/**
 * Entries of unordered keyed collections reversed, at every depth. The sequence of element names
 * stays: it is the type's schema order, which every retrieve returns and every real org's parser
 * enforces ("Element ... invalid at this location"); what varies between orgs and API versions is
 * the order of entries inside a collection, and the indentation.
 */
function reorder(nodes: OrderedNode[], rule: ElementRule | undefined): OrderedNode[] {
  if (nodes.every((node) => tagOf(node) === '#text')) return nodes;
  const groups = new Map<string, OrderedNode[]>();
  for (const node of nodes) {
    const tag = tagOf(node);
    const childRule = childRuleOf(rule, tag);
    const children = node[tag];
    const rebuilt = Array.isArray(children) ? { ...node, [tag]: reorder(children, childRule) } : node;
    groups.set(tag, [...(groups.get(tag) ?? []), rebuilt]);
  }
  return [...groups.entries()].flatMap(([tag, group]) => {
    const childRule = childRuleOf(rule, tag);
    return childRule?.shape === 'keyed' && !childRule.ordered ? [...group].reverse() : group;
  });
}

function shuffledXml(xml: string): string {
  const document = parser.parse(xml) as OrderedNode[];
  const rebuilt = document.map((node) => {
    const tag = tagOf(node);
    const children = node[tag];
    return tag.startsWith('?') || !Array.isArray(children) ? node : { ...node, [tag]: reorder(children, findTypeRule(tag)) };
  });
  return builder.build(rebuilt) as string;
}

// ---- the drifted copies (realCorpus.ts driftedXml) ----------------------------------------------

/** The components the drifted copies were given drift in (the same for both copies), as `Type:Name`. */
const injected = new Set<string>();

/** How many components the drift goes into in the corpus as it is (a transform that stops matching shows here). */
const EXPECTED_INJECTED = 212;

/** The component a corpus file is (of the types the drift is injected into). */
function componentOf(path: string): string {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1];
  const stem = base.replace(/-meta\.xml$/, '');
  const name = decodeURIComponent(stem.slice(0, stem.lastIndexOf('.')));
  if (parts[0] === 'objects' && parts[2] === 'listViews') return `ListView:${parts[1]}.${name}`;
  const types: Record<string, string> = { layouts: 'Layout', globalValueSets: 'GlobalValueSet', profiles: 'Profile' };
  return `${types[parts[0]] ?? parts[0]}:${name}`;
}

// ---- plan, apply, compare ----------------------------------------------------------------------------

const runs: Array<{ step: string; timed: Timed }> = [];

async function run(emulator: Emulator, work: string, step: string, args: string[], expected: number[] = [0]): Promise<Timed> {
  const timed = await postdeploy(emulator, args, work, 900_000);
  runs.push({ step, timed });
  out(`  ${step}: exit ${String(timed.code)} in ${round(timed.wallMs / 1000, 1)} s${timed.maxRssMb ? `, peak RSS ${Math.round(timed.maxRssMb)} MB` : ''}`);
  if (!expected.includes(timed.code ?? -1)) {
    throw new CheckFailed(`${step} exited ${String(timed.code)}, expected ${expected.join(' or ')}:\n${timed.stdout.slice(-4000)}\n${timed.stderr.slice(-4000)}`);
  }
  return timed;
}

/** Every component that drifts in the plan, per target, with its first changes. */
function driftOf(plan: PlanFile, targets: string[]): string[] {
  const lines: string[] = [];
  for (const target of plan.targets.filter((t) => targets.includes(t.name))) {
    if (target.status !== 'ok') {
      lines.push(`${target.name}: not planned: ${target.error?.message ?? 'error'}`);
      continue;
    }
    // drift that only a package upgrade can fix is listed as blocked, never applied: not drift to fix
    for (const component of target.components.filter(changesTarget)) {
      const changes = component.changes.slice(0, 3).map((c) => `${c.op} ${c.path || '(whole)'}`).join('; ');
      lines.push(`${target.name}: ${component.action} ${component.type}:${component.fullName} (${component.changes.length} changes: ${changes}${component.changes.length > 3 ? '; ...' : ''})`);
    }
  }
  return lines;
}

async function plan(emulator: Emulator, work: string, step: string, mode: Mode, file: string): Promise<PlanFile> {
  await run(emulator, work, step, ['plan', '-r', 'ref', ...TARGETS.flatMap((t) => ['-o', t]), '--mode', mode, '--output-file', file, '--json']);
  return JSON.parse(readFileSync(join(work, file), 'utf8')) as PlanFile;
}

function requireNoDrift(planFile: PlanFile, targets: string[], what: string): void {
  const drift = driftOf(planFile, targets);
  if (drift.length === 0) {
    out(`    ${what}: no drift`);
    return;
  }
  throw new CheckFailed(`${what}: ${drift.length} drifting component(s):\n  ${drift.slice(0, 60).join('\n  ')}${drift.length > 60 ? `\n  ... ${drift.length - 60} more` : ''}`);
}

/**
 * Every deploy content of the plan against the Metadata API schema at the plan's API version
 * (order, element names, enumerations, at every depth), as the org checks it before it deploys.
 */
function requireSchemaValid(planFile: PlanFile, what: string): void {
  const found: string[] = [];
  let checked = 0;
  for (const target of planFile.targets) {
    for (const component of target.components) {
      if (component.deployXml === undefined) continue;
      checked += 1;
      for (const problem of schemaProblems(component.deployXml, { apiVersion: planFile.apiVersion })) {
        found.push(`${target.name}: ${component.type}:${component.fullName}: ${problem.kind} ${problem.path}: ${problem.message}`);
      }
    }
  }
  if (found.length === 0) {
    out(`    ${what}: ${checked} deploy contents valid against the schema at API ${planFile.apiVersion}`);
    return;
  }
  throw new CheckFailed(`${what}: ${found.length} schema problem(s) in deploy contents:\n  ${found.slice(0, 60).join('\n  ')}`);
}

/** Components of the identical and reordered copies that are blocked: there is nothing to block without drift. */
function requireNoBlocked(planFile: PlanFile, targets: string[], what: string): void {
  const blocked = planFile.targets
    .filter((t) => targets.includes(t.name))
    .flatMap((t) => t.components.filter((c) => c.blocked.length > 0).map((c) => `${t.name}: ${c.type}:${c.fullName}: ${c.blocked.map((b) => b.reason).join('; ')}`));
  if (blocked.length > 0) throw new CheckFailed(`${what}: ${blocked.length} blocked component(s):\n  ${blocked.slice(0, 30).join('\n  ')}`);
  out(`    ${what}: nothing blocked`);
}

/**
 * The drifted copy shows exactly the injected drift: every component the drift was injected into,
 * planned or blocked with its reason, and nothing else.
 */
function requireInjectedDrift(planFile: PlanFile, target: string, mode: Mode): void {
  if (process.env.SF_POSTDEPLOY_REAL_METADATA === undefined && injected.size !== EXPECTED_INJECTED) {
    throw new CheckFailed(`${mode}: the drift went into ${injected.size} components of the corpus, not ${EXPECTED_INJECTED}: the drift transforms no longer match it`);
  }
  const planned = planFile.targets.find((t) => t.name === target);
  if (planned?.status !== 'ok') throw new CheckFailed(`${mode}: ${target} was not planned: ${planned?.error?.message ?? 'error'}`);
  const found = new Map(planned.components.filter((c) => c.action !== 'noop').map((c) => [`${c.type}:${decodeURIComponent(c.fullName)}`, c]));
  const missed = [...injected].filter((key) => !found.has(key)).sort();
  const extra = [...found.keys()].filter((key) => !injected.has(key)).sort();
  const blocked = [...found.values()].filter(isWhollyBlocked);
  if (missed.length > 0 || extra.length > 0) {
    throw new CheckFailed(`${mode}, ${target}: ${injected.size} injected drifts, ${found.size} found; not found: ${missed.slice(0, 20).join(', ') || 'none'}; not injected: ${extra.slice(0, 20).join(', ') || 'none'}`);
  }
  out(`    ${mode}, ${target}: all ${injected.size} injected drifts found, nothing else (${blocked.length} of them blocked: ${blocked.map((c) => `${c.type}:${c.fullName}`).slice(0, 5).join(', ') || 'none'})`);
}

async function check(): Promise<void> {
  const base = tempDir('real');
  const orgsDir = join(base, 'orgs');
  const work = join(base, 'work');
  mkdirSync(work, { recursive: true });
  out(`Seeding ref, same, shuffled, drifted, drifted2 from ${REFERENCE_DIR} (copies in a temp folder) ...`);
  copyOrg('ref', orgsDir);
  out('  (as the customer org it comes from: its managed packages declared installed, and what its layouts name that the corpus lacks completed with stubs:');
  out(`   ${completionSummary()})`);
  copyOrg('same', orgsDir);
  copyOrg('shuffled', orgsDir, (_file, xml) => shuffledXml(xml));
  copyOrg(DRIFTED.merge, orgsDir, driftedXml, (path) => injected.add(componentOf(path)));
  copyOrg(DRIFTED.overwrite, orgsDir, driftedXml);
  // five orgs of 14 MB each are seeded before the emulator answers: minutes on a loaded machine
  const emulator = await startEmulator(orgsDir, 0, 0, 600_000);
  const env = { ...emulator.env, SF_POSTDEPLOY_STATE_DIR: join(base, 'state') };
  const withState: Emulator = { ...emulator, env };

  const plans: Partial<Record<Mode, PlanFile>> = {};
  for (const mode of MODES) {
    out(`Plan, ${mode} mode, ref against ${TARGETS.join(', ')}:`);
    // eslint-disable-next-line no-await-in-loop
    const planned = await plan(withState, work, `plan ${mode}`, mode, `plan-${mode}.json`);
    plans[mode] = planned;
    requireNoDrift(planned, SAME, `${mode}, identical and reordered orgs`);
    requireSchemaValid(planned, mode);
    requireNoBlocked(planned, SAME, `${mode}, identical and reordered orgs`);
    requireInjectedDrift(planned, DRIFTED[mode], mode);
  }
  for (const mode of MODES) {
    out(`Apply the ${mode} plan to ${DRIFTED[mode]}:`);
    // eslint-disable-next-line no-await-in-loop
    await run(withState, work, `apply ${mode}`, ['apply', '--plan-file', `plan-${mode}.json`, '-o', DRIFTED[mode], '--json']);
  }
  for (const mode of MODES) {
    out(`Plan again, ${mode} mode:`);
    // eslint-disable-next-line no-await-in-loop
    const again = await plan(withState, work, `re-plan ${mode}`, mode, `again-${mode}.json`);
    requireNoDrift(again, TARGETS, `${mode}, every target after the applies (converged)`);
  }
  out('Plan time with and without a base, merge mode, two targets each:');
  const timedPlan = async (step: string, targets: string[], file: string, extra: string[] = []): Promise<PlanFile> => {
    await run(withState, work, step, ['plan', '-r', 'ref', ...targets.flatMap((t) => ['-o', t]), '--mode', 'merge', ...extra, '--output-file', file, '--json']);
    const planned = JSON.parse(readFileSync(join(work, file), 'utf8')) as PlanFile;
    requireNoDrift(planned, targets, step);
    return planned;
  };
  const none = await timedPlan('plan, no base', SAME, 'no-base.json');
  const recorded = await timedPlan('plan, recorded base', Object.values(DRIFTED), 'recorded-base.json');
  const dir = await timedPlan('plan, --base-dir', SAME, 'base-dir.json', ['--base-dir', join(orgsDir, 'ref')]);
  const sources = [none, recorded, dir].map((p) => p.targets.map((t) => t.base?.source).join(','));
  if (sources.join(' ') !== 'none,none org,org dir,dir') throw new CheckFailed(`bases used: ${sources.join(' / ')}`);
  const held = recorded.targets[0].base;
  out(`    the recorded base: ${held?.source === 'org' ? `${held.components} components in ${held.parts} static resource(s)` : 'none'}`);
  await emulator.stop();
}

function report(): void {
  const seconds = (step: string): string => {
    const found = runs.find((r) => r.step === step);
    return found ? `${round(found.timed.wallMs / 1000, 1)} s` : 'n/a';
  };
  const peaks = runs.map((r) => r.timed.maxRssMb).filter((mb): mb is number => mb !== undefined);
  const peak = peaks.length > 0 ? `${Math.round(Math.max(...peaks))} MB` : 'n/a (no /usr/bin/time)';
  out();
  out('check:real passed: no false drift in either mode, and every apply converged.');
  out(`Timings (${TARGETS.length} targets, default selection): plan ${seconds('plan merge')} (merge) / ${seconds('plan overwrite')} (overwrite), apply ${seconds('apply merge')} (merge) / ${seconds('apply overwrite')} (overwrite), re-plan ${seconds('re-plan merge')} / ${seconds('re-plan overwrite')}; peak RSS of one command ${peak}.`);
  out(`Plan time, merge mode, 2 targets: no base ${seconds('plan, no base')}, the base recorded in each target ${seconds('plan, recorded base')}, --base-dir ${seconds('plan, --base-dir')}.`);
  out(`README bench row: | real | check:real, ${TARGETS.length} targets on the real-metadata corpus: plan / apply / re-plan (merge) | ${seconds('plan merge')} / ${seconds('apply merge')} / ${seconds('re-plan merge')}, peak RSS ${peak} | — | zero drift, converged | yes |`);
}

async function main(): Promise<number> {
  if (!hasCorpus()) {
    out(`check:real skipped: no real metadata at ${REFERENCE_DIR} (set SF_POSTDEPLOY_REAL_METADATA to a folder holding orgs/ref).`);
    return 0;
  }
  const started = Date.now();
  try {
    await check();
    report();
    out(`(${Math.round((Date.now() - started) / 1000)} s in all)`);
    return 0;
  } catch (error) {
    process.stderr.write(`\ncheck:real FAILED: ${error instanceof CheckFailed ? error.message : error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanupAll();
  }
}

process.exitCode = await main();
