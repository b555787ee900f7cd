/*
 * A component's plan entry as its patch gives it, and the outcome of the common case in a fleet: a
 * target component with the reference's very bytes costs no parse, hash or diff. What the target's
 * facts add is only ever about a difference (a vetoed entry the target holds the same is not
 * blocked; a refused whole component that is a no-op stays a no-op), and with no difference the
 * config's accept rules have nothing to decide, so the outcome is the reference compared with
 * itself, worked out once per reference component. Not with a base: the three-way merge reports the
 * target's own changes since the base even when it matches the reference.
 */
import { Mode, buildPatch } from '../diff/index.js';
import { ListedMember, MetadataComponent } from '../org/index.js';
import type { ReferenceReads } from './componentReads.js';
import { PlannedComponent } from './planTypes.js';

export type Patch = ReturnType<typeof buildPatch>;

/** A component's plan entry as the patch gives it, before what the target's limits and the config add. */
export function plannedOf(key: ListedMember, patch: Patch, notes: string[]): PlannedComponent {
  return {
    type: key.type,
    fullName: key.fullName,
    ...(key.namespace ? { namespace: key.namespace } : {}),
    ...(key.managed ? { managed: true } : {}),
    action: patch.action,
    targetHash: patch.targetHash,
    referenceHash: patch.referenceHash,
    patchedHash: patch.patchedHash,
    changes: patch.changes.map((c) => {
      const placed = c.op === 'add' && patch.placements && c.path in patch.placements ? { placedAfter: patch.placements[c.path] } : {};
      return { op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined, ...placed };
    }),
    irreversible: patch.irreversible,
    notes: [...patch.notes, ...notes],
    comparedAsWhole: patch.comparedAsWhole,
    destructiveChildren: patch.destructiveChildren.map((c) => ({ type: c.type, fullName: c.fullName })),
    blocked: [],
  };
}

/** The same XML and the same content files on both sides. */
export function isByteIdentical(reference: MetadataComponent, target: MetadataComponent): boolean {
  if (reference.xml !== target.xml) return false;
  const theirs = target.files ?? {};
  const ours = reference.files ?? {};
  const paths = Object.keys(ours);
  return paths.length === Object.keys(theirs).length && paths.every((path) => theirs[path] !== undefined && Buffer.compare(ours[path], theirs[path]) === 0);
}

export type Asked = { mode: Mode; deleteExtra: boolean; apiVersion?: string };

/** The outcomes of one plan's reference components compared with themselves, each worked out once. */
export class IdenticalOutcomes {
  private readonly known = new WeakMap<MetadataComponent, { asked: string; planned: PlannedComponent | undefined }>();

  public constructor(private readonly reads: ReferenceReads) {}

  /**
   * The plan entry of a target component with the reference's bytes; undefined when the reference
   * is not a no-op against itself (then the target is compared as any other).
   */
  public of(ask: Asked, key: ListedMember, reference: MetadataComponent): PlannedComponent | undefined {
    const asked = JSON.stringify([ask.mode, ask.deleteExtra, ask.apiVersion, key.namespace, key.managed]);
    const known = this.known.get(reference);
    if (known?.asked === asked) return known.planned;
    const planned = identicalOutcome(ask, key, reference, this.reads.read(key, reference));
    this.known.set(reference, { asked, planned });
    return planned;
  }
}

function identicalOutcome(ask: Asked, key: ListedMember, reference: MetadataComponent, referenceRead: ReturnType<ReferenceReads['read']>): PlannedComponent | undefined {
  const patch = buildPatch({ type: key.type, fullName: key.fullName, referenceXml: reference.xml, targetXml: reference.xml, referenceRead, targetRead: referenceRead, mode: ask.mode, deleteExtra: ask.deleteExtra, apiVersion: ask.apiVersion });
  return patch.action === 'noop' && patch.changes.length === 0 && patch.blocked.length === 0 ? plannedOf(key, patch, []) : undefined;
}
