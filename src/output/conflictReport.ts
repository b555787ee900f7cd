/*
 * Three-way conflicts in the reports: a Conflicts section in Markdown, a failure per conflict in
 * JUnit. A conflict is never deployed, so it is counted apart from drift.
 */
import type { PlanBody, PlanConflict, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { componentLabel, targetLabel } from './driftTotals.js';

const MAX_MARKDOWN_ROWS = 100;
const RESOLVE = 'Resolve all with `--prefer reference` or `--prefer target` on plan, or one by one with `--resolutions FILE` (`plan --write-resolutions FILE` writes one to edit).';

type Located = { target: PlannedTarget; component: PlannedComponent; conflict: PlanConflict };

function located(target: PlannedTarget): Located[] {
  return target.components.flatMap((component) => (component.conflicts ?? []).map((conflict) => ({ target, component, conflict })));
}

/** The element as people read it: its path, or the whole component. */
export const conflictPath = (conflict: PlanConflict): string => conflict.path || '(whole component)';

/** The Markdown section, empty when there is no conflict; `escape` is the report's own escaping. */
export function markdownConflicts(plan: PlanBody, escape: (text: string) => string): string[] {
  const all = plan.targets.flatMap(located);
  if (all.length === 0) return [];
  const rows = all
    .slice(0, MAX_MARKDOWN_ROWS)
    .map(({ target, component, conflict }) => `| ${escape(targetLabel(target))} | ${escape(componentLabel(component))} | ${escape(conflictPath(conflict))} | ${escape(conflict.reason)} |`);
  const more = all.length > MAX_MARKDOWN_ROWS ? [`_... ${all.length - MAX_MARKDOWN_ROWS} more: run \`sf postdeploy diff\` for all of them._`] : [];
  return [
    '',
    `### Conflicts (${all.length})`,
    '',
    `Changed differently by the reference and by the target since the base: the target's version stays, nothing of it is deployed. ${RESOLVE}`,
    '',
    '| Target | Component | Element | Why |',
    '|---|---|---|---|',
    ...rows,
    ...more,
  ];
}

/** Overwrite with a base: the Markdown section naming the targets' own changes the deploy overrides, empty when none. */
export function markdownOverrides(plan: PlanBody, escape: (text: string) => string): string[] {
  const all = plan.targets.flatMap((target) => target.components.flatMap((component) => (component.overrides ?? []).map((path) => ({ target, component, path }))));
  if (all.length === 0) return [];
  const rows = all.slice(0, MAX_MARKDOWN_ROWS).map(({ target, component, path }) => `| ${escape(targetLabel(target))} | ${escape(componentLabel(component))} | ${escape(path || '(whole component)')} |`);
  const more = all.length > MAX_MARKDOWN_ROWS ? [`_... ${all.length - MAX_MARKDOWN_ROWS} more: run \`sf postdeploy diff\` for all of them._`] : [];
  return [
    '',
    `### Overrides (${all.length})`,
    '',
    "Overwrite mode changes back what these targets changed on their own since the base: each overrides the target's own change. Plan in merge mode to keep them.",
    '',
    '| Target | Component | Element |',
    '|---|---|---|',
    ...rows,
    ...more,
  ];
}

/** One failing test case per conflict of the target; `attribute` and `text` are the report's escaping. */
export function junitConflictCases(target: PlannedTarget, suiteName: string, attribute: (text: string) => string, text: (text: string) => string): string[] {
  return located(target).map(({ component, conflict }) => {
    const detail = [
      `base: ${JSON.stringify(conflict.base)}`,
      `reference: ${JSON.stringify(conflict.reference)}`,
      `target: ${JSON.stringify(conflict.target)}`,
      RESOLVE.replace(/`/g, ''),
    ].join('\n');
    return [
      `    <testcase classname="${attribute(suiteName)}" name="${attribute(`${componentLabel(component)} ${conflictPath(conflict)} (conflict)`)}">`,
      `      <failure message="${attribute(conflict.reason)}" type="conflict">${text(detail)}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
}
