/*
 * The drift as JUnit XML for CI dashboards: one suite per target, one test case per component,
 * drift as a failure whose text lists the changes, a target that could not be planned as an error.
 */
import { isWhollyBlocked } from '../plan/blocked.js';
import type { PlanBody, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { escapeXmlAttribute, escapeXmlText, xmlCharactersOnly } from '../xml/index.js';
import { componentDetailLines } from './changeLines.js';
import { junitConflictCases } from './conflictReport.js';
import { componentLabel, isDrifting, planLabel, plural, targetLabel } from './driftTotals.js';

const VALUE_LENGTH = 200;

/** Text content of an element; characters XML cannot carry become U+FFFD. */
export function junitText(text: string): string {
  return escapeXmlText(xmlCharactersOnly(text));
}

/** An attribute value in double quotes; line breaks kept as character references so parsers keep them. */
export function junitAttribute(text: string): string {
  return escapeXmlAttribute(xmlCharactersOnly(text));
}

type Suite = { xml: string; tests: number; failures: number; errors: number };

export function renderJUnitReport(plan: PlanBody, options: { live?: boolean } = {}): string {
  const suites = plan.targets.map((target) => testSuite(target, plan.createdAt));
  const total = (key: 'tests' | 'failures' | 'errors'): number => suites.reduce((sum, suite) => sum + suite[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${junitAttribute(`sf postdeploy drift (${planLabel(plan, options.live)})`)}" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}">`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function testSuite(target: PlannedTarget, timestamp: string): Suite {
  const name = targetLabel(target);
  const conflicts = target.status === 'error' ? [] : junitConflictCases(target, name, junitAttribute, junitText);
  const cases = target.status === 'error' ? [errorCase(target, name)] : [...target.components.map((component) => componentCase(component, name)), ...conflicts];
  const failures = target.status === 'error' ? 0 : target.components.filter(isDrifting).length + conflicts.length;
  const skipped = target.status === 'error' ? 0 : target.components.filter(isWhollyBlocked).length;
  const errors = target.status === 'error' ? 1 : 0;
  const properties = [
    ['username', target.username],
    ['orgId', target.orgId],
    ['instanceUrl', target.instanceUrl],
  ]
    .filter((property): property is [string, string] => property[1] !== undefined)
    .map(([key, value]) => `      <property name="${key}" value="${junitAttribute(value)}"/>`);
  const attributes = `name="${junitAttribute(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" timestamp="${junitAttribute(timestamp)}"`;
  const xml = [`  <testsuite ${attributes}>`, '    <properties>', ...properties, '    </properties>', ...cases, '  </testsuite>'].join('\n');
  return { xml, tests: cases.length, failures, errors };
}

function componentCase(component: PlannedComponent, suiteName: string): string {
  const open = `    <testcase classname="${junitAttribute(suiteName)}" name="${junitAttribute(componentLabel(component))}"`;
  const text = componentDetailLines(component, { maxValueLength: VALUE_LENGTH })
    .map((line) => line.text)
    .join('\n');
  if (isWhollyBlocked(component)) {
    // drift nobody can fix by a deploy here: shown, but not a failure of the release
    const reason = component.blocked[0].reason;
    return [`${open}>`, `      <skipped message="${junitAttribute(reason)}">${junitText(text)}</skipped>`, '    </testcase>'].join('\n');
  }
  if (!isDrifting(component)) return `${open}/>`;
  const message = plural(component.changes.length, 'change');
  return [
    `${open}>`,
    `      <failure message="${junitAttribute(message)}" type="${component.action}">${junitText(text)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function errorCase(target: PlannedTarget, suiteName: string): string {
  const error = target.error ?? { name: 'UnknownError', message: 'the target could not be planned' };
  const text = [error.message, ...(error.actions ?? []).map((action) => `Try: ${action}`)].join('\n');
  return [
    `    <testcase classname="${junitAttribute(suiteName)}" name="plan">`,
    `      <error message="${junitAttribute(error.message)}" type="${junitAttribute(error.name)}">${junitText(text)}</error>`,
    '    </testcase>',
  ].join('\n');
}
