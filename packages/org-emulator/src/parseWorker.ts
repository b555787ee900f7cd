/*
 * One worker of ParsePool (parsePool.ts): reads the documents it is sent and answers with their outcome.
 */
import { parentPort } from 'node:worker_threads';
import { readDocument } from './parsePool.js';

parentPort?.on('message', ({ id, text, apiVersion, rootOrdered }: { id: number; text: string; apiVersion: string | undefined; rootOrdered: boolean }) => {
  parentPort?.postMessage({ id, outcome: readDocument(text, apiVersion, rootOrdered) });
});
