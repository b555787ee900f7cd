/*
 * schemas/postdeploy-<command>.json: the JSON Schema of each command's `--json` result (the
 * `result` of sf's `{ status, result, warnings }` envelope), generated from the exported Result type
 * of the command with ts-json-schema-generator: `npm run schema:generate`.
 *
 * ts-json-schema-generator is not a dependency yet (2.5+ needs Node 22; 2.4.0 is the last release
 * for Node 20). Until it is installed, the committed schemas are written by hand from the types, and
 * test/unit/schemas.test.ts checks them against typed samples; once it is installed, that test
 * compares the committed files with what this script generates.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../helpers/processes.js';

export const SCHEMA_GENERATOR_PACKAGE = 'ts-json-schema-generator@2.4.0';

export type ResultSchemaSource = { command: 'plan' | 'diff' | 'apply' | 'rollback' | 'history'; type: string };

export const RESULT_SCHEMAS: readonly ResultSchemaSource[] = [
  { command: 'plan', type: 'PostdeployPlanResult' },
  { command: 'diff', type: 'PostdeployDiffResult' },
  { command: 'apply', type: 'PostdeployApplyResult' },
  { command: 'rollback', type: 'PostdeployRollbackResult' },
  { command: 'history', type: 'PostdeployHistoryResult' },
];

export const resultSchemaPath = (command: ResultSchemaSource['command']): string => join(PROJECT_ROOT, 'schemas', `postdeploy-${command}.json`);

/** The generated file's text: stable key order from the generator, two-space indent, final newline. */
export const schemaText = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;

export function schemaGeneratorInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('ts-json-schema-generator');
    return true;
  } catch {
    return false;
  }
}

type SchemaGenerator = { createSchema: (type: string) => unknown };
type GeneratorModule = { createGenerator: (config: Record<string, unknown>) => SchemaGenerator };

let sharedGenerator: Promise<SchemaGenerator> | undefined;

/** One generator (one TypeScript program) over every command: a program per command took 5 s each. */
async function generator(): Promise<SchemaGenerator> {
  sharedGenerator ??= (async (): Promise<SchemaGenerator> => {
    // a variable specifier: the type check must not need the package while it is optional
    const specifier = 'ts-json-schema-generator';
    const { createGenerator } = (await import(specifier)) as GeneratorModule;
    return createGenerator({
      path: join(PROJECT_ROOT, 'src', 'commands', 'postdeploy', `{${RESULT_SCHEMAS.map((s) => s.command).join(',')}}.ts`),
      tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
      expose: 'export',
      topRef: true,
      jsDoc: 'basic',
      additionalProperties: false,
      skipTypeCheck: true,
    });
  })();
  return sharedGenerator;
}

export async function generateResultSchema(source: ResultSchemaSource): Promise<unknown> {
  return (await generator()).createSchema(source.type);
}

async function main(): Promise<void> {
  if (!schemaGeneratorInstalled()) {
    process.stderr.write(`schema:generate needs ${SCHEMA_GENERATOR_PACKAGE}: npm install --save-dev --save-exact ${SCHEMA_GENERATOR_PACKAGE}\n`);
    process.exitCode = 1;
    return;
  }
  for (const source of RESULT_SCHEMAS) {
    // eslint-disable-next-line no-await-in-loop
    await writeFile(resultSchemaPath(source.command), schemaText(await generateResultSchema(source)));
    process.stdout.write(`wrote schemas/postdeploy-${source.command}.json\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
