import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, run } from '../helpers/processes.js';
import { childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const REF = join(PROJECT_ROOT, '..', '..', 'shared', 'real-metadata', 'orgs', 'ref');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');

describe('timing', () => {
  it('plan with and without a base', async () => {
    const sfHome = useIsolatedSfHome();
    const emulator = await startEmulator({ orgs: { t1: REF, t2: REF }, jobMs: 20 });
    const work = mkdtempSync(join(tmpdir(), 'tw-timing-'));
    const plan = async (extra: string[], out: string): Promise<number> => {
      const start = Date.now();
      const r = await run(process.execPath, [RUN, 'postdeploy', 'plan', '--reference-dir', REF, '-o', 't1', '-o', 't2', '--output-file', out, ...extra], { env: childEnv(sfHome.home), cwd: work });
      if (r.code !== 0) throw new Error(r.stderr);
      return Date.now() - start;
    };
    for (let round = 0; round < 2; round++) {
      // eslint-disable-next-line no-await-in-loop
      const without = await plan([], `a${round}.json`);
      // eslint-disable-next-line no-await-in-loop
      const withBase = await plan(['--base-dir', REF], `b${round}.json`);
      console.log(`round ${round}: without base ${without} ms, with --base-dir ${withBase} ms`);
    }
    await emulator.stop();
    sfHome.restore();
  });
});
