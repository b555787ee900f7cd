import { readSeedFolder } from '/work/wt/schemaemu/packages/org-emulator/src/seed.js';
for (const dir of process.argv.slice(2)) {
  const t = Date.now();
  const f = await readSeedFolder(dir);
  console.log(dir, `${Date.now() - t} ms`, f.pkg?.components.length, 'components');
  for (const x of f.pkg?.failures ?? []) console.log('  ', x.fileName, x.lineNumber, x.columnNumber, x.problem);
}
