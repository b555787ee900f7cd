/*
 * The flags that more than one postdeploy command takes, declared once; each command declares its
 * own beside them. What the flags mean once parsed (defaults from the config file, the rules
 * between flags) is decided in requests.ts, not here.
 */
import { Messages } from '@salesforce/core';
import { Duration } from '@salesforce/kit';
import { Flags } from '@salesforce/sf-plugins-core';
// the flags load with every command and its --help: only small modules without dependencies here
import { modes } from '../diff/change.js';
import { DEFAULT_CONCURRENCY } from '../org/concurrency.js';
import { DEFAULT_WAIT_MINUTES } from '../org/types.js';
import type { Shard } from '../plan/shard.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');
const planMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');
const diffMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.diff');

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
  default: DEFAULT_CONCURRENCY,
  min: 1,
});

/**
 * A fixed default, not sf-plugins-core's computed one (`defaultValue`): a computed default makes
 * `--help` load the command and all it imports; toJSON is how the manifest and the help show it.
 */
const WAIT_DEFAULT = Object.assign(Duration.minutes(DEFAULT_WAIT_MINUTES), { toJSON: (): string => `${DEFAULT_WAIT_MINUTES} minutes` });

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
  'package-version': Flags.string({
    multiple: true,
    summary: planMessages.getMessage('flags.package-version.summary'),
    description: planMessages.getMessage('flags.package-version.description'),
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
  'base-dir': Flags.directory({
    summary: messages.getMessage('flags.base-dir.summary'),
    description: messages.getMessage('flags.base-dir.description'),
    exists: true,
    exclusive: ['base-org'],
  }),
  'base-org': Flags.string({
    summary: messages.getMessage('flags.base-org.summary'),
    description: messages.getMessage('flags.base-org.description'),
    exclusive: ['base-dir'],
  }),
  prefer: Flags.option({
    summary: messages.getMessage('flags.prefer.summary'),
    description: messages.getMessage('flags.prefer.description'),
    options: ['reference', 'target'] as const,
  })(),
  resolutions: Flags.file({
    summary: messages.getMessage('flags.resolutions.summary'),
    description: messages.getMessage('flags.resolutions.description'),
    exists: true,
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
  // a folder or a .zip, so neither Flags.directory nor Flags.file; the release step says when it is missing
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
 * refused with the alternative by `diffRequestOf` (requests.ts), not by oclif's `exclusive`, whose usage
 * line then comes out garbled (`[--targets-file <value> | ]`).
 */
export function planInputFlagsAlternativeTo<T extends Record<string, { exactlyOne?: string[] }>>(flags: T, alternative: string): T {
  const entries = Object.entries(flags).map(([name, flag]) => (flag.exactlyOne ? [name, { ...flag, exactlyOne: [...flag.exactlyOne, alternative] }] : [name, flag]));
  return Object.fromEntries(entries) as T;
}

/** The drift matrix page, which `plan` and `diff` both write. */
export const htmlFileFlag = Flags.file({
  summary: diffMessages.getMessage('flags.html-file.summary'),
  description: diffMessages.getMessage('flags.html-file.description'),
});
