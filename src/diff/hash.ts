import { createHash } from 'node:crypto';
import { writeElement } from './canonical.js';
import { readComponent, type NormalizedComponent } from './component.js';

const FLUSH_AT = 64 * 1024;

// a component read once and compared with many targets is hashed once (components are never changed once read)
const hashes = new WeakMap<NormalizedComponent, string>();

/** sha256 hex of the canonical JSON of a normalized component (streamed into the hash). */
export function hashNormalized(component: NormalizedComponent): string {
  let known = hashes.get(component);
  if (known === undefined) {
    known = hashOf(component);
    hashes.set(component, known);
  }
  return known;
}

function hashOf(component: NormalizedComponent): string {
  const hash = createHash('sha256');
  let buffer = '';
  const sink = {
    write(text: string): void {
      buffer += text;
      if (buffer.length >= FLUSH_AT) {
        hash.update(buffer);
        buffer = '';
      }
    },
  };
  sink.write(`${JSON.stringify(component.rootTag)}:`);
  writeElement(component.rule, component.root, sink);
  hash.update(buffer);
  return hash.digest('hex');
}

/** Equal for the same component retrieved twice, reordered, re-indented or re-encoded. */
export function hashComponent(type: string, xml: string): string {
  return hashNormalized(readComponent(type, xml));
}
