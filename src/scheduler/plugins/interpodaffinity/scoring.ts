import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { StateData } from '../../framework/cycle_state';
import { affinityTermMatches, MAX_NODE_SCORE, type AffinityTerm, type NodeInfo, type NodeScore, type PodInfo, type WeightedAffinityTerm } from '../../framework/types';
import type { IncomingTerms } from './terms';

/** topologyKey → topologyValue → summed weight (upstream scoreMap). */
export type ScoreMap = Map<string, Map<string, number>>;

/** PreScore → Score state; read-only after PreScore, so clone() returns itself. */
export class PreScoreState implements StateData {
  constructor(
    readonly topologyScore: ScoreMap,
    readonly incoming: IncomingTerms,
    readonly namespaceLabels: Record<string, string> | undefined,
  ) {}

  clone(): PreScoreState {
    return this;
  }
}

function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Record<string, string> | undefined, node: Node, multiplier: number): void {
  if (!affinityTermMatches(term, pod, nsLabels)) return;
  const tpValue = node.metadata?.labels?.[term.topologyKey];
  if (tpValue === undefined) return;
  let values = m.get(term.topologyKey);
  if (!values) {
    values = new Map();
    m.set(term.topologyKey, values);
  }
  // int64(weight * multiplier) of two int32s.
  values.set(tpValue, (values.get(tpValue) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Record<string, string> | undefined, node: Node, multiplier: number): void {
  for (const t of terms) processTerm(m, t.term, t.weight, pod, nsLabels, node, multiplier);
}

/**
 * Fact 67, one existing pod on its node: the incoming pod's preferred (anti-)affinity terms the
 * existing pod matches (±weight), and the existing pod's required affinity terms (+hardPodAffinityWeight)
 * and preferred (anti-)affinity terms (±weight) the incoming pod matches, all credited to the
 * existing pod's topology pairs. A node without labels has no pairs and contributes nothing.
 */
export function processExistingPod(
  m: ScoreMap,
  s: PreScoreState,
  existing: PodInfo,
  node: Node,
  incomingPod: Pod,
  hardPodAffinityWeight: number,
): void {
  const labels = node.metadata?.labels;
  if (!labels || Object.keys(labels).length === 0) return;
  // The incoming pod's terms have namespaceSelector merged: no namespace labels needed.
  processTerms(m, s.incoming.preferredAffinityTerms, existing.pod, undefined, node, 1);
  processTerms(m, s.incoming.preferredAntiAffinityTerms, existing.pod, undefined, node, -1);
  if (hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, incomingPod, s.namespaceLabels, node, 1);
  }
  processTerms(m, existing.preferredAffinityTerms, incomingPod, s.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incomingPod, s.namespaceLabels, node, -1);
}

/** Upstream Score: the summed weights of the node's topology pairs (negative for anti-affinity). */
export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.node?.metadata?.labels ?? {};
  let score = 0;
  for (const [tpKey, values] of s.topologyScore) {
    const v = labels[tpKey];
    if (v !== undefined) score += values.get(v) ?? 0;
  }
  return score;
}

/**
 * Upstream NormalizeScore (v1.21+, PR #98096): min and max are taken over the scores themselves
 * (starting from ±MaxInt64, not from 0 as fact 67 and older releases have it), then
 * int64(100 × float64(raw − min) / float64(max − min)), or 0 everywhere when max == min. Nothing
 * changes when no topology scored (raw scores are then all 0).
 */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  if (s.topologyScore.size === 0) return;
  let minCount = Number.POSITIVE_INFINITY;
  let maxCount = Number.NEGATIVE_INFINITY;
  for (const sc of scores) {
    if (sc.score > maxCount) maxCount = sc.score;
    if (sc.score < minCount) minCount = sc.score;
  }
  const diff = maxCount - minCount;
  for (const sc of scores) {
    const f = diff > 0 ? MAX_NODE_SCORE * ((sc.score - minCount) / diff) : 0;
    sc.score = Math.trunc(f);
  }
}
