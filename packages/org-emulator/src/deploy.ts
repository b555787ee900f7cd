/*
 * A deploy as Salesforce runs it: unzip, apply each component with its type's semantics to a copy
 * of the org, check references, then keep the copy only if everything passed (rollbackOnError),
 * and never for a check-only deploy.
 */
import { EmulatedOrg, ComponentStore, StoredComponent } from './org.js';
import { ComponentFailure, Member, readDeployZip } from './packageZip.js';
import { refusedDeletion } from './refusals.js';
import { lockedChanges, manageableState, namespaceOf } from './managed.js';
import { applyComponent, deleteComponent, splitParent } from './semantics.js';
import { addStandardLayouts } from './orgDefaults.js';
import { validateComponent } from './validation.js';
import { missingFeatureFields } from './features.js';
import { TestRun, effectiveTestLevel, runTests, testRunPassed } from './testRun.js';
import { childTypeInfo, packagePath, typeInfo } from './registry.js';

export type DeployOptions = {
  /** the API version of the request (its URL); package.xml's `<version>` takes precedence for the files' schema */
  apiVersion?: string;
  checkOnly: boolean;
  rollbackOnError: boolean;
  ignoreWarnings: boolean;
  testLevel?: string;
  runTests: string[];
  singlePackage: boolean;
  purgeOnDelete: boolean;
};

export type ComponentSuccess = {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  success: true;
};

export type DeployOutcome = {
  status: 'Succeeded' | 'SucceededPartial' | 'Failed';
  success: boolean;
  componentSuccesses: ComponentSuccess[];
  componentFailures: Array<ComponentFailure & { problemType: 'Error' | 'Warning'; success: false; createdDate: string; changed: false; created: false; deleted: false }>;
  numberComponentsTotal: number;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
  errorMessage?: string;
  /** the Apex tests the deploy ran (testRun.ts); undefined when it ran none */
  tests?: TestRun;
};

type Failure = ComponentFailure & { problemType?: 'Warning' };

type Attempt = { store: ComponentStore; successes: ComponentSuccess[]; failures: Failure[] };

/** failComponent faults: `Type:Name` keys that must fail in this deploy (consumed by the caller). */
export type InjectedFailures = (type: string, fullName: string) => boolean;

/** failTest faults: the message an Apex test class fails with in this deploy's test run, if any; and ids for the run's entries. */
export type TestHooks = { failing: (className: string) => string | undefined; nextId: () => string };

const NO_TEST_HOOKS: TestHooks = { failing: () => undefined, nextId: () => '01p000000000000AAA' };

/**
 * Installed components whose locked properties the deploy changed (README "Real-org rules"): the
 * component as stored before and after, for it and each child its file carries.
 */
function managedRefusals(org: EmulatedOrg, after: ComponentStore, component: StoredComponent): string[] {
  const units = splitParent(component);
  const problems: string[] = [];
  for (const unit of [units.parent, ...units.children]) {
    // an unlocked package's components (installedEditable) are the subscriber's to change
    if (manageableState(org.packages, namespaceOf(org.packages, unit.type, unit.fullName)) !== 'installed') continue;
    const before = org.get(unit.type, unit.fullName);
    if (!before) continue;
    const now = after.get(unit.type)?.get(unit.fullName);
    for (const field of lockedChanges(unit.type, before.body, now?.body ?? {})) {
      problems.push(`Cannot modify managed object: entity=${unit.type}, component=${unit.fullName}, field=${field}, state=installed`);
    }
  }
  return problems;
}

/** The file a component is deployed from (`flexipages/Home.flexipage`): a refused deletion names it, as a real org does (CumulusCI #136). */
function packagedFileName(member: Member): string {
  const info = typeInfo(member.type) ?? (childTypeInfo(member.type) ? typeInfo(childTypeInfo(member.type)!.parent) : undefined);
  return info ? packagePath(info, childTypeInfo(member.type) ? member.fullName.split('.')[0] : member.fullName) : member.fullName;
}

