/*
 * One apply or rollback per org at a time, across processes: a lock file per org id created with
 * O_EXCL. A lock left by a process that no longer runs on this host is reclaimed.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Messages } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

type LockOwner = { pid: number; host: string; operation: string; id: string; since: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class OrgLock {
  private constructor(private readonly path: string) {}

  public static async acquire(stateDir: string, org: { orgId: string; name: string }, owner: { operation: string; id: string }): Promise<OrgLock> {
    const dir = join(stateDir, 'locks');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${org.orgId}.lock`);
    const me: LockOwner = { pid: process.pid, host: hostname(), operation: owner.operation, id: owner.id, since: new Date().toISOString() };
    if (await createLockFile(path, me)) return new OrgLock(path);
    const holder = await readOwner(path);
    if (holder && !leftByDeadProcess(holder, me.host)) throw lockedError(org.name, path, holder);
    // left by a process that no longer runs here, or unreadable: reclaimed, once
    await rm(path, { force: true });
    if (await createLockFile(path, me)) return new OrgLock(path);
    throw lockedError(org.name, path, await readOwner(path));
  }

  public async release(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/** Creates the lock file with its owner inside; false when it exists already. */
async function createLockFile(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

function leftByDeadProcess(holder: LockOwner, host: string): boolean {
  return holder.host === host && !isAlive(holder.pid);
}

function lockedError(orgName: string, path: string, holder: LockOwner | undefined): Error {
  const [operation, id, pid, host, since] = holder ? [holder.operation, holder.id, holder.pid, holder.host, holder.since] : ['another run', '?', '?', '?', '?'];
  return messages.createError('error.OrgLocked', [orgName, operation, id, pid, host, since], [path]);
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}
