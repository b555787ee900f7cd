/** The plan files an end-to-end test reads back, as apply reads them (checksum and schema checked). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile } from '../../src/state/planFile.js';
import type { PlanFile, PlannedComponent } from '../../src/plan/planTypes.js';

export function readPlanIn(dir: string, name: string): PlanFile {
  return parsePlanFile(readFileSync(join(dir, name), 'utf8'), name);
}

/** One target's planned components by `Type:fullName`. */
export function componentsByKey(plan: PlanFile, target: string): Record<string, PlannedComponent> {
  return Object.fromEntries(plan.targets.find((t) => t.name === target)!.components.map((c) => [`${c.type}:${c.fullName}`, c]));
}
