/*
 * Salesforce's WSDL history in a clone of github.com/forcedotcom/wsdl (BSD-3-Clause): the commit of
 * each API version, and reading a file as that commit holds it. Shared by the emulator's derivation
 * scripts (deriveSchema.ts, deriveUserPermissions.ts).
 */
import { execFileSync } from 'node:child_process';

/** API version -> the commit whose resources/*.wsdl are that version's (the later commit where a version appears twice). */
export const WSDL_COMMITS: ReadonlyArray<readonly [version: string, commit: string]> = [
  ['47.0', 'dfadd4c'],
  ['48.0', '987432c'],
  ['49.0', '5f26906'],
  ['50.0', '36fe133'],
  ['51.0', '0270c36'],
  ['52.0', '699155f'],
  ['53.0', '7ef2778'],
  ['54.0', 'e134782'],
  ['55.0', '386cb6e'],
  ['56.0', 'e463ab8'],
  ['57.0', '732298e'],
  ['58.0', '68eac26'],
  ['59.0', '9250ea3'],
  ['60.0', 'c1d7097'],
  ['61.0', '8d553e4'],
  ['62.0', '813c5de'],
  ['63.0', '2ffe1cd'],
  ['64.0', 'd7b1a04'],
  ['65.0', '5855538'],
  ['66.0', 'bace92d'],
];

/** A git command in the clone, its output as text (WSDLs are a few MB). */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
