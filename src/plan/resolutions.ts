/*
 * The resolutions file (--resolutions): which side wins each three-way conflict, per target,
 * component and element path; JSON validated by schemas/postdeploy-resolutions.schema.json. Every
 * plan given the file applies it again: an entry whose conflict no longer exists is reported as
 * unused, never an error. --write-resolutions writes the file to edit from a plan's conflicts
 * (src/state/resolutionsFile.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Messages } from '@salesforce/core';
import { Ajv } from 'ajv';
import type { Preference, Resolution } from '../diff/index.js';
import type { PlanBody, ResolutionEntry } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type ResolutionsFile = { file: string; entries: ResolutionEntry[] };

const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'postdeploy-resolutions.schema.json');
let validator: ReturnType<Ajv['compile']> | undefined;

export function entryLabel(index: number, entry: Pick<ResolutionEntry, 'target' | 'component' | 'path'>): string {
  return `resolution #${index + 1} (${entry.target} ${entry.component}${entry.path ? ` ${entry.path}` : ''})`;
}

const invalid = (file: string, problem: string): Error => messages.createError('error.InvalidResolutions', [file, problem], [file]);

export function parseResolutions(text: string, file: string): ResolutionsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  // a file written by --write-resolutions and not yet edited: say which entries still need a side
  const listed = (value as { resolutions?: unknown } | null)?.resolutions;
  if (Array.isArray(listed)) {
    const undecided = listed
      .map((entry: Partial<ResolutionEntry> | null, index) => ({ entry, index }))
      .filter(({ entry }) => entry !== null && typeof entry === 'object' && (entry.prefer === undefined || (entry.prefer as string) === ''));
    if (undecided.length > 0) {
      const named = undecided.slice(0, 5).map(({ entry, index }) => entryLabel(index, { target: String(entry!.target), component: String(entry!.component), path: entry!.path }));
      const more = undecided.length > 5 ? `, and ${undecided.length - 5} more` : '';
      throw invalid(file, `no side is chosen in ${named.join(', ')}${more}: set "prefer" to "reference" or "target"`);
    }
  }
  validator ??= new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    throw invalid(file, problems.join('; '));
  }
  return { file, entries: (value as { resolutions: ResolutionEntry[] }).resolutions };
}

export function readResolutionsFile(file: string): ResolutionsFile {
  return parseResolutions(readFileSync(file, 'utf8'), file);
}

/** One component's resolutions in one target, with the file's index of each. */
export type ComponentResolutions = { resolutions: Resolution[]; entries: number[]; used: Set<number> };

/** One target's resolutions, component by component. */
export type TargetResolutions = (component: { type: string; fullName: string }) => ComponentResolutions | undefined;

/** The file's entries target by target, and which of them decided a conflict anywhere. */
export class ResolutionRules {
  public readonly used = new Set<number>();

  public constructor(public readonly resolutions: ResolutionsFile) {}

  /** The entries of one target, named by alias, name or username. */
  public forTarget(names: Array<string | undefined>): TargetResolutions {
    const known = new Set(names.filter((name): name is string => Boolean(name)));
    const mine = this.resolutions.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => known.has(entry.target));
    return (component) => {
      const label = `${component.type}:${component.fullName}`;
      const matching = mine.filter(({ entry }) => entry.component === label);
      if (matching.length === 0) return undefined;
      // the most specific path first: an entry naming an element wins over one naming what holds it
      matching.sort((left, right) => (right.entry.path ?? '').length - (left.entry.path ?? '').length);
      return { resolutions: matching.map(({ entry }) => ({ path: entry.path ?? '', prefer: entry.prefer })), entries: matching.map(({ index }) => index), used: this.used };
    };
  }

  /** Entries that decided no conflict in any target: that conflict is gone, or the entry names nothing. */
  public unusedWarnings(): string[] {
    return this.resolutions.entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ index }) => !this.used.has(index))
      .map(({ entry, index }) => messages.getMessage('warning.UnusedResolution', [entryLabel(index, entry), this.resolutions.file]));
  }
}

/**
 * The file to edit from a plan: the entries already given, then one per conflict left, its side
 * empty for a person to choose, its values there to choose from.
 */
export function resolutionsSkeleton(plan: PlanBody, given: ResolutionEntry[] = []): { resolutions: Array<Omit<ResolutionEntry, 'prefer'> & { prefer: Preference | '' }> } {
  const open = plan.targets.flatMap((target) =>
    target.components.flatMap((component) =>
      (component.conflicts ?? []).map((conflict) => ({
        target: target.alias ?? target.username,
        component: `${component.type}:${component.fullName}`,
        path: conflict.path,
        prefer: '' as const,
        why: conflict.reason,
        values: { base: conflict.base, reference: conflict.reference, target: conflict.target },
      }))
    )
  );
  return { resolutions: [...given, ...open] };
}
