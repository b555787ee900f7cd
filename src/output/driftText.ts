/*
 * The terminal view of `sf postdeploy diff`: what a person reads to decide whether to apply.
 * Pure: returns the text; the command prints it.
 */
import type { PlanBody, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { componentDetailLines, formatChangeLine, printable, type DetailKind } from './changeLines.js';
import { actionLabel, driftTotalLine, keptOwnerLabel, keptTotals, packageLabel, packagesLabel, plural, referenceLabel, reportedComponents, targetDrift, targetLabel } from './driftTotals.js';
import { paletteFor, type Palette, type Style } from './palette.js';
import { planStepLines, targetStepLines } from './stepLines.js';

export type DriftTextOptions = {
  color: boolean;
  live?: boolean;
  /** fold added or removed elements longer than this many lines (0: in full) */
  foldLines?: number;
  /** list the differences merge mode keeps (the target's own), not only their count */
  showKept?: boolean;
};

const INDENT = '  ';

export function renderDriftText(plan: PlanBody, options: DriftTextOptions): string {
  const palette = paletteFor(options.color);
  const steps = planStepLines(plan, palette);
  const sections = [
    header(plan, palette, options.live),
    ...(steps.length > 0 ? [steps.join('\n')] : []),
    ...plan.targets.map((target) =>
      [targetSection(target, palette, options.foldLines ?? 0), ...keptSection(target, palette, options.showKept ?? false), ...targetStepLines(target, palette)].join('\n')
    ),
  ];
  sections.push(palette.bold(driftTotalLine(plan)));
  return sections.join('\n\n') + '\n';
}

function header(plan: PlanBody, palette: Palette, live?: boolean): string {
  const rows: Array<[string, string]> = [
    ['Reference', referenceLabel(plan.reference)],
    ['Mode', plan.mode + (plan.deleteExtra ? ' (delete extra: what only a target has in the selection)' : '')],
    ['API version', plan.apiVersion],
    ['Plan', live ? 'live comparison (no plan file written)' : `${plan.planId} (created ${plan.createdAt})`],
  ];
  if (plan.shard) rows.push(['Shard', `${plan.shard.index}/${plan.shard.count}`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    palette.bold('Drift plan'),
    ...rows.map(([label, value]) => `${INDENT}${palette.dim(label.padEnd(width))}  ${printable(value)}`),
  ].join('\n');
}

function targetTitle(target: PlannedTarget): string {
  const label = targetLabel(target);
  const identity = [label === target.username ? undefined : target.username, target.orgId].filter(Boolean);
  return printable(identity.length > 0 ? `${label} (${identity.join(', ')})` : label);
}

function targetSection(target: PlannedTarget, palette: Palette, foldLines: number): string {
  const title = palette.bold(`=== ${targetTitle(target)}`);
  if (target.status === 'error') return [title, ...errorLines(target, palette)].join('\n');
  const drift = targetDrift(target);
  const components = reportedComponents(target);
  const packages = packagesLabel(target);
  const packagesLine = packages ? [`${INDENT}${palette.dim('packages:')} ${printable(packages)}`] : [];
  if (components.length === 0) {
    const totals = keptTotals(target);
    const state = totals.kept > 0 ? `${palette.success('no change to apply')} (${plural(totals.kept, 'difference')} kept: ${keptOwnerLabel(totals)})` : palette.success('no drift');
    return [title, ...packagesLine, `${INDENT}${state} (${plural(target.components.length, 'component')} compared)`].join('\n');
  }
  const lines = [title, ...packagesLine, ...summaryTable(components, palette).map((line) => INDENT + line)];
  if (drift.drifting === 0) {
    const why = drift.blocked > 0 ? 'the drift above cannot be applied to this target' : 'the differences above are accepted';
    lines.push(`${INDENT}${palette.success('nothing to apply')}: ${why}`);
  }
  // a component whose differences are all accepted is listed above, not counted again
  const withoutDrift = drift.noop - components.filter((component) => component.action === 'noop').length;
  if (withoutDrift > 0) lines.push(`${INDENT}${palette.dim(`${plural(withoutDrift, 'other component')} without drift`)}`);
  for (const component of components) lines.push('', ...componentLines(component, palette, foldLines));
  return lines.join('\n');
}

/** The differences merge keeps: a count with the flag that lists them, or the list. */
function keptSection(target: PlannedTarget, palette: Palette, showKept: boolean): string[] {
  const totals = keptTotals(target);
  const { kept } = totals;
  if (target.status === 'error' || kept === 0) return [];
  const whose = totals.unknownOwner === 0 ? "merge mode keeps the target's own" : `${keptOwnerLabel(totals)}: without a base, whether this target's admin or an earlier release made a difference is unknown`;
  if (!showKept) return [`${INDENT}${palette.dim(`${plural(kept, 'difference')} kept as the target has ${kept === 1 ? 'it' : 'them'} (${whose}); list them with --show-kept`)}`];
  const lines = ['', `${INDENT}${palette.bold(`Kept: ${plural(kept, 'difference')} merge leaves as the target has ${kept === 1 ? 'it' : 'them'}`)}`];
  for (const component of target.components.filter((c) => (c.kept?.length ?? 0) > 0)) {
    const owner = component.keptOwner === 'target' ? '' : palette.dim(' (unknown owner: no base)');
    lines.push(`${INDENT}${INDENT}${printable(`${component.type} ${component.fullName}`)}${owner}`);
    for (const change of component.kept!) lines.push(`${INDENT}${INDENT}${INDENT}${palette.dim(`= kept: ${formatChangeLine(change)}`)}`);
  }
  return lines;
}

function errorLines(target: PlannedTarget, palette: Palette): string[] {
  const error = target.error ?? { name: 'UnknownError', message: 'the target could not be planned' };
  const name = error.name ? palette.dim(` (${printable(error.name)})`) : '';
  // a multi-line message keeps its lines, indented under the first
  const message = error.message.split(/\r?\n/).map(printable).join(`\n${INDENT}${INDENT}`);
  const lines = [`${INDENT}${palette.error('failed:')} ${message}${name}`];
  for (const action of error.actions ?? []) lines.push(`${INDENT}${palette.dim('try:')} ${printable(action)}`);
  return lines;
}

function summaryTable(components: PlannedComponent[], palette: Palette): string[] {
  const rows = components.map((c) => [printable(c.type), printable(c.fullName), actionLabel(c), String(c.changes.length)]);
  const heading = ['TYPE', 'NAME', 'ACTION', 'CHANGES'];
  const widths = heading.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]): string =>
    row.map((cell, column) => (column === row.length - 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  return [palette.dim(format(heading)), ...rows.map(format)];
}

function componentLines(component: PlannedComponent, palette: Palette, foldLines: number): string[] {
  const title = `${INDENT}${palette.bold(printable(`${component.type} ${component.fullName}${packageLabel(component)}`))} ${palette.dim(
    `(${actionLabel(component)}, ${plural(component.changes.length, 'change')}${component.accepted?.length ? `, ${component.accepted.length} accepted` : ''})`
  )}`;
  const styles: Record<DetailKind, Style> = {
    add: palette.add,
    remove: palette.remove,
    change: palette.change,
    destructive: palette.remove,
    irreversible: palette.danger,
    whole: palette.dim,
    note: palette.dim,
    blocked: palette.danger,
    accepted: palette.dim,
    override: palette.danger,
  };
  return [title, ...componentDetailLines(component, { foldLines }).map((line) => `${INDENT}${INDENT}${styles[line.kind](line.text)}`)];
}
