/*
 * From what the user typed to what each command asks for: the parsed flags, the --config file and
 * sf's own config become one typed request per command, here and only here. Every rule between
 * flags is checked once, on the effective values (a flag typed wins over the config file, the config
 * file over a flag's default). Nothing below cli/ sees a flag name.
 */
import { readFile } from 'node:fs/promises';
import { Messages, SfError } from '@salesforce/core';
import { Interfaces } from '@oclif/core';
import type { Duration } from '@salesforce/kit';
import type { Mode } from '../diff/index.js';
import { defaultTargetOrg, type TestLevel } from '../org/index.js';
import type { ApplyRequest } from '../apply/applier.js';
import type { FailureBudget, WaveSize } from '../apply/waves.js';
import { loadResume, refuseSecondApply } from '../apply/resume.js';
import type { RollbackRequest } from '../apply/rollback.js';
import { PostdeployConfig, readConfigFile } from '../plan/configFile.js';
import { readResolutionsFile } from '../plan/resolutions.js';
import type { ManagedFilter, PlanRequest } from '../plan/planner.js';
import { Selection, defaultSelection, selectionFromManifest, selectionFromMetadataArgs } from '../plan/selection.js';
import { StepSpec, stepSpecsOf } from '../plan/steps.js';
import { parsePackageFilter } from '../plan/packageVersions.js';
import { readPlanFile } from '../state/planFile.js';
import { ExitCode } from './exitCodes.js';
import { planInputFlags } from './flags.js';
import { stateFolderOf } from './stateFolder.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');
const planMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');
const applyMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

/** The tokens oclif parsed; the flags among them are the ones the user typed. */
export type RawTokens = Array<{ type: string; flag?: string }>;

type PlanInputFlags = Interfaces.InferredFlags<typeof planInputFlags>;

/*
 * The flags of diff, apply and rollback as they arrive parsed (a boolean not typed may be absent).
 * The commands declare the flags themselves (src/commands), so they are typed here by what the
 * requests read; a command whose flags do not fit does not compile.
 */
type DiffFlags = PlanInputFlags & {
  'plan-file'?: string;
  'markdown-file'?: string;
  'junit-file'?: string;
  'html-file'?: string;
  'fold-lines': number;
  'show-kept': boolean;
};
type ApplyFlags = {
  'plan-file'?: string;
  resume?: string;
  waves?: WaveSize[];
  'max-failures'?: FailureBudget;
  'target-org'?: string[];
  'dry-run'?: boolean;
  'record-base': boolean;
  'test-level'?: TestLevel;
  tests?: string[];
  concurrency: number;
  wait: Pick<Duration, 'milliseconds'>;
  'skip-stale'?: boolean;
  'state-dir'?: string;
};
type RollbackFlags = {
  'apply-id'?: string[];
  latest?: boolean;
  'target-org'?: string[];
  'dry-run'?: boolean;
  force?: boolean;
  concurrency: number;
  wait: Pick<Duration, 'milliseconds'>;
  'state-dir'?: string;
};

/** The plugin that writes the plan, as the plan records it. */
type Tool = PlanRequest['tool'];

/** A plan as `plan` and the live `diff` make it: the planner's request, and the release steps beside it. */
export type LivePlanRequest = PlanRequest & { steps: StepSpec[] };

/** What `diff` shows: a saved plan (to a subset of its targets), or the drift computed live. */
export type DiffRequest = (
  | { source: 'plan-file'; planFile: string; targets?: string[] }
  | { source: 'live'; plan: LivePlanRequest }
) & { reports: { markdownFile?: string; junitFile?: string; htmlFile?: string }; foldLines: number; showKept: boolean };

/** The apply, without what the command adds while it runs (progress, journal, Ctrl-C). */
export type ApplyCommandRequest = Omit<ApplyRequest, 'onTargetDone' | 'onJournal' | 'stop' | 'onWave' | 'onStep'>;

export type RollbackCommandRequest = Omit<RollbackRequest, 'applyId'> & { applyIds?: string[] };

