/*
 * schemas/postdeploy-<command>.json against the Result types they describe. `npm test` checks that
 * the committed files equal what `npm run schema:generate` writes (`schema:compare`); here typed
 * samples hold every field of every Result type (`Required<...>`, so a new field fails the type
 * check here) and the schemas must declare exactly those fields and accept the samples. Real
 * outputs are validated in sfPlugin.e2e.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Ajv, AnySchema } from 'ajv';
import { ApplyResult, ApplyTargetResult, ApplyTargetStatus } from '../../src/apply/applier.js';
import { RollbackResult, RollbackTargetResult, RollbackTargetStatus } from '../../src/apply/rollback.js';
import { HistoryEntry, HistoryTarget } from '../../src/state/history.js';
import { TargetState } from '../../src/state/journal.js';
import { PostdeployHistoryResult } from '../../src/commands/postdeploy/history.js';
import { PostdeployRollbackResult } from '../../src/commands/postdeploy/rollback.js';
import { DiffResult } from '../../src/output/diffResult.js';
import { PlanSummary, PlanTargetSummary } from '../../src/output/planSummary.js';
import { BlockKind, ChangeOp, ComponentAction, PlanChange } from '../../src/plan/planTypes.js';
import type { Mode } from '../../src/diff/index.js';
import { PROJECT_ROOT } from '../helpers/processes.js';

const RESULT_SCHEMAS = [{ command: 'plan' }, { command: 'diff' }, { command: 'apply' }, { command: 'rollback' }, { command: 'history' }] as const;
type ResultSchemaSource = (typeof RESULT_SCHEMAS)[number];
const resultSchemaPath = (command: ResultSchemaSource['command']): string => join(PROJECT_ROOT, 'schemas', `postdeploy-${command}.json`);

type Command = ResultSchemaSource['command'];
type JsonSchema = { $ref?: string; type?: string; enum?: string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; definitions?: Record<string, JsonSchema> };

const readSchema = (command: Command): JsonSchema => JSON.parse(readFileSync(resultSchemaPath(command), 'utf8')) as JsonSchema;

/** Every member of a string union, checked by the compiler: a value added to the type fails here. */
const everyValueOf =
  <T extends string>() =>
  <A extends readonly T[]>(...values: A & ([T] extends [A[number]] ? unknown : ['missing a value of the union'])): A =>
    values;

const ENUMS: Record<Command, Record<string, readonly string[]>> = {
  plan: {
    Mode: everyValueOf<Mode>()('merge', 'overwrite'),
    'PlanTargetSummary.status': everyValueOf<PlanTargetSummary['status']>()('ok', 'error'),
  },
  diff: {
    Mode: everyValueOf<Mode>()('merge', 'overwrite'),
    'DiffResult.source': everyValueOf<DiffResult['source']>()('plan-file', 'live'),
    ComponentAction: everyValueOf<ComponentAction>()('create', 'update', 'delete', 'noop'),
    BlockKind: everyValueOf<BlockKind>()('managed', 'refused', 'manual'),
    ChangeOp: everyValueOf<ChangeOp>()('add', 'remove', 'change'),
  },
  apply: { ApplyTargetStatus: everyValueOf<ApplyTargetStatus>()('deployed', 'failed', 'stale', 'skipped', 'validated', 'not-planned', 'not-started', 'stopped') },
  rollback: { RollbackTargetStatus: everyValueOf<RollbackTargetStatus>()('rolled-back', 'validated', 'refused', 'failed', 'skipped') },
  history: {
    Mode: everyValueOf<Mode>()('merge', 'overwrite'),
    TargetState: everyValueOf<TargetState>()('pending', 'deploying', 'deployed', 'validated', 'failed', 'stale', 'skipped', 'rolling-back', 'rolled-back'),
    'HistoryEntry.rolledBack': everyValueOf<HistoryEntry['rolledBack']>()('no', 'partly', 'yes', 'n/a'),
    ComponentAction: everyValueOf<ComponentAction>()('create', 'update', 'delete', 'noop'),
  },
};

// ---- one sample per Result type with every optional field present ----

const planTarget: Required<PlanTargetSummary> = {
  alias: 'uat',
  username: 'admin@uat.example',
  orgId: '00D000000000001AAA',
  status: 'error',
  error: 'INVALID_SESSION_ID',
  drift: true,
  counts: { create: 1, update: 2, delete: 0, noop: 3, blocked: 0, changes: 7 } satisfies Required<PlanTargetSummary['counts']>,
  packages: [{ namespace: 'acme', name: 'Acme Billing', version: '2.4.1.0' }],
  accepted: 1,
  base: { source: 'dir', path: 'release-1/force-app', hash: 'a'.repeat(64) },
  recordsBase: { components: 4, hash: 'b'.repeat(64) },
  conflicts: 1,
  overrides: 1,
  kept: 2,
  keptUnknownOwner: 1,
};
const planSample: Required<PlanSummary> = { planFile: 'postdeploy-plan.json', planId: 'p-1', mode: 'merge', apiVersion: '62.0', drift: true, targets: [planTarget] };

