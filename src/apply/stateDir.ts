/*
 * Where apply keeps snapshots, journals and locks: --state-dir, else SF_POSTDEPLOY_STATE_DIR, else
 * `.sf/postdeploy/` of the sf project the command runs in, else `~/.sf/postdeploy/`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

function projectRoot(from: string): string | undefined {
  let current = resolve(from);
  for (;;) {
    if (existsSync(join(current, 'sfdx-project.json'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (flag) return resolve(flag);
  if (env.SF_POSTDEPLOY_STATE_DIR) return resolve(env.SF_POSTDEPLOY_STATE_DIR);
  const project = projectRoot(cwd);
  return project ? join(project, '.sf', 'postdeploy') : join(homedir(), '.sf', 'postdeploy');
}

export function applyDir(stateDir: string, applyId: string): string {
  return join(stateDir, 'applies', applyId);
}
