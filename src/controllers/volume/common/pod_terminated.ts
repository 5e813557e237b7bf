import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

/** volumeutil's notRunning: every container is terminated or waiting (none is running). */
const notRunning = (statuses: readonly ContainerStatus[] | undefined): boolean => (statuses ?? []).every((s) => !!s.state?.terminated || !!s.state?.waiting);

/**
 * volumeutil.IsPodTerminated: the pod finished (Succeeded or Failed), or is being deleted and none
 * of its containers is running.
 */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  return !!pod.metadata?.deletionTimestamp && notRunning(pod.status?.initContainerStatuses) && notRunning(pod.status?.containerStatuses) && notRunning(pod.status?.ephemeralContainerStatuses);
}
