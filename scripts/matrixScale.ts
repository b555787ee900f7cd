/*
 * `node --import tsx scripts/matrixScale.ts`: the drift matrix page at 50 targets x 2,000
 * components (one component in 40 drifting in every target): how big the file is, how long it takes
 * to write, and, in headless Chromium, how long the page takes to load, filter, search and page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '../src/output/htmlReport.js';
import { component, fixturePlan, target } from '../test/unit/output/planFixture.js';
import { INSTALL_HINT, findChromium, launchChromium } from '../test/helpers/browser.js';

const plan = fixturePlan();
const components = Array.from({ length: 2000 }, (_, i) =>
  component({
    type: i % 2 === 0 ? 'Layout' : 'ListView',
    fullName: `Obj${i}-Layout`,
    action: i % 40 === 0 ? 'update' : 'noop',
    changes: i % 40 === 0 ? [{ op: 'add', path: `layoutSections[Info].layoutItems[F${i}]`, after: { field: `F${i}`, behavior: 'Edit' } }] : [],
  })
);
plan.targets = Array.from({ length: 50 }, (_, i) => target({ name: `t${i}`, alias: `t${i}`, username: `t${i}@x`, components }));
let started = Date.now();
const html = renderHtmlReport(plan);
process.stdout.write(`page: ${(html.length / 1e6).toFixed(2)} MB, written in ${Date.now() - started} ms\n`);
const dir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-scale-'));
const file = join(dir, 'drift.html');
writeFileSync(file, html);
const chromium = findChromium();
if (!chromium) {
  process.stdout.write(`no chromium: ${INSTALL_HINT}\n`);
} else {
  const browser = await launchChromium(chromium);
  try {
    const { page } = browser;
    await page.send('Page.enable');
    const loaded = page.waitFor('Page.loadEventFired', 60_000);
    started = Date.now();
    await page.send('Page.navigate', { url: pathToFileURL(file).href });
    await loaded;
    process.stdout.write(`load: ${Date.now() - started} ms\n`);
    const timed = async (label: string, expression: string): Promise<void> => {
      const at = Date.now();
      const result = await page.evaluate<string>(expression);
      process.stdout.write(`${label}: ${Date.now() - at} ms (${result})\n`);
    };
    const set = (id: string, value: string, event: string): string =>
      `(() => { const e = document.getElementById('${id}'); e.value = '${value}'; e.dispatchEvent(new Event('${event}')); return document.getElementById('page-info').textContent + ', ' + document.querySelectorAll('#matrix tbody td').length + ' cells'; })()`;
    await timed('filter drift', set('f-status', 'drift', 'change'));
    await timed('search Obj1', set('f-search', 'Obj1', 'input'));
    await timed('clear search', set('f-search', '', 'input'));
    await timed('one target', set('f-target', '7', 'change'));
  } finally {
    await browser.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
