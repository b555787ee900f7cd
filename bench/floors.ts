/*
 * The bench rows measured against a floor. A floor is the least work that does the same job,
 * measured in the same run side by side with the code under test (a formula of the emulator's
 * settings assumed how the plugin schedules its work: a floor that is measured assumes nothing). Each row is one object here (what its floor
 * is, the floor itself, its goal and what limits it), read by bench/run.ts for the table and by
 * test/unit/bench/floors.test.ts, which checks on small synthetic runs that no floor is above the
 * work it bounds. A measurement under its floor is printed as such: the floor is then wrong, and the
 * row is not met.
 */
import { DEFAULT_POLL_SCHEDULE } from '../src/org/polling.js';

export type FlooredRow<Input> = {
  id: string;
  /** the least work that does the same job, in words, for the table */
  floorIs: string;
  floorMs(input: Input): number;
  /** the largest measured / floor ratio that meets the goal */
  goal: number;
  /** what keeps the measured time above its floor, for the README when the goal is missed */
  limits: string;
};

export type Judged = { floorMs: number; ratio: number; met: boolean; goal: string; belowFloor: boolean };

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function judge<Input>(row: FlooredRow<Input>, input: Input, measuredMs: number): Judged {
  const floorMs = row.floorMs(input);
  const ratio = round(measuredMs / floorMs);
  const belowFloor = measuredMs < floorMs;
  return { floorMs, ratio, met: !belowFloor && ratio <= row.goal, goal: `≤ ${row.goal}× the floor`, belowFloor };
}

/** What the table says of a measurement that beat its floor. */
export const BELOW_FLOOR = 'under its floor: the floor is not a floor, the row is wrong';

/** The time bench/retrieveOnly.ts took for the plan's retrieves on the same orgs, in the same run (its `workMs`). */
export type RetrieveOnlyInput = { retrieveOnlyMs: number };

/** How many rounds of target retrieves a plan takes: the reference's retrieve runs beside the first one. */
export function fanOutRounds(input: { targets: number; concurrency: number }): number {
  return Math.ceil(input.targets / input.concurrency);
}

const retrieveOnlyFloor = (input: RetrieveOnlyInput): number => input.retrieveOnlyMs;

const FANOUT_FLOOR_IS =
  "bench/retrieveOnly.ts right after the plan, on the same orgs: the reference's listing, then the plan's retrieves from the reference and, beside it, " +
  "from every target at the same concurrency, polled on the plugin's schedule, each answer unzipped; nothing compared, no process start-up";

const FANOUT_LIMITS =
  'above the floor are process start-up (node, oclif, core: about 1 s), reading each target\'s components out of its zip and comparing them, ' +
  'which the next round waits for only where it holds a concurrency slot, and writing the plan. The polling overshoot (the next status check comes up to ' +
  `${DEFAULT_POLL_SCHEDULE.growth * 100}% of the time spent later) is in the floor as well: it polls on the same schedule`;

export const fanOut: FlooredRow<RetrieveOnlyInput> = { id: '1', floorIs: FANOUT_FLOOR_IS, floorMs: retrieveOnlyFloor, goal: 1.25, limits: FANOUT_LIMITS };

export const fanOutRealJobs: FlooredRow<RetrieveOnlyInput> = { id: '8.fanout50', floorIs: FANOUT_FLOOR_IS, floorMs: retrieveOnlyFloor, goal: 1.15, limits: FANOUT_LIMITS };

export type DiffInput = { readBothMs: number };

const DIFF_FLOOR_IS = "the plugin's own reading of both files (well-formedness check and value tree), timed in the same rounds";

export const diffEngine: Record<'patch' | 'diff', FlooredRow<DiffInput>> = {
  patch: {
    id: '3.patch',
    floorIs: DIFF_FLOOR_IS,
    floorMs: (input) => input.readBothMs,
    goal: 2,
    limits:
      '`buildPatch` reads both files (the floor), then normalizes both trees, hashes the reference, the target and the patched result (the plan records ' +
      'them for apply to compare: two canonical walks, the target and the patched tree in one; sorting the keys of a big profile is most of each), merges, builds the delta and diffs the patched tree against the target. In a plan ' +
      'the reference is read and hashed once for every target, so per target it costs less than this row',
  },
  diff: {
    id: '3.diff',
    floorIs: DIFF_FLOOR_IS,
    floorMs: (input) => input.readBothMs,
    goal: 2,
    limits: '`diffComponent` reads both files (the floor), normalizes both trees and walks them side by side',
  },
};

export const realFleet: FlooredRow<RetrieveOnlyInput> = {
  id: 'real.fleet',
  floorIs:
    "bench/retrieveOnly.ts on the same orgs: the reference's types listed and the plan's scope retrieved from the reference and every target (the same concurrency, the same polling schedule) and unzipped, nothing compared, no process start-up",
  floorMs: retrieveOnlyFloor,
  goal: 1.5,
  limits:
    "above the floor are the plan's own requests (each target's listing for what its layouts name, the user permissions a profile needs), " +
    'reading the differing components and comparing them; a component with the reference\'s very bytes costs one string comparison',
};

export const FLOORED_ROWS: Array<FlooredRow<never>> = [fanOut, fanOutRealJobs, diffEngine.patch, diffEngine.diff, realFleet] as Array<FlooredRow<never>>;
