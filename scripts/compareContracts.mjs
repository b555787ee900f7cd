/*
 * `npm run contracts:compare`, part of `npm test`: fails when command-snapshot.json or the --json
 * result schemas (schemas/postdeploy-<command>.json) no longer match the commands, as
 * @oclif/plugin-command-snapshot's snapshot:compare and schema:compare see them. schema:compare reads
 * every .json file below the folder it is given, and schemas/ also holds the formats of the plan
 * and config files (`*.schema.json`, written by hand, not command results), so it is given a copy of
 * the result schemas alone.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = join(root, 'bin', 'dev.js');
const run = (args) => spawnSync(process.execPath, [dev, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;

const resultSchemas = mkdtempSync(join(tmpdir(), 'postdeploy-schemas-'));
try {
  for (const file of readdirSync(join(root, 'schemas'))) {
    if (file.endsWith('.json') && !file.endsWith('.schema.json')) copyFileSync(join(root, 'schemas', file), join(resultSchemas, file));
  }
  const snapshot = run(['snapshot:compare']);
  const schemas = run(['schema:compare', '--filepath', resultSchemas]);
  if (snapshot !== 0 || schemas !== 0) {
    process.stderr.write('The commands changed their flags or --json results: run `npm run snapshot:generate` and `npm run schema:generate`, review the diff and commit it.\n');
    process.exitCode = 1;
  }
} finally {
  rmSync(resultSchemas, { recursive: true, force: true });
}
