/*
 * The plugin's own name and version, for the plan's `tool`. Inside `sf`, `this.config.pjson` is the
 * sf CLI's package.json, so the plugin reads its own (one level above src/ and lib/).
 */
import { readFileSync } from 'node:fs';

export type ToolInfo = { name: string; version: string };

let cached: ToolInfo | undefined;

export function pluginTool(): ToolInfo {
  if (!cached) {
    const pjson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as ToolInfo;
    cached = { name: pjson.name, version: pjson.version };
  }
  return cached;
}
