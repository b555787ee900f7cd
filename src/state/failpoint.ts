/*
 * Failpoints exist only for the crash tests (test/e2e/crashPoints.e2e.test.ts): when the
 * environment variable SF_POSTDEPLOY_FAILPOINT names a point, the process kills itself with
 * SIGKILL when it reaches it, as a crash or `kill -9` would. Unset (always, outside those tests),
 * a failpoint does nothing.
 */
export type FailPoint = 'after-snapshot' | 'after-deploy' | 'mid-journal-write' | 'after-step' | 'before-apex';

export const FAILPOINT_ENV = 'SF_POSTDEPLOY_FAILPOINT';

export function failpointArmed(point: FailPoint): boolean {
  return process.env[FAILPOINT_ENV] === point;
}

/** Dies by SIGKILL here when the failpoint is armed; otherwise a no-op. */
export function failpoint(point: FailPoint): void {
  if (failpointArmed(point)) process.kill(process.pid, 'SIGKILL');
}
