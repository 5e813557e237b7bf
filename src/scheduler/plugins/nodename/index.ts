import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle_state';
import { ActionType, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type Handle, type PluginFactory } from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo } from '../../framework/types';

/**
 * NodeName (upstream pkg/scheduler/framework/plugins/nodename, v1.32): a pod that names a node in
 * `spec.nodeName` fits only that node.
 */
export const NAME = 'NodeName';

/** Fact 78. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Upstream nodename.Fits: no requested name, or the node's own name. */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === nodeInfo.node?.metadata?.name;
}

export class NodeName implements FilterPlugin, EnqueueExtensions {
  private readonly mismatch = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON], NAME);

  name(): string {
    return NAME;
  }

  /** v1.32 with SchedulerQueueingHints on: only the named node being added can help. */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' }];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    return fits(pod, nodeInfo) ? Status.success() : this.mismatch;
  }

  /** A pod that names no node passes every node at once (FilterPlugin.filterNodes). */
  filterNodes(_state: CycleState, pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean {
    if (!pod.spec?.nodeName) return true;
    let all = true;
    for (let i = 0; i < count; i++) {
      const pass = fits(pod, nodes[i]);
      out[i] = pass ? Status.success() : this.mismatch;
      all &&= pass;
    }
    return all;
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new NodeName();
