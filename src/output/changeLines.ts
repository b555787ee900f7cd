/*
 * How one change, one value and one component's drift read as lines of text. The terminal, the
 * Markdown and the JUnit reports all show these same lines and differ only in styling and escaping.
 */
import { escapeXmlText } from '../xml/index.js';
import { changesTarget } from '../plan/blocked.js';
import type { AcceptedDrift, BlockedDrift, ChangeOp, PlanChange, PlannedComponent, PlanResolvedConflict } from '../plan/planTypes.js';

export const DEFAULT_VALUE_LENGTH = 60;

export const CHANGE_MARKER: Readonly<Record<ChangeOp, '+' | '-' | '~'>> = { add: '+', remove: '-', change: '~' };

/** What a detail line says, so each renderer can style it: a change, or a fact about the component. */
export type DetailKind = ChangeOp | 'irreversible' | 'destructive' | 'whole' | 'note' | 'blocked' | 'accepted' | 'override';

export type DetailLine = { kind: DetailKind; text: string };

const ELLIPSIS = '…';
// a bare string that could be read as another value (or as an empty one) is quoted
const AMBIGUOUS_STRING = /^(?:|true|false|null|\(none\)|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i;
const NEEDS_QUOTES = /^\s|\s$| -> /;

function isControl(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Control characters (a terminal escape, a newline inside a name) shown as escapes, never acted on. */
export function printable(text: string): string {
  return Array.from(text, (character) =>
    isControl(character) ? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}` : character
  ).join('');
}

/** Cuts to at most `maxLength` characters (code points, never half a surrogate pair), marking the cut. */
export function truncate(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  return characters.slice(0, Math.max(maxLength - 1, 0)).join('') + ELLIPSIS;
}

/** A before/after value on one line: scalars as they are, objects and lists as short JSON. */
export function formatValue(value: unknown, maxLength = DEFAULT_VALUE_LENGTH): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') {
    const quoted = AMBIGUOUS_STRING.test(value) || NEEDS_QUOTES.test(value) || Array.from(value).some(isControl);
    return truncate(quoted ? JSON.stringify(value) : value, maxLength);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return truncate(JSON.stringify(value) ?? String(value), maxLength);
}

const WHOLE_COMPONENT_WORDING: Readonly<Record<ChangeOp, string>> = {
  add: 'missing in the target',
  remove: 'only in the target',
  change: 'differs',
};

/** An added or removed element (not a scalar): shown whole, as XML-ish lines, so a reviewer sees what is deployed. */
function isElementValue(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** The tag of the element a path ends at: `layoutSections[Info].layoutItems[Industry]` -> `layoutItems`. */
function tagOf(path: string): string {
  const withoutKeys = path.replace(/\[[^\]]*\]/g, '');
  return withoutKeys.slice(withoutKeys.lastIndexOf('.') + 1) || 'value';
}

function xmlText(value: unknown): string {
  return escapeXmlText(printable(String(value)));
}

/** One element as indented XML-ish lines, in the metadata file's shape: a list repeats its tag. */
export function elementLines(tag: string, value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => elementLines(tag, item, indent));
  if (value === null || value === undefined) return [`${indent}<${tag}/>`];
  if (!isElementValue(value)) return [`${indent}<${tag}>${xmlText(value)}</${tag}>`];
  const inner = Object.entries(value).flatMap(([child, childValue]) => elementLines(child, childValue, `${indent}  `));
  return inner.length === 0 ? [`${indent}<${tag}/>`] : [`${indent}<${tag}>`, ...inner, `${indent}</${tag}>`];
}

const isKeyList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The entries that keep their relative order (the longest run in order): every other entry is what moved. */
function staying(order: number[]): Set<number> {
  const length = order.map(() => 1);
  const previous = order.map(() => -1);
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < i; j++) {
      if (order[j] < order[i] && length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        previous[i] = j;
      }
    }
  }
  const kept = new Set<number>();
  for (let i = length.indexOf(Math.max(0, ...length)); i >= 0; i = previous[i]) kept.add(i);
  return kept;
}

/** A reorder as the moves that make it (each with its new neighbour), then the whole order deployed. */
function orderLine(path: string, before: string[], after: string[]): string {
  const shared = after.filter((key) => before.includes(key));
  const kept = staying(shared.map((key) => before.indexOf(key)));
  // positions and neighbours in the whole new order: an entry added beside a moved one counts
  const movedTo = (key: string): string => {
    const at = after.indexOf(key);
    return `${printable(key)} to position ${at + 1}${at > 0 ? ` (after ${printable(after[at - 1])})` : ' (first)'}`;
  };
  const moves = shared.filter((_, at) => !kept.has(at)).map(movedTo);
  return `~ ${path} (order): ${moves.length > 0 ? `moves ${moves.join('; ')}` : 'reordered'}; new order: ${after.map(printable).join(', ')}`;
}

/** `+ path`, `- path`, `~ path: before -> after`; a value that only repeats the path's last key is left out. */
export function formatChangeLine(change: PlanChange, maxValueLength = DEFAULT_VALUE_LENGTH): string {
  const marker = CHANGE_MARKER[change.op];
  const path = printable(change.path);
  if (path === '') return `${marker} (whole component): ${WHOLE_COMPONENT_WORDING[change.op]}`;
  // the reference has no isActive (active by default): the target's deactivated value becomes active again
  if (change.op === 'remove' && path.endsWith('.isActive') && String(change.before) === 'false') return `~ ${path}: false -> true (the value is reactivated)`;
  if (change.op === 'change' && isKeyList(change.before) && isKeyList(change.after)) return orderLine(path, change.before, change.after);
  if (change.op === 'change') {
    return `${marker} ${path}: ${formatValue(change.before, maxValueLength)} -> ${formatValue(change.after, maxValueLength)}`;
  }
  const value = change.op === 'add' ? change.after : change.before;
  const placed = placement(change);
  if (value === null || value === undefined || isLastKeyOf(change.path, value) || isElementValue(value)) return `${marker} ${path}${placed}`;
  return `${marker} ${path}: ${formatValue(value, maxValueLength)}${placed}`;
}

/** Where an entry added to an ordered collection goes: its order is meaning (a column, a picklist value). */
function placement(change: PlanChange): string {
  if (change.op !== 'add' || change.placedAfter === undefined) return '';
  return change.placedAfter === null ? ' (at the start)' : ` (after ${printable(change.placedAfter)})`;
}

function isLastKeyOf(path: string, value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && path.endsWith(`[${String(value)}]`);
}

/** `! overrides the target's own change: path`: overwrite with a base changes back what the target changed since it. */
export function formatOverrideLine(path: string): string {
  return `! overrides the target's own change: ${printable(path || '(whole component)')}`;
}

export function formatIrreversibleLine(step: string): string {
  return `! cannot be undone: ${printable(step)}`;
}

const BLOCK_WORDING: Readonly<Record<BlockedDrift['kind'], string>> = {
  managed: 'only the package can change this',
  refused: 'the org would refuse this',
  manual: 'manual step',
};

/** `x cannot be applied here (only the package can change this): reason`, with the element when there is one. */
export function formatBlockedLine(drift: BlockedDrift): string {
  const where = drift.path ? ` ${printable(drift.path)}` : '';
  return `x cannot be applied here${where} (${BLOCK_WORDING[drift.kind]}): ${printable(drift.reason)}`;
}

/** `= accepted: ~ path: before -> after (accept entry #2, until 2027-06-30: reason)`: kept on purpose, never deployed. */
export function formatAcceptedLine(accepted: AcceptedDrift, maxValueLength = DEFAULT_VALUE_LENGTH): string {
  const until = accepted.until ? `, until ${accepted.until}` : '';
  return `= accepted: ${formatChangeLine(accepted, maxValueLength)} (accept entry #${accepted.entry + 1}${until}: ${printable(accepted.reason)})`;
}

/** `# resolved: path: the reference's version (resolution #2)`: a conflict decided, and by what. */
export function formatResolvedLine(resolved: PlanResolvedConflict): string {
  const side = resolved.prefer === 'reference' ? "the reference's version" : "the target's version kept";
  const by = resolved.entry === undefined ? '--prefer' : `resolution #${resolved.entry + 1}`;
  return `# resolved: ${printable(resolved.path || '(whole component)')}: ${side} (${by})`;
}

/** The whole element an add or remove carries, under its change line; none for scalars and changes. */
export function changeElementLines(change: PlanChange, foldLines = 0): string[] {
  const value = change.op === 'add' ? change.after : change.op === 'remove' ? change.before : undefined;
  if (!isElementValue(value) || change.path === '') return [];
  const lines = elementLines(tagOf(change.path), value).map((line) => `${CHANGE_MARKER[change.op]}   ${line}`);
  if (foldLines <= 0 || lines.length <= foldLines) return lines;
  return [...lines.slice(0, foldLines), `${CHANGE_MARKER[change.op]}   … ${lines.length - foldLines} more lines folded`];
}

export type DetailOptions = {
  /** longest before/after value of a `~` line */
  maxValueLength?: number;
  /** an added or removed element longer than this many lines is folded (0: shown in full) */
  foldLines?: number;
};

/** Every line that explains one component's drift, in reading order. */
export function componentDetailLines(component: PlannedComponent, options: DetailOptions = {}): DetailLine[] {
  const maxValueLength = options.maxValueLength ?? DEFAULT_VALUE_LENGTH;
  const lines: DetailLine[] = [];
  if (component.comparedAsWhole) {
    lines.push({ kind: 'whole', text: `= compared as a whole: ${printable(component.type)} has no element-level rules` });
  }
  for (const change of component.changes) {
    lines.push({ kind: change.op, text: formatChangeLine(change, maxValueLength) });
    for (const text of changeElementLines(change, options.foldLines)) lines.push({ kind: change.op, text });
  }
  if (component.action === 'delete' && changesTarget(component)) {
    lines.push({ kind: 'destructive', text: `- deletes ${printable(component.type)} ${printable(component.fullName)} (destructive change; rollback re-creates it from the snapshot)` });
  }
  for (const child of component.destructiveChildren) {
    lines.push({ kind: 'destructive', text: `- deletes ${printable(child.type)} ${printable(child.fullName)} (destructive change)` });
  }
  for (const path of component.overrides ?? []) lines.push({ kind: 'override', text: formatOverrideLine(path) });
  for (const step of component.irreversible) lines.push({ kind: 'irreversible', text: formatIrreversibleLine(step) });
  for (const drift of component.blocked) lines.push({ kind: 'blocked', text: formatBlockedLine(drift) });
  for (const accepted of component.accepted ?? []) {
    lines.push({ kind: 'accepted', text: formatAcceptedLine(accepted, maxValueLength) });
    for (const text of changeElementLines(accepted, options.foldLines)) lines.push({ kind: 'accepted', text: `= ${text}` });
  }
  for (const resolved of component.resolved ?? []) lines.push({ kind: 'note', text: formatResolvedLine(resolved) });
  for (const note of component.notes) lines.push({ kind: 'note', text: `# note: ${printable(note)}` });
  return lines;
}
