#!/usr/bin/env node

// Runs the TypeScript sources (src/) without a build: tsx compiles them on import, and oclif's
// development mode maps lib/ to src/ (commands, help class) and ignores oclif.manifest.json.
async function main() {
  const { register } = await import('tsx/esm/api');
  register();
  const { execute } = await import('@oclif/core');
  await execute({ development: true, dir: import.meta.url });
}

await main();
