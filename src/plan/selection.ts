/*
 * Which components a plan covers: from --metadata, --manifest, a config file, or the default
 * (the subscriber-controlled types, every member the reference has). Names may hold wildcards.
 */
import { Messages } from '@salesforce/core';
import { SUBSCRIBER_CONTROLLED_TYPES } from '../metadata/index.js';
import { parseXmlTree, xmlRoot, xmlSyntaxError } from '../xml/index.js';
import { PlanSelection } from './planTypes.js';
import { type Node, textOf, textsOf } from './xmlRead.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

/** A selected member: a type and a name pattern (`*` or a name with `*` wildcards). */
export type MemberPattern = { type: string; name: string };

export type Selection = PlanSelection & { patterns: MemberPattern[] };

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
