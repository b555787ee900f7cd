/*
 * Crash safety of `sf postdeploy apply` at the points other than the deploy itself (the kill
 * during the deploy is in applyRollback.e2e.test.ts). The plugin runs as a
 * process with SF_POSTDEPLOY_FAILPOINT set (src/state/failpoint.ts) and kills itself with SIGKILL:
 *   after-snapshot     the first target's snapshot is written, the journal still says `pending`
 *   after-deploy       the first target's deploy landed, the journal still says `deploying`
 *   mid-journal-write  half-way through writing the journal that records `deploying`
 * After each kill every state file parses as JSON and is mode 0600; `rollback --latest` restores
 * every target; and, on a copy of the crash (org contents and state directory, put back after the
 * rollback), a rerun of apply deploys exactly the targets whose deploy had not landed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import {
  COMPONENTS,
  Fleet,
  RUN,
  canonical,
  journalFiles,
  keyOf,
  listFilesRecursively,
  modeOf,
  readJournal,
  startFleet,
  withoutDeactivatedAdditions,
} from '../helpers/applyFleet.js';
import { childEnv } from '../helpers/sfHome.js';

type Point = 'after-snapshot' | 'after-deploy' | 'mid-journal-write';
const TWO = ['sandbox', 'uat'] as const;
type Contents = Record<string, string>;

/** Which points leave the first target's deploy landed in the org. */
const LANDED: Record<Point, boolean> = { 'after-snapshot': false, 'after-deploy': true, 'mid-journal-write': false };

