/*
 * `apply --resume <apply-id>`: the journal of the apply and the plan it applied, checked to be the
 * same plan (its checksum), so that the rest is applied exactly as reviewed.
 */
import { Messages } from '@salesforce/core';
import { readPlanFile } from '../state/planFile.js';
import { PlanFile } from '../plan/planTypes.js';
import { Journal, readJournal } from '../state/journal.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export async function loadResume(stateDir: string, applyId: string): Promise<{ journal: Journal; plan: PlanFile }> {
  const journal = await readJournal(stateDir, applyId);
  if (journal.dryRun) throw messages.createError('error.ResumeDryRun', [applyId]);
  let plan: PlanFile;
  try {
    plan = await readPlanFile(journal.planFile);
  } catch {
    throw messages.createError('error.ResumePlanMissing', [applyId, journal.planFile]);
  }
  if (plan.checksum !== journal.planChecksum) throw messages.createError('error.ResumePlanChanged', [journal.planFile, applyId], [applyId]);
  return { journal, plan };
}
