/*
 * Release steps in the plan: from what the user wrote (config `steps`, --deploy-dir, --apex-file)
 * to the steps the plan file records, each with its content and its hash, and per target what each
 * step will do. The drift correction is one step among them (first unless the config places it).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { Messages } from '@salesforce/core';
import { readLocalPackage, type TestLevel } from '../org/index.js';
import { canonicalJson, sha256 } from './canonicalJson.js';
import { PackageCondition, isVersionRange, outsideCondition } from './packageVersions.js';
import { changesTarget } from './blocked.js';
import { PackageComponent, PlanScript, PlanStep, PlannedStepAction, PlannedTarget } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.steps');

/** A step as the config file writes it (schemas/postdeploy-config.schema.json); paths as given. */
export type StepSpec =
  | { name: string; kind: 'drift' }
  | { name: string; kind: 'deploy'; path: string; testLevel?: TestLevel; tests?: string[]; when?: PackageCondition }
  | { name: string; kind: 'apex'; file: string; undo?: string; when?: PackageCondition };

export const DRIFT_STEP: PlanStep = { name: 'drift', kind: 'drift' };

/** The steps of a plan; a plan without steps (format 1, or none asked for) is its drift correction alone. */
export function planSteps(plan: { steps?: PlanStep[] }): PlanStep[] {
  return plan.steps ?? [DRIFT_STEP];
}

/**
 * The steps asked for: the config file's (paths relative to it), then --deploy-dir and --apex-file
 * (paths relative to the working directory), in that order.
 */
export function stepSpecsOf(config: { steps?: StepSpec[] }, configPath: string | undefined, flags: { deployDir?: string; apexFile?: string; apexUndoFile?: string }): StepSpec[] {
  const base = configPath ? dirname(configPath) : '.';
  const specs: StepSpec[] = (config.steps ?? []).map((spec) => {
    if (spec.kind === 'deploy') return { ...spec, path: resolve(base, spec.path) };
    if (spec.kind === 'apex') return { ...spec, file: resolve(base, spec.file), ...(spec.undo ? { undo: resolve(base, spec.undo) } : {}) };
    return spec;
  });
  if (flags.deployDir) specs.push({ name: `deploy ${flags.deployDir}`, kind: 'deploy', path: resolve(flags.deployDir) });
  if (flags.apexFile) specs.push({ name: `apex ${basename(flags.apexFile)}`, kind: 'apex', file: resolve(flags.apexFile), ...(flags.apexUndoFile ? { undo: resolve(flags.apexUndoFile) } : {}) });
  return specs;
}

/** A path as the plan shows it: relative to the working directory when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

async function readScript(file: string, step: string): Promise<PlanScript> {
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch {
    throw messages.createError('error.NoSuchApexFile', [file, step]);
  }
  if (body.trim().length === 0) throw messages.createError('error.EmptyApexFile', [file, step]);
  return { file: shown(file), hash: sha256(body), body };
}

function checkTests(spec: Extract<StepSpec, { kind: 'deploy' }>): void {
  const level = spec.testLevel;
  if (spec.tests?.length && level !== 'RunSpecifiedTests') throw messages.createError('error.TestsNeedSpecifiedLevel', [spec.name, level ?? "not set (the org's default)"]);
  if (level === 'RunSpecifiedTests' && !spec.tests?.length) throw messages.createError('error.SpecifiedLevelNeedsTests', [spec.name]);
}

async function readDeployStep(spec: Extract<StepSpec, { kind: 'deploy' }>, readPackage: typeof readLocalPackage): Promise<PlanStep> {
  checkTests(spec);
  if (!existsSync(spec.path)) throw messages.createError('error.NoSuchPackage', [spec.path, spec.name]);
  const read = await readPackage(spec.path);
  if (read.components.length === 0) throw messages.createError('error.EmptyPackage', [spec.path, spec.name]);
  const components: PackageComponent[] = read.components
    .map((c) => ({
      type: c.type,
      fullName: c.fullName,
      xml: c.xml,
      ...(c.files ? { files: Object.fromEntries(Object.entries(c.files).map(([path, bytes]) => [path, bytes.toString('base64')])) } : {}),
    }))
    .sort((a, b) => `${a.type}:${a.fullName}`.localeCompare(`${b.type}:${b.fullName}`));
  return {
    name: spec.name,
    kind: 'deploy',
    source: shown(spec.path),
    format: read.format,
    hash: sha256(canonicalJson(components)),
    ...(spec.testLevel ? { testLevel: spec.testLevel } : {}),
    ...(spec.tests?.length ? { runTests: spec.tests } : {}),
    ...(spec.when ? { when: spec.when } : {}),
    components,
  };
}

/**
 * The plan's steps, read once for every target; undefined when none was asked for (the plan is
 * then its drift correction alone, as before release steps).
 */
