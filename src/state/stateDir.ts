/*
 * Where apply keeps snapshots, journals and locks: --state-dir, else SF_POSTDEPLOY_STATE_DIR, else
 * `.sf/postdeploy/` of the sf project the command runs in, else `~/.sf/postdeploy/`.
 */
import { constants, existsSync } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Messages } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

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

/**
 * The ` --state-dir <folder>` a hint must carry so that following it finds the same journals: empty
 * when the folder is the one the command would find by itself.
 */
export function stateDirOption(stateDir: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (resolve(stateDir) === resolveStateDir(undefined, env, cwd)) return '';
  return ` --state-dir ${/[\s"'$`\\]/.test(stateDir) ? `'${stateDir.replace(/'/g, "'\\''")}'` : stateDir}`;
}

export function applyDir(stateDir: string, applyId: string): string {
  return join(stateDir, 'applies', applyId);
}

/**
 * Creates the folder and its missing parents one level at a time. Node's recursive mkdir loops
 * forever on some paths (e.g. under /proc, where mkdir answers ENOENT although the parent exists).
 */
async function makeFolder(path: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return;
    throw Object.assign(new Error(`${path} is not a folder`), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const parent = dirname(path);
  if (parent !== path) await makeFolder(parent);
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Fails early, before any org is touched, when the state directory cannot hold journals and snapshots. */
export async function ensureWritableStateDir(stateDir: string): Promise<void> {
  try {
    await makeFolder(stateDir);
    await access(stateDir, constants.W_OK);
  } catch (error) {
    throw messages.createError('error.StateDirNotWritable', [stateDir, (error as NodeJS.ErrnoException).code ?? String(error)]);
  }
}
