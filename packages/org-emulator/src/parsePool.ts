/*
 * Reading one component document: checked against the Metadata API schema, then parsed (what a deploy and a seed
 * do with every file). Big documents of seed folders (a 5 MB profile takes about a second) are read
 * in worker threads, so that the orgs of a fleet are seeded on every core. The emulator runs from
 * its TypeScript sources: each worker registers tsx before it loads parseWorker.ts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { schemaProblem } from './schema.js';
import { XmlNode, XmlSyntaxError, parseMetadataXml } from './xml.js';

/** The URL of tsx's ESM API (register), or undefined when it cannot be found. */
function tsxApi(): string | undefined {
  try {
    if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
    // under mocha tsx loads this file as CommonJS: import.meta has no resolve, and require finds tsx's CommonJS build
    const esm = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    return existsSync(esm) ? pathToFileURL(esm).href : undefined;
  } catch {
    return undefined;
  }
}

/** A document's body, or the org's parse error for it. */
export type DocumentOutcome = { body: XmlNode } | { problem: string; lineNumber?: number; columnNumber?: number };

/** Reads one document of a deploy or seed at its API version: the schema check (schema.ts), then the parse. */
export function readDocument(text: string, apiVersion: string | undefined, rootOrdered = true): DocumentOutcome {
  const broken = schemaProblem(text, apiVersion, { rootOrdered });
  if (broken) return broken;
  try {
    return { body: parseMetadataXml(text).body };
  } catch (error) {
    const syntax = error instanceof XmlSyntaxError ? error : undefined;
    return {
      problem: `Error parsing file: ${error instanceof Error ? error.message : String(error)}`,
      lineNumber: syntax?.lineNumber,
      columnNumber: syntax?.columnNumber,
    };
  }
}

/** Documents at least this long go to a worker; shorter ones cost less than the copy back. */
export const POOLED_DOCUMENT_CHARS = 1024 * 1024;

type Pending = { text: string; apiVersion: string | undefined; rootOrdered: boolean; resolve: (outcome: DocumentOutcome) => void };

/** Worker threads that read documents (readDocument), started at the first big one. */
export class ParsePool {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private sent = 0;
  private started = false;

  public constructor(private readonly size = Math.min(4, availableParallelism())) {}

  /** How many worker threads read documents now (0 before the first big one, or after a worker failed). */
  public get threads(): number {
    return this.workers.length;
  }

  public read(text: string, apiVersion: string | undefined, rootOrdered = true): Promise<DocumentOutcome> {
    if (!this.started) this.start();
    if (this.workers.length === 0) return Promise.resolve(readDocument(text, apiVersion, rootOrdered));
    this.sent += 1;
    const id = this.sent;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve) => {
      this.pending.set(id, { text, apiVersion, rootOrdered, resolve });
      worker.postMessage({ id, text, apiVersion, rootOrdered });
    });
  }

  public async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): void {
    this.started = true;
    const tsx = tsxApi();
    // no tsx to load the worker's sources: every document is read in this thread
    if (!tsx) return;
    const script = new URL('./parseWorker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(bootstrap, { eval: true });
      worker.on('message', ({ id, outcome }: { id: number; outcome: DocumentOutcome }) => {
        this.pending.get(id)?.resolve(outcome);
        this.pending.delete(id);
      });
      worker.on('error', () => {
        // a worker that fails (it could not load its sources): its documents and all later ones are read in this thread
        const failed = this.workers;
        this.workers = [];
        for (const other of failed) void other.terminate();
        for (const waiting of this.pending.values()) waiting.resolve(readDocument(waiting.text, waiting.apiVersion, waiting.rootOrdered));
        this.pending.clear();
      });
      this.workers.push(worker);
    }
  }
}