export async function readSteps(specs: StepSpec[], readPackage: typeof readLocalPackage = readLocalPackage): Promise<PlanStep[] | undefined> {
  if (specs.length === 0) return undefined;
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw messages.createError('error.DuplicateStepName', [spec.name]);
    seen.add(spec.name);
  }
  const drift = specs.filter((s) => s.kind === 'drift');
  if (drift.length > 1) throw messages.createError('error.TwoDriftSteps', [drift[0].name, drift[1].name]);
  for (const spec of specs) {
    if (spec.kind !== 'drift' && spec.when && !isVersionRange(spec.when.versionRange)) throw messages.createError('error.InvalidStepCondition', [spec.name, spec.when.versionRange]);
  }
  const steps: PlanStep[] = [];
  for (const spec of specs) {
    if (spec.kind === 'drift') steps.push(spec);
    // eslint-disable-next-line no-await-in-loop
    else if (spec.kind === 'deploy') steps.push(await readDeployStep(spec, readPackage));
    // eslint-disable-next-line no-await-in-loop
    else steps.push({ name: spec.name, kind: 'apex', script: await readScript(spec.file, spec.name), ...(spec.undo ? { undo: await readScript(spec.undo, spec.name) } : {}), ...(spec.when ? { when: spec.when } : {}) });
  }
  if (drift.length > 0) return steps;
  return [{ name: seen.has(DRIFT_STEP.name) ? 'drift correction' : DRIFT_STEP.name, kind: 'drift' }, ...steps];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What one step will do in one target, in words, with what rollback cannot undo declared up front. */
export function stepAction(step: PlanStep, target: PlannedTarget): PlannedStepAction {
  const base = { name: step.name, kind: step.kind };
  if (step.kind === 'drift') {
    const touched = target.components.filter(changesTarget).length;
    const irreversible = target.components.filter(changesTarget).flatMap((c) => c.irreversible);
    return { ...base, action: touched === 0 ? 'nothing to correct' : `correct ${plural(touched, 'component')}`, ...(irreversible.length > 0 ? { irreversible } : {}) };
  }
  const outside = step.when ? outsideCondition(step.when, target.packages) : undefined;
  if (outside) return { ...base, action: `skipped: ${outside}`, skipped: outside };
  if (step.kind === 'deploy') {
    const tests = step.testLevel && step.testLevel !== 'NoTestRun' ? `, tests ${step.testLevel}${step.runTests ? ` (${step.runTests.join(', ')})` : ''}` : '';
    return { ...base, action: `deploy ${plural(step.components.length, 'component')} of ${step.source} as they are (snapshot first${tests})` };
  }
  if (step.undo) return { ...base, action: `run ${step.script.file} (rollback runs ${step.undo.file})` };
  return { ...base, action: `run ${step.script.file}`, irreversible: [`Apex step "${step.name}" has no undo script: rollback cannot undo what it did`] };
}

/** The plan with its steps recorded, and per target what each will do. */
export function withSteps<T extends { steps?: PlanStep[]; targets: PlannedTarget[] }>(plan: T, steps: PlanStep[] | undefined): T {
  if (!steps) return plan;
  return { ...plan, steps, targets: plan.targets.map((t) => (t.status === 'ok' ? { ...t, steps: steps.map((s) => stepAction(s, t)) } : t)) };
}
