/*
 * One worker of ParsePool (parsePool.ts): reads the documents it is sent and answers with their outcome.
 */
import { parentPort } from 'node:worker_threads';
import { readDocument } from './parsePool.js';

parentPort?.on('message', ({ id, type, text }: { id: number; type: string; text: string }) => {
  parentPort?.postMessage({ id, outcome: readDocument(type, text) });
});
