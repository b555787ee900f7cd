/*
 * The --config file: JSON validated by schemas/postdeploy-config.schema.json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Messages } from '@salesforce/core';
import { Ajv } from 'ajv';
import type { Mode } from '../diff/index.js';
import type { ManagedFilter } from './selection.js';
import type { StepSpec } from './steps.js';
import type { AcceptEntry } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PostdeployConfig = {
  metadata?: string[];
  targets?: string[];
  mode?: Mode;
  deleteExtra?: boolean;
  managed?: ManagedFilter;
  apiVersion?: string;
  concurrency?: number;
  /** release steps, in order (paths relative to the config file) */
  steps?: StepSpec[];
  /** differences kept on purpose in some targets */
  accept?: AcceptEntry[];
};

const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'postdeploy-config.schema.json');
let validator: ReturnType<Ajv['compile']> | undefined;

export function parseConfig(text: string, path: string): PostdeployConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw messages.createError('error.InvalidConfig', [path, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  validator ??= new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    throw messages.createError('error.InvalidConfig', [path, problems.join('; ')]);
  }
  return value as PostdeployConfig;
}

export function readConfigFile(path: string): PostdeployConfig {
  return parseConfig(readFileSync(path, 'utf8'), path);
}
