import { createHash, type Hash } from 'node:crypto';
import { writeElement, writeElementPair, type CanonicalSink } from './canonical.js';
import { readComponent, type NormalizedComponent } from './component.js';

const FLUSH_AT = 64 * 1024;

// a component read once and compared with many targets is hashed once (components are never changed once read)
const hashes = new WeakMap<NormalizedComponent, string>();

/** Canonical JSON streamed into sha256 in chunks, so a hash never needs the whole string in memory. */
class HashSink implements CanonicalSink {
  private readonly hash: Hash = createHash('sha256');
  private buffer = '';

  public constructor(rootTag: string) {
    this.write(`${JSON.stringify(rootTag)}:`);
  }

  public write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) {
      this.hash.update(this.buffer);
      this.buffer = '';
    }
  }

  public digest(): string {
    this.hash.update(this.buffer);
    return this.hash.digest('hex');
  }
}

/** sha256 hex of the canonical JSON of a normalized component (streamed into the hash). */
export function hashNormalized(component: NormalizedComponent): string {
  let known = hashes.get(component);
  if (known === undefined) {
    const sink = new HashSink(component.rootTag);
    writeElement(component.rule, component.root, sink);
    known = sink.digest();
    hashes.set(component, known);
  }
  return known;
}

/**
 * hashNormalized of both, in one walk when neither is known: a patched tree shares most of its
 * nodes with the target it was built from, and what they share is serialized once for both hashes.
 */
export function hashNormalizedPair(first: NormalizedComponent, second: NormalizedComponent): [string, string] {
  if (first.rule !== second.rule || hashes.has(first) || hashes.has(second)) return [hashNormalized(first), hashNormalized(second)];
  const firstSink = new HashSink(first.rootTag);
  const secondSink = new HashSink(second.rootTag);
  const both = {
    write(text: string): void {
      firstSink.write(text);
      secondSink.write(text);
    },
  };
  writeElementPair(first.rule, first.root, second.root, { first: firstSink, second: secondSink, both });
  const known: [string, string] = [firstSink.digest(), secondSink.digest()];
  hashes.set(first, known[0]);
  hashes.set(second, known[1]);
  return known;
}

/** Equal for the same component retrieved twice, reordered, re-indented or re-encoded. */
export function hashComponent(type: string, xml: string): string {
  return hashNormalized(readComponent(type, xml));
}
