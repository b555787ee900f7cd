/*
 * The drift report for a pull-request comment or a GitHub Actions job summary. It stays postable
 * whatever the drift: lines per component, components per target and the whole text are capped
 * (a GitHub comment holds 65,536 characters), and what is cut is counted, never silently dropped.
 */
import { reportedAction } from '../plan/blocked.js';
import type { PlanBody, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { componentDetailLines, printable } from './changeLines.js';
import { markdownConflicts, markdownOverrides } from './conflictReport.js';
import { actionLabel, baseLabel, driftTotalLine, nextBaseLabel, packageLabel, packagesLabel, planLabel, plural, referenceLabel, reportedComponents, targetDrift, targetLabel, targetStatus } from './driftTotals.js';

export type MarkdownReportOptions = {
  /** detail lines shown per component before "... N more" */
  maxLinesPerComponent?: number;
  /** components detailed per target before "... N more" */
  maxComponentsPerTarget?: number;
  /** the report's length is kept under this many characters */
  maxCharacters?: number;
  /** a live diff: there is no plan file to name */
  live?: boolean;
};

export const MARKDOWN_DEFAULTS: Readonly<Required<MarkdownReportOptions>> = {
  maxLinesPerComponent: 400,
  maxComponentsPerTarget: 100,
  maxCharacters: 60_000,
  live: false,
};

const VALUE_LENGTH = 80;

/** Text for a table cell or a line of Markdown: no HTML, no emphasis, no code span, no cell break. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`);
}

/** Text inside an HTML element such as `<summary>`, where Markdown escapes would show as written. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function renderMarkdownReport(plan: PlanBody, options: MarkdownReportOptions = {}): string {
  const limits = { ...MARKDOWN_DEFAULTS, ...options };
  const head = [...title(plan, limits.live), '', ...summaryTable(plan), ...bases(plan), ...installedPackages(plan), '', `**${escapeMarkdown(driftTotalLine(plan))}**`, ...failures(plan), ...markdownConflicts(plan, escapeMarkdown), ...markdownOverrides(plan, escapeMarkdown)].join('\n');
  const drifting = plan.targets.filter((target) => reportedComponents(target).length > 0);
  const blocks: string[] = [];
  let length = head.length;
  for (const [index, target] of drifting.entries()) {
    const block = targetDetails(target, limits);
    const omitted = drifting.length - index;
    // keep room for the line that says what was left out
    if (length + block.length + 200 > limits.maxCharacters) {
      blocks.push(`_Details of ${plural(omitted, 'more drifting target')} left out to keep this report short: run \`sf postdeploy diff --plan-file\` for all of them._`);
      break;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return [head, ...blocks].join('\n\n') + '\n';
}

function title(plan: PlanBody, live: boolean): string[] {
  const facts = [
    `Reference: ${escapeMarkdown(referenceLabel(plan.reference))}`,
    `mode: ${plan.mode}${plan.deleteExtra ? ' (delete extra)' : ''}`,
    `API ${escapeMarkdown(plan.apiVersion)}`,
    escapeMarkdown(planLabel(plan, live)),
  ];
  if (plan.shard) facts.push(`shard ${plan.shard.index}/${plan.shard.count}`);
  return ['## sf postdeploy: drift report', '', facts.join(' · ')];
}

const STATUS_TEXT = { drift: '⚠️ drift', blocked: '⛔ drift that cannot be applied', 'in sync': '✅ in sync', error: '❌ error' } as const;

function summaryTable(plan: PlanBody): string[] {
  const rows = plan.targets.map((target) => {
    const drift = targetDrift(target);
    const status = targetStatus(target);
    const statusCell = status === 'error' ? `${STATUS_TEXT.error}: ${escapeMarkdown(target.error?.message ?? '')}` : STATUS_TEXT[status];
    const counts = status === 'error' ? ['', '', '', '', '', ''] : [drift.create, drift.update, drift.delete, drift.noop, drift.blocked, drift.changes].map(String);
    return `| ${escapeMarkdown(targetLabel(target))} | ${escapeMarkdown(target.orgId ?? '')} | ${statusCell} | ${counts.join(' | ')} |`;
  });
  return ['| Target | Org ID | Status | Create | Update | Delete | Noop | Blocked | Changes |', '|---|---|---|--:|--:|--:|--:|--:|--:|', ...rows];
}

/** Which base each target's merge used, and what apply records: a reviewer sees whether a removal is backed by a base. */
function bases(plan: PlanBody): string[] {
  const rows = plan.targets
    .filter((target) => target.base ?? nextBaseLabel(target))
    .map((target) => `| ${escapeMarkdown(targetLabel(target))} | ${escapeMarkdown(target.base ? baseLabel(target.base) : '')} | ${escapeMarkdown(nextBaseLabel(target) ?? '')} |`);
  if (rows.length === 0) return [];
  return ['', '| Target | Base compared with | Base apply records |', '|---|---|---|', ...rows];
}

/** Which version of each package every target runs, when the plan read them. */
function installedPackages(plan: PlanBody): string[] {
  const rows = plan.targets.filter((target) => target.packages).map((target) => `| ${escapeMarkdown(targetLabel(target))} | ${escapeMarkdown(packagesLabel(target) ?? '')} |`);
  if (rows.length === 0) return [];
  return ['', '| Target | Installed packages |', '|---|---|', ...rows];
}

function failures(plan: PlanBody): string[] {
  const failed = plan.targets.filter((target) => target.status === 'error');
  if (failed.length === 0) return [];
  return [
    '',
    ...failed.map((target) => {
      const actions = (target.error?.actions ?? []).map((action) => ` Try: ${escapeMarkdown(action)}`).join('');
      return `- **${escapeMarkdown(targetLabel(target))}** failed: ${escapeMarkdown(target.error?.message ?? 'unknown error')}${actions}`;
    }),
  ];
}

function targetDetails(target: PlannedTarget, limits: Required<MarkdownReportOptions>): string {
  const drift = targetDrift(target);
  const components = reportedComponents(target);
  const shown = components.slice(0, limits.maxComponentsPerTarget);
  const summary = `<summary><b>${escapeHtml(targetLabel(target))}</b>: ${plural(drift.drifting, 'component')}, ${plural(drift.changes, 'change')}</summary>`;
  const table = [
    '| Type | Component | Action | Changes |',
    '|---|---|---|--:|',
    ...shown.map((c) => `| ${escapeMarkdown(c.type)} | ${escapeMarkdown(c.fullName)} | ${actionLabel(c)} | ${c.changes.length} |`),
  ];
  const diffLines = shown.flatMap((component) => componentDiffLines(component, limits.maxLinesPerComponent));
  const parts = ['<details>', summary, '', ...table, '', ...fenced('diff', diffLines)];
  if (components.length > shown.length) parts.push('', `_... ${plural(components.length - shown.length, 'more component')} not shown._`);
  parts.push('', '</details>');
  return parts.join('\n');
}

function componentDiffLines(component: PlannedComponent, maxLines: number): string[] {
  const lines = componentDetailLines(component, { maxValueLength: VALUE_LENGTH }).map((line) => line.text);
  const shown = lines.slice(0, maxLines);
  if (lines.length > shown.length) shown.push(`... ${lines.length - shown.length} more`);
  return [printable(`@@ ${component.type} ${component.fullName}${packageLabel(component)} (${reportedAction(component)}) @@`), ...shown];
}

/** A fenced block whose fence is longer than any run of backticks inside, so no line can close it. */
function fenced(language: string, lines: string[]): string[] {
  const longestRun = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [fence + language, ...lines.map((line) => line.replace(/[\r\n]+/g, ' ')), fence];
}
