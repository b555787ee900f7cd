/*
 * The --json contract of `plan` (versioned apart from the plan file) and its table rows.
 */
import type { Mode } from '../diff/index.js';
import { BaseRecord, InstalledPackage, PlanBody, PlanFile, PlannedTarget } from '../plan/planTypes.js';
import { conflictPath } from './conflictReport.js';
import { baseLabel, keptOwnerLabel, keptTotals, overrideCount } from './driftTotals.js';

export type PlanTargetSummary = {
  alias?: string;
  username: string;
  orgId?: string;
  status: 'ok' | 'error';
  error?: string;
  drift: boolean;
  counts: { create: number; update: number; delete: number; noop: number; blocked: number; changes: number };
  /** the packages installed in the target */
  packages?: InstalledPackage[];
  /** differences the config file accepts in this target (not drift) */
  accepted?: number;
  /** merge mode: differences left as the target has them (its own items, versions, order); not drift */
  kept?: number;
  /** of `kept`, those without a base to tell whether the target or an earlier release made them */
  keptUnknownOwner?: number;
  /** merge mode: the base the target was compared with (`none`: two-way merge) */
  base?: BaseRecord;
  /** the base apply records in the target with its correction; absent when the target holds it already */
  recordsBase?: { components: number; hash: string };
  /** three-way merge: elements both sides changed differently, left as the target has them (apart from drift) */
  conflicts: number;
  /** overwrite with a base: the target's own changes since the base that the deploy overrides */
  overrides?: number;
};

export type PlanSummary = {
  planFile: string;
  planId: string;
  mode: Mode;
  apiVersion: string;
  drift: boolean;
  targets: PlanTargetSummary[];
};

export function conflictCount(target: PlannedTarget): number {
  return target.components.reduce((sum, component) => sum + (component.conflicts?.length ?? 0), 0);
}

/** One line per conflict of every target, for the terminal. */
export function conflictLines(plan: PlanBody): string[] {
  return plan.targets.flatMap((target) =>
    target.components.flatMap((component) =>
      (component.conflicts ?? []).map((conflict) => `${target.alias ?? target.username}: ${component.type} ${component.fullName} ${conflictPath(conflict)}: ${conflict.reason}`)
    )
  );
}

export function summarizePlan(plan: PlanFile, planFile: string): PlanSummary {
  const targets = plan.targets.map((target) => ({
    ...(target.alias ? { alias: target.alias } : {}),
    username: target.username,
    ...(target.orgId ? { orgId: target.orgId } : {}),
    status: target.status,
    ...(target.error ? { error: target.error.message } : {}),
    drift: target.counts.create + target.counts.update + target.counts.delete > 0,
    counts: target.counts,
    ...(target.packages ? { packages: target.packages } : {}),
    ...acceptedCount(target.components),
    ...(target.base ? { base: target.base } : {}),
    ...(target.nextBase?.resources.length ? { recordsBase: { components: target.nextBase.components, hash: target.nextBase.hash } } : {}),
    conflicts: conflictCount(target),
    ...(overrideCount(target) > 0 ? { overrides: overrideCount(target) } : {}),
    ...keptOf(target),
  }));
  return { planFile, planId: plan.planId, mode: plan.mode, apiVersion: plan.apiVersion, drift: targets.some((t) => t.drift), targets };
}

export function planSummaryRows(summary: PlanSummary): Array<Record<string, string | number>> {
  return summary.targets.map((t) => ({
    target: t.alias ?? t.username,
    status:
      t.status === 'error'
        ? `error: ${t.error ?? ''}`
        : t.drift
          ? 'drift'
          : t.kept
            ? `no change to apply (${t.kept} kept: ${keptOwnerLabel({ kept: t.kept, unknownOwner: t.keptUnknownOwner ?? 0 })})`
            : 'in sync',
    create: t.counts.create,
    update: t.counts.update,
    delete: t.counts.delete,
    unchanged: t.counts.noop,
    blocked: t.counts.blocked,
    changes: t.counts.changes,
    ...(summary.targets.some((target) => target.conflicts > 0) ? { conflicts: t.conflicts } : {}),
    ...(summary.targets.some((target) => target.overrides) ? { overrides: t.overrides ?? 0 } : {}),
    ...(summary.mode === 'merge' ? { base: t.base ? baseLabel(t.base, true) : '' } : {}),
    ...(summary.targets.some((target) => target.recordsBase) ? { 'apply records base': t.recordsBase ? `${t.recordsBase.components} components` : '' } : {}),
  }));
}

export function keptOf(target: PlannedTarget): { kept?: number; keptUnknownOwner?: number } {
  const { kept, unknownOwner } = keptTotals(target);
  return { ...(kept > 0 ? { kept } : {}), ...(unknownOwner > 0 ? { keptUnknownOwner: unknownOwner } : {}) };
}

function acceptedCount(components: PlanFile['targets'][number]['components']): { accepted?: number } {
  const accepted = components.reduce((sum, c) => sum + (c.accepted?.length ?? 0), 0);
  return accepted > 0 ? { accepted } : {};
}
