import type { Node, Pod, TopologySpreadConstraint as V1TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { labelSelectorFromObject, Selector, selectorFromSet } from '../../../api/selectors';
import type { NodeInfo } from '../../framework/types';
import { hasUntoleratedDoNotScheduleTaint, type RequiredNodeAffinity } from './node_inclusion';

/** Node label keys the defaults and the hostname special cases use (v1.LabelHostname, v1.LabelTopologyZone). */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type NodeInclusionPolicy = 'Honor' | 'Ignore';
export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';

/** A spread constraint with its selector parsed and its optional fields defaulted (upstream topologySpreadConstraint). */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  /** The selector as a string unique per selector, for memo keys (computed once per cycle). */
  selectorKey: string;
  minDomains: number;
  nodeAffinityPolicy: NodeInclusionPolicy;
  nodeTaintsPolicy: NodeInclusionPolicy;
}

/** Whether `node` counts as part of an eligible domain for this constraint. */
export function matchNodeInclusionPolicies(c: TopologySpreadConstraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.matches(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && hasUntoleratedDoNotScheduleTaint(node, pod)) return false;
  return true;
}

/** Distinguishes nothing from everything (both print as ''). */
export function selectorKeyOf(s: Selector): string {
  return s.isNothing() ? '\u0000nothing' : s.toString();
}

/**
 * Upstream `filterTopologySpreadConstraints`: the constraints with `whenUnsatisfiable == action`,
 * selectors parsed (a nil labelSelector selects nothing), matchLabelKeys ANDed in from the pod's
 * labels, and v1.32 defaults: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
 * @throws SelectorParseError for a selector the API server would have rejected.
 */
export function filterTopologySpreadConstraints(
  constraints: readonly V1TopologySpreadConstraint[],
  podLabels: Readonly<Record<string, string>>,
  action: UnsatisfiableConstraintAction,
): TopologySpreadConstraint[] {
  const result: TopologySpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = labelSelectorFromObject(c.labelSelector);
    if (c.matchLabelKeys && c.matchLabelKeys.length > 0) {
      const matchLabels: Record<string, string> = {};
      let any = false;
      for (const key of c.matchLabelKeys) {
        if (Object.prototype.hasOwnProperty.call(podLabels, key)) {
          matchLabels[key] = podLabels[key];
          any = true;
        }
      }
      if (any) selector = mergeLabelSetWithSelector(matchLabels, selector);
    }
    result.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      selectorKey: selectorKeyOf(selector),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as NodeInclusionPolicy | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as NodeInclusionPolicy | undefined) ?? 'Ignore',
    });
  }
  return result;
}

/**
 * `SelectorFromSet(matchLabels)` plus the requirements of `s`. A nil selector (nothing) has no
 * requirements to add, so the result selects by the match labels alone, as upstream.
 */
export function mergeLabelSetWithSelector(matchLabels: Record<string, string>, s: Selector): Selector {
  const merged = selectorFromSet(matchLabels);
  return s.isNothing() ? merged : merged.add(...s.requirements);
}

/** True when the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Readonly<Record<string, string>> | undefined, constraints: readonly TopologySpreadConstraint[]): boolean {
  if (!labels) return constraints.length === 0;
  for (const c of constraints) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

interface MemoEntry {
  generation: number;
  pods: unknown;
  length: number;
  counts: Map<string, number>;
}

/** Bounds the per-node memo so a cluster with many selectors does not grow it without limit. */
const MAX_SELECTORS_PER_NODE = 64;

/**
 * `countPodsMatchSelector` (pods in `ns` matching `selector`, terminating pods excluded, #87621),
 * memoized per NodeInfo (identity, generation and pods array) and selector, as upstream's
 * scoring/filtering memos do: a scheduling cycle re-counts only nodes that changed since the last
 * cycle instead of walking every pod of the cluster. Results equal the uncached count.
 */
export class MatchCountMemo {
  private readonly memo = new WeakMap<NodeInfo, MemoEntry>();

  count(nodeInfo: NodeInfo, selector: Selector, selectorKey: string, ns: string): number {
    let e = this.memo.get(nodeInfo);
    if (!e || e.generation !== nodeInfo.generation || e.pods !== nodeInfo.pods || e.length !== nodeInfo.pods.length) {
      e = { generation: nodeInfo.generation, pods: nodeInfo.pods, length: nodeInfo.pods.length, counts: new Map() };
      this.memo.set(nodeInfo, e);
    }
    const key = `${ns}\u0000${selectorKey}`;
    let n = e.counts.get(key);
    if (n === undefined) {
      n = countPodsMatchSelector(nodeInfo, selector, ns);
      if (e.counts.size >= MAX_SELECTORS_PER_NODE) e.counts.clear();
      e.counts.set(key, n);
    }
    return n;
  }
}

export function countPodsMatchSelector(nodeInfo: NodeInfo, selector: Selector, ns: string): number {
  if (selector.isNothing()) return 0;
  let count = 0;
  for (const pi of nodeInfo.pods) {
    const md = pi.pod.metadata;
    if (md?.deletionTimestamp || (md?.namespace ?? 'default') !== ns) continue;
    if (selector.matches(md?.labels)) count++;
  }
  return count;
}