type DiffTarget = DiffResult['targets'][number];
const change: Required<PlanChange> = { op: 'change', path: 'fieldPermissions[Account.Tier__c].editable', before: false, after: { nested: [1] }, placedAfter: null };
const diffComponent: Required<DiffTarget['components'][number]> = { type: 'Profile', fullName: 'Admin', namespace: 'pkg', managed: true, action: 'update', changes: [change], irreversible: ['x'], blocked: [{ kind: 'refused', path: 'fieldPermissions[Account.Tier__c]', reason: 'Tier__c is required', whole: true }], accepted: [{ ...change, entry: 0, reason: 'kept on purpose', until: '2027-06-30' }], conflicts: [{ path: 'fieldPermissions[Account.Tier__c]', base: { editable: false }, reference: null, target: { editable: true }, reason: 'removed by the reference, changed in the target' }], resolved: [{ path: 'fieldPermissions[Account.Rating]', base: null, reference: { editable: true }, target: { editable: false }, reason: 'added differently by the reference and by the target', prefer: 'reference', entry: 0 }], overrides: ['fieldPermissions[Account.Tier__c]'] };
const diffTarget: Required<DiffTarget> = { alias: 'uat', username: 'u', orgId: '00D', status: 'ok', error: 'e', packages: [{ namespace: 'acme', name: 'Acme Billing', version: '2.4.1.0' }], base: { source: 'none' }, conflicts: 1, overrides: 1, kept: 2, keptUnknownOwner: 2, components: [diffComponent] };
const diffSample: Required<DiffResult> = {
  source: 'plan-file',
  planId: 'p-1',
  mode: 'overwrite',
  drift: true,
  targets: [diffTarget],
  reports: { markdownFile: 'report.md', junitFile: 'junit.xml', htmlFile: 'drift.html' } satisfies Required<DiffResult['reports']>,
};

const applyTarget: Required<ApplyTargetResult> = {
  name: 'uat',
  alias: 'uat',
  username: 'u',
  orgId: '00D',
  status: 'failed',
  reason: 'r',
  deployId: '0Af',
  error: 'e',
  failures: [{ type: 'Layout', fullName: 'Account-Account Layout', problem: 'p', action: 'a' } satisfies Required<NonNullable<ApplyTargetResult['failures']>[number]>],
  staleComponents: ['Layout:Account-Account Layout'],
  remainingDrift: [
    {
      type: 'Layout',
      fullName: 'Account-Account Layout',
      detail: 'd',
      cause: 'c',
      differences: [{ op: 'add', path: 'layoutSections[Info].layoutItems[Tier__c]', before: 'b', after: 'a', placedAfter: 'Name' }],
    } satisfies Required<ApplyTargetResult['remainingDrift'][number]>,
  ],
  baseRecorded: { components: 4, hash: 'b'.repeat(64) },
  steps: [
    {
      name: 'post-install',
      kind: 'apex',
      state: 'failed',
      error: 'line 2, column 1: System.DmlException',
      detail: 'd',
      deployId: '0Af',
      logFile: '/s/logs/00D.step-3.log',
      line: 2,
      column: 1,
    } satisfies Required<NonNullable<ApplyTargetResult['steps']>[number]>,
  ],
};
const applySample: Required<ApplyResult> = { applyId: 'a-1', planId: 'p-1', stateDir: '/s', snapshotDir: '/s/a-1', dryRun: false, interrupted: true, waves: { count: 3, stoppedAfterWave: 2, allowedFailures: 0 }, resumeCommand: 'sf postdeploy apply --resume a-1', targets: [applyTarget] };

const rollbackTarget: Required<RollbackTargetResult> = {
  name: 'uat',
  alias: 'uat',
  username: 'u',
  orgId: '00D',
  status: 'rolled-back',
  reason: 'r',
  deployId: '0Af',
  error: 'e',
  changedComponents: ['Profile:Admin'],
  notRestored: [{ type: 'GlobalValueSet', fullName: 'Regions', detail: 'd' } satisfies Required<RollbackTargetResult['notRestored'][number]>],
  irreversible: ['x'],
  steps: [{ name: 'post-install', state: 'rolled-back', detail: 'd', deployId: '0Af' } satisfies Required<NonNullable<RollbackTargetResult['steps']>[number]>],
};
const oneRollback: Required<RollbackResult> = { applyId: 'a-1', dryRun: true, targets: [rollbackTarget] };
const rollbackSample: Required<PostdeployRollbackResult> = { ...oneRollback, stateDir: '/s', applies: [oneRollback], notAttempted: ['a-0'] };

