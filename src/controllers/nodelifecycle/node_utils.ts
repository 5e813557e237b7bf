import type { Node, NodeCondition, NodeStatus, Pod, Taint } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import { isNotFound } from '../../api/object';
import { updatePodCondition, type PodCondition } from '../../apiserver/conditions';
import type { EventRecorder } from '../../client/event_recorder';
import type { ObjectReference } from '../../client/event_types';
import type { Client } from '../../client/types';
import { addOrUpdateTaintOnNode, removeTaintOffNode } from '../util/taints';

/**
 * The node controller's API helpers, after upstream's pkg/controller/util/node/controller_utils.go.
 * Timestamps (`now`) are RFC 3339 strings of the virtual clock, supplied by the caller.
 */

/** `GetNodeCondition`: the condition of `type`, or undefined. */
export function getNodeCondition(status: NodeStatus | undefined, type: string): NodeCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

function nodeRef(name: string, uid: string | undefined): ObjectReference {
  return { apiVersion: 'v1', kind: 'Node', name, ...(uid ? { uid } : {}) };
}

/** `RecordNodeEvent`: `Node <node> event: <event>` about the node (RegisteredNode, RemovingNode). */
export function recordNodeEvent(recorder: EventRecorder, nodeName: string, nodeUID: string | undefined, type: 'Normal' | 'Warning', reason: string, event: string): void {
  recorder.eventf(nodeRef(nodeName, nodeUID), type, reason, 'Node %s event: %s', nodeName, event);
}

/** `RecordNodeStatusChange` (fact 9): Normal, reason = the new status, `Node <node> status is now: <status>`. */
export function recordNodeStatusChange(recorder: EventRecorder, node: Node, newStatus: string): void {
  const name = node.metadata?.name ?? '';
  recorder.eventf(nodeRef(name, node.metadata?.uid), 'Normal', newStatus, 'Node %s status is now: %s', name, newStatus);
}

/** Several failures of one pass, reported together (utilerrors.NewAggregate). */
export class AggregateError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.length === 1 ? String((errors[0] as Error)?.message ?? errors[0]) : `[${errors.map((e) => (e as Error)?.message ?? String(e)).join(', ')}]`);
    this.name = 'AggregateError';
  }
}

/**
 * `MarkPodsNotReady` (fact 10): for each pod bound to `nodeName` whose Ready condition is not False
 * yet, writes Ready=False through the status subresource (lastTransitionTime now, the rest of the
 * condition kept), then records Warning `NodeNotReady` `Node is not ready` on the pod. A pod that
 * is gone is skipped without an event; other write failures are collected and thrown together
 * after every pod was tried (the event is still recorded for them, as upstream).
 */
export function markPodsNotReady(client: Client, recorder: EventRecorder, pods: readonly Pod[], nodeName: string, now: string): void {
  const errs: unknown[] = [];
  for (const p of pods) {
    if (p.spec?.nodeName !== nodeName) continue;
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready) continue;
    const pod = deepCopy(p);
    const status = pod.status as { conditions?: PodCondition[] };
    if (!updatePodCondition(status, { ...(ready as PodCondition), status: 'False' }, now)) continue;
    try {
      client.updateStatus('pods', pod as never);
    } catch (e) {
      if (isNotFound(e)) continue;
      errs.push(e);
    }
    recorder.event(pod as never, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errs.length) throw new AggregateError(errs);
}

/**
 * `SwapNodeControllerTaint`: adds `toAdd` (each stamped with timeAdded = now) and then removes
 * `toRemove`, on the live node. Returns false when either write failed.
 */
export function swapNodeControllerTaint(client: Client, toAdd: readonly Taint[], toRemove: readonly Taint[], node: Node, now: string): boolean {
  const name = node.metadata?.name ?? '';
  try {
    addOrUpdateTaintOnNode(client, name, toAdd.map((t) => ({ ...t, timeAdded: now })));
    removeTaintOffNode(client, name, node, toRemove);
  } catch {
    return false;
  }
  return true;
}
