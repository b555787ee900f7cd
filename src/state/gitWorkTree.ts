/*
 * A plan file holds the orgs' metadata (profiles, layouts...): written inside a git work tree, it is
 * one `git add .` away from being committed. Whether a .gitignore names it is read from the
 * .gitignore files between the file and the work tree's root (exact names and simple `*` patterns;
 * negations and nested rules are not interpreted, so the hint may show for a file ignored otherwise).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** The root of the git work tree holding `path`, or undefined outside one. */
export function gitWorkTreeOf(path: string): string | undefined {
  let current = dirname(resolve(path));
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function matches(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return regex.test(name);
}

/** Whether a .gitignore from the file's folder up to the root names the file (by name or by its path from there). */
function ignored(file: string, root: string): boolean {
  let folder = dirname(file);
  for (;;) {
    const gitignore = join(folder, '.gitignore');
    if (existsSync(gitignore)) {
      const fromHere = relative(folder, file).split(sep).join('/');
      for (const raw of readFileSync(gitignore, 'utf8').split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
        const pattern = line.replace(/\/$/, '');
        if (pattern.startsWith('/') ? matches(pattern.slice(1), fromHere) : matches(pattern, basename(file)) || matches(pattern, fromHere)) return true;
      }
    }
    if (folder === root) return false;
    folder = dirname(folder);
  }
}

/** The work tree root and the path to add to its .gitignore, when the file is in a work tree and no .gitignore names it. */
export function unignoredInWorkTree(path: string): { root: string; entry: string } | undefined {
  const file = resolve(path);
  const root = gitWorkTreeOf(file);
  if (!root || ignored(file, root)) return undefined;
  return { root, entry: `/${relative(root, file).split(sep).join('/')}` };
}
