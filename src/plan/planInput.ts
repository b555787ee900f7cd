/*
 * From what the user typed (flags, config file, sf config) to a plan request. Shared by `plan`
 * and the live mode of `diff`. Flags given explicitly win over the config file; the `target-org`
 * config is the fallback for targets only, never for the reference.
 */
import { readFile } from 'node:fs/promises';
import { Messages } from '@salesforce/core';
import { defaultTargetOrg } from '../org/index.js';
import { PostdeployConfig, readConfigFile } from './configFile.js';
import { ManagedFilter, PlanProgress, PlanRequest } from './planner.js';
import { PlanMode } from './planTypes.js';
import { Selection, defaultSelection, selectionFromManifest, selectionFromMetadataArgs } from './selection.js';
import { StepSpec, stepSpecsOf } from './steps.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PlanInputFlags = {
  'reference-org'?: string;
  'reference-dir'?: string;
  'target-org'?: string[];
  'targets-file'?: string;
  metadata?: string[];
  manifest?: string;
  config?: string;
  mode?: PlanMode;
  'delete-extra'?: boolean;
  managed?: ManagedFilter;
  concurrency?: number;
  'api-version'?: string;
  wait?: { milliseconds: number };
  shard?: { index: number; count: number };
  'deploy-dir'?: string;
  'apex-file'?: string;
  'apex-undo-file'?: string;
};

export async function readTargetsFile(path: string): Promise<string[]> {
  // `#` starts a comment, on a line of its own or after a name (`uat  # the UAT sandbox`)
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).map((line) => line.replace(/#.*$/, '').trim());
  const targets = lines.filter((line) => line.length > 0);
  if (targets.length === 0) throw messages.createError('error.EmptyTargetsFile', [path]);
  return targets;
}

async function chooseTargets(flags: PlanInputFlags, config: PostdeployConfig): Promise<string[]> {
  const named = [...(flags['target-org'] ?? []), ...(flags['targets-file'] ? await readTargetsFile(flags['targets-file']) : [])];
  if (named.length > 0) return named;
  if (config.targets?.length) return config.targets;
  const fallback = await defaultTargetOrg();
  if (!fallback) throw messages.createError('error.NoTargets');
  return [fallback];
}

async function chooseSelection(flags: PlanInputFlags, config: PostdeployConfig): Promise<Selection> {
  if (flags.metadata?.length) return selectionFromMetadataArgs(flags.metadata);
  if (flags.manifest) return selectionFromManifest(await readFile(flags.manifest, 'utf8'), flags.manifest);
  if (config.metadata?.length) return selectionFromMetadataArgs(config.metadata, 'config');
  return defaultSelection();
}

/**
 * `explicit` names the flags the user typed (oclif fills defaults in, so a default `--mode merge`
 * must not hide the config file's `mode`).
 */
export async function planRequestFromFlags(
  flags: PlanInputFlags,
  options: { explicit: Set<string>; tool: PlanRequest['tool']; progress?: PlanProgress }
): Promise<PlanRequest> {
  const config = flags.config ? readConfigFile(flags.config) : {};
  const pick = <T>(flag: keyof PlanInputFlags, fromFlag: T | undefined, fromConfig: T | undefined, fallback: T): T =>
    options.explicit.has(flag) && fromFlag !== undefined ? fromFlag : fromConfig ?? fromFlag ?? fallback;
  const mode = pick<PlanMode>('mode', flags.mode, config.mode, 'merge');
  const deleteExtra = pick<boolean>('delete-extra', flags['delete-extra'], config.deleteExtra, false);
  return {
    reference: flags['reference-dir'] ? { dir: flags['reference-dir'] } : { org: flags['reference-org']! },
    targets: await chooseTargets(flags, config),
    selection: await chooseSelection(flags, config),
    mode,
    deleteExtra: mode === 'overwrite' && deleteExtra,
    concurrency: pick<number>('concurrency', flags.concurrency, config.concurrency, 8),
    apiVersion: pick<string | undefined>('api-version', flags['api-version'], config.apiVersion, undefined),
    waitMs: flags.wait?.milliseconds,
    shard: flags.shard,
    managed: pick<ManagedFilter>('managed', flags.managed, config.managed, 'include'),
    tool: options.tool,
    progress: options.progress,
  };
}

/** The release steps asked for: the config file's `steps`, then --deploy-dir and --apex-file. */
export function stepSpecsFromFlags(flags: PlanInputFlags): StepSpec[] {
  const config = flags.config ? readConfigFile(flags.config) : {};
  return stepSpecsOf(config, flags.config, { deployDir: flags['deploy-dir'], apexFile: flags['apex-file'], apexUndoFile: flags['apex-undo-file'] });
}
