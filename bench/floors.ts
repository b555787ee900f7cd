/*
 * The bench rows measured against a floor. A floor is the least work that does the same job, in
 * the same run: a formula of the emulator's settings where the job's length is set by them, else a
 * time measured side by side with the code under test. Each row is one object here (what its floor
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

export type FanOutInput = { targets: number; concurrency: number; jobMs: number; latencyMs: number };

/**
 * One round of target retrieves: the start request's answer, the job, then the status check that
 * sees it done (its answer carries the zip). The reference's retrieve runs beside the first round,
 * outside the targets' concurrency, so it adds no round; its listing (one request) comes first.
 */
export function fanOutRounds(input: FanOutInput): number {
  return Math.ceil(input.targets / input.concurrency);
}

const fanOutFloorMs = (input: FanOutInput): number => input.latencyMs + fanOutRounds(input) * (input.jobMs + input.latencyMs);

const FANOUT_FLOOR_IS = "the reference's listing, then one round of target jobs per concurrency's worth of targets, each the job plus one request's latency";

const FANOUT_LIMITS =
  "above the floor are process start-up (node, oclif, core: about 1 s), each round's polling overshoot (the next status check comes up to " +
  `${DEFAULT_POLL_SCHEDULE.growth * 100}% of the time spent later, so a job is seen done up to that late), and the unzip and comparison of each target, which the next round waits for only where it holds a concurrency slot`;

export const fanOut: FlooredRow<FanOutInput> = { id: '1', floorIs: FANOUT_FLOOR_IS, floorMs: fanOutFloorMs, goal: 1.25, limits: FANOUT_LIMITS };

export const fanOutRealJobs: FlooredRow<FanOutInput> = { id: '8.fanout50', floorIs: FANOUT_FLOOR_IS, floorMs: fanOutFloorMs, goal: 1.15, limits: FANOUT_LIMITS };

export type DiffInput = { readBothMs: number };

const DIFF_FLOOR_IS = "the plugin's own reading of both files (well-formedness check and value tree), timed in the same rounds";

export const diffEngine: Record<'patch' | 'diff', FlooredRow<DiffInput>> = {
  patch: {
    id: '3.patch',
    floorIs: DIFF_FLOOR_IS,
    floorMs: (input) => input.readBothMs,
    goal: 2,
    limits:
      '`buildPatch` reads both files (the floor), then normalizes both trees, hashes the reference, the target and the patched result (three canonical ' +
      'serializations, which the plan records for apply to compare), merges, builds the delta and diffs the patched tree against the target. In a plan ' +
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

export type RealFleetInput = { retrieveOnlyMs: number };

export const realFleet: FlooredRow<RealFleetInput> = {
  id: 'real.fleet',
  floorIs:
    "a process that lists the reference's types and retrieves the plan's scope from the reference and every target (the same concurrency, the same polling schedule) and unzips it, comparing nothing",
  floorMs: (input) => input.retrieveOnlyMs,
  goal: 1.5,
  limits:
    "above the floor are the plan's own requests (each target's listing for what its layouts name, the user permissions a profile needs), " +
    'reading the differing components and comparing them; a component with the reference\'s very bytes costs one string comparison',
};

export const FLOORED_ROWS: Array<FlooredRow<never>> = [fanOut, fanOutRealJobs, diffEngine.patch, diffEngine.diff, realFleet] as Array<FlooredRow<never>>;