function output(result: { code: number | null; stdout: string; stderr: string }): string {
  return `exit ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

/** apply with the failpoint armed; resolves with how the process ended. */
function applyWithFailpoint(fleet: Fleet, point: Point): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const args = [RUN, 'postdeploy', 'apply', '--plan-file', 'plan.json', '--state-dir', fleet.stateDir, '--concurrency', '1', '--json'];
  const child = spawn(process.execPath, args, { env: childEnv(fleet.sfHome.home, { SF_POSTDEPLOY_FAILPOINT: point }), cwd: fleet.work });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function contentsOf(fleet: Fleet): Promise<Record<string, Contents>> {
  const entries: Array<[string, Contents]> = [];
  // eslint-disable-next-line no-await-in-loop
  for (const alias of TWO) entries.push([alias, await fleet.contents(alias)]);
  return Object.fromEntries(entries);
}

/** Plans, applies with the failpoint, checks the process died by SIGKILL and the state directory is whole. */
async function crashAt(fleet: Fleet, point: Point): Promise<{ before: Record<string, Contents>; landed: string[] }> {
  await fleet.plan('merge', 'plan.json', TWO);
  const before = await contentsOf(fleet);
  const killed = await applyWithFailpoint(fleet, point);
  expect(killed.signal, output(killed)).to.equal('SIGKILL');
  expect(killed.stdout, 'no result printed by a killed apply').to.equal('');

  // every state file is whole JSON and 0600; a temp file left by a kill mid-write is never read
  const files = listFilesRecursively(fleet.stateDir);
  const temps = files.filter((f) => /^\..*\.tmp$/.test(basename(f)));
  const state = files.filter((f) => !temps.includes(f));
  expect(state.length, files.join('\n')).to.be.at.least(2);
  for (const file of files) expect(modeOf(file).toString(8), file).to.equal('600');
  for (const file of state) expect(() => JSON.parse(readFileSync(file, 'utf8')) as unknown, `${file} is not whole JSON`).not.to.throw();
  if (point === 'mid-journal-write') {
    // the kill did land mid-write: a half journal in a temp file, the journal itself still whole
    expect(temps.length, files.join('\n')).to.equal(1);
    expect(() => JSON.parse(readFileSync(temps[0], 'utf8')) as unknown).to.throw();
  } else {
    expect(temps, 'no temp file left').to.deep.equal([]);
  }

  const [journalFile] = journalFiles(fleet.stateDir);
  const journal = readJournal(journalFile);
  const states = journal.targets.map((t) => t.state);
  expect(states, JSON.stringify(journal.targets)).to.deep.equal(point === 'after-deploy' ? ['deploying', 'pending'] : ['pending', 'pending']);
  expect(files.filter((f) => f.includes('/snapshots/')).length, 'the first target has its snapshot').to.equal(1);

  const landed: string[] = [];
  for (const alias of TWO) {
    // eslint-disable-next-line no-await-in-loop
    const deploys = await fleet.deploys(alias);
    expect(deploys, `${alias} deploys`).to.be.at.most(1);
    if (deploys === 1) landed.push(alias);
  }
  expect(landed, 'targets whose deploy landed before the kill').to.deep.equal(LANDED[point] ? [TWO[0]] : []);
  return { before, landed };
}

function expectRestored(alias: string, before: Contents, after: Contents): void {
  for (const component of COMPONENTS) {
    const key = keyOf(component);
    const restored = withoutDeactivatedAdditions(component.type, before[key], after[key]);
    expect(restored.canonical, `${alias} ${key} is not back to its pre-apply content:\n${after[key]}`).to.equal(canonical(before[key]));
  }
}

describe('sf postdeploy apply killed at each crash point', function () {
  this.timeout(180_000);
  let fleet: Fleet | undefined;

  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  for (const point of ['after-snapshot', 'after-deploy', 'mid-journal-write'] as const) {
    it(`Given an apply killed at ${point}, Then the state files are whole, rollback --latest restores every target, and a rerun of apply on a copy of the crash deploys only where the deploy had not landed`, async () => {
      // one emulator per point (starting one takes seconds): the crash is copied (orgs and state
      // directory) before the rollback, and put back for the rerun
      fleet = await startFleet({ jobMs: 20 });
      const { before, landed } = await crashAt(fleet, point);
      const crashed = await contentsOf(fleet);
      const crashState = mkdtempSync(join(tmpdir(), 'sf-postdeploy-crash-'));
      cpSync(fleet.stateDir, crashState, { recursive: true });

      try {
        // rollback
        const rolledBack = await fleet.rollback(['--latest']);
        expect(rolledBack.code, output(rolledBack)).to.equal(0);
        const rolled = Object.fromEntries((rolledBack.json.result?.targets ?? []).map((t) => [t.name, t.status]));
        for (const alias of TWO) {
          expect(rolled[alias], JSON.stringify(rolledBack.json)).to.equal(landed.includes(alias) ? 'rolled-back' : 'skipped');
          // eslint-disable-next-line no-await-in-loop
          expectRestored(alias, before[alias], await fleet.contents(alias));
        }
        for (const file of listFilesRecursively(fleet.stateDir)) expect(modeOf(file).toString(8), file).to.equal('600');

        // the crash again: the orgs as the kill left them, and the state directory copied then
        for (const alias of TWO) {
          for (const component of COMPONENTS) {
            // eslint-disable-next-line no-await-in-loop
            const put = await fleet.admin.putComponent(alias, component.type, component.fullName, crashed[alias][keyOf(component)]);
            expect(put.ok, `PUT ${alias} ${keyOf(component)}`).to.equal(true);
          }
        }
        const counts = Object.fromEntries(await Promise.all(TWO.map(async (alias) => [alias, await fleet!.deploys(alias)] as const)));

        // rerun
        const rerun = await fleet.postdeploy(['apply', '--plan-file', 'plan.json', '--state-dir', crashState, '--concurrency', '1', '--json']);
        expect(rerun.code, output(rerun)).to.equal(0);
        const result = (JSON.parse(rerun.stdout) as { result: { targets: Array<{ name: string; status: string; remainingDrift: unknown[] }> } }).result;
        const rerunStatus = Object.fromEntries(result.targets.map((t) => [t.name, t]));
        for (const alias of TWO) {
          const landedBefore = landed.includes(alias);
          expect(rerunStatus[alias]?.status, rerun.stdout).to.equal(landedBefore ? 'skipped' : 'deployed');
          expect(rerunStatus[alias].remainingDrift, alias).to.deep.equal([]);
          // eslint-disable-next-line no-await-in-loop
          expect(await fleet.deploys(alias), `${alias} deploys in the rerun`).to.equal(counts[alias] + (landedBefore ? 0 : 1));
        }
        // both targets hold the planned result (the same for both), not their pre-apply content
        const [first, second] = [await fleet.contents(TWO[0]), await fleet.contents(TWO[1])];
        for (const component of COMPONENTS) {
          const key = keyOf(component);
          expect(canonical(second[key]), key).to.equal(canonical(first[key]));
        }
        expect(canonical(first['Layout:Account-Account Layout'])).not.to.equal(canonical(before[TWO[0]]['Layout:Account-Account Layout']));
      } finally {
        rmSync(crashState, { recursive: true, force: true });
      }
    });
  }
});
