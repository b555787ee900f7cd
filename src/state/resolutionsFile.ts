/*
 * The resolutions file to edit (--write-resolutions), written whole like every file the plugin writes;
 * what it holds is the plan's (src/plan/resolutions.ts).
 */
import type { PlanBody, ResolutionEntry } from '../plan/planTypes.js';
import { resolutionsSkeleton } from '../plan/resolutions.js';
import { writeFileAtomic } from './atomicFile.js';

/** Readable by anyone who reviews the release: it holds values of the metadata, never a token. */
export async function writeResolutionsFile(file: string, plan: PlanBody, given?: ResolutionEntry[]): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(resolutionsSkeleton(plan, given), null, 2)}\n`, 0o644);
}
