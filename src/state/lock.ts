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
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // eslint-disable-next-line no-await-in-loop
        const handle = await open(path, 'wx', 0o600);
        // eslint-disable-next-line no-await-in-loop
        await handle.writeFile(JSON.stringify(me));
        // eslint-disable-next-line no-await-in-loop
        await handle.close();
        return new OrgLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // eslint-disable-next-line no-await-in-loop
      const holder = await readOwner(path);
      if (holder && holder.host === me.host && !isAlive(holder.pid)) {
        // eslint-disable-next-line no-await-in-loop
        await rm(path, { force: true });
        continue;
      }
      if (!holder) {
        // eslint-disable-next-line no-await-in-loop
        await rm(path, { force: true });
        continue;
      }
      throw messages.createError('error.OrgLocked', [org.name, holder.operation, holder.id, holder.pid, holder.host, holder.since], [path]);
    }
    throw messages.createError('error.OrgLocked', [org.name, 'another run', '?', '?', '?', '?'], [path]);
  }

  public async release(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}
