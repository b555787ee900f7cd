/*
 * The --json contract of `diff` and the report files it writes.
 */
import { writeFileAtomic } from '../state/atomicFile.js';
import { changesTarget } from '../plan/blocked.js';
import { AcceptedDrift, BaseRecord, BlockedDrift, InstalledPackage, PlanBody, PlanChange, PlanConflict, PlanResolvedConflict, ComponentAction } from '../plan/planTypes.js';
import { overrideCount } from './driftTotals.js';
import { renderHtmlReport } from './htmlReport.js';
import { conflictCount, keptOf } from './planSummary.js';
import { renderJUnitReport } from './junitReport.js';
import { renderMarkdownReport } from './markdownReport.js';

export type DiffResult = {
  source: 'plan-file' | 'live';
  /** the plan shown; absent for a live diff, which writes no plan */
  planId?: string;
  mode: PlanBody['mode'];
  drift: boolean;
  targets: Array<{
    alias?: string;
    username: string;
    orgId?: string;
    status: 'ok' | 'error';
    error?: string;
    /** the packages installed in the target when it was planned */
    packages?: InstalledPackage[];
    /** merge mode: the base the target was compared with (`none`: two-way merge) */
    base?: BaseRecord;
    /** three-way merge: elements both sides changed differently (apart from drift, never deployed) */
    conflicts: number;
    /** overwrite with a base: the target's own changes since the base that the deploy overrides */
    overrides?: number;
    /** merge mode: differences left as the target has them (its own items, versions, order); not drift */
    kept?: number;
    /** of `kept`, those without a base to tell whether the target or an earlier release made them */
    keptUnknownOwner?: number;
    components: Array<{
      type: string;
      fullName: string;
      /** the namespace prefix of the package the component comes from */
      namespace?: string;
      /** installed from a managed package */
      managed?: boolean;
      action: ComponentAction;
      changes: PlanChange[];
      irreversible: string[];
      /** drift this target cannot take, with the reason (never deployed); an entry with `whole` leaves nothing of the component to deploy */
      blocked: BlockedDrift[];
      /** differences the config file accepts here, with the entry and its reason (never deployed, not drift) */
      accepted?: AcceptedDrift[];
      /** three-way merge: elements both sides changed differently, left as the target has them */
      conflicts?: PlanConflict[];
      /** three-way merge: conflicts a resolution (entry: its index in the resolutions file) or --prefer decided */
      resolved?: PlanResolvedConflict[];
      /** overwrite with a base: paths of the target's own changes since the base that the deploy overrides */
      overrides?: string[];
    }>;
  }>;
  reports: { markdownFile?: string; junitFile?: string; htmlFile?: string };
};

/** Only the components that drift (or hold blocked drift) are listed; noop components are counted in the plan summary. */
export function diffResult(plan: PlanBody, source: DiffResult['source'], reports: DiffResult['reports']): DiffResult {
  const targets = plan.targets.map((target) => ({
    ...(target.alias ? { alias: target.alias } : {}),
    username: target.username,
    ...(target.orgId ? { orgId: target.orgId } : {}),
    status: target.status,
    ...(target.error ? { error: `${target.error.name}: ${target.error.message}` } : {}),
    ...(target.packages ? { packages: target.packages } : {}),
    ...(target.base ? { base: target.base } : {}),
    conflicts: conflictCount(target),
    ...(overrideCount(target) > 0 ? { overrides: overrideCount(target) } : {}),
    ...keptOf(target),
    components: target.components
      .filter((c) => c.action !== 'noop' || (c.accepted?.length ?? 0) > 0 || Boolean(c.conflicts ?? c.resolved))
      .map((c) => ({
        type: c.type,
        fullName: c.fullName,
        ...(c.namespace ? { namespace: c.namespace } : {}),
        ...(c.managed ? { managed: true } : {}),
        action: c.action,
        changes: c.changes,
        irreversible: c.irreversible,
        blocked: c.blocked,
        ...(c.accepted ? { accepted: c.accepted } : {}),
        ...(c.conflicts ? { conflicts: c.conflicts } : {}),
        ...(c.resolved ? { resolved: c.resolved } : {}),
        ...(c.overrides ? { overrides: c.overrides } : {}),
      })),
  }));
  const drift = targets.some((t) => t.components.some(changesTarget));
  return { source, ...(source === 'plan-file' ? { planId: plan.planId } : {}), mode: plan.mode, drift, targets, reports };
}

export async function writeDriftReports(plan: PlanBody, files: DiffResult['reports'], live = false): Promise<DiffResult['reports']> {
  if (files.markdownFile) await writeFileAtomic(files.markdownFile, renderMarkdownReport(plan, { live }), 0o644);
  if (files.junitFile) await writeFileAtomic(files.junitFile, renderJUnitReport(plan, { live }), 0o644);
  if (files.htmlFile) await writeFileAtomic(files.htmlFile, renderHtmlReport(plan, { live }), 0o644);
  return {
    ...(files.markdownFile ? { markdownFile: files.markdownFile } : {}),
    ...(files.junitFile ? { junitFile: files.junitFile } : {}),
    ...(files.htmlFile ? { htmlFile: files.htmlFile } : {}),
  };
}
