import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Interfaces, Plugin } from '@oclif/core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const manifestPath = fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url));

export type CompiledPlugin = {
  /** what `oclif manifest` would write now, as plain JSON */
  manifest: Interfaces.Manifest;
  /** the loaded command classes, for what the manifest leaves out (exactlyOne, atLeastOne) */
  commands: Command.Class[];
};

/** Whether some source file is newer than what it compiles to in lib/ (or lib/ lacks it). */
function libBehindSource(): boolean {
  const source = join(repoRoot, 'src');
  for (const entry of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const compiled = join(repoRoot, 'lib', entry.replace(/\.ts$/, '.js'));
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(source, entry)).mtimeMs) return true;
  }
  return false;
}

/**
 * The tests of what oclif reads (the manifest, the flags' snapshot, the README reference) read the
 * compiled commands, as oclif does: on a fresh clone, or after an edit of src/, they compile first
 * (tsc, some seconds) rather than read a missing or stale lib/.
 */
export function ensureCompiled(): void {
  if (!libBehindSource()) return;
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', repoRoot], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Loads the compiled commands in lib/ the way `oclif manifest` does, ignoring the committed oclif.manifest.json. */
export async function loadCompiledPlugin(): Promise<CompiledPlugin> {
  ensureCompiled();
  const plugin = new Plugin({
    root: repoRoot,
    type: 'core',
    ignoreManifest: true,
    errorOnManifestCreate: true,
    respectNoCacheDefault: true,
  });
  await plugin.load();
  const commands = await Promise.all(plugin.commandIDs.map((id) => plugin.findCommand(id, { must: true })));
  return { manifest: JSON.parse(JSON.stringify(plugin.manifest)) as Interfaces.Manifest, commands };
}

export async function readCommittedJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

