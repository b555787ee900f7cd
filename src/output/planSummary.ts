/*
 * The --json contract of `plan` (versioned apart from the plan file) and its table rows.
 */
import type { Mode } from '../diff/index.js';
import { InstalledPackage, PlanFile } from '../plan/planTypes.js';

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
};

export type PlanSummary = {
  planFile: string;
  planId: string;
  mode: Mode;
  apiVersion: string;
  drift: boolean;
  targets: PlanTargetSummary[];
};

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
  }));
  return { planFile, planId: plan.planId, mode: plan.mode, apiVersion: plan.apiVersion, drift: targets.some((t) => t.drift), targets };
}

export function planSummaryRows(summary: PlanSummary): Array<Record<string, string | number>> {
  return summary.targets.map((t) => ({
    target: t.alias ?? t.username,
    status: t.status === 'error' ? `error: ${t.error ?? ''}` : t.drift ? 'drift' : 'in sync',
    create: t.counts.create,
    update: t.counts.update,
    delete: t.counts.delete,
    unchanged: t.counts.noop,
    blocked: t.counts.blocked,
    changes: t.counts.changes,
  }));
}

function acceptedCount(components: PlanFile['targets'][number]['components']): { accepted?: number } {
  const accepted = components.reduce((sum, c) => sum + (c.accepted?.length ?? 0), 0);
  return accepted > 0 ? { accepted } : {};
}
