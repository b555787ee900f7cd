/*
 * The apply journal: one file per apply recording each target's state, so that a crash, a kill or
 * Ctrl-C leaves a record that rollback and a rerun of apply understand. Written atomically after
 * every state change. Snapshots hold the pre-apply content of every touched component.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Messages } from '@salesforce/core';
import type { Mode } from '../diff/index.js';
import { ComponentAction } from '../plan/planTypes.js';
import { writeFileAtomic } from './atomicFile.js';
import { FailPoint, failpointArmed } from './failpoint.js';
import type { JournalStep } from './stepJournal.js';
import { applyDir } from './stateDir.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

export const JOURNAL_FORMAT_VERSION = 1;

export type TargetState = 'pending' | 'deploying' | 'deployed' | 'validated' | 'failed' | 'stale' | 'skipped' | 'rolling-back' | 'rolled-back';

export type JournalComponent = {
  type: string;
  fullName: string;
  action: ComponentAction;
  /** normalized hash before the apply (null: the target lacked it) */
  preHash: string | null;
  /** normalized hash the plan expected after the deploy */
  patchedHash: string | null;
  /** normalized hash read back after the deploy (null: absent; undefined: not read yet) */
  postHash?: string | null;
};

export type JournalTarget = {
  name: string;
  alias?: string;
  username: string;
  orgId: string;
  state: TargetState;
  deployId?: string;
  error?: string;
  components: JournalComponent[];
  snapshotFile?: string;
  rollbackDeployId?: string;
  /** release steps of the plan, in order (plans with steps); `state` above is the drift step's */
  steps?: JournalStep[];
  updatedAt: string;
};

export type Journal = {
  formatVersion: typeof JOURNAL_FORMAT_VERSION;
  applyId: string;
  planId: string;
  planFile: string;
  planChecksum: string;
  mode: Mode;
  apiVersion: string;
  dryRun: boolean;
  createdAt: string;
  /** what the plan retrieved with its selection; rollback re-reads the same set */
  scope: Array<{ type: string; fullName: string }>;
  /** the waves the targets were started in (`--waves`), as target names per wave */
  waves?: string[][];
  /** `--waves` and `--max-failures` as given, so that `--resume` goes on in waves within the same budget */
  rollout?: { waves: Array<{ count: number } | { percent: number } | { rest: true }>; maxFailures?: { count: number } | { percent: number } };
  /** `--no-record-base`: false, so that `--resume` records no base either */
  recordBase?: boolean;
  targets: JournalTarget[];
};

export type SnapshotComponent = { type: string; fullName: string; existed: boolean; xml?: string; files?: Record<string, string>; hash: string | null };
export type Snapshot = { applyId: string; orgId: string; username: string; takenAt: string; components: SnapshotComponent[]; inverse: string[] };

export function journalPath(stateDir: string, applyId: string): string {
  return join(applyDir(stateDir, applyId), 'journal.json');
}

export function snapshotPath(stateDir: string, applyId: string, orgId: string): string {
  return join(applyDir(stateDir, applyId), 'snapshots', `${orgId}.json`);
}

/** Serializes journal writes of one apply: targets finish in parallel, the file is rewritten whole. */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();

  public constructor(private readonly stateDir: string, public readonly journal: Journal) {}

  public update(orgId: string, change: Partial<JournalTarget>): Promise<void> {
    const target = this.journal.targets.find((t) => t.orgId === orgId);
    if (target) Object.assign(target, change, { updatedAt: new Date().toISOString() });
    // crash tests: the write that records `deploying` can be killed half-way through
    return this.flush(change.state === 'deploying' ? 'mid-journal-write' : undefined);
  }

  public flush(crashPoint?: FailPoint): Promise<void> {
    const text = `${JSON.stringify(this.journal, null, 2)}\n`;
    const path = journalPath(this.stateDir, this.journal.applyId);
    this.chain = this.chain.then(() => writeFileAtomic(path, text, 0o600, crashPoint && failpointArmed(crashPoint) ? crashPoint : undefined));
    return this.chain;
  }
}

export async function writeSnapshot(stateDir: string, snapshot: Snapshot): Promise<string> {
  const path = snapshotPath(stateDir, snapshot.applyId, snapshot.orgId);
  await writeFileAtomic(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  return path;
}

export async function readSnapshot(path: string): Promise<Snapshot> {
  return JSON.parse(await readFile(path, 'utf8')) as Snapshot;
}

export async function readJournal(stateDir: string, applyId: string): Promise<Journal> {
  const path = journalPath(stateDir, applyId);
  if (!existsSync(path)) throw messages.createError('error.UnknownApply', [applyId, stateDir]);
  try {
    const journal = JSON.parse(await readFile(path, 'utf8')) as Journal;
    if (journal.formatVersion !== JOURNAL_FORMAT_VERSION) throw new Error(`format version ${String(journal.formatVersion)}`);
    return journal;
  } catch (error) {
    throw messages.createError('error.BadJournal', [path, error instanceof Error ? error.message : String(error)]);
  }
}

/** Every journal in the state directory, newest first (apply ids sort by time). */
export async function listJournals(stateDir: string): Promise<Journal[]> {
  const dir = join(stateDir, 'applies');
  if (!existsSync(dir)) return [];
  const ids = (await readdir(dir)).filter((id) => existsSync(journalPath(stateDir, id))).sort().reverse();
  const journals: Journal[] = [];
  for (const id of ids) {
    try {
      // eslint-disable-next-line no-await-in-loop
      journals.push(await readJournal(stateDir, id));
    } catch {
      // a journal that cannot be read is reported when asked for by id
    }
  }
  return journals;
}

/** The target states after which the org may hold content the apply deployed (or did, before a rollback). */
const CHANGED_STATES: readonly TargetState[] = ['deployed', 'deploying', 'rolling-back', 'rolled-back'];

/** Whether an apply changed an org: a dry run never does, nor a rerun that found every target already applied. */
export function changedSomething(journal: Journal): boolean {
  return !journal.dryRun && journal.targets.some((t) => CHANGED_STATES.includes(t.state) || t.steps?.some((s) => s.state === 'done' || s.state === 'rolled-back'));
}

/**
 * What `rollback --latest` undoes: the newest apply that changed something, so that a dry run or a
 * no-op rerun never hides it; when none did (e.g. an apply killed before its first deploy), the
 * newest apply, whose rollback then reports that there is nothing to undo.
 */
export async function latestApplyId(stateDir: string): Promise<string> {
  const journals = await listJournals(stateDir);
  if (journals.length === 0) throw messages.createError('error.NoApplies', [stateDir]);
  return (journals.find(changedSomething) ?? journals[0]).applyId;
}

export function newApplyId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
