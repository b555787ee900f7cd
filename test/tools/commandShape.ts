import { readFile } from 'node:fs/promises';
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

/** Loads the compiled commands in lib/ the way `oclif manifest` does, ignoring the committed oclif.manifest.json. */
export async function loadCompiledPlugin(): Promise<CompiledPlugin> {
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

