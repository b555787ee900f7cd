/*
 * Every flag of every postdeploy command, in one place. What the flags mean once parsed (defaults
 * from the config file, the rules between flags) is decided in requests.ts, not here.
 */
import { Messages } from '@salesforce/core';
import { Duration } from '@salesforce/kit';
import { Flags } from '@salesforce/sf-plugins-core';
// the flags load with every command and its --help: only small modules without dependencies here
import { modes } from '../diff/mode.js';
import { DEFAULT_CONCURRENCY } from '../org/concurrency.js';
import { DEFAULT_WAIT_MINUTES, testLevels } from '../org/types.js';
import type { Shard } from '../plan/shard.js';
import { FailureBudget, WaveSize, parseFailureBudget, parseWaves } from '../apply/waves.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');
const planMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');
const diffMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.diff');
const applyMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');
const rollbackMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

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
const targetOrgSubsetFlag = Flags.string({
  char: 'o',
  multiple: true,
  summary: messages.getMessage('flags.target-org-subset.summary'),
});

const concurrencyFlag = Flags.integer({
  summary: messages.getMessage('flags.concurrency.summary'),
  default: DEFAULT_CONCURRENCY,
  min: 1,
});

/**
 * A fixed default, not sf-plugins-core's computed one (`defaultValue`): a computed default makes
 * `--help` load the command and all it imports; toJSON is how the manifest and the help show it.
 */
const WAIT_DEFAULT = Object.assign(Duration.minutes(DEFAULT_WAIT_MINUTES), { toJSON: (): string => `${DEFAULT_WAIT_MINUTES} minutes` });

const waitFlag = Flags.duration({
  summary: messages.getMessage('flags.wait.summary'),
  unit: 'minutes',
  default: WAIT_DEFAULT,
  defaultHelp: undefined,
  min: 1,
});

const stateDirFlag = Flags.directory({
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
 * refused with the alternative by `diffRequestOf` (requests.ts), not by oclif's `exclusive`, whose usage
 * line then comes out garbled (`[--targets-file <value> | ]`).
 */
function planInputFlagsAlternativeTo<T extends Record<string, { exactlyOne?: string[] }>>(flags: T, alternative: string): T {
  const entries = Object.entries(flags).map(([name, flag]) => (flag.exactlyOne ? [name, { ...flag, exactlyOne: [...flag.exactlyOne, alternative] }] : [name, flag]));
  return Object.fromEntries(entries) as T;
}

/** `plan`: the plan flags, where to write the plan, whether drift fails the run. */
export const planFlags = {
  ...planInputFlags,
  'output-file': Flags.file({
    summary: planMessages.getMessage('flags.output-file.summary'),
    default: 'postdeploy-plan.json',
  }),
  'fail-on-drift': Flags.boolean({
    summary: planMessages.getMessage('flags.fail-on-drift.summary'),
  }),
  'html-file': Flags.file({
    summary: diffMessages.getMessage('flags.html-file.summary'),
    description: diffMessages.getMessage('flags.html-file.description'),
  }),
};

/** `diff`: a saved plan, or the plan flags to compute the drift live; reports. */
export const diffFlags = {
  'plan-file': Flags.file({
    summary: diffMessages.getMessage('flags.plan-file.summary'),
  }),
  ...planInputFlagsAlternativeTo(planInputFlags, 'plan-file'),
  'markdown-file': Flags.file({
    summary: diffMessages.getMessage('flags.markdown-file.summary'),
  }),
  'junit-file': Flags.file({
    summary: diffMessages.getMessage('flags.junit-file.summary'),
  }),
  'html-file': Flags.file({
    summary: diffMessages.getMessage('flags.html-file.summary'),
    description: diffMessages.getMessage('flags.html-file.description'),
  }),
  'fold-lines': Flags.integer({
    summary: diffMessages.getMessage('flags.fold-lines.summary'),
    description: diffMessages.getMessage('flags.fold-lines.description'),
    min: 0,
    default: 0,
  }),
  'show-kept': Flags.boolean({
    summary: diffMessages.getMessage('flags.show-kept.summary'),
    description: diffMessages.getMessage('flags.show-kept.description'),
  }),
};

export const applyFlags = {
  'plan-file': Flags.file({
    summary: applyMessages.getMessage('flags.plan-file.summary'),
    exactlyOne: ['plan-file', 'resume'],
  }),
  resume: Flags.string({
    summary: applyMessages.getMessage('flags.resume.summary'),
    description: applyMessages.getMessage('flags.resume.description'),
    exactlyOne: ['plan-file', 'resume'],
  }),
  waves: Flags.custom<WaveSize[]>({
    summary: applyMessages.getMessage('flags.waves.summary'),
    description: applyMessages.getMessage('flags.waves.description'),
    parse: (input) => Promise.resolve(parseWaves(input)),
  })(),
  'max-failures': Flags.custom<FailureBudget>({
    summary: applyMessages.getMessage('flags.max-failures.summary'),
    dependsOn: ['waves'],
    parse: (input) => Promise.resolve(parseFailureBudget(input)),
  })(),
  'target-org': targetOrgSubsetFlag,
  'dry-run': Flags.boolean({
    summary: applyMessages.getMessage('flags.dry-run.summary'),
  }),
  'record-base': Flags.boolean({
    summary: applyMessages.getMessage('flags.record-base.summary'),
    description: applyMessages.getMessage('flags.record-base.description'),
    allowNo: true,
    default: true,
  }),
  'test-level': Flags.option({
    summary: applyMessages.getMessage('flags.test-level.summary'),
    description: applyMessages.getMessage('flags.test-level.description'),
    options: testLevels,
  })(),
  tests: Flags.string({
    char: 't',
    multiple: true,
    summary: applyMessages.getMessage('flags.tests.summary'),
  }),
  concurrency: concurrencyFlag,
  wait: waitFlag,
  'skip-stale': Flags.boolean({
    summary: applyMessages.getMessage('flags.skip-stale.summary'),
  }),
  'state-dir': stateDirFlag,
};

export const rollbackFlags = {
  'apply-id': Flags.string({
    summary: rollbackMessages.getMessage('flags.apply-id.summary'),
    description: rollbackMessages.getMessage('flags.apply-id.description'),
    multiple: true,
    exactlyOne: ['apply-id', 'latest'],
  }),
  latest: Flags.boolean({
    summary: rollbackMessages.getMessage('flags.latest.summary'),
    exactlyOne: ['apply-id', 'latest'],
  }),
  'target-org': Flags.string({
    char: 'o',
    multiple: true,
    summary: rollbackMessages.getMessage('flags.target-org.summary'),
  }),
  'dry-run': Flags.boolean({
    summary: rollbackMessages.getMessage('flags.dry-run.summary'),
  }),
  force: Flags.boolean({
    summary: rollbackMessages.getMessage('flags.force.summary'),
  }),
  concurrency: concurrencyFlag,
  wait: waitFlag,
  'state-dir': stateDirFlag,
};

export const historyFlags = {
  'state-dir': stateDirFlag,
};
