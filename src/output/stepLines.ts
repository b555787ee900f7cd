/*
 * Release steps in the review output of `diff`: the plan's steps in order with their content
 * hash, and per target what each will do, irreversible steps marked up front.
 */
import type { PlanBody, PlannedTarget } from '../plan/planTypes.js';
import { printable } from './changeLines.js';
import type { Palette } from './palette.js';

const INDENT = '  ';

function contentOf(step: NonNullable<PlanBody['steps']>[number]): string {
  if (step.kind === 'drift') return 'the drift correction below';
  if (step.kind === 'deploy') return `package ${step.source} (${step.components.length} components, sha256 ${step.hash.slice(0, 12)})`;
  return `Apex ${step.script.file} (sha256 ${step.script.hash.slice(0, 12)})${step.undo ? `, undo ${step.undo.file}` : ', no undo script'}`;
}

/** The plan's steps, in the order every target goes through them; empty for a plan without steps. */
export function planStepLines(plan: Pick<PlanBody, 'steps'>, palette: Palette): string[] {
  if (!plan.steps) return [];
  return [palette.bold('Release steps (in order, per target)'), ...plan.steps.map((step, i) => `${INDENT}${i + 1}. ${printable(step.name)} [${step.kind}]: ${printable(contentOf(step))}`)];
}

/** What each step will do in this target. */
export function targetStepLines(target: PlannedTarget, palette: Palette): string[] {
  if (!target.steps) return [];
  const lines = [`${INDENT}${palette.bold('Steps')}`];
  target.steps.forEach((step, i) => {
    lines.push(`${INDENT}${INDENT}${i + 1}. ${printable(step.name)}: ${printable(step.action)}`);
    for (const what of step.irreversible ?? []) lines.push(`${INDENT}${INDENT}   ${palette.danger('irreversible')}: ${printable(what)}`);
  });
  return lines;
}

type StepOutcome = { name: string; state: string; error?: string; detail?: string; logFile?: string; deployId?: string };

/** One line of progress when a step of a target ends. */
export function stepProgressLine(target: string, step: StepOutcome): string {
  const what = step.state === 'failed' ? `FAILED: ${step.error ?? ''}` : step.state === 'skipped' ? `skipped${step.detail ? ` (${step.detail})` : ''}` : step.state;
  return printable(`${target}: step "${step.name}" ${what}`);
}

/** The steps of each target that did not succeed, with where to read the debug log. */
export function stepDetailLines(targets: Array<{ alias?: string; username: string; steps?: StepOutcome[] }>): string[] {
  const lines: string[] = [];
  for (const target of targets) {
    for (const step of target.steps ?? []) {
      if (step.state !== 'failed') continue;
      lines.push(printable(`  ${target.alias ?? target.username}: step "${step.name}" failed: ${step.error ?? ''}`));
      if (step.logFile) lines.push(printable(`    debug log: ${step.logFile}`));
    }
  }
  return lines;
}

/** The steps of a target in one table cell: how far it went. */
export function stepsCell(steps: StepOutcome[] | undefined): string {
  if (!steps) return '';
  const done = steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  const failed = steps.find((s) => s.state === 'failed');
  return failed ? `${done}/${steps.length}, failed at "${failed.name}"` : `${done}/${steps.length}`;
}
