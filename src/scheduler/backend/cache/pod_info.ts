import type { Pod } from 'kubernetes-types/core/v1';
import { PodInfo } from '../../framework/types';

/**
 * A PodInfo for `pod`, reusing what `prev` derived when it is the same pod (upstream PodInfo.Update:
 * for the same UID the derived data — requests, affinity terms — is taken as immutable, and only
 * the object is swapped). Callers use it only where the spec cannot have changed in between: an
 * unscheduled pod's updates (its requests and affinity are immutable until it runs), an assumed
 * pod and its binding's Add event.
 */
export function podInfoFor(pod: Pod, prev: PodInfo | undefined): PodInfo {
  if (!prev || prev.pod.metadata?.uid !== pod.metadata?.uid) return new PodInfo(pod);
  if (prev.pod === pod) return prev;
  return new PodInfo(pod, prev);
}
