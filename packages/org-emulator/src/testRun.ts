/*
 * Apex tests of a deploy, as the org kind decides them (README "Org kinds"). The emulator does not
 * run Apex: a test method passes unless a `failTest` fault names its class, and the run is reported
 * in the DeployResult's `runTestResult` shape. Code coverage cannot be measured; only the case a
 * real org refuses for certain is modelled: a production deploy with Apex that runs no test at all.
 */
import { namespaceOf } from './managed.js';
import { ComponentStore, EmulatedOrg, StoredComponent } from './org.js';
import { isProduction } from './orgKind.js';

/** The Metadata API guide (DeployOptions): production refuses NoTestRun, Apex or not (forcedotcom/cli #2105, haoide #107). */
export const NO_TEST_RUN_IN_PRODUCTION = 'INVALID_OPERATION: testLevel of NoTestRun cannot be used in production organizations';

/** The org's answer to an Apex deploy to production whose run has no test (the coverage is then 0%). */
export const NO_COVERAGE = 'Average test coverage across all Apex Classes and Triggers is 0%, at least 75% test coverage is required.';

const APEX_TYPES = new Set(['ApexClass', 'ApexTrigger']);

export type TestOutcome = { name: string; methodName: string; id: string; time: number };
export type TestFailure = TestOutcome & { message: string; stackTrace: string; type: 'Class'; namespace: string | null };

export type TestRun = {
  level: string;
  successes: TestOutcome[];
  failures: TestFailure[];
  codeCoverageWarnings: Array<{ id: string; message: string; name: string | null; namespace: string | null }>;
};

/** Whether the org refuses the deploy's test level at submit (a SOAP fault, no job is made). */
export function refusedTestLevel(org: EmulatedOrg, testLevel: string | undefined): string | undefined {
  return testLevel === 'NoTestRun' && isProduction(org.kind) ? NO_TEST_RUN_IN_PRODUCTION : undefined;
}

/**
 * The test level the deploy runs at: the one asked for, else the org's default, which is
 * RunLocalTests for a production deploy that holds Apex classes or triggers and no tests otherwise
 * (Metadata API guide, DeployOptions testLevel; plugin-deploy-retrieve PR #611: "let the org decide").
 */
export function effectiveTestLevel(org: EmulatedOrg, testLevel: string | undefined, deployed: ReadonlyArray<Pick<StoredComponent, 'type'>>): string {
  if (testLevel) return testLevel;
  return isProduction(org.kind) && deployed.some((c) => APEX_TYPES.has(c.type)) ? 'RunLocalTests' : 'NoTestRun';
}

function classSource(component: StoredComponent): string {
  const file = Object.entries(component.files ?? {}).find(([path]) => path.endsWith('.cls'));
  // a cloned store holds Uint8Arrays where the seed held Buffers (structuredClone)
  return file ? Buffer.from(file[1]).toString('utf8') : '';
}

/** Test methods of a class: `@isTest` methods and `testMethod` ones, in source order; none when the class is no test class. */
export function testMethodsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  if (!/@isTest\b/i.test(code) && !/\btestMethod\b/i.test(code)) return [];
  const methods: string[] = [];
  const pattern = /(?:@isTest\b(?:\([^)]*\))?|\btestMethod\b)[\s\w]*?\bvoid\s+(\w+)\s*\(/gi;
  for (const match of code.matchAll(pattern)) methods.push(match[1]);
  return methods;
}

function testClasses(org: EmulatedOrg, store: ComponentStore, level: string, named: string[]): Array<{ name: string; methods: string[]; namespace: string | null }> {
  const classes = [...(store.get('ApexClass')?.values() ?? [])].map((component) => ({
    name: component.fullName,
    methods: testMethodsOf(classSource(component)),
    namespace: namespaceOf(org.packages, 'ApexClass', component.fullName) ?? null,
  }));
  const tests = classes.filter((c) => c.methods.length > 0);
  if (level === 'RunAllTestsInOrg') return tests;
  if (level === 'RunLocalTests') return tests.filter((c) => c.namespace === null);
  if (level !== 'RunSpecifiedTests') return [];
  // a named class the org lacks, or that has no test method, runs as one failing entry: the deploy fails
  return named.map((name) => tests.find((c) => c.name === name) ?? { name, methods: [], namespace: null });
}

/**
 * The test run of a deploy whose components were applied to `store`, or undefined when none runs.
 * `failing(className)` gives the message of an injected test failure.
 */
export function runTests(
  org: EmulatedOrg,
  store: ComponentStore,
  level: string,
  named: string[],
  deployed: ReadonlyArray<Pick<StoredComponent, 'type'>>,
  failing: (className: string) => string | undefined,
  nextId: () => string
): TestRun | undefined {
  if (level === 'NoTestRun') return undefined;
  const run: TestRun = { level, successes: [], failures: [], codeCoverageWarnings: [] };
  for (const testClass of testClasses(org, store, level, named)) {
    const id = nextId();
    if (testClass.methods.length === 0) {
      // strict reading, no public wording: a specified test that is not a test class of the org fails the run
      run.failures.push({ name: testClass.name, methodName: '', id, time: 0, message: `No test class named ${testClass.name} found in the org`, stackTrace: '', type: 'Class', namespace: null });
      continue;
    }
    const failure = failing(testClass.name);
    for (const methodName of testClass.methods) {
      if (failure) {
        run.failures.push({ name: testClass.name, methodName, id, time: 1, message: failure, stackTrace: `Class.${testClass.name}.${methodName}: line 1, column 1`, type: 'Class', namespace: testClass.namespace });
      } else {
        run.successes.push({ name: testClass.name, methodName, id, time: 1 });
      }
    }
  }
  const ranNone = run.successes.length + run.failures.length === 0;
  if (ranNone && isProduction(org.kind) && deployed.some((c) => APEX_TYPES.has(c.type))) {
    run.codeCoverageWarnings.push({ id: nextId(), message: NO_COVERAGE, name: null, namespace: null });
  }
  return run;
}

/** Whether the run lets the deploy succeed: no failed test, no coverage warning that a production deploy must meet. */
export function testRunPassed(run: TestRun | undefined): boolean {
  return !run || (run.failures.length === 0 && run.codeCoverageWarnings.length === 0);
}

/** The DeployResult's `details.runTestResult`. */
export function runTestResultOf(run: TestRun | undefined): Record<string, unknown> {
  if (!run) return { numFailures: 0, numTestsRun: 0, totalTime: 0 };
  const tests = run.successes.length + run.failures.length;
  return {
    numFailures: run.failures.length,
    numTestsRun: tests,
    totalTime: tests,
    successes: run.successes,
    failures: run.failures,
    codeCoverage: [],
    codeCoverageWarnings: run.codeCoverageWarnings,
  };
}
