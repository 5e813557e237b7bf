import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import { updatePodCondition, type PodCondition } from '../../apiserver/conditions';
import type { Client } from '../../client/types';
import { TAINT_EFFECT_NO_EXECUTE } from '../util/taints';

/** The condition the controller puts on a pod before deleting it (v1.32, PodDisruptionConditions GA). */
export const DISRUPTION_TARGET_CONDITION: Readonly<PodCondition> = Object.freeze({
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
});

/** `getNoExecuteTaints`. */
export function getNoExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === TAINT_EFFECT_NO_EXECUTE);
}

/**
 * `getMinTolerationTime` (fact 13), in ms: the shortest `tolerationSeconds` among the tolerations
 * used (0 when there are none, or when one is zero or negative), or -1 when none sets it (the pod
 * tolerates for ever).
 */
export function getMinTolerationTimeMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * `addConditionAndDeletePod`: reads the pod, adds DisruptionTarget=True through the status
 * subresource when it is not there yet (lastTransitionTime `now`), then deletes the pod the normal,
 * graceful way. Throws what the API server answered.
 */
export function addConditionAndDeletePod(client: Client, namespace: string, name: string, now: string): void {
  const pod = client.get<Pod & KubeObject>('pods', namespace, name);
  const status = deepCopy(pod.status ?? {}) as { conditions?: PodCondition[] };
  if (updatePodCondition(status, { ...DISRUPTION_TARGET_CONDITION }, now)) {
    // utilpod.PatchPodStatus: a strategic merge patch of the status, guarded by the pod's UID.
    client.patch('pods', namespace, name, 'strategic', { metadata: { uid: pod.metadata?.uid }, status: { conditions: status.conditions } }, { subresource: 'status' });
  }
  client.delete('pods', namespace, name);
}
