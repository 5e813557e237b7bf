import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';

/** One object in the dependency graph (upstream garbagecollector `node`). */
export interface GraphNode {
  uid: string;
  resource: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  /** UIDs of the objects that list this one as an owner. */
  dependents: Set<string>;
  /** deletionTimestamp is set. */
  beingDeleted: boolean;
  /** Being deleted in the foreground: waits for its blocking dependents (finalizer foregroundDeletion). */
  deletingDependents: boolean;
  /** Being deleted with finalizer orphan: its dependents must be released first. */
  orphaning: boolean;
}

/**
 * The owner/dependent graph the garbage collector keeps from its informers (GraphBuilder's
 * uidToNode). Edges come from dependents' ownerReferences; an owner the graph has not seen is
 * simply absent here and is checked against the API server before anything is deleted.
 */
export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  /** owner UID -> dependents, kept also for owners not (yet) in the graph. */
  private readonly dependentsOf = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Adds or refreshes the node for `obj`; returns the owners it no longer lists. */
  upsert(resource: string, obj: KubeObject): OwnerReference[] {
    const meta = obj.metadata!;
    const uid = meta.uid!;
    const prev = this.nodes.get(uid);
    const owners = [...(meta.ownerReferences ?? [])];
    const finalizers = meta.finalizers ?? [];
    const node: GraphNode = {
      uid,
      resource,
      apiVersion: obj.apiVersion ?? '',
      kind: obj.kind ?? '',
      namespace: meta.namespace,
      name: meta.name!,
      owners,
      dependents: this.dependentsOf.get(uid) ?? new Set(),
      beingDeleted: !!meta.deletionTimestamp,
      deletingDependents: !!meta.deletionTimestamp && finalizers.includes('foregroundDeletion'),
      orphaning: !!meta.deletionTimestamp && finalizers.includes('orphan'),
    };
    this.dependentsOf.set(uid, node.dependents);
    this.nodes.set(uid, node);
    const removed = (prev?.owners ?? []).filter((o) => !owners.some((n) => n.uid === o.uid));
    for (const o of removed) this.dependentsOf.get(o.uid)?.delete(uid);
    for (const o of owners) {
      let set = this.dependentsOf.get(o.uid);
      if (!set) this.dependentsOf.set(o.uid, (set = new Set()));
      set.add(uid);
    }
    return removed;
  }

  /** Removes the node; returns it (with its dependents) if it was there. */
  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    for (const o of node.owners) this.dependentsOf.get(o.uid)?.delete(uid);
    if (node.dependents.size === 0) this.dependentsOf.delete(uid);
    return node;
  }

  dependents(uid: string): GraphNode[] {
    return [...(this.dependentsOf.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is GraphNode => !!n);
  }
}
