/*
 * A test's own sf state: a fresh HOME (core reads it lazily) and no log file, for this process
 * (startEmulator logs the orgs in there) and for the sf or plugin processes it starts (childEnv).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigAggregator, StateAggregator } from '@salesforce/core';

export type SfHome = { home: string; restore(): void };

export function useIsolatedSfHome(): SfHome {
  const previous = { HOME: process.env.HOME, SF_DISABLE_LOG_FILE: process.env.SF_DISABLE_LOG_FILE, USERPROFILE: process.env.USERPROFILE };
  const home = mkdtempSync(join(tmpdir(), 'sf-postdeploy-home-'));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.SF_DISABLE_LOG_FILE = 'true';
  StateAggregator.clearInstance();
  // not awaited: the clearing runs under core's ConfigAggregator mutex, which every later ConfigAggregator.create() waits for
  void ConfigAggregator.clearInstance();
  return {
    home,
    restore(): void {
      StateAggregator.clearInstance();
      void ConfigAggregator.clearInstance();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Environment for a child process (plugin or sf CLI) that uses the given HOME and nothing of the developer's. */
export function childEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    SF_DISABLE_LOG_FILE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    NODE_NO_WARNINGS: '1',
    TERM: 'dumb',
    ...extra,
  };
}
