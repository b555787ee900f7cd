/*
 * The plan file: written atomically with mode 0600, read back only when its format version, its
 * schema and its checksum all hold. A hand-edited or truncated plan is refused, never applied.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Messages } from '@salesforce/core';
import { Ajv } from 'ajv';
import { canonicalJson, sha256 } from '../plan/canonicalJson.js';
import { PlanBody, PlanFile, READABLE_PLAN_FORMAT_VERSIONS } from '../plan/planTypes.js';
import { writeFileAtomic } from './atomicFile.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.planfile');

const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'plan-file.schema.json');
let validator: ReturnType<Ajv['compile']> | undefined;

export function planChecksum(body: PlanBody): string {
  return sha256(canonicalJson(body));
}

export function sealPlan(body: PlanBody): PlanFile {
  return { ...body, checksum: planChecksum(body) };
}

export async function writePlanFile(path: string, body: PlanBody): Promise<PlanFile> {
  const file = sealPlan(body);
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

export function parsePlanFile(text: string, path: string): PlanFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw messages.createError('error.MalformedPlan', [path]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw messages.createError('error.MalformedPlan', [path]);
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (typeof version !== 'number' || !READABLE_PLAN_FORMAT_VERSIONS.includes(version)) throw messages.createError('error.UnsupportedPlanVersion', [path, String(version), READABLE_PLAN_FORMAT_VERSIONS.join(' and ')]);
  validator ??= new Ajv({ allErrors: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  if (!validator(value)) {
    const first = validator.errors?.[0];
    const where = first?.instancePath ?? '';
    throw messages.createError('error.InvalidPlan', [path, `${where || '(root)'} ${first?.message ?? ''}`]);
  }
  const { checksum, ...body } = value as PlanFile;
  if (checksum !== planChecksum(body)) throw messages.createError('error.PlanChecksumMismatch', [path]);
  return value as PlanFile;
}

export async function readPlanFile(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw messages.createError('error.PlanNotFound', [path], [path]);
  }
  return parsePlanFile(text, path);
}
