import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { isAlreadyExists, isConflict, isNotFound, type KubeObject } from '../../api/object';
import type { Selector } from '../../api/selectors';
import type { SharedIndexInformer } from '../../client/informer';
import type { Client } from '../../client/types';
import { getControllerOf, newControllerRef } from '../util/controller_ref';
import { fnv32, safeEncodeString, sortedJSON } from '../util/hash';

/** The label holding a revision's hash (history.ControllerRevisionHashLabel). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

const RESOURCE = 'controllerrevisions.apps';

export type Revision = ControllerRevision & KubeObject;

/**
 * history.HashControllerRevision: FNV-32 over the revision's serialized data, then the collision
 * count in decimal when there is one, safe-encoded.
 */
export function hashControllerRevision(data: string, collisionCount?: number): string {
  const parts = [data];
  if (collisionCount !== undefined) parts.push(String(collisionCount));
  return safeEncodeString(String(fnv32(...parts)));
}

/**
 * The patch a StatefulSet's or DaemonSet's revision stores (their getPatch): the template under
 * `spec.template` with `$patch: replace`, keys sorted as Go marshals a map, and a template without
 * creationTimestamp showing it as null, as Go's ObjectMeta marshals.
 */
export function templateReplacePatch(t: unknown): string {
  const template = JSON.parse(JSON.stringify(t ?? {})) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  template.metadata = { creationTimestamp: null, ...(template.metadata ?? {}) };
  template.$patch = 'replace';
  return sortedJSON({ spec: { template } });
}

/** history.ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 bytes. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * history.NewControllerRevision: a revision of `parent` holding `data` (serialized JSON), labelled
 * with the template's labels and its hash, owned by the parent as controller.
 */
export function newControllerRevision(parent: KubeObject, templateLabels: Record<string, string>, data: string, revision: number, collisionCount?: number): Revision {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata!.name!, hash),
      namespace: parent.metadata!.namespace,
      labels: { ...templateLabels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent)],
    },
    data: JSON.parse(data),
    revision,
  };
}

/** The bytes a revision's data compares and hashes by: its JSON with sorted keys, as Go marshals a map. */
export function revisionData(r: ControllerRevision): string {
  return sortedJSON(r.data ?? null);
}

/** history.SortControllerRevisions: a stable sort by revision number. */
export function sortControllerRevisions(revisions: Revision[]): Revision[] {
  return revisions.sort((a, b) => a.revision - b.revision);
}

/** history.EqualRevision: both absent, or the same data (and, when both carry numeric hashes, equal hashes). */
export function equalRevision(lhs: ControllerRevision | undefined, rhs: ControllerRevision | undefined): boolean {
  if (!lhs || !rhs) return lhs === rhs;
  const lh = numericHash(lhs);
  const rh = numericHash(rhs);
  if (lh !== undefined && rh !== undefined && lh !== rh) return false;
  return revisionData(lhs) === revisionData(rhs);
}

function numericHash(r: ControllerRevision): number | undefined {
  const v = r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** history.FindEqualRevisions: the revisions equal to `needle`, in their order. */
export function findEqualRevisions(revisions: readonly Revision[], needle: ControllerRevision): Revision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** nextRevision: one more than the highest revision number, 1 for none. */
export function nextRevision(revisions: readonly Revision[]): number {
  let max = 0;
  for (const r of revisions) if (r.revision > max) max = r.revision;
  return max + 1;
}

/**
 * history.realHistory: a controller's revisions through the API server, read from the shared
 * informer's cache.
 */
export class ControllerHistory {
  constructor(
    private readonly client: Client,
    private readonly informer: SharedIndexInformer<Revision>,
  ) {}

  /** ListControllerRevisions: the revisions matching `selector` that `parent` controls or no one does. */
  list(parent: KubeObject, selector: Selector): Revision[] {
    return this.informer
      .lister()
      .namespace(parent.metadata!.namespace!)
      .list()
      .filter((r) => selector.matches(r.metadata?.labels ?? {}))
      .filter((r) => {
        const ref = getControllerOf(r);
        return !ref || ref.uid === parent.metadata!.uid;
      });
  }

  /**
   * CreateControllerRevision: creates `revision`, named by its hash and `collisionCount`. A name
   * taken by the same data returns that revision; taken by other data bumps `collisionCount.value`
   * and tries the next name.
   */
  create(parent: KubeObject, revision: Revision, collisionCount: { value: number }): Revision {
    const data = revisionData(revision);
    for (;;) {
      const hash = hashControllerRevision(data, collisionCount.value);
      const clone: Revision = {
        ...revision,
        // The hash label keeps the first hash, as upstream's clone does.
        metadata: { ...revision.metadata, name: controllerRevisionName(parent.metadata!.name!, hash) },
      };
      try {
        return this.client.create(RESOURCE, clone);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const exists = this.client.get<Revision>(RESOURCE, clone.metadata!.namespace, clone.metadata!.name!);
        if (revisionData(exists) === data) return exists;
        collisionCount.value++;
      }
    }
  }

  /** UpdateControllerRevision: gives `revision` a new revision number (a rollback to it), retrying a conflict. */
  update(revision: Revision, newRevision: number): Revision {
    let current = revision;
    for (let attempt = 0; ; attempt++) {
      if (current.revision === newRevision) return current;
      try {
        return this.client.update(RESOURCE, { ...current, revision: newRevision });
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
        current = this.client.get<Revision>(RESOURCE, current.metadata!.namespace, current.metadata!.name!);
      }
    }
  }

  /** DeleteControllerRevision; one already gone is no error. */
  delete(revision: Revision): void {
    try {
      this.client.delete(RESOURCE, revision.metadata!.namespace, revision.metadata!.name!);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** AdoptControllerRevision: makes `parent` the revision's controller. */
  adopt(parent: KubeObject, revision: Revision): void {
    this.client.patch(RESOURCE, revision.metadata!.namespace, revision.metadata!.name!, 'strategic', {
      metadata: { ownerReferences: [newControllerRef(parent)], uid: revision.metadata!.uid },
    });
  }
}
