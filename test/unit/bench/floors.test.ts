import { expect } from 'chai';
import sinon from 'sinon';
import { Org } from '@salesforce/core';
import { runDiffOp } from '../../../bench/diffOps.js';
import { profilePairOfSize } from '../../../bench/data.js';
import { diffEngine, fanOut, fanOutRealJobs, FLOORED_ROWS, judge, realFleet } from '../../../bench/floors.js';
import { ComponentKey, MetadataComponent, OrgHandle, mapWithConcurrency } from '../../../src/org/index.js';
import { createPlan, PlannerOrgs } from '../../../src/plan/planner.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';

const LAYOUT = '<Layout xmlns="http://soap.sforce.com/2006/04/metadata"><layoutSections><label>Info</label><style>OneColumn</style></layoutSections></Layout>';

/**
 * Orgs that answer as the emulator does, scaled down: every request after `latencyMs`, every
 * retrieve job `jobMs` after its start is answered. The plugin's own planner runs on them.
 */
function slowOrgs(names: string[], jobMs: number, latencyMs: number): { orgs: PlannerOrgs; retrieveOnly: (name: string) => Promise<void> } {
  const handles = new Map(names.map((name, i) => [name, new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId: `00D${i}`, instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org)]));
  const component: MetadataComponent = { type: 'Layout', fullName: 'Account-L', xml: LAYOUT };
  const retrieveOnly = async (): Promise<void> => {
    await sleep(latencyMs);
    await sleep(jobMs);
    await sleep(latencyMs);
  };
  const orgs: PlannerOrgs = {
    resolveOrg: (name) => Promise.resolve(handles.get(name)!),
    listMembers: async (_org, types) => {
      await sleep(latencyMs);
      return types.includes('Layout') ? [{ type: 'Layout', fullName: 'Account-L' }] : [];
    },
    retrieveComponents: async (org, keys: ComponentKey[]) => {
      await retrieveOnly();
      return { org: org.identity, components: keys.some((k) => k.type === 'Layout') ? [component] : [], missing: [], jobId: '09S', statusChecks: 1 };
    },
    readLocalFolder: () => Promise.resolve({ format: 'source', components: [] }),
  };
  return { orgs, retrieveOnly: (name) => retrieveOnly().then(() => void name) };
}

const minimum = (values: number[]): number => Math.min(...values);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long `work` takes on a virtual clock: only the orgs' latencies and jobs take time, so the
 * comparison of a floor with the plan is exact, whatever the load of the machine. The clock moves a
 * millisecond at a time, and lets real I/O (the planner's files) happen between two moves.
 */
async function virtualMs(work: () => Promise<unknown>): Promise<number> {
  const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  try {
    const started = clock.now;
    let settled = false;
    let failure: unknown;
    work().then(
      () => (settled = true),
      (error: unknown) => {
        failure = error;
        settled = true;
      }
    );
    while (!settled) {
      // eslint-disable-next-line no-await-in-loop
      await clock.tickAsync(1);
      // eslint-disable-next-line no-await-in-loop
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (failure) throw failure;
    return clock.now - started;
  } finally {
    clock.restore();
  }
}

describe('bench floors: no floor is above the work it bounds', () => {
  it('Given every floored row, Then it has an id, a floor in words, a goal above 1 and what limits it', () => {
    for (const row of FLOORED_ROWS) {
      expect(row.id, row.id).to.be.a('string').and.not.equal('');
      expect(row.floorIs.length, row.id).to.be.above(20);
      expect(row.goal, row.id).to.be.above(1);
      expect(row.limits.length, row.id).to.be.above(20);
    }
  });

  it('Given the same orgs on a virtual clock, When only retrieved (the fan-out and real-fleet floors\' work, bench/retrieveOnly.ts) and when planned, Then the floor is at most the plan', async () => {
    const jobMs = 40;
    const latencyMs = 5;
    const concurrency = 4;
    for (const count of [1, 4, 6, 10]) {
      const targets = Array.from({ length: count }, (_, i) => `t${i}`);
      const { orgs, retrieveOnly } = slowOrgs(['ref', ...targets], jobMs, latencyMs);
      // eslint-disable-next-line no-await-in-loop
      const floorMs = await virtualMs(async () => {
        await sleep(latencyMs);
        await Promise.all([retrieveOnly('ref'), mapWithConcurrency(targets, concurrency, retrieveOnly)]);
      });
      // eslint-disable-next-line no-await-in-loop
      const planMs = await virtualMs(() =>
        createPlan({ reference: { org: 'ref' }, targets, selection: selectionFromMetadataArgs(['Layout']), mode: 'merge', deleteExtra: false, concurrency, tool: { name: 't', version: '0' } }, orgs)
      );
      // the floor's own rounds: the listing, then one round of jobs per concurrency's worth of targets
      expect(floorMs, `${count} targets`).to.equal(latencyMs + Math.ceil(count / concurrency) * (jobMs + 2 * latencyMs));
      const input = { retrieveOnlyMs: floorMs };
      for (const row of [fanOut, fanOutRealJobs, realFleet]) {
        expect(row.floorMs(input)).to.equal(floorMs);
        expect(judge(row, input, planMs).belowFloor, `${row.id}, ${count} targets: plan ${planMs} ms, floor ${floorMs} ms`).to.equal(false);
      }
    }
  });

  it('Given a 500 KB Profile pair, When read, diffed and patched in interleaved rounds (CPU time), Then the diff-engine floor (the plugin\'s reading of both) is at most each', () => {
    // large enough that comparing is more than reading (a 150 KB pair is read and diffed in about the same 20 ms)
    const pair = profilePairOfSize(500_000, 1);
    const times: Record<'read' | 'diff' | 'patch', number[]> = { read: [], diff: [], patch: [] };
    // CPU time of this process, not wall time: another process on a loaded machine takes wall time
    // from either side at random, and read and diff differ by only a fifth
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    for (let round = 0; round < 7; round++) {
      for (const op of ['read', 'diff', 'patch'] as const) {
        const started = process.cpuUsage();
        runDiffOp(op, pair.reference, pair.target);
        times[op].push(cpuMs(started));
      }
    }
    const input = { readBothMs: minimum(times.read) };
    for (const op of ['diff', 'patch'] as const) {
      expect(judge(diffEngine[op], input, minimum(times[op])).belowFloor, `${op}: ${minimum(times[op])} ms against a floor of ${input.readBothMs} ms`).to.equal(false);
    }
  });

  it('Given a measurement under its floor, Then the row is not met, whatever its ratio', () => {
    expect(judge(realFleet, { retrieveOnlyMs: 1000 }, 900)).to.include({ belowFloor: true, met: false });
    expect(judge(realFleet, { retrieveOnlyMs: 1000 }, 1400)).to.include({ belowFloor: false, met: true });
    expect(judge(realFleet, { retrieveOnlyMs: 1000 }, 1600)).to.include({ met: false });
  });
});
