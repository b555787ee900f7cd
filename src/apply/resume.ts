/*
 * `apply --resume <apply-id>`: the journal of the apply and the plan it applied, checked to be the
 * same plan (its checksum), so that the rest is applied exactly as reviewed.
 */
import { Messages } from '@salesforce/core';
import { readPlanFile } from '../state/planFile.js';
import { PlanFile } from '../plan/planTypes.js';
import { Journal, listJournals, readJournal } from '../state/journal.js';
import { stateDirOption } from '../state/stateDir.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export async function loadResume(stateDir: string, applyId: string): Promise<{ journal: Journal; plan: PlanFile }> {
  const journal = await readJournal(stateDir, applyId);
  if (journal.dryRun) throw messages.createError('error.ResumeDryRun', [applyId]);
  // what was undone is not work left: resuming would run its steps (its Apex) a second time
  if (rolledBackAny(journal)) throw messages.createError('error.ResumeRolledBack', [applyId], [journal.planFile]);
  let plan: PlanFile;
  try {
    plan = await readPlanFile(journal.planFile);
  } catch (error) {
    // the file is there and intact: putting it back would not help, rolling back does
    if (error instanceof Error && error.name === 'UnsupportedPlanVersionError') {
      throw messages.createError('error.ResumePlanVersion', [applyId, journal.planFile, error.message], [`${applyId}${stateDirOption(stateDir)}`]);
    }
    throw messages.createError('error.ResumePlanMissing', [applyId, journal.planFile]);
  }
  if (plan.checksum !== journal.planChecksum) throw messages.createError('error.ResumePlanChanged', [journal.planFile, applyId], [`${applyId}${stateDirOption(stateDir)}`]);
  return { journal, plan };
}

/** Whether a rollback undid any part of the apply (a target or one of its steps). */
export function rolledBackAny(journal: Journal): boolean {
  return journal.targets.some((t) => t.state === 'rolled-back' || t.state === 'rolling-back' || t.steps?.some((step) => step.state === 'rolled-back'));
}

/** Whether a step of the apply ran in an org and was not undone since. */
function stepsLeftInOrgs(journal: Journal): boolean {
  return journal.targets.some((t) => t.steps?.some((step) => step.kind !== 'drift' && (step.state === 'done' || step.state === 'running')));
}

/**
 * A plan with release steps is applied once: an earlier apply of the same plan whose steps ran (and
 * were not rolled back) is finished with --resume, never started again, so that no Apex step runs
 * twice in an org.
 */
export async function refuseSecondApply(stateDir: string, plan: PlanFile): Promise<void> {
  if (!plan.steps) return;
  const earlier = (await listJournals(stateDir)).find(
    (journal) => journal.planId === plan.planId && !journal.dryRun && stepsLeftInOrgs(journal)
  );
  if (!earlier) return;
  // a partly rolled-back apply cannot be resumed either: only a rollback of the rest makes it safe
  const id = `${earlier.applyId}${stateDirOption(stateDir)}`;
  if (rolledBackAny(earlier)) throw messages.createError('error.PlanRolledBackPartly', [plan.planId, earlier.applyId], [id]);
  throw messages.createError('error.PlanAppliedBefore', [plan.planId, earlier.applyId], [id, id]);
}
