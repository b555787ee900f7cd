/*
 * How long a client takes to see a retrieve job done, and with how many status checks, on the
 * plugin's schedule (src/org/polling.ts, compiled) and on SDR's fixed one-second schedule (what
 * `sf project retrieve start` uses: pollStatus(1000)). Same SDR operation objects, same org.
 * With a stagger of 0 the probes run one after another; with N > 0 side by side, each on a retrieve
 * job of its own, the k-th starting k × N ms after the first (so their jobs do not end together
 * and compete for the org's and the client's event loop at the moment that is measured).
 *   node --import tsx bench/pollProbe.ts <alias> <jobMs> <latencyMs> <reps> <staggerMs> <Type:Name>...
 * Run with HOME set to the emulator's sf home. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ComponentSet, MetadataApiRetrieve } from '@salesforce/source-deploy-retrieve';
import { resolveOrg } from '../lib/org/index.js';
import { pollUntilDone } from '../lib/org/polling.js';

const [alias, jobMsArg, latencyArg, repsArg, staggerArg, ...members] = process.argv.slice(2);
const jobMs = Number(jobMsArg);
const latencyMs = Number(latencyArg);
const reps = Number(repsArg);
const staggerMs = Number(staggerArg);

type Probe = { checks: number; doneSeenMs: number; addedWaitMs: number };

const handle = await resolveOrg(alias);
// the same connection the plugin's retrieve uses
const connection = handle.connection();

// SDR writes each retrieved zip as unpackaged.zip into its output folder: one folder per probe
const outputRoot = mkdtempSync(join(tmpdir(), 'sf-postdeploy-poll-probe-'));
let probes = 0;

function operation(): MetadataApiRetrieve {
  probes += 1;
  const output = join(outputRoot, String(probes));
  mkdirSync(output);
  const components = new ComponentSet(members.map((m) => ({ type: m.split(':')[0], fullName: m.split(':').slice(1).join(':') })));
  return new MetadataApiRetrieve({ usernameOrConnection: connection, components, output, format: 'metadata', unzip: false });
}

/** Times from the start answer: the org sets the job due `jobMs` after it answers the start. */
async function probe(schedule: 'plugin' | 'sdr'): Promise<Probe> {
  const op = operation();
  await op.start();
  const startAnswered = performance.now();
  let checks = 0;
  let doneSeen = NaN;
  const check = op.checkStatus.bind(op);
  const timedCheck = async (): ReturnType<typeof check> => {
    const status = await check();
    checks += 1;
    if (status.done && Number.isNaN(doneSeen)) doneSeen = performance.now();
    return status;
  };
  if (schedule === 'plugin') {
    await pollUntilDone(timedCheck, (s) => Boolean(s.done), { waitMs: 60_000, timeoutError: () => new Error('probe timed out') });
  } else {
    // SDR polls through this.checkStatus(); count the same way
    (op as unknown as { checkStatus: typeof timedCheck }).checkStatus = timedCheck;
    await op.pollStatus(1000, 60);
  }
  const doneSeenMs = doneSeen - startAnswered;
  // the earliest a client can see it: the due time plus one request's latency (the emulator delays every answer)
  return { checks, doneSeenMs, addedWaitMs: doneSeenMs - jobMs - latencyMs };
}

const schedules = Array.from({ length: reps }, () => ['plugin', 'sdr'] as const).flat();
let all: Probe[] = [];
try {
  if (staggerMs > 0) {
    // every probe on a job of its own, side by side: each one's checks and lateness are its own job's
    all = await Promise.all(schedules.map(async (schedule, k) => {
      await sleep(k * staggerMs);
      return probe(schedule);
    }));
  } else {
    // eslint-disable-next-line no-await-in-loop
    for (const schedule of schedules) all.push(await probe(schedule));
  }
} finally {
  rmSync(outputRoot, { recursive: true, force: true });
}
const results: Record<string, Probe[]> = { plugin: all.filter((_, i) => i % 2 === 0), sdr: all.filter((_, i) => i % 2 === 1) };
process.stdout.write(`${JSON.stringify({ alias, jobMs, latencyMs, results })}\n`);
