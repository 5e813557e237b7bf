import type { KubeObject } from '../../api/object';
import { isPodPhaseTerminal } from '../../api/pod_status';
import type { PodCondition } from '../../apiserver/conditions';
import { DISRUPTION_TARGET } from '../../apiserver/eviction';
import { parseTime } from './budget';

/**
 * stalePodDisruptionTimeout: how long a pod may carry DisruptionTarget=True without being deleted
 * (say the eviction's DELETE failed) before the controller sets the condition back to False.
 */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;
/** v1.PodReasonTerminationByKubelet: the kubelet's own disruption conditions are never stale. */
export const POD_REASON_TERMINATION_BY_KUBELET = 'TerminationByKubelet';

/**
 * nonTerminatingPodHasStaleDisruptionCondition: whether `pod` has a DisruptionTarget=True condition
 * that will need resetting, and how long until it is stale (0: now). Pods being deleted or in a
 * terminal phase, and conditions the kubelet set, are left alone.
 */
export function staleDisruptionCondition(pod: KubeObject, nowMs: number): { stale: boolean; waitMs: number } {
  if (pod.metadata?.deletionTimestamp) return { stale: false, waitMs: 0 };
  const status = (pod.status ?? {}) as { phase?: string; conditions?: PodCondition[] };
  const cond = (status.conditions ?? []).find((c) => c.type === DISRUPTION_TARGET);
  if (!cond || cond.status !== 'True' || cond.reason === POD_REASON_TERMINATION_BY_KUBELET || isPodPhaseTerminal(status.phase)) {
    return { stale: false, waitMs: 0 };
  }
  const since = nowMs - (cond.lastTransitionTime ? parseTime(cond.lastTransitionTime) : 0);
  return { stale: true, waitMs: Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - since) };
}
