import { readFileSync } from 'node:fs';
import { schemaProblem } from './src/schema.js';
for (const f of process.argv.slice(2)) {
  const p = schemaProblem(readFileSync(f, 'utf8'), '62.0', { rootOrdered: !/\.object-meta\.xml$/.test(f) });
  if (p) console.log(f, p.lineNumber, p.columnNumber, p.problem);
}
