#!/usr/bin/env node
// The org emulator runs from its TypeScript sources: tsx compiles them as they load, so a fresh
// clone needs no build step. `org-emulator --help` prints the options.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
