/*
 * Elements the plan's API version does not know: a deploy at that version would be refused by the
 * org ("Element ... invalid at this location"), so the component is blocked at plan time with the
 * version it needs instead. Pure.
 */
import { schemaProblems, type SchemaProblemKind } from '../metadata/schemaCheck.js';
import { blockComponent } from './blocked.js';
import type { PlannedComponent } from './planTypes.js';

const VERSION_ONLY: ReadonlySet<SchemaProblemKind> = new Set(['version']);

/** Why the content cannot be deployed at the API version, or undefined when it can. */
export function apiVersionConflict(content: string, apiVersion: string): string | undefined {
  const problems = schemaProblems(content, { apiVersion, kinds: VERSION_ONLY });
  // an element below one the version lacks is not worth naming too
  const outermost = problems.filter((problem) => !problems.some((other) => other !== problem && problem.path.startsWith(`${other.path}.`)));
  if (outermost.length === 0) return undefined;
  const what = outermost.slice(0, 3).map((problem) => {
    const range = problem.since !== undefined ? `needs API ${problem.since}` : `exists only up to API ${problem.until ?? '?'}`;
    return `element ${problem.element} of ${problem.inType} ${range}`;
  });
  const more = outermost.length > 3 ? `, and ${outermost.length - 3} more` : '';
  const needed = outermost.map((problem) => problem.since).filter((since): since is string => since !== undefined);
  const highest = needed.sort((left, right) => Number.parseFloat(right) - Number.parseFloat(left))[0];
  const action =
    highest === undefined
      ? 'remove it from the reference, or plan again with an --api-version that has it'
      : `plan again with --api-version ${highest} (every org must support it), or remove it from the reference`;
  return `${what.join('; ')}${more}; the plan uses API ${apiVersion}: ${action}`;
}

/** What one plan found of contents many targets deploy, by the object standing for each content. */
export type KnownConflicts = WeakMap<object, { content: string; apiVersion: string; reason: string | undefined }>;

/**
 * The component blocked when its content holds an element the plan's API version does not know.
 * `sharedBy`: an object standing for the content when many targets deploy the same text (the
 * reference's read, when its text is deployed as it is), so that the plan (`conflicts`, one per
 * plan) checks it once.
 */
export function blockedByApiVersion(component: PlannedComponent, apiVersion: string | undefined, sharedBy?: object, conflicts: KnownConflicts = new WeakMap()): PlannedComponent {
  const content = component.deployXml;
  if (apiVersion === undefined || content === undefined) return component;
  const known = sharedBy ? conflicts.get(sharedBy) : undefined;
  const reason = known && known.content === content && known.apiVersion === apiVersion ? known.reason : apiVersionConflict(content, apiVersion);
  if (sharedBy) conflicts.set(sharedBy, { content, apiVersion, reason });
  return reason === undefined ? component : blockComponent(component, { kind: 'refused', reason });
}
