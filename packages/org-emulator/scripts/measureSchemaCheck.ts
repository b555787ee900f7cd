/*
 * What the Metadata API schema check costs: the CPU time of the check and of the parse over every
 * metadata file of a folder, and the time to seed an org from it (best of five).
 *
 *   npx tsx packages/org-emulator/scripts/measureSchemaCheck.ts [folder]
 *
 * The folder defaults to the real-metadata corpus (../shared/real-metadata/orgs/ref beside the
 * repository); when it is absent the script says so and stops.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatedOrg } from '../src/org.js';
import { schemaProblem } from '../src/schema.js';
import { SOURCE_SEED_API_VERSION, seedOrg } from '../src/seed.js';
import { parseMetadataXml } from '../src/xml.js';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const folder = process.argv[2] ?? join(repository, '..', 'shared', 'real-metadata', 'orgs', 'ref');

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  if (!existsSync(folder)) {
    process.stdout.write(`skipped: ${folder} is not there\n`);
    return;
  }
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('-meta.xml') || entry.name.endsWith('.xml')))
    .map((entry) => join(entry.parentPath, entry.name));
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const megabytes = texts.reduce((sum, text) => sum + text.length, 0) / 1e6;
  let check = Infinity;
  let parse = Infinity;
  let seed = Infinity;
  for (let round = 0; round < 5; round++) {
    check = Math.min(check, cpuMs(() => texts.forEach((text) => schemaProblem(text, SOURCE_SEED_API_VERSION, { rootOrdered: false }))));
    parse = Math.min(parse, cpuMs(() => texts.forEach((text) => parseMetadataXml(text))));
    const started = performance.now();
    // eslint-disable-next-line no-await-in-loop
    await seedOrg(new EmulatedOrg(`measure${round}`), folder);
    seed = Math.min(seed, performance.now() - started);
  }
  process.stdout.write(
    `${files.length} files, ${megabytes.toFixed(1)} MB; best of 5: schema check ${check.toFixed(0)} ms CPU, parse ${parse.toFixed(0)} ms CPU, seeding an org from the folder ${(seed / 1000).toFixed(1)} s\n`
  );
}

await main();
