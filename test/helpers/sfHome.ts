/*
 * Each test file gets its own sf state (a fresh HOME, no log file): the org emulator package's
 * helpers, which its own tests and other plugins' tests use too.
 */
export { childEnv, useIsolatedSfHome } from '@sf-postdeploy/org-emulator';
export type { SfHome } from '@sf-postdeploy/org-emulator';
