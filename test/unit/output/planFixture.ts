/*
 * A plan with every case the reports must show: a drifting target (adds, removes, changes,
 * irreversible steps, a component compared as a whole, a created component, destructive children,
 * notes), a target without drift, a target that failed, and a target whose names need escaping.
 */
import { isWhollyBlocked, reportedAction } from '../../../src/plan/blocked.js';
import { PLAN_FORMAT_VERSION, type PlanBody, type PlannedComponent, type PlannedTarget, type TargetCounts } from '../../../src/plan/planTypes.js';

export const SPECIAL_TARGET = 'R&D <"sandbox"> | ü 🚀';
export const SPECIAL_LAYOUT = 'Account-R&D | <Layout> `v2` "é"';

export function component(partial: Partial<PlannedComponent> & Pick<PlannedComponent, 'type' | 'fullName' | 'action'>): PlannedComponent {
  return {
    targetHash: partial.action === 'create' ? null : 'a'.repeat(64),
    referenceHash: 'b'.repeat(64),
    changes: [],
    irreversible: [],
    comparedAsWhole: false,
    patchedHash: partial.action === 'noop' ? null : 'c'.repeat(64),
    notes: [],
    destructiveChildren: [],
    blocked: [],
    ...partial,
  };
}

function counts(components: PlannedComponent[]): TargetCounts {
  const result: TargetCounts = { create: 0, update: 0, delete: 0, noop: 0, blocked: 0, changes: 0 };
  for (const c of components) {
    result[reportedAction(c)] += 1;
    if (!isWhollyBlocked(c)) result.changes += c.changes.length;
  }
  return result;
}

export function target(partial: Omit<PlannedTarget, 'counts' | 'status'> & { status?: PlannedTarget['status'] }): PlannedTarget {
  return { status: 'ok', ...partial, counts: counts(partial.components) };
}

export const UAT_COMPONENTS: PlannedComponent[] = [
  component({
    type: 'Layout',
    fullName: 'Account-Account Layout',
    action: 'update',
    changes: [
      { op: 'add', path: 'excludeButtons[Clone]', before: null, after: 'Clone' },
      { op: 'add', path: 'layoutSections[Account Information].layoutItems[Industry]', before: null, after: { behavior: 'Edit', field: 'Industry' } },
      { op: 'remove', path: 'layoutSections[Account Information].layoutItems[Custom__c]', before: { behavior: 'Edit', field: 'Custom__c' }, after: null },
      { op: 'change', path: 'layoutSections[Account Information].style', before: 'OneColumn', after: 'TwoColumnsTopToBottom' },
    ],
  }),
  component({
    type: 'Profile',
    fullName: 'Admin',
    action: 'update',
    changes: [
      { op: 'change', path: 'fieldPermissions[Account.Rating].editable', before: false, after: true },
      { op: 'change', path: 'description', before: 'x'.repeat(100), after: '' },
    ],
  }),
  component({
    type: 'GlobalValueSet',
    fullName: 'Rating',
    action: 'update',
    changes: [{ op: 'add', path: 'customValue[Hot]', before: null, after: { fullName: 'Hot', default: false, label: 'Hot' } }],
    irreversible: ["GlobalValueSet Rating: value 'Hot' is added; later it can only be deactivated, never deleted"],
  }),
  component({
    type: 'Report',
    fullName: 'Sales/Pipeline',
    action: 'update',
    comparedAsWhole: true,
    changes: [{ op: 'change', path: '', before: null, after: null }],
  }),
  component({
    type: 'ListView',
    fullName: 'Account.MyAccounts',
    action: 'create',
    changes: [{ op: 'add', path: '', before: null, after: null }],
  }),
  component({
    type: 'CustomObject',
    fullName: 'Invoice__c',
    action: 'update',
    changes: [{ op: 'remove', path: 'fields[Legacy__c]', before: { fullName: 'Legacy__c', type: 'Text' }, after: null }],
    destructiveChildren: [{ type: 'CustomField', fullName: 'Invoice__c.Legacy__c' }],
    notes: ['merge keeps the target-only list view Invoice__c.Mine'],
  }),
  component({ type: 'CompactLayout', fullName: 'Account.Compact', action: 'noop' }),
];

export function fixturePlan(): PlanBody {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'sf-postdeploy', version: '0.1.0' },
    planId: 'plan-0001',
    createdAt: '2025-01-02T03:04:05.000Z',
    mode: 'overwrite',
    deleteExtra: true,
    apiVersion: '62.0',
    reference: { kind: 'org', name: 'ref', alias: 'ref', username: 'ref@example.com', orgId: '00D000000000REF', instanceUrl: 'https://ref.example.com' },
    selection: { source: 'default', members: ['Layout', 'Profile'] },
    scope: [],
    targets: [
      target({ name: 'uat', alias: 'uat', username: 'uat@example.com', orgId: '00D000000000UAT', components: UAT_COMPONENTS }),
      target({
        name: 'prod',
        alias: 'prod',
        username: 'prod@example.com',
        orgId: '00D00000000PROD',
        components: [
          component({ type: 'Layout', fullName: 'Account-Account Layout', action: 'noop' }),
          component({ type: 'Profile', fullName: 'Admin', action: 'noop' }),
        ],
      }),
      target({
        name: 'qa@example.com',
        username: 'qa@example.com',
        status: 'error',
        error: {
          name: 'AuthError',
          message: 'No authorization information found for qa@example.com.',
          actions: ['Log in with "sf org login web --alias qa".', 'Or remove qa from the targets file.'],
        },
        components: [],
      }),
      target({
        name: SPECIAL_TARGET,
        alias: SPECIAL_TARGET,
        username: 'rnd@example.com',
        orgId: '00D0000000000RD',
        components: [
          component({
            type: 'Layout',
            fullName: SPECIAL_LAYOUT,
            action: 'update',
            changes: [{ op: 'change', path: 'layoutSections[A & B <"x">].label', before: 'R&D', after: '<b>`code`</b> | ü' }],
          }),
        ],
      }),
    ],
  };
}
