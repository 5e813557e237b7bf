import type { Node, Taint } from 'kubernetes-types/core/v1';
import { isConflict, type KubeObject } from '../../api/object';
import type { Client } from '../../client/types';

/**
 * Taint helpers the node controllers share, after upstream's pkg/util/taints (set operations on
 * taint lists) and the taint half of pkg/controller/controller_utils.go (AddOrUpdateTaintOnNode,
 * RemoveTaintOffNode, PatchNodeTaints: the API writes).
 *
 * Identity: two taints are "the same taint" when key and effect are equal (`Taint.MatchTaint`);
 * value and timeAdded only decide whether an existing taint needs rewriting.
 */

// The well-known taint keys (k8s.io/api/core/v1 well_known_taints.go).
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
/** Fact 19: put on a node by hand after a non-graceful shutdown. */
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export const TAINT_EFFECT_NO_SCHEDULE = 'NoSchedule';
export const TAINT_EFFECT_PREFER_NO_SCHEDULE = 'PreferNoSchedule';
export const TAINT_EFFECT_NO_EXECUTE = 'NoExecute';

/** `Taint.MatchTaint`: same key and effect (the uniqueness rule of node validation). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** `TaintExists`: some taint of `taints` matches `taint` by key and effect. */
export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((t) => matchTaint(t, taint));
}

/** `TaintKeyExists`: some taint has this key, whatever its effect. */
export function taintKeyExists(taints: readonly Taint[] | undefined, key: string): boolean {
  return (taints ?? []).some((t) => t.key === key);
}

/** `TaintSetDiff`: what `t1` has and `t2` lacks (to add), and what `t2` has and `t1` lacks (to remove). */
export function taintSetDiff(t1: readonly Taint[], t2: readonly Taint[]): { toAdd: Taint[]; toRemove: Taint[] } {
  return {
    toAdd: t1.filter((t) => !taintExists(t2, t)).map((t) => ({ ...t })),
    toRemove: t2.filter((t) => !taintExists(t1, t)).map((t) => ({ ...t })),
  };
}

/** `TaintSetFilter`. */
export function taintSetFilter(taints: readonly Taint[] | undefined, fn: (t: Taint) => boolean): Taint[] {
  return (taints ?? []).filter(fn);
}

/** `DeleteTaint`: every taint matching `taint` by key and effect removed. */
export function deleteTaint(taints: readonly Taint[], taint: Taint): { taints: Taint[]; deleted: boolean } {
  const kept = taints.filter((t) => !matchTaint(taint, t));
  return { taints: kept, deleted: kept.length !== taints.length };
}

/**
 * helper.Semantic.DeepEqual on two taints: an absent value equals "", and timeAdded compares as
 * an instant (metav1.Time equality), so a re-serialized timestamp is not a change.
 */
export function taintsSemanticallyEqual(a: Taint, b: Taint): boolean {
  if (a.key !== b.key || a.effect !== b.effect || (a.value ?? '') !== (b.value ?? '')) return false;
  if (a.timeAdded === undefined || b.timeAdded === undefined) return a.timeAdded === b.timeAdded;
  return Date.parse(a.timeAdded) === Date.parse(b.timeAdded);
}

/**
 * `AddOrUpdateTaint` on a taint list: a taint matching by key and effect is replaced in place unless
 * it is semantically equal already; otherwise the taint is appended. `updated` says whether the
 * list changed.
 */
export function addOrUpdateTaint(taints: readonly Taint[], taint: Taint): { taints: Taint[]; updated: boolean } {
  const out: Taint[] = [];
  let replaced = false;
  for (const t of taints) {
    if (matchTaint(taint, t)) {
      if (taintsSemanticallyEqual(taint, t)) return { taints: [...taints], updated: false };
      out.push({ ...taint });
      replaced = true;
      continue;
    }
    out.push(t);
  }
  if (!replaced) out.push({ ...taint });
  return { taints: out, updated: true };
}

/** `RemoveTaint` on a taint list. */
export function removeTaint(taints: readonly Taint[], taint: Taint): { taints: Taint[]; updated: boolean } {
  if (!taintExists(taints, taint)) return { taints: [...taints], updated: false };
  return { taints: deleteTaint(taints, taint).taints, updated: true };
}

/**
 * client-go `retry.RetryOnConflict` with `UpdateTaintBackoff` (5 steps): how many times a taint
 * write is tried. Calls here are synchronous and the retry re-reads the node at once; upstream's
 * 100ms pauses only spread load between racing writers, which cannot interleave within one call.
 */
const UPDATE_TAINT_STEPS = 5;

function retryOnConflict(fn: () => void): void {
  for (let i = 1; ; i++) {
    try {
      fn();
      return;
    } catch (e) {
      if (!isConflict(e) || i >= UPDATE_TAINT_STEPS) throw e;
    }
  }
}

type TaintEdit = (taints: readonly Taint[], taint: Taint) => { taints: Taint[]; updated: boolean };

/** Applies `edit` for every taint to the live node and patches when something changed. */
function editNodeTaints(client: Client, nodeName: string, taints: readonly Taint[], edit: TaintEdit): void {
  retryOnConflict(() => {
    const node = client.get<Node & KubeObject>('nodes', undefined, nodeName);
    let current: readonly Taint[] = node.spec?.taints ?? [];
    let updated = false;
    for (const taint of taints) {
      const r = edit(current, taint);
      updated = updated || r.updated;
      current = r.taints;
    }
    if (!updated) return;
    patchNodeTaints(client, nodeName, node, current);
  });
}

/**
 * `AddOrUpdateTaintOnNode`: adds the taints (or rewrites ones that differ) on the live node, with a
 * conflict retry; no API write when nothing changes. Throws the last error otherwise.
 */
export function addOrUpdateTaintOnNode(client: Client, nodeName: string, taints: readonly Taint[]): void {
  if (taints.length === 0) return;
  editNodeTaints(client, nodeName, taints, addOrUpdateTaint);
}

/**
 * `RemoveTaintOffNode`: removes the taints (by key and effect) from the live node. Given the node a
 * caller already holds, it makes no API call at all when none of the taints is on it.
 */
export function removeTaintOffNode(client: Client, nodeName: string, node: Node | undefined, taints: readonly Taint[]): void {
  if (taints.length === 0) return;
  if (node && !taints.some((t) => taintExists(node.spec?.taints, t))) return;
  editNodeTaints(client, nodeName, taints, removeTaint);
}

/**
 * `PatchNodeTaints`: a strategic merge patch that replaces spec.taints (the field has no merge
 * strategy) and carries the node's resourceVersion, so a concurrent taint change is a Conflict
 * rather than a lost update.
 */
export function patchNodeTaints(client: Client, nodeName: string, oldNode: Node, taints: readonly Taint[]): void {
  client.patch('nodes', undefined, nodeName, 'strategic', {
    metadata: { resourceVersion: oldNode.metadata?.resourceVersion },
    spec: { taints: taints.length ? taints : null },
  });
}
