import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { StateData } from '../../framework/cycle_state';
import { affinityTermMatches, type AffinityTerm, type NodeInfo, type PodInfo } from '../../framework/types';
import type { IncomingTerms } from './terms';

/** Fact 78. Affinity failures are UnschedulableAndUnresolvable; anti-affinity ones Unschedulable. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** A topology pair `key=value` as one map key (NUL cannot occur in label keys). */
export const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** topologyPair → number of matching pods (upstream topologyToMatchedTermCount). Zero entries are deleted. */
export type TopologyCounts = Map<string, number>;

function update(m: TopologyCounts, node: Node, tk: string, value: number): void {
  const tv = node.metadata?.labels?.[tk];
  if (tv === undefined) return;
  const k = pairKey(tk, tv);
  const n = (m.get(k) ?? 0) + value;
  // value can be negative (RemovePod): an entry down to zero is dropped.
  if (n === 0) m.delete(k);
  else m.set(k, n);
}

/** True when `pod` matches every term; false for no terms. Incoming terms have namespaces merged, so no labels are needed. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, pod, undefined)) return false;
  return true;
}

/** +value on each term's pair of `node` when `pod` matches ALL the (incoming pod's) affinity terms. */
export function updateWithAffinityTerms(m: TopologyCounts, terms: readonly AffinityTerm[], pod: Pod, node: Node, value: number): void {
  if (!podMatchesAllAffinityTerms(terms, pod)) return;
  for (const t of terms) update(m, node, t.topologyKey, value);
}

/** +value on the pair of `node` for each anti-affinity term `pod` matches. */
export function updateWithAntiAffinityTerms(
  m: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: Record<string, string> | undefined,
  node: Node,
  value: number,
): void {
  for (const t of terms) if (affinityTermMatches(t, pod, nsLabels)) update(m, node, t.topologyKey, value);
}

/** PreFilter → Filter state (upstream preFilterState); counts are copied on clone, the pod's terms shared. */
export class PreFilterState implements StateData {
  constructor(
    /** Pairs where existing pods have required anti-affinity terms that match the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs where existing pods match all the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs where existing pods match one of the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    readonly incoming: IncomingTerms,
    /** The incoming pod's namespace labels, for existing pods' terms with a namespaceSelector. */
    readonly namespaceLabels: Record<string, string> | undefined,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      new Map(this.existingAntiAffinityCounts),
      new Map(this.affinityCounts),
      new Map(this.antiAffinityCounts),
      this.incoming,
      this.namespaceLabels,
    );
  }

  /** AddPod (+1) / RemovePod (−1) of `pi` on `node`. */
  updateWithPod(pi: PodInfo, node: Node | undefined, multiplier: 1 | -1): void {
    if (!node) return;
    updateWithAntiAffinityTerms(this.existingAntiAffinityCounts, pi.requiredAntiAffinityTerms, this.incoming.pod, this.namespaceLabels, node, multiplier);
    updateWithAffinityTerms(this.affinityCounts, this.incoming.requiredAffinityTerms, pi.pod, node, multiplier);
    updateWithAntiAffinityTerms(this.antiAffinityCounts, this.incoming.requiredAntiAffinityTerms, pi.pod, undefined, node, multiplier);
  }
}

/** Existing pods' required anti-affinity terms that match the incoming pod, only over nodes hosting such pods. */
export function getExistingAntiAffinityCounts(pod: Pod, nsLabels: Record<string, string> | undefined, nodes: readonly NodeInfo[]): TopologyCounts {
  const result: TopologyCounts = new Map();
  for (const nodeInfo of nodes) {
    const node = nodeInfo.node;
    if (!node) continue;
    for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
      updateWithAntiAffinityTerms(result, existing.requiredAntiAffinityTerms, pod, nsLabels, node, 1);
    }
  }
  return result;
}

/** Existing pods matching the incoming pod's required (anti-)affinity terms; nothing to walk when it has none. */
export function getIncomingAffinityAntiAffinityCounts(incoming: IncomingTerms, allNodes: readonly NodeInfo[]): [TopologyCounts, TopologyCounts] {
  const affinity: TopologyCounts = new Map();
  const anti: TopologyCounts = new Map();
  if (incoming.requiredAffinityTerms.length === 0 && incoming.requiredAntiAffinityTerms.length === 0) return [affinity, anti];
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node;
    if (!node) continue;
    for (const existing of nodeInfo.pods) {
      updateWithAffinityTerms(affinity, incoming.requiredAffinityTerms, existing.pod, node, 1);
      updateWithAntiAffinityTerms(anti, incoming.requiredAntiAffinityTerms, existing.pod, undefined, node, 1);
    }
  }
  return [affinity, anti];
}

/** No existing pod's anti-affinity term covers any pair of this node. */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.node?.metadata?.labels ?? {};
  for (const k in labels) if ((s.existingAntiAffinityCounts.get(pairKey(k, labels[k])) ?? 0) > 0) return false;
  return true;
}

/** No pod matching one of the incoming pod's anti-affinity terms is in the node's domain of that term. */
export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.node?.metadata?.labels ?? {};
  for (const t of s.incoming.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && (s.antiAffinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return false;
  }
  return true;
}

/**
 * The node has every term's topology key and each of its domains holds a pod matching all terms —
 * or, for the first pod of a group with affinity to itself: no pod anywhere matches and the pod
 * matches its own terms (so such pods are not pending forever).
 */
export function satisfyPodAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  const labels = nodeInfo.node?.metadata?.labels ?? {};
  let podsExist = true;
  for (const t of s.incoming.requiredAffinityTerms) {
    const v = labels[t.topologyKey];
    // All topology labels must exist on the node.
    if (v === undefined) return false;
    if ((s.affinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.incoming.requiredAffinityTerms, s.incoming.pod);
}
