// Writes command-snapshot.json from the compiled commands: `npm run snapshot:generate`.
import { writeFile } from 'node:fs/promises';
import { commandShapes, commandSnapshotPath, loadCompiledPlugin } from './commandShape.js';

const shapes = commandShapes(await loadCompiledPlugin());
await writeFile(commandSnapshotPath, `${JSON.stringify(shapes, null, 2)}\n`);
process.stdout.write(`wrote ${shapes.length} commands to ${commandSnapshotPath}\n`);
