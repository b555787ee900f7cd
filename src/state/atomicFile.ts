/*
 * State files are written whole or not at all: a temp file beside the target, flushed to disk,
 * then renamed over it. A kill at any point leaves the old file or the new one, never half.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { FailPoint, failpoint } from './failpoint.js';

/** `crashPoint` (crash tests only): write half the content, then pass that failpoint before the rest. */
export async function writeFileAtomic(path: string, content: string | Buffer, mode = 0o600, crashPoint?: FailPoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    if (crashPoint) {
      const bytes = Buffer.from(content);
      const half = bytes.length >> 1;
      await handle.write(bytes.subarray(0, half));
      await handle.sync();
      failpoint(crashPoint);
      await handle.write(bytes.subarray(half));
    } else {
      await handle.writeFile(content);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // the rename itself must reach the disk too
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
