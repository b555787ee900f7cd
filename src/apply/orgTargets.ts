/*
 * What apply and rollback do alike around their work on each target: check that each org is still
 * the one recorded, hold every org's lock for the whole run, and say why the org refused a deploy.
 * (Choosing the targets the user named: plan/planTargets.ts.)
 */
import type { SfError } from '@salesforce/core';
import { refusalAction } from '../metadata/index.js';
import { type ComponentKey, DeployOutcome, OrgHandle, keyOf, mapWithConcurrency } from '../org/index.js';
import { RecordedTarget, labelOf } from '../plan/planTargets.js';
import { OrgLock } from '../state/lock.js';
import type { OrgOperations } from './targetState.js';

/** The fields every per-target result starts with. */
export type TargetIdentity = { name: string; alias?: string; username: string; orgId: string };

export function identityOf(target: RecordedTarget): TargetIdentity {
  return { name: target.name, ...(target.alias ? { alias: target.alias } : {}), username: target.username, orgId: target.orgId ?? '' };
}

/**
 * Each target's org, resolved one after another before anything is locked or deployed; an org that
 * is no longer the one recorded (an alias now pointing elsewhere) is refused with `wrongOrg`'s error.
 */
export async function connectTargets<T extends RecordedTarget & { orgId: string }>(
  orgs: Pick<OrgOperations, 'resolveOrg'>,
  targets: T[],
  wrongOrg: (target: T, actualOrgId: string) => SfError
): Promise<Array<{ target: T; handle: OrgHandle }>> {
  return mapWithConcurrency(targets, 1, async (target) => {
    const handle = await orgs.resolveOrg(target.username);
    if (handle.identity.orgId !== target.orgId) throw wrongOrg(target, handle.identity.orgId);
    return { target, handle };
  });
}

/**
 * connectTargets, one target at a time, where a target that cannot be reached (an expired login, no
 * authorization) is left out with the reason instead of failing every other target; a target that
 * resolves to another org still stops the run.
 */
export async function connectEachTarget<T extends RecordedTarget & { orgId: string }>(
  orgs: Pick<OrgOperations, 'resolveOrg'>,
  targets: T[],
  wrongOrg: (target: T, actualOrgId: string) => SfError
): Promise<{ connected: Array<{ target: T; handle: OrgHandle }>; unreachable: Array<{ target: T; error: string }> }> {
  const connected: Array<{ target: T; handle: OrgHandle }> = [];
  const unreachable: Array<{ target: T; error: string }> = [];
  await mapWithConcurrency(targets, 1, async (target) => {
    let handle: OrgHandle;
    try {
      handle = await orgs.resolveOrg(target.username);
    } catch (error) {
      unreachable.push({ target, error: errorText(error) });
      return;
    }
    if (handle.identity.orgId !== target.orgId) throw wrongOrg(target, handle.identity.orgId);
    connected.push({ target, handle });
  });
  return { connected, unreachable };
}

/** The locks of a run's orgs, released together. */
export type OrgLocks = { release(): Promise<void> };

/**
 * Takes the lock of every target's org, one after another; when one is held by another run, the
 * ones already taken are released and the OrgLocked error is thrown.
 */
export async function lockOrgs(stateDir: string, targets: Array<RecordedTarget & { orgId: string }>, owner: { operation: string; id: string }): Promise<OrgLocks> {
  const taken: OrgLock[] = [];
  const locks = { release: async (): Promise<void> => void (await Promise.all(taken.map((lock) => lock.release()))) };
  try {
    await mapWithConcurrency(targets, 1, async (target) => {
      taken.push(await OrgLock.acquire(stateDir, { orgId: target.orgId, name: labelOf(target) }, owner));
    });
  } catch (error) {
    await locks.release();
    throw error;
  }
  return locks;
}

export type ComponentRefusal = { type: string; fullName: string; problem: string; action?: string };

/**
 * Why the org refused a deploy: per component, with what to do where the refusal is known, and in
 * one line (the org's own message or status when it names no component). `actionsInLine` adds the
 * actions to that line, for results that carry no per-component list.
 */
export function deployRefusal(outcome: DeployOutcome, actionsInLine = false, deleting: readonly ComponentKey[] = []): { failures: ComponentRefusal[]; error: string } {
  const deleted = new Set(deleting.map(keyOf));
  const failures = outcome.failures.map((f) => {
    const action = refusalAction(f.problem, { type: f.type, deleting: deleted.has(keyOf(f)) });
    return { type: f.type, fullName: f.fullName, problem: f.problem, ...(action ? { action } : {}) };
  });
  const listed = failures.map((f) => `${f.type} ${f.fullName}: ${f.problem}${actionsInLine && f.action ? ` (${f.action})` : ''}`).join('; ');
  return { failures, error: listed.length > 0 ? listed : outcome.errorMessage ?? outcome.status };
}

/** The message of whatever a target's work threw, for its result line. */
/** An error's message with the actions it carries (what to run next), as one line for a target's result. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const actions = (error as Error & { actions?: string[] }).actions ?? [];
  return actions.length > 0 ? `${error.message} Next: ${actions.join(' ')}` : error.message;
}
