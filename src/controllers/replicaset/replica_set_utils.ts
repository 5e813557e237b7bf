import type { Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import { isPodReady } from '../../api/pod_status';
import { selectorFromSet } from '../../api/selectors';

export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * podutil.IsPodAvailable: Ready, and Ready for more than minReadySeconds (strictly: the Ready
 * transition plus minReadySeconds lies before now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Ready');
  const t = c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(t) && t + minReadySeconds * 1000 < nowMs;
}

/**
 * calculateStatus (replica_set_utils.go): counts over the active pods the set controls, and the
 * ReplicaFailure condition — set (FailedCreate / FailedDelete, with the error) when the last
 * manageReplicas failed and none is set yet, removed once a sync succeeds.
 */
export function calculateStatus(
  rs: ReplicaSet,
  pods: readonly Pod[],
  manageError: { reason: 'FailedCreate' | 'FailedDelete'; message: string } | undefined,
  nowMs: number,
  now: string,
): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata?.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const old = rs.status ?? { replicas: 0 };
  let conditions: ReplicaSetCondition[] = [...(old.conditions ?? [])];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failure) {
    conditions.push({ type: REPLICA_FAILURE, status: 'True', lastTransitionTime: now, reason: manageError.reason, message: manageError.message });
  } else if (!manageError && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = {
    ...old,
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (conditions.length) status.conditions = conditions;
  else delete status.conditions;
  return status;
}
