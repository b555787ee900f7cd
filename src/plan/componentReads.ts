/*
 * Each metadata document read once where the plan can. A reference component is compared with every
 * target: the big ones (a 5 MB profile) are read once and kept (the last few) instead of once per
 * target in flight, which is most of a plan's time and memory with big profiles. A target's
 * component is read once for its veto checks and its diff. A read is the diff engine's
 * (readComponent: normalized; validated unless the retrieve checked it); nothing changes a read once
 * made. One ReferenceReads per plan: nothing is kept from one plan to the next.
 */
import { readComponent, type NormalizedComponent } from '../diff/index.js';
import { isCheckedWellFormed, type ComponentKey, type MetadataComponent } from '../org/index.js';
import type { KnownConflicts } from './apiVersionCheck.js';

/** From this size a reference document is kept for the targets that follow (a 5 MB profile: ~0.5 s and ~60 MB each read). */
const KEEP_FROM_CHARS = 256 * 1024;
/** How many are kept: the plan compares targets component by component, in the same order. */
const KEPT = 4;

/** The reference side's reads of one plan. */
export class ReferenceReads {
  /** what the plan's API version check found of a reference read deployed as it is, checked once for every target */
  public readonly apiVersionConflicts: KnownConflicts = new WeakMap();
  private readonly kept = new Map<MetadataComponent, NormalizedComponent>();

  /** A component of the reference side (the same object for every target), read once if big. */
  public read(key: ComponentKey, component: MetadataComponent): NormalizedComponent {
    if (component.xml.length < KEEP_FROM_CHARS) return readSide(key, component, 'reference');
    const known = this.kept.get(component);
    if (known) {
      // most recently used last: the component every target is at stays
      this.kept.delete(component);
      this.kept.set(component, known);
      return known;
    }
    const read = readSide(key, component, 'reference');
    if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(component, read);
    return read;
  }
}

/** A component as one side of a comparison holds it; the label names the side in a parse error. */
export function readSide(key: ComponentKey, component: MetadataComponent, side: 'reference' | 'target'): NormalizedComponent {
  return readComponent(key.type, component.xml, `${key.fullName} (${side})`, { wellFormed: isCheckedWellFormed(component) });
}
