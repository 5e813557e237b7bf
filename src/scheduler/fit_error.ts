import type { Pod } from 'kubernetes-types/core/v1';
import type { NodeToStatus } from './framework/interface';
import { Code, Status } from './framework/status';

/** framework.NoNodeAvailableMsg. */
export const NO_NODE_AVAILABLE_MSG = '0/%v nodes are available';
/** ErrNoNodesAvailable's message: the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * Why a pod fits nowhere (upstream framework.Diagnosis): the status of each node that was checked
 * and rejected, the status assumed for nodes absent from that map (set when PreFilter rejected the
 * pod or narrowed the nodes), the plugins that rejected it, and the PreFilter/PostFilter messages.
 */
export class Diagnosis {
  readonly nodeToStatus: NodeToStatus = new Map();
  /** Upstream's default: UnschedulableAndUnresolvable without reasons (absent nodes add none). */
  absentNodesStatus: Status = Status.of(Code.UnschedulableAndUnresolvable);
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  preFilterMsg = '';
  postFilterMsg = '';

  /** Upstream AddPluginStatus: records the plugin of a rejection (and of Pending). */
  addPluginStatus(s: Status): void {
    if (!s.plugin) return;
    if (s.isRejected()) this.unschedulablePlugins.add(s.plugin);
    if (s.code === Code.Pending) this.pendingPlugins.add(s.plugin);
  }

  /**
   * The map with every one of `allNodes` present: absent nodes get the absent-nodes status. For
   * PostFilter, whose plugins look nodes up by name.
   */
  completeNodeToStatus(allNodes: readonly string[]): NodeToStatus {
    if (this.nodeToStatus.size >= allNodes.length) return this.nodeToStatus;
    const out: NodeToStatus = new Map(this.nodeToStatus);
    for (const n of allNodes) if (!out.has(n)) out.set(n, this.absentNodesStatus);
    return out;
  }
}

/**
 * A pod that fits on no node (upstream framework.FitError). `error()` is the message of facts
 * 74-75: `0/<n> nodes are available:`, then ` <preFilterMsg>.` when PreFilter rejected, else the
 * string-sorted histogram of reasons (`<count> <reason>`, nodes absent from the map counted with
 * the absent-nodes status) and `.`, then ` <postFilterMsg>` (preemption's message brings its own
 * full stop).
 */
export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  error(): string {
    let msg = `0/${this.numAllNodes} nodes are available:`;
    const d = this.diagnosis;
    if (d.preFilterMsg) {
      msg += ` ${d.preFilterMsg}.`;
    } else {
      const reasons = new Map<string, number>();
      for (const s of d.nodeToStatus.values()) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      const absent = this.numAllNodes - d.nodeToStatus.size;
      if (absent > 0) for (const r of d.absentNodesStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent);
      const histogram = [...reasons].map(([r, n]) => `${n} ${r}`).sort(goStringLess);
      if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
    }
    if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
    return msg;
  }
}

/** Go's sort.Strings order: by bytes (UTF-16 code units agree for the ASCII our reasons use). */
function goStringLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
