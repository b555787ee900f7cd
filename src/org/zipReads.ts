/*
 * What the retrieves of one command share: a fleet holds most files as the same bytes in every org.
 * Kept apart from the zip reading so that the org seam's option types can name it.
 */
import { createHash } from 'node:crypto';
import type { XmlNode as OrderedNode } from '../xml/index.js';

/**
 * What the retrieves of one command have read already, by file content: across a fleet most files
 * are the same bytes in every org, and each is checked well-formed and split into its children once.
 * Holds the distinct contents until the command drops it.
 */
export class ZipReads {
  /** digests of the contents checked well-formed */
  public readonly wellFormed = new Set<string>();
  /** parent file digest -> `path\nchild type` -> the children by name (read only, never changed) */
  public readonly children = new Map<string, Map<string, Map<string, OrderedNode[]>>>();
  /** bytes of the parent files whose children are held */
  private childrenBytes = 0;

  /**
   * A content's key: a digest, not the content, so that a plan of fifty targets, each with its own
   * 5 MB profile, does not hold fifty profiles until it ends.
   */
  public static keyOf(content: string): string {
    return createHash('sha1').update(content).digest('base64');
  }

  /**
   * Whether the children of a parent file of this size may be held: up to a budget, since a file
   * that differs in every org (an object whose list view drifted) is held for nothing.
   */
  public holdsChildren(bytes: number): boolean {
    if (this.childrenBytes + bytes > CHILDREN_BUDGET_BYTES) return false;
    this.childrenBytes += bytes;
    return true;
  }
}

/** What a plan keeps of parsed parent files for the orgs that hold the same bytes (the parse trees take several times as much). */
const CHILDREN_BUDGET_BYTES = 16 * 1024 * 1024;
