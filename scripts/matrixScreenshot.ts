/*
 * `node --import tsx scripts/matrixScreenshot.ts [out.png]`: the drift matrix page of the demo orgs
 * (demo/orgs: prod the reference; uat, scratch and acme the targets) as the README shows it. Plans
 * with the plugin's bin/run.js against the org emulator, opens the page in headless Chromium,
 * chooses uat's Account layout cell and saves a screenshot (default docs/drift-matrix.png).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator, useIsolatedSfHome, childEnv } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, run } from '../test/helpers/processes.js';
import { INSTALL_HINT, findChromium, launchChromium } from '../test/helpers/browser.js';

const ORGS = join(PROJECT_ROOT, 'demo', 'orgs');
const out = process.argv[2] ?? join(PROJECT_ROOT, 'docs', 'drift-matrix.png');
const chromium = findChromium();
if (!chromium) throw new Error(`no chromium: ${INSTALL_HINT}`);

const sfHome = useIsolatedSfHome();
const emulator = await startEmulator({ orgs: Object.fromEntries(['prod', 'uat', 'scratch', 'acme'].map((alias) => [alias, join(ORGS, alias)])), jobMs: 10 });
const work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-matrix-'));
try {
  writeFileSync(
    join(work, 'postdeploy.json'),
    JSON.stringify({ accept: [{ targets: ['scratch'], component: 'GlobalValueSet:Regions', path: 'customValue[LATAM]', reason: 'scratch orgs get LATAM with their next refresh', until: '2027-06-30' }] })
  );
  const planned = await run(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), 'postdeploy', 'plan', '-r', 'prod', '-o', 'uat', '-o', 'scratch', '-o', 'acme', '--config', 'postdeploy.json', '--html-file', 'drift.html'], {
    env: childEnv(sfHome.home),
    cwd: work,
    timeoutMs: 300_000,
  });
  if (planned.code !== 0) throw new Error(`plan exited ${String(planned.code)}: ${planned.stderr}`);
  const browser = await launchChromium(chromium);
  try {
    const { page } = browser;
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width: 1500, height: 860, deviceScaleFactor: 1, mobile: false });
    const loaded = page.waitFor('Page.loadEventFired');
    await page.send('Page.navigate', { url: pathToFileURL(join(work, 'drift.html')).href });
    await loaded;
    const cell = await page.evaluate<string>(
      "[...document.querySelectorAll('#matrix tbody tr')].find((tr) => tr.querySelector('th').textContent === 'LayoutAccount-Account Layout').querySelector('td button').dataset.cell"
    );
    await page.click(`button[data-cell="${cell}"]`);
    await page.evaluate('window.scrollTo(0, 0)');
    const shot = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    writeFileSync(out, Buffer.from(shot.data, 'base64'));
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.stop();
  }
} finally {
  await emulator.stop();
  sfHome.restore();
  rmSync(work, { recursive: true, force: true });
}
