import type { Handle, PluginFactory, QueuedPodInfo, QueueSortPlugin } from '../../framework/interface';

/**
 * PrioritySort (upstream pkg/scheduler/framework/plugins/queuesort): the active queue's order
 * (fact 73). A score-less, filter-less plugin, so it registers no cluster events.
 */
export const NAME = 'PrioritySort';

export class PrioritySort implements QueueSortPlugin {
  name(): string {
    return NAME;
  }

  /** Higher priority first; among equals, the pod queued earlier (strictly earlier timestamp) first. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.priority;
    const p2 = b.podInfo.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new PrioritySort();
