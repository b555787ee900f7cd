import { Messages } from '@salesforce/core';
import { Duration } from '@salesforce/kit';
import { Flags } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

export const modes = ['merge', 'overwrite'] as const;
export type Mode = (typeof modes)[number];

/** One share of the targets: shard `index` (1-based) of `count`. */
export type Shard = { index: number; count: number };

export function parseShard(input: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(input.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(index >= 1 && count >= 1 && index <= count)) {
    throw messages.createError('error.InvalidShard', [input]);
  }
  return { index, count };
}

/**
 * --target-org/-o of apply and rollback: a subset of the targets recorded in the plan or the apply.
 * Deliberately a plain repeatable string and not `Flags.requiredOrg`: targets are resolved together,
 * by the org layer, against what the plan or journal recorded.
 */
export const targetOrgSubsetFlag = Flags.string({
  char: 'o',
  multiple: true,
  summary: messages.getMessage('flags.target-org-subset.summary'),
});

export const concurrencyFlag = Flags.integer({
  summary: messages.getMessage('flags.concurrency.summary'),
  default: 8,
  min: 1,
});

/**
 * A fixed default, not sf-plugins-core's computed one (`defaultValue`): a computed default makes
 * `--help` load the command and all it imports; toJSON is how the manifest and the help show it.
 */
const WAIT_DEFAULT = Object.assign(Duration.minutes(33), { toJSON: (): string => '33 minutes' });

export const waitFlag = Flags.duration({
  summary: messages.getMessage('flags.wait.summary'),
  unit: 'minutes',
  default: WAIT_DEFAULT,
  defaultHelp: undefined,
  min: 1,
});

export const stateDirFlag = Flags.directory({
  summary: messages.getMessage('flags.state-dir.summary'),
  description: messages.getMessage('flags.state-dir.description'),
});

/** The flags that define a plan: reference, targets, selection, mode. `plan` takes them as they are. */
export const planInputFlags = {
  'reference-org': Flags.string({
    char: 'r',
    summary: messages.getMessage('flags.reference-org.summary'),
    description: messages.getMessage('flags.reference-org.description'),
    exactlyOne: ['reference-org', 'reference-dir'],
  }),
  'reference-dir': Flags.directory({
    summary: messages.getMessage('flags.reference-dir.summary'),
    description: messages.getMessage('flags.reference-dir.description'),
    exists: true,
    exactlyOne: ['reference-org', 'reference-dir'],
  }),
  // not Flags.requiredOrg: the `target-org` config is only the fallback when no target is given at all
  'target-org': Flags.string({
    char: 'o',
    multiple: true,
    summary: messages.getMessage('flags.target-org.summary'),
    description: messages.getMessage('flags.target-org.description'),
  }),
  'targets-file': Flags.file({
    summary: messages.getMessage('flags.targets-file.summary'),
    exists: true,
  }),
  metadata: Flags.string({
    char: 'm',
    multiple: true,
    summary: messages.getMessage('flags.metadata.summary'),
    description: messages.getMessage('flags.metadata.description'),
  }),
  manifest: Flags.file({
    char: 'x',
    summary: messages.getMessage('flags.manifest.summary'),
    exists: true,
    exclusive: ['metadata'],
  }),
  config: Flags.file({
    summary: messages.getMessage('flags.config.summary'),
    exists: true,
  }),
  mode: Flags.option({
    summary: messages.getMessage('flags.mode.summary'),
    description: messages.getMessage('flags.mode.description'),
    options: modes,
    default: 'merge',
  })(),
  'delete-extra': Flags.boolean({
    summary: messages.getMessage('flags.delete-extra.summary'),
  }),
  managed: Flags.option({
    summary: messages.getMessage('flags.managed.summary'),
    description: messages.getMessage('flags.managed.description'),
    options: ['include', 'exclude', 'only'] as const,
  })(),
  concurrency: concurrencyFlag,
  'api-version': Flags.orgApiVersion({
    summary: messages.getMessage('flags.api-version.summary'),
    description: messages.getMessage('flags.api-version.description'),
    // the default comes from the `org-api-version` config at run time; never bake it into the manifest
    noCacheDefault: true,
  }),
  wait: waitFlag,
  'deploy-dir': Flags.string({
    summary: messages.getMessage('flags.deploy-dir.summary'),
    description: messages.getMessage('flags.deploy-dir.description'),
  }),
  'apex-file': Flags.file({
    summary: messages.getMessage('flags.apex-file.summary'),
    description: messages.getMessage('flags.apex-file.description'),
    exists: true,
  }),
  'apex-undo-file': Flags.file({
    summary: messages.getMessage('flags.apex-undo-file.summary'),
    exists: true,
    dependsOn: ['apex-file'],
  }),
  shard: Flags.custom<Shard>({
    summary: messages.getMessage('flags.shard.summary'),
    description: messages.getMessage('flags.shard.description'),
    parse: (input) => Promise.resolve(parseShard(input)),
  })(),
};

/**
 * The plan flags as the alternative to another flag (diff's --plan-file): the reference becomes
 * "exactly one of --reference-org, --reference-dir, --<alternative>". The other plan flags are
 * refused with the alternative by `checkAlternativeFlags`, not by oclif's `exclusive`, whose usage
 * line then comes out garbled (`[--targets-file <value> | ]`).
 */
export function planInputFlagsAlternativeTo<T extends Record<string, { exactlyOne?: string[] }>>(flags: T, alternative: string): T {
  const entries = Object.entries(flags).map(([name, flag]) => (flag.exactlyOne ? [name, { ...flag, exactlyOne: [...flag.exactlyOne, alternative] }] : [name, flag]));
  return Object.fromEntries(entries) as T;
}

function usageError<T extends Error & { exitCode?: number }>(error: T): T {
  error.exitCode = 2;
  return error;
}

/** Refuses, as a usage error, a plan flag typed together with the alternative, except those that combine with it. */
export function checkAlternativeFlags(explicit: Set<string>, alternative: string, combinable: string[]): void {
  if (!explicit.has(alternative)) return;
  const refused = Object.keys(planInputFlags).filter((name) => explicit.has(name) && !combinable.includes(name));
  if (refused.length === 0) return;
  throw usageError(messages.createError('error.FlagsExcludedBy', [refused.map((name) => `--${name}`).join(', '), alternative, combinable.map((name) => `--${name}`).join(', ')]));
}

/** Refuses flag combinations that oclif's declarative constraints cannot express. */
export function checkPlanInputFlags(flags: { mode?: Mode; 'delete-extra'?: boolean }): void {
  if (flags['delete-extra'] && flags.mode !== 'overwrite') {
    throw usageError(messages.createError('error.DeleteExtraNeedsOverwrite'));
  }
}

/** The flags the user typed (oclif fills in defaults; a config file must not lose to a default). */
export function explicitFlags(raw: Array<{ type: string; flag?: string }>): Set<string> {
  return new Set(raw.filter((token) => token.type === 'flag' && token.flag).map((token) => token.flag!));
}
