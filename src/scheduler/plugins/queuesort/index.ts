import type { Pod } from 'kubernetes-types/core/v1';
import type { Handle, PluginFactory, QueuedPodInfo, QueueSortPlugin } from '../../framework/interface';

/**
 * PrioritySort (upstream pkg/scheduler/framework/plugins/queuesort): the active queue's order
 * (fact 73). A score-less, filter-less plugin, so it registers no cluster events.
 */
export const NAME = 'PrioritySort';

/** Upstream corev1helpers.PodPriority: spec.priority, 0 when unset (admission normally sets it). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

export class PrioritySort implements QueueSortPlugin {
  name(): string {
    return NAME;
  }

  /** Higher priority first; among equals, the pod queued earlier (strictly earlier timestamp) first. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = podPriority(a.podInfo.pod);
    const p2 = podPriority(b.podInfo.pod);
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new PrioritySort();
