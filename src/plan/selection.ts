/*
 * Which components a plan covers: from --metadata, --manifest, a config file, or the default
 * (the subscriber-controlled types, every member the reference has). Names may hold wildcards.
 */
import { Messages } from '@salesforce/core';
import { SUBSCRIBER_CONTROLLED_TYPES, typeHandler } from '../metadata/index.js';
import { keyOf, type ListedMember } from '../org/index.js';
import { parseXmlTree, xmlRoot, xmlSyntaxError } from '../xml/index.js';
import { PlanSelection } from './planTypes.js';
import { isBaseResource } from './recordedBase.js';
import { type Node, textOf, textsOf } from './xmlRead.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

/** A selected member: a type and a name pattern (`*` or a name with `*` wildcards). */
export type MemberPattern = { type: string; name: string };

export type Selection = PlanSelection & { patterns: MemberPattern[] };

/** Components installed from managed packages: compared with the rest, left out, or the only ones compared. */
export type ManagedFilter = 'include' | 'exclude' | 'only';

export function isWildcard(name: string): boolean {
  return name.includes('*');
}

export function matchesPattern(pattern: string, name: string): boolean {
  if (!isWildcard(pattern)) return pattern === name;
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(name);
}

/** `Layout`, `Layout:*`, `Layout:Account-*`, `Profile:Admin` (the name may itself hold colons). */
export function parseMemberArg(arg: string): MemberPattern {
  const trimmed = arg.trim();
  const colon = trimmed.indexOf(':');
  const type = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const name = colon === -1 ? '*' : trimmed.slice(colon + 1);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(type) || name.length === 0) throw messages.createError('error.InvalidMetadataArg', [arg]);
  return { type, name };
}

export function selectionFromMetadataArgs(args: string[], source: PlanSelection['source'] = 'metadata'): Selection {
  const patterns = args.map(parseMemberArg);
  return { source, members: patterns.map((p) => `${p.type}:${p.name}`), patterns };
}

export function defaultSelection(): Selection {
  return selectionFromMetadataArgs([...SUBSCRIBER_CONTROLLED_TYPES], 'default');
}

/** The members of a package.xml manifest. */
export function selectionFromManifest(xml: string, path: string): Selection {
  const syntax = xmlSyntaxError(xml);
  if (syntax) throw messages.createError('error.InvalidManifest', [path, `line ${syntax.line}: ${syntax.message}`]);
  const root = xmlRoot(parseXmlTree(xml));
  // a raw value tree: every tag an array
  const types = root?.tag === 'Package' && typeof root.value === 'object' ? ((root.value as Node).types as unknown[] | undefined) : undefined;
  if (!types || types.length === 0) throw messages.createError('error.InvalidManifest', [path, 'it has no <Package><types> entries']);
  const args: string[] = [];
  for (const entry of types) {
    const type = typeof entry === 'object' ? (entry as Node) : undefined;
    const name = textOf(type, 'name');
    const members = textsOf(type, 'members');
    if (!name || members.length === 0) throw messages.createError('error.InvalidManifest', [path, 'every <types> needs a <name> and at least one <members>']);
    for (const member of members) args.push(`${name}:${member}`);
  }
  return selectionFromMetadataArgs(args, 'manifest');
}

/**
 * `ns__*` also selects what package ns installed under another name (`Account-ns__Layout`), and a
 * managed layout may be named as Setup and listMetadata show it (`ns__Obj__c-Layout`).
 */
export function matchesMember(pattern: string, member: ListedMember): boolean {
  if (matchesPattern(pattern, member.fullName)) return true;
  if (member.namespace === undefined) return false;
  if (typeHandler(member.type)?.selectableNames?.(member.fullName, member.namespace).some((name) => matchesPattern(pattern, name))) return true;
  return pattern === `${member.namespace}__*`;
}

/** Whether --managed keeps a member. */
export function wantedBy(managed: ManagedFilter = 'include'): (member: ListedMember) => boolean {
  return (member) => managed === 'include' || (managed === 'only') === Boolean(member.managed);
}

/** Expands the selection's patterns into the reference's concrete members. */
export function expandSelection(selection: Selection, available: ListedMember[], managed: ManagedFilter = 'include'): { members: ListedMember[]; missing: string[] } {
  const members = new Map<string, ListedMember>();
  const missing: string[] = [];
  const wanted = wantedBy(managed);
  for (const pattern of selection.patterns) {
    // the base this tool records in an org is never compared as one of its components
    const matches = available.filter((c) => c.type === pattern.type && matchesMember(pattern.name, c) && wanted(c) && !isBaseResource(c));
    if (matches.length === 0 && !isWildcard(pattern.name)) missing.push(`${pattern.type}:${pattern.name}`);
    for (const match of matches) members.set(keyOf(match), match);
  }
  return { members: [...members.values()], missing };
}

export function selectionMatchedNothing(selection: Selection, reference: string): Error {
  const patterns = selection.patterns.map((p) => (p.name === '*' ? p.type : `${p.type}:${p.name}`));
  return messages.createError('error.SelectionMatchedNothing', [patterns.join(', '), reference]);
}
