import type { Node, Pod } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import { updatePodCondition, type PodCondition } from '../../apiserver/conditions';
import type { Client } from '../../client/types';

/** What PodGC needs of the time: RFC 3339 of the virtual now. */
export type Now = () => string;

/** `isPodTerminated`: any phase but Pending, Running and Unknown. */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** `isPodTerminating`: the pod has a deletionTimestamp. */
export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

/** nodeutil.IsNodeReady: the Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** eviction.PodIsEvicted: Failed with reason `Evicted` (the kubelet's node-pressure evictions). */
function podIsEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status?.reason === 'Evicted';
}

/**
 * `byEvictionAndCreationTimestamp`: evicted pods first (they are rarely anyone's history), then
 * oldest first, names breaking ties.
 */
export function byEvictionAndCreationTimestamp(a: Pod, b: Pod): number {
  const ea = podIsEvicted(a);
  const eb = podIsEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * `markFailedAndDeletePodWithCondition`: a pod not in a terminal phase is first patched to Failed
 * (with `condition`, if given) through the status subresource — an orphaned pod has no kubelet
 * left to finish it — then force-deleted (grace period 0). Throws what the API server answered.
 */
export function markFailedAndDeletePod(client: Client, pod: Pod & KubeObject, now: Now, condition?: PodCondition): void {
  const namespace = pod.metadata?.namespace;
  const name = pod.metadata!.name!;
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') {
    const status: Record<string, unknown> = { phase: 'Failed' };
    if (condition) {
      const next = deepCopy(pod.status ?? {}) as { conditions?: PodCondition[] };
      updatePodCondition(next, { ...condition }, now());
      status.conditions = next.conditions;
    }
    // utilpod.PatchPodStatus: a strategic merge patch of the status, guarded by the pod's UID.
    client.patch('pods', namespace, name, 'strategic', { metadata: { uid: pod.metadata?.uid }, status }, { subresource: 'status' });
  }
  client.delete('pods', namespace, name, { gracePeriodSeconds: 0 });
}
