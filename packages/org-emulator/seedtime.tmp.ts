const which = process.argv[2];
const mod = await import(which === 'before' ? './before.tmp/src/seed.js' : './src/seed.js');
const org = await import(which === 'before' ? './before.tmp/src/org.js' : './src/org.js');
const dir = '/work/shared/real-metadata/orgs/ref';
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const o = new org.EmulatedOrg('ref' + i);
  const n = await mod.seedOrg(o, dir);
  runs.push(Math.round(performance.now() - t));
  if (i === 0) console.log(which, n, 'components');
}
console.log(which, 'seed ms', runs.join(' '));