/** The same refusal as a usage error (exit 2): a new error, the one refused stays as it was thrown. */
function usageError(error: SfError): SfError {
  return new SfError(error.message, error.name, error.actions, ExitCode.UsageError, error.cause instanceof Error ? error.cause : undefined);
}

function usageErrorOf<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SfError) throw usageError(error as SfError);
    throw error;
  }
}

/** The flags the user typed (oclif fills in defaults; a config file must not lose to a default). */
function typedFlags(raw: RawTokens): Set<string> {
  return new Set(raw.filter((token) => token.type === 'flag' && token.flag).map((token) => token.flag!));
}

export async function readTargetsFile(path: string): Promise<string[]> {
  // `#` starts a comment, on a line of its own or after a name (`uat  # the UAT sandbox`)
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).map((line) => line.replace(/#.*$/, '').trim());
  const targets = lines.filter((line) => line.length > 0);
  if (targets.length === 0) throw planMessages.createError('error.EmptyTargetsFile', [path]);
  return targets;
}

async function chooseTargets(flags: PlanInputFlags, config: PostdeployConfig): Promise<string[]> {
  const named = [...(flags['target-org'] ?? []), ...(flags['targets-file'] ? await readTargetsFile(flags['targets-file']) : [])];
  if (named.length > 0) return named;
  if (config.targets?.length) return config.targets;
  const fallback = await defaultTargetOrg();
  if (!fallback) throw planMessages.createError('error.NoTargets');
  return [fallback];
}

async function chooseSelection(flags: PlanInputFlags, config: PostdeployConfig): Promise<Selection> {
  if (flags.metadata?.length) return selectionFromMetadataArgs(flags.metadata);
  if (flags.manifest) return selectionFromManifest(await readFile(flags.manifest, 'utf8'), flags.manifest);
  if (config.metadata?.length) return selectionFromMetadataArgs(config.metadata, 'config');
  return defaultSelection();
}

/** One effective value: the flag when typed, else the config file's, else the flag's default. */
type Effective<T> = { value: T; from: string };

/**
 * `plan` and the live `diff`. `--delete-extra` (or the config file's `deleteExtra`) needs the
 * overwrite mode, whether the mode comes from `--mode` or from the config file.
 */
export async function planRequestOf(flags: PlanInputFlags, raw: RawTokens, tool: Tool): Promise<LivePlanRequest> {
  const typed = typedFlags(raw);
  const config = flags.config ? readConfigFile(flags.config) : {};
  const pick = <T>(flag: keyof PlanInputFlags, key: keyof PostdeployConfig, fromFlag: T | undefined, fromConfig: T | undefined, fallback: T): Effective<T> => {
    if (typed.has(flag) && fromFlag !== undefined) return { value: fromFlag, from: `--${flag}` };
    if (fromConfig !== undefined) return { value: fromConfig, from: `"${key}" in ${flags.config!}` };
    return { value: fromFlag ?? fallback, from: 'the default' };
  };
  const mode = pick<Mode>('mode', 'mode', flags.mode, config.mode, 'merge');
  const deleteExtra = pick<boolean>('delete-extra', 'deleteExtra', flags['delete-extra'], config.deleteExtra, false);
  if (deleteExtra.value && mode.value !== 'overwrite') {
    throw usageError(messages.createError('error.DeleteExtraNeedsOverwrite', [deleteExtra.from, mode.value, mode.from]));
  }
  return {
    ...(flags['base-dir'] ? { base: { dir: flags['base-dir'] } } : flags['base-org'] ? { base: { org: flags['base-org'] } } : {}),
    ...(flags.prefer ? { prefer: flags.prefer } : {}),
    ...(flags.resolutions ? { resolutions: readResolutionsFile(flags.resolutions) } : {}),
    reference: flags['reference-dir'] ? { dir: flags['reference-dir'] } : { org: flags['reference-org']! },
    targets: await chooseTargets(flags, config),
    selection: await chooseSelection(flags, config),
    mode: mode.value,
    deleteExtra: deleteExtra.value,
    concurrency: pick<number>('concurrency', 'concurrency', flags.concurrency, config.concurrency, flags.concurrency).value,
    apiVersion: pick<string | undefined>('api-version', 'apiVersion', flags['api-version'], config.apiVersion, undefined).value,
    waitMs: flags.wait.milliseconds,
    shard: flags.shard,
    managed: pick<ManagedFilter>('managed', 'managed', flags.managed, config.managed, 'include').value,
    ...(config.accept?.length ? { accept: config.accept } : {}),
    ...(flags['package-version']?.length ? { packageFilters: flags['package-version'].map((text) => usageErrorOf(() => parsePackageFilter(text))) } : {}),
    tool,
    // the config file's `steps`, then --deploy-dir and --apex-file
    steps: stepSpecsOf(config, flags.config, { deployDir: flags['deploy-dir'], apexFile: flags['apex-file'], apexUndoFile: flags['apex-undo-file'] }),
  };
}

/**
 * `diff`: with --plan-file, only --target-org may narrow it; every other plan flag would be
 * silently ignored, so it is refused.
 */
export async function diffRequestOf(flags: DiffFlags, raw: RawTokens, tool: Tool): Promise<DiffRequest> {
  const shown = { reports: { markdownFile: flags['markdown-file'], junitFile: flags['junit-file'], htmlFile: flags['html-file'] }, foldLines: flags['fold-lines'], showKept: flags['show-kept'] ?? false };
  if (!flags['plan-file']) return { source: 'live', plan: await planRequestOf(flags, raw, tool), ...shown };
  const typed = typedFlags(raw);
  const combinable = ['target-org'];
  const refused = Object.keys(planInputFlags).filter((name) => typed.has(name) && !combinable.includes(name));
  if (refused.length > 0) {
    throw usageError(messages.createError('error.FlagsExcludedBy', [refused.map((name) => `--${name}`).join(', '), 'plan-file', combinable.map((name) => `--${name}`).join(', ')]));
  }
  return { source: 'plan-file', planFile: flags['plan-file'], targets: flags['target-org'], ...shown };
}

export async function applyRequestOf(flags: ApplyFlags): Promise<ApplyCommandRequest> {
  if ((flags['test-level'] === 'RunSpecifiedTests') !== Boolean(flags.tests?.length)) {
    throw usageError(applyMessages.createError(flags.tests?.length ? 'error.TestsNeedRunSpecifiedTests' : 'error.RunSpecifiedTestsNeedsTests'));
  }
  const stateDir = stateFolderOf(flags['state-dir']);
  const { plan, planFile, resume } = await planToApply(stateDir, flags);
  return {
    plan,
    planFile,
    targets: flags['target-org'],
    dryRun: flags['dry-run'] ?? false,
    testLevel: flags['test-level'],
    runTests: flags.tests,
    concurrency: flags.concurrency,
    waitMs: flags.wait.milliseconds,
    skipStale: flags['skip-stale'] ?? false,
    recordBase: resume ? resume.recordBase !== false : flags['record-base'],
    stateDir,
    waves: flags.waves,
    maxFailures: flags['max-failures'],
    ...(resume ? { resume } : {}),
  };
}

/**
 * The plan of a new apply (refused when its release steps ran in an earlier apply), or, with
 * --resume, the plan and journal of the apply that goes on.
 */
async function planToApply(stateDir: string, flags: ApplyFlags): Promise<{ plan: ApplyRequest['plan']; planFile: string; resume?: ApplyRequest['resume'] }> {
  if (flags.resume) {
    const resumed = await loadResume(stateDir, flags.resume);
    return { plan: resumed.plan, planFile: resumed.journal.planFile, resume: resumed.journal };
  }
  const planFile = flags['plan-file']!;
  const plan = await readPlanFile(planFile);
  if (!flags['dry-run']) await refuseSecondApply(stateDir, plan);
  return { plan, planFile };
}

export function rollbackRequestOf(flags: RollbackFlags): RollbackCommandRequest {
  return {
    stateDir: stateFolderOf(flags['state-dir']),
    applyIds: flags['apply-id'],
    targets: flags['target-org'],
    dryRun: flags['dry-run'] ?? false,
    force: flags.force ?? false,
    concurrency: flags.concurrency,
    waitMs: flags.wait.milliseconds,
  };
}