export async function runDeploy(org: EmulatedOrg, zip: Buffer, options: DeployOptions, injected: InjectedFailures, testHooks: TestHooks = NO_TEST_HOOKS): Promise<DeployOutcome> {
  const now = new Date().toISOString();
  const pkg = await readDeployZip(zip, options.apiVersion);
  const attempt = (exclude: Set<string>): Attempt => {
    const store = org.cloneStore();
    const successes: ComponentSuccess[] = [];
    const failures: Failure[] = [];
    const success = (type: string, fullName: string, fileName: string, flags: Partial<ComponentSuccess>): void => {
      successes.push({ changed: false, created: false, deleted: false, ...flags, componentType: type, createdDate: now, fileName, fullName, success: true });
    };
    const destroy = (members: Member[], fileName: string): void => {
      for (const member of members) {
        const refused = refusedDeletion(store, member.type, member.fullName);
        if (refused) {
          failures.push({ componentType: member.type, fullName: member.fullName, fileName: packagedFileName(member), problem: refused });
          continue;
        }
        if (!deleteComponent(store, member.type, member.fullName)) {
          // a warning, named by the manifest (SDR deleteNotFoundToFileResponses); it fails the deploy unless warnings are ignored
          if (!options.ignoreWarnings) failures.push({ componentType: member.type, fullName: fileName, fileName, problem: `No ${member.type} named: ${member.fullName} found`, problemType: 'Warning' });
          continue;
        }
        success(member.type, member.fullName, fileName, { deleted: true });
      }
    };
    destroy(pkg.destructivePre, 'destructiveChanges.xml');
    const createdObjects: string[] = [];
    for (const component of pkg.components) {
      const key = `${component.type}:${component.fullName}`;
      if (exclude.has(key)) continue;
      if (injected(component.type, component.fullName)) {
        failures.push({ componentType: component.type, fullName: component.fullName, fileName: component.fileName, problem: `Emulated failure injected for ${key}` });
        continue;
      }
      const outcome = applyComponent(store, component);
      const refused = managedRefusals(org, store, component);
      if (refused.length > 0) {
        for (const problem of refused) failures.push({ componentType: component.type, fullName: component.fullName, fileName: component.fileName, problem });
        continue;
      }
      success(component.type, component.fullName, component.fileName, { created: outcome === 'created', changed: outcome !== 'unchanged' });
      if (component.type === 'CustomObject' && outcome === 'created') createdObjects.push(component.fullName);
    }
    destroy(pkg.destructivePost, 'destructiveChangesPost.xml');
    addStandardLayouts(store, createdObjects, now);
    const context = { facts: org.facts, before: org.store, packages: org.packages };
    for (const component of pkg.components) {
      if (exclude.has(`${component.type}:${component.fullName}`)) continue;
      for (const problem of [...validateComponent(store, component, context), ...missingFeatureFields(component, org.kind)]) {
        failures.push({ componentType: component.type, fullName: component.fullName, fileName: component.fileName, problem });
      }
    }
    const failed = new Set(failures.map((f) => `${f.componentType}:${f.fullName}`));
    return { store, successes: successes.filter((s) => !failed.has(`${s.componentType}:${s.fullName}`)), failures };
  };

  let result = attempt(new Set());
  const failures: Failure[] = [...pkg.failures, ...result.failures];
  let status: DeployOutcome['status'] = failures.length === 0 ? 'Succeeded' : 'Failed';
  if (failures.length > 0 && !options.rollbackOnError && pkg.failures.length === 0) {
    // without rollbackOnError the components that passed are kept
    result = attempt(new Set(failures.map((f) => `${f.componentType}:${f.fullName}`)));
    status = result.successes.length > 0 ? 'SucceededPartial' : 'Failed';
  }
  // the tests run against the org as the deploy leaves it; a failed test or a production deploy with no coverage fails it all
  const level = effectiveTestLevel(org, options.testLevel, pkg.components);
  const tests = status === 'Failed' ? undefined : runTests(org, result.store, level, options.runTests, pkg.components, testHooks.failing, testHooks.nextId);
  if (!testRunPassed(tests)) status = 'Failed';
  if (status !== 'Failed' && !options.checkOnly) org.store = result.store;

  const failureEntries = failures.map((f) => ({
    ...f,
    problemType: f.problemType ?? ('Error' as const),
    success: false as const,
    createdDate: now,
    changed: false as const,
    created: false as const,
    deleted: false as const,
  }));
  const successes = status === 'Failed' ? result.successes.map((s) => ({ ...s, changed: false, created: false, deleted: false })) : result.successes;
  return {
    status,
    success: status !== 'Failed',
    componentSuccesses: successes,
    componentFailures: failureEntries,
    numberComponentsTotal: pkg.components.length + pkg.destructivePre.length + pkg.destructivePost.length,
    numberComponentsDeployed: status === 'Failed' ? 0 : result.successes.length,
    numberComponentErrors: failures.length,
    ...(tests ? { tests } : {}),
  };
}
