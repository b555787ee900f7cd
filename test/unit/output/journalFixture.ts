import type { Journal } from '../../../src/state/journal.js';

/** An apply journal of one merge apply of plan p-1, with these targets: what the apply reporters read. */
export const journalOf = (targets: Journal['targets']): Journal => ({
  formatVersion: 1,
  applyId: 'a-1',
  planId: 'p-1',
  planFile: 'plan.json',
  planChecksum: 'c',
  mode: 'merge',
  apiVersion: '62.0',
  dryRun: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  scope: [],
  targets,
});
