/*
 * The floor of the fan-out and real-fleet rows (bench/floors.ts): what a plan must do at least to have every
 * org's copy of its scope, comparing nothing. Lists the reference's types (the plan's listing), then
 * retrieves the plan's components and scope from the reference and, beside it, from the targets at
 * the plan's concurrency, on the plugin's polling schedule, and unzips every answer.
 *   node --import tsx bench/retrieveOnly.ts <plan.json> <concurrency> <reference> <target>...
 * Run with HOME set to the emulator's sf home. Prints one JSON line; `workMs` is the time from the
 * first org's auth file to the last unzip: the process's own start-up (node, tsx, the libraries) is
 * not in it, so the floor is never above what a plan must do.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ComponentSet, MetadataApiRetrieve } from '@salesforce/source-deploy-retrieve';
import JSZip from 'jszip';
import { mapWithConcurrency, resolveOrg } from '../lib/org/index.js';
import { pollUntilDone } from '../lib/org/polling.js';

type Key = { type: string; fullName: string };
type Plan = { apiVersion: string; selection: { members: string[] }; scope: Key[]; targets: Array<{ components: Key[] }> };

const [planFile, concurrencyArg, reference, ...targets] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
const keys = [...new Map([...plan.targets.flatMap((t) => t.components), ...plan.scope].map((k) => [`${k.type}:${k.fullName}`, { type: k.type, fullName: k.fullName }])).values()];
const types = [...new Set(plan.selection.members.map((member) => member.split(':')[0]))];

async function retrieve(alias: string): Promise<{ files: number; bytes: number }> {
  const handle = await resolveOrg(alias);
  const connection = handle.connection(plan.apiVersion);
  const components = new ComponentSet(keys);
  components.apiVersion = plan.apiVersion;
  components.sourceApiVersion = plan.apiVersion;
  const operation = new MetadataApiRetrieve({ usernameOrConnection: connection, components, output: tmpdir(), format: 'metadata', unzip: false });
  await operation.start();
  const { status } = await pollUntilDone(() => operation.checkStatus(), (current) => Boolean(current.done), { waitMs: 600_000, timeoutError: () => new Error(`${alias}: retrieve timed out`) });
  if (!status.zipFile) throw new Error(`${alias}: retrieve ${String(status.status)}`);
  const zip = await JSZip.loadAsync(Buffer.from(status.zipFile, 'base64'));
  let bytes = 0;
  const files = Object.values(zip.files).filter((file) => !file.dir);
  for (const file of files) {
    // eslint-disable-next-line no-await-in-loop
    bytes += (await file.async('nodebuffer')).length;
  }
  return { files: files.length, bytes };
}

const started = performance.now();
const referenceHandle = await resolveOrg(reference);
const listing = referenceHandle.connection(plan.apiVersion);
const batches = Array.from({ length: Math.ceil(types.length / 3) }, (_, i) => types.slice(i * 3, i * 3 + 3));
await Promise.all(batches.map((batch) => listing.metadata.list(batch.map((type) => ({ type })), plan.apiVersion)));
const [ours, theirs] = await Promise.all([retrieve(reference), mapWithConcurrency(targets, Number(concurrencyArg), retrieve)]);
const workMs = Math.round(performance.now() - started);
process.stdout.write(`${JSON.stringify({ keys: keys.length, workMs, reference: ours, targets: theirs })}\n`);
