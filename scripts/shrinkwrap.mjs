/*
 * `npm run shrinkwrap` (run by prepack; postpack removes the file): npm-shrinkwrap.json from
 * package-lock.json, so that the packed plugin carries its lockfile and `npm install --omit=dev` in
 * the unpacked tarball installs exactly the versions this repository tested; the release's pinned
 * checksum then pins the dependencies too. The workspace packages (the org emulator) are not in the
 * tarball and nothing the plugin runs needs them: their entries are dropped. No network is used.
 * `node scripts/shrinkwrap.mjs <folder>` writes it into another folder (a staged copy of the package).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const workspaces = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && (entry.link === true || !path.includes('node_modules/')));
const dropped = new Set([...workspaces.map(([path]) => path), ...workspaces.filter(([, entry]) => entry.resolved).map(([, entry]) => entry.resolved)]);
const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path]) => !dropped.has(path) && ![...dropped].some((d) => path.startsWith(`${d}/`))));
const { workspaces: _workspaces, ...rootPackage } = packages[''];
packages[''] = rootPackage;
writeFileSync(join(process.argv[2] ?? root, 'npm-shrinkwrap.json'), `${JSON.stringify({ ...lock, packages }, null, 2)}\n`);
process.stdout.write(`npm-shrinkwrap.json: ${Object.keys(packages).length - 1} packages locked (${dropped.size} workspace entries left out)\n`);
