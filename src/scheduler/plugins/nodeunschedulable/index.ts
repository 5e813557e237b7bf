import type { Pod, Taint } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle_state';
import { ActionType, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type Handle, type PluginFactory } from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo } from '../../framework/types';
import { TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from '../../../api/scheduling/toleration';

/**
 * NodeUnschedulable (upstream pkg/scheduler/framework/plugins/nodeunschedulable, v1.32): a cordoned
 * node (`spec.unschedulable: true`) takes only pods that tolerate
 * `node.kubernetes.io/unschedulable:NoSchedule` (fact 78).
 */
export const NAME = 'NodeUnschedulable';

/** Fact 78. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** A NodeInfo without its Node object. */
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';

/** The taint a cordoned node is treated as carrying, whether or not the node lifecycle controller added it yet. */
const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  private readonly unschedulable = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNSCHEDULABLE], NAME);
  private readonly unknown = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNKNOWN_CONDITION], NAME);

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on: a new node, an uncordon (delivered as UpdateNodeTaint), or a
   * toleration added to the pod itself.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint, label: 'NodeAdd|UpdateNodeTaint' },
      { resource: 'Pod', actionType: ActionType.UpdatePodTolerations, label: 'PodTolerationChange' },
    ];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!nodeInfo.node) return this.unknown;
    if (!nodeInfo.unschedulable) return Status.success();
    return tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT) ? Status.success() : this.unschedulable;
  }

  /** FilterPlugin.filterNodes: `filter` per node, the pod's toleration looked up once per batch. */
  filterNodes(_state: CycleState, pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean {
    let all = true;
    let tolerates: boolean | undefined;
    for (let i = 0; i < count; i++) {
      const ni = nodes[i];
      if (!ni.node) {
        out[i] = this.unknown;
        all = false;
      } else if (!ni.unschedulable) {
        out[i] = Status.success();
      } else {
        tolerates ??= tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT);
        out[i] = tolerates ? Status.success() : this.unschedulable;
        if (!tolerates) all = false;
      }
    }
    return all;
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new NodeUnschedulable();
