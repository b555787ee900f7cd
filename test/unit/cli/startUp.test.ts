/*
 * Issue 16, start-up: a command's module loads none of the libraries its first request does
 * without. SDR, JSZip and fast-xml-parser load at their first use (src/org/sdr.ts,
 * src/org/metadataPackage.ts, src/xml/parse.ts); an eager import of any of them puts it back
 * between the spawn and the first request. Each command is imported in a fresh node, which lists
 * every module it loaded: ES modules through a resolve hook, CommonJS ones from require's cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../../helpers/processes.js';

const COMMANDS = ['plan', 'diff', 'apply', 'rollback', 'history'];
// the plugin's own copies: core loads a JSZip of its own, part of what every sf command loads
const LOADED_AT_FIRST_USE = new RegExp(`${PROJECT_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/node_modules/(fast-xml-parser|@salesforce/source-deploy-retrieve|jszip)/`);

// runs in the loader's thread: every module resolved, one line each, written as it happens
const HOOKS = `
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(out, resolved.url + '\\n');
  return resolved;
}
`;

const commandUrl = (command: string): string => pathToFileURL(join(PROJECT_ROOT, 'src', 'commands', 'postdeploy', `${command}.ts`)).href;

/** Every module a fresh node loads to import the `urls`. */
function modulesLoadedBy(urls: string[], out: string): string[] {
  const probe = [
    "import { register, createRequire } from 'node:module';",
    "import { appendFileSync } from 'node:fs';",
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), import.meta.url, { data: { out: ${JSON.stringify(out)} } });`,
    ...urls.map((url) => `await import(${JSON.stringify(url)});`),
    `appendFileSync(${JSON.stringify(out)}, Object.keys(createRequire(import.meta.url).cache).join('\\n') + '\\n');`,
  ].join('\n');
  const ran = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(ran.status, ran.stderr).to.equal(0);
  return readFileSync(out, 'utf8').split('\n').filter(Boolean);
}

describe('start-up: what a command loads before it runs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-startup-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no command loads SDR, JSZip or fast-xml-parser when imported', () => {
    const loaded = modulesLoadedBy(COMMANDS.map(commandUrl), join(dir, 'commands.txt'));
    // the probe sees the commands' own graph (a wrong probe would pass whatever they load)
    for (const command of COMMANDS) expect(loaded.some((url) => url.endsWith(`/src/commands/postdeploy/${command}.ts`))).to.equal(true);
    expect(loaded.some((url) => url.includes('/node_modules/@salesforce/core/'))).to.equal(true);
    expect(loaded.filter((url) => LOADED_AT_FIRST_USE.test(url))).to.deep.equal([]);
  });

  it('the probe sees them when they are loaded, as ES module or through require', () => {
    const eager = [
      `import ${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'fast-xml-parser', 'src', 'fxp.js')).href)};`,
      "import { createRequire } from 'node:module';",
      `createRequire(${JSON.stringify(join(PROJECT_ROOT, 'package.json'))})('jszip');`,
    ].join('\n');
    const loaded = modulesLoadedBy([`data:text/javascript,${encodeURIComponent(eager)}`], join(dir, 'eager.txt'));
    expect(loaded.some((url) => url.includes('fast-xml-parser') && LOADED_AT_FIRST_USE.test(url))).to.equal(true);
    expect(loaded.some((url) => url.includes('jszip') && LOADED_AT_FIRST_USE.test(url))).to.equal(true);
  });
});
