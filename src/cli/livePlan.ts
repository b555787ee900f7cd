/*
 * Planning from the command line, shared by `plan` and the live mode of `diff`: the request, with
 * progress on stderr (none under --json), to the plan value.
 */
import { StageProgress, planProgress } from '../output/progress.js';
import { PlanRequest, createPlan } from '../plan/planner.js';
import { PlanBody } from '../plan/planTypes.js';

export async function planWithProgress(request: PlanRequest, options: { json: boolean }): Promise<PlanBody> {
  const progress = new StageProgress(options.json ? undefined : process.stderr);
  const plan = await createPlan({ ...request, progress: planProgress(progress) });
  progress.finishStage();
  return plan;
}
