import type { Pod } from 'kubernetes-types/core/v1';
import { ActionType, type ClusterEvent, type EnqueueExtensions, type Handle, type PluginFactory, type PreEnqueuePlugin } from '../../framework/interface';
import { Code, Status } from '../../framework/status';

/**
 * SchedulingGates (upstream pkg/scheduler/framework/plugins/schedulinggates, v1.32): a pod with
 * `spec.schedulingGates` stays out of the active queue until every gate is removed.
 */
export const NAME = 'SchedulingGates';

/** The gated pod's message: the gate names in Go's `%v` of a []string (`[a b]`). */
export function errReasonWaitingForGates(gates: readonly string[]): string {
  return `waiting for scheduling gates: [${gates.join(' ')}]`;
}

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  name(): string {
    return NAME;
  }

  /**
   * Pending (kubespec's PreEnqueue rejection code; upstream returns UnschedulableAndUnresolvable
   * from PreEnqueue with the same meaning) while any gate remains.
   */
  preEnqueue(pod: Pod): Status {
    const gates = pod.spec?.schedulingGates;
    if (!gates || gates.length === 0) return Status.success();
    return new Status(Code.Pending, [errReasonWaitingForGates(gates.map((g) => g.name))], NAME);
  }

  /** With SchedulerQueueingHints on (v1.32 default), the pod is retried when its gates are all removed. */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated, label: 'PodSchedulingGateChange' }];
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new SchedulingGates();
