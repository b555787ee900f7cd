import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Org } from '@salesforce/core';
import { runDiffOp } from '../../../bench/diffOps.js';
import { profilePairOfSize } from '../../../bench/data.js';
import { diffEngine, fanOut, fanOutRealJobs, FLOORED_ROWS, judge, realFleet } from '../../../bench/floors.js';
import { ComponentKey, MetadataComponent, OrgHandle } from '../../../src/org/index.js';
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

describe('bench floors: no floor is above the work it bounds', () => {
  it('Given every floored row, Then it has an id, a floor in words, a goal above 1 and what limits it', () => {
    for (const row of FLOORED_ROWS) {
      expect(row.id, row.id).to.be.a('string').and.not.equal('');
      expect(row.floorIs.length, row.id).to.be.above(20);
      expect(row.goal, row.id).to.be.above(1);
      expect(row.limits.length, row.id).to.be.above(20);
    }
  });

  it('Given a plan of 10 targets at concurrency 4 on orgs with a job and a latency, When the plugin plans, Then the fan-out floors are at most its time', async () => {
    const jobMs = 40;
    const latencyMs = 5;
    const targets = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const { orgs } = slowOrgs(['ref', ...targets], jobMs, latencyMs);
    const started = performance.now();
    await createPlan(
      { reference: { org: 'ref' }, targets, selection: selectionFromMetadataArgs(['Layout']), mode: 'merge', deleteExtra: false, concurrency: 4, tool: { name: 't', version: '0' } },
      orgs
    );
    const planMs = performance.now() - started;
    const input = { targets: 10, concurrency: 4, jobMs, latencyMs };
    for (const row of [fanOut, fanOutRealJobs]) {
      expect(row.floorMs(input)).to.equal(latencyMs + 3 * (jobMs + latencyMs));
      expect(judge(row, input, planMs).belowFloor, `${row.id}: plan ${planMs} ms, floor ${row.floorMs(input)} ms`).to.equal(false);
    }
  });

  it('Given the same orgs, When only retrieved (the real-fleet floor\'s work) and when planned, Then the floor is at most the plan', async () => {
    const targets = Array.from({ length: 6 }, (_, i) => `t${i}`);
    const { orgs, retrieveOnly } = slowOrgs(['ref', ...targets], 30, 5);
    const { mapWithConcurrency } = await import('../../../src/org/index.js');
    const floorStarted = performance.now();
    await sleep(5);
    await Promise.all([retrieveOnly('ref'), mapWithConcurrency(targets, 4, retrieveOnly)]);
    const floorMs = performance.now() - floorStarted;
    const started = performance.now();
    await createPlan(
      { reference: { org: 'ref' }, targets, selection: selectionFromMetadataArgs(['Layout']), mode: 'merge', deleteExtra: false, concurrency: 4, tool: { name: 't', version: '0' } },
      orgs
    );
    const planMs = performance.now() - started;
    // the floor's rounds are the plan's rounds: a slow moment of the machine can only lengthen either
    expect(realFleet.floorMs({ retrieveOnlyMs: 5 + 2 * 40 })).to.be.at.most(planMs);
    expect(floorMs).to.be.at.least(5 + 2 * 40);
  });

  it('Given a 500 KB Profile pair, When read, diffed and patched in interleaved rounds, Then the diff-engine floor (the plugin\'s reading of both) is at most each', () => {
    // large enough that comparing is more than reading (a 150 KB pair is read and diffed in about the same 20 ms)
    const pair = profilePairOfSize(500_000, 1);
    const times: Record<'read' | 'diff' | 'patch', number[]> = { read: [], diff: [], patch: [] };
    for (let round = 0; round < 5; round++) {
      for (const op of ['read', 'diff', 'patch'] as const) {
        const started = performance.now();
        runDiffOp(op, pair.reference, pair.target);
        times[op].push(performance.now() - started);
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
