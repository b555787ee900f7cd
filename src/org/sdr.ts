/*
 * SDR, loaded when an org operation first needs it and not when a command is imported: it takes
 * about as long to load as core and sf-plugins-core together, and `--help`, the checks of the
 * flags and a plan's first request (listMetadata) do without it, and start-up is paid on every command.
 */
import { createRequire } from 'node:module';
import type * as Sdr from '@salesforce/source-deploy-retrieve';

const require = createRequire(import.meta.url);
let loaded: typeof Sdr | undefined;
let registry: Sdr.RegistryAccess | undefined;

/** The SDR module, loaded on first use (it is CommonJS: one module whichever way it is loaded). */
export function sdr(): typeof Sdr {
  return (loaded ??= require('@salesforce/source-deploy-retrieve') as typeof Sdr);
}

/** One registry of metadata types for the process. */
export function metadataRegistry(): Sdr.RegistryAccess {
  return (registry ??= new (sdr().RegistryAccess)());
}

type RegistryJson = { types: Record<string, unknown>; childTypes: Record<string, unknown> };
let registryJson: RegistryJson | undefined;

/**
 * Whether SDR's registry knows the type, read from its registry data without loading SDR; false
 * also for a type only a project's registry presets add (the caller asks SDR itself then).
 */
export function knownTypeName(name: string): boolean {
  registryJson ??= require('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json') as RegistryJson;
  const lower = name.toLowerCase().trim();
  return lower in registryJson.types || lower in registryJson.childTypes;
}
