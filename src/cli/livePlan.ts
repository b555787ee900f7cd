/*
 * Planning from the command line, shared by `plan` and the live mode of `diff`: flags to request,
 * the command's stage progress, the plan value.
 */
import { type StageProgress, planProgress } from '../output/progress.js';
import { createPlan } from '../plan/planner.js';
import { PlanInputFlags, planRequestFromFlags, stepSpecsFromFlags } from '../plan/planInput.js';
import { readSteps, withSteps } from '../plan/steps.js';
import { PlanBody } from '../plan/planTypes.js';
import { explicitFlags } from './flags.js';

export async function planFromCommandLine(
  flags: PlanInputFlags,
  raw: Array<{ type: string; flag?: string }>,
  options: { progress: StageProgress; tool: { name: string; version: string } }
): Promise<PlanBody> {
  const { progress } = options;
  const request = await planRequestFromFlags(flags, { explicit: explicitFlags(raw), tool: options.tool, progress: planProgress(progress) });
  // steps are read before any org is asked: a missing package or script stops the plan first
  const steps = await readSteps(stepSpecsFromFlags(flags));
  const plan = await createPlan(request);
  progress.finishStage();
  return withSteps(plan, steps);
}
