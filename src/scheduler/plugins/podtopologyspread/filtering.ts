import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { StateData } from '../../framework/cycle_state';
import type { NodeInfo } from '../../framework/types';
import {
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  type MatchCountMemo,
  type TopologySpreadConstraint,
} from './common';
import { RequiredNodeAffinity } from './node_inclusion';

/** Go's math.MaxInt32, the "no path yet" match number of a critical path. */
export const MAX_INT32 = 2147483647;

export interface CriticalPath {
  topologyValue: string;
  matchNum: number;
}

/**
 * The two smallest-count domains of a constraint. paths[0].matchNum is always the global minimum;
 * paths[1] is ≥ it but not necessarily the second minimum. Two entries suffice because preemption
 * only ever changes pods on one node, evaluated on its own clone of the state.
 */
export class CriticalPaths {
  readonly paths: [CriticalPath, CriticalPath] = [
    { topologyValue: '', matchNum: MAX_INT32 },
    { topologyValue: '', matchNum: MAX_INT32 },
  ];

  update(tpVal: string, num: number): void {
    const p = this.paths;
    const i: 0 | 1 | undefined = tpVal === p[0].topologyValue ? 0 : tpVal === p[1].topologyValue ? 1 : undefined;
    if (i !== undefined) {
      p[i].matchNum = num;
      if (p[0].matchNum > p[1].matchNum) {
        const t = p[0];
        p[0] = p[1];
        p[1] = t;
      }
    } else if (num < p[0].matchNum) {
      p[1] = { ...p[0] };
      p[0] = { topologyValue: tpVal, matchNum: num };
    } else if (num < p[1].matchNum) {
      p[1] = { topologyValue: tpVal, matchNum: num };
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.paths[0] = { ...this.paths[0] };
    c.paths[1] = { ...this.paths[1] };
    return c;
  }
}

/**
 * PreFilter → Filter state. Per constraint (by index): the matching-pod count of every eligible
 * domain, and the critical paths. Constraints are shared by clones (they never change); counts
 * are copied because preemption's what-ifs change them.
 */
export class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly TopologySpreadConstraint[],
    readonly criticalPaths: CriticalPaths[],
    readonly tpValueToMatchNum: Map<string, number>[],
    /** The incoming pod's required node affinity, parsed once for AddPod/RemovePod. */
    readonly requiredNodeAffinity: RequiredNodeAffinity | undefined,
  ) {}

  /** The global minimum for the skew; 0 while fewer domains than minDomains are eligible. */
  minMatchNum(i: number, minDomains: number): number {
    return this.tpValueToMatchNum[i].size < minDomains ? 0 : this.criticalPaths[i].paths[0].matchNum;
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.criticalPaths.map((p) => p.clone()),
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.requiredNodeAffinity,
    );
  }
}

/**
 * Upstream calPreFilterState: for every node that has all topology keys and passes each
 * constraint's inclusion policies, add its matching pods to the node's domain; then build the
 * critical paths. Map iteration order is insertion order here (upstream's is random); critical
 * paths with tied counts may therefore name a different domain, which Filter never looks at.
 */
export function calPreFilterState(
  pod: Pod,
  constraints: TopologySpreadConstraint[],
  allNodes: readonly NodeInfo[],
  memo: MatchCountMemo,
): PreFilterState {
  const required = new RequiredNodeAffinity(pod);
  const ns = pod.metadata?.namespace ?? 'default';
  const tpValueToMatchNum = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node;
    if (!node) continue;
    const labels = node.metadata?.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!matchNodeInclusionPolicies(c, pod, node, required)) continue;
      const value = labels![c.topologyKey];
      const count = memo.count(nodeInfo, c.selector, c.selectorKey, ns);
      const m = tpValueToMatchNum[i];
      m.set(value, (m.get(value) ?? 0) + count);
    }
  }
  const criticalPaths = tpValueToMatchNum.map((m) => {
    const p = new CriticalPaths();
    for (const [value, num] of m) p.update(value, num);
    return p;
  });
  return new PreFilterState(constraints, criticalPaths, tpValueToMatchNum, required);
}

/**
 * Upstream updateWithPod (AddPod/RemovePod): adjust the counts as if `updatedPod` were added to or
 * removed from `node`. Only pods in the preemptor's namespace on nodes with every topology key that
 * pass the inclusion policies count.
 */
export function updateWithPod(s: PreFilterState, updatedPod: Pod, preemptor: Pod, node: Node | undefined, delta: 1 | -1): void {
  if (!node || (updatedPod.metadata?.namespace ?? 'default') !== (preemptor.metadata?.namespace ?? 'default')) return;
  const labels = node.metadata?.labels;
  if (!nodeLabelsMatchSpreadConstraints(labels, s.constraints)) return;
  const required = s.requiredNodeAffinity ?? new RequiredNodeAffinity(preemptor);
  const podLabels = updatedPod.metadata?.labels;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!c.selector.matches(podLabels)) continue;
    if (!matchNodeInclusionPolicies(c, preemptor, node, required)) continue;
    const v = labels![c.topologyKey];
    const m = s.tpValueToMatchNum[i];
    const n = (m.get(v) ?? 0) + delta;
    m.set(v, n);
    s.criticalPaths[i].update(v, n);
  }
}
