/*
 * Planning from the command line, shared by `plan` and the live mode of `diff`: the request, with the
 * command's stage progress, to the plan value with its release steps.
 */
import { type StageProgress, planProgress } from '../output/progress.js';
import { createPlan } from '../plan/planner.js';
import { PlanBody } from '../plan/planTypes.js';
import { readSteps, withSteps } from '../plan/steps.js';
import type { LivePlanRequest } from './requests.js';

export async function planWithProgress(request: LivePlanRequest, progress: StageProgress): Promise<PlanBody> {
  const { steps: specs, ...planRequest } = request;
  // steps are read before any org is asked: a missing package or script stops the plan first
  const steps = await readSteps(specs);
  const plan = await createPlan({ ...planRequest, progress: planProgress(progress) });
  progress.finishStage();
  return withSteps(plan, steps);
}