const historyTarget: Required<HistoryTarget> = {
  name: 'uat',
  alias: 'uat',
  username: 'u',
  orgId: '00D',
  state: 'deployed',
  changed: [{ type: 'Layout', fullName: 'Account-Account Layout', action: 'update' } satisfies Required<HistoryTarget['changed'][number]>],
  steps: [{ name: 'post-install', kind: 'apex', state: 'done', deployId: '0Af', logFile: '/s/l.log', error: 'e' } satisfies Required<NonNullable<HistoryTarget['steps']>[number]>],
};
const historyEntry: Required<HistoryEntry> = {
  applyId: 'a-1',
  createdAt: '2025-06-01T14:30:15.000Z',
  planId: 'p-1',
  planFile: 'postdeploy-plan.json',
  mode: 'merge',
  dryRun: false,
  changedSomething: true,
  rolledBack: 'no',
  targets: [historyTarget],
};
const historySample: Required<PostdeployHistoryResult> = { stateDir: '/s', applies: [historyEntry] };

const SAMPLES: Record<Command, unknown> = { plan: planSample, diff: diffSample, apply: applySample, rollback: rollbackSample, history: historySample };

/** Without the optional fields: what the schema must still accept. */
const MINIMAL: Record<Command, unknown> = {
  plan: { ...planSample, targets: [{ username: 'u', status: 'ok', drift: false, counts: planTarget.counts, conflicts: 0 }] },
  diff: { ...diffSample, targets: [{ username: 'u', status: 'ok', conflicts: 0, components: [{ ...diffComponent, changes: [{ op: 'add', path: 'p' }] }] }], reports: {} },
  apply: { ...applySample, targets: [{ name: 'n', username: 'u', orgId: '00D', status: 'deployed', remainingDrift: [] }] },
  rollback: { ...rollbackSample, targets: [{ name: 'n', username: 'u', orgId: '00D', status: 'skipped', notRestored: [], irreversible: [] }] },
  history: { stateDir: '/s', applies: [{ ...historyEntry, targets: [{ name: 'n', username: 'u', orgId: '00D', state: 'pending', changed: [] }] }] },
};

function resolve(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let current = schema;
  while (current.$ref) current = root.definitions?.[current.$ref.replace('#/definitions/', '')] ?? {};
  return current;
}

/** Walks schema and sample together: every object schema must declare exactly the sample's keys. */
function declaredKeyMismatches(root: JsonSchema, node: JsonSchema, value: unknown, path: string): string[] {
  const schema = resolve(root, node);
  if (Array.isArray(value)) return value.length > 0 && schema.items ? declaredKeyMismatches(root, schema.items, value[0], `${path}[]`) : [];
  if (value === null || typeof value !== 'object' || !schema.properties) return [];
  const declared = Object.keys(schema.properties).sort();
  const actual = Object.keys(value).sort();
  const here = JSON.stringify(declared) === JSON.stringify(actual) ? [] : [`${path || '(result)'}: schema declares ${declared.join(',')}; type has ${actual.join(',')}`];
  return [...here, ...Object.entries(value).flatMap(([key, child]) => (schema.properties?.[key] ? declaredKeyMismatches(root, schema.properties[key], child, `${path}.${key}`) : []))];
}

describe('schemas/postdeploy-<command>.json', () => {
  for (const { command } of RESULT_SCHEMAS) {
    describe(command, () => {
      it('Given the committed schema, Then it compiles in ajv strict mode', () => {
        expect(() => new Ajv({ strict: true }).compile(readSchema(command) as AnySchema)).not.to.throw();
      });

      it('Given a result with every field of the type, Then the schema declares exactly those fields and accepts it', () => {
        const schema = readSchema(command);
        expect(declaredKeyMismatches(schema, schema, SAMPLES[command], '')).to.deep.equal([]);
        const validate = new Ajv({ allErrors: true }).compile(schema as AnySchema);
        expect(validate(SAMPLES[command]), JSON.stringify(validate.errors)).to.equal(true);
      });

      it('Given a result with only the required fields, Then the schema accepts it', () => {
        const validate = new Ajv({ allErrors: true }).compile(readSchema(command) as AnySchema);
        expect(validate(MINIMAL[command]), JSON.stringify(validate.errors)).to.equal(true);
      });

      it('Given a field the type lacks, Then the schema rejects it', () => {
        const validate = new Ajv().compile(readSchema(command) as AnySchema);
        expect(validate({ ...(SAMPLES[command] as object), unexpected: true })).to.equal(false);
      });

      it('Given the string unions of the type, Then the schema enumerates exactly their values', () => {
        const schema = readSchema(command);
        for (const [where, values] of Object.entries(ENUMS[command])) {
          const [name, property] = where.split('.');
          const definition = resolve(schema, schema.definitions?.[name] ?? {});
          const found = property ? resolve(schema, definition.properties?.[property] ?? {}) : definition;
          expect(found.enum, where).to.have.members([...values]).and.to.have.length(values.length);
        }
      });

    });
  }
});
