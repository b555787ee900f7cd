/*
 * The README's command reference is generated from the commands (npm run readme); this fails when
 * a command, flag or text changed and the README was not regenerated.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { ensureCompiled } from '../tools/commandShape.js';

function commandsBlock(text: string): string {
  const start = text.indexOf('<!-- commands -->\n');
  const end = text.indexOf('<!-- commandsstop -->');
  expect(start, 'README has a <!-- commands --> marker').to.be.greaterThan(-1);
  return text.slice(start, end).trim();
}

describe('README command reference', () => {
  it('Given the built commands, When the reference is regenerated, Then the README already holds it (run `npm run readme` if not)', function () {
    this.timeout(240_000);
    ensureCompiled();
    const generated = execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'readme', '--dry-run', '--no-source-links', '--no-aliases'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, OCLIF_SKIP_UPDATE_CHECK: 'true' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(commandsBlock(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8'))).to.equal(commandsBlock(generated));
  });
});
