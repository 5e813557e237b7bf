import type { Pod } from 'kubernetes-types/core/v1';
import type { StateData } from '../../framework/cycle_state';
import { MAX_NODE_SCORE, type NodeInfo, type NodeScore } from '../../framework/types';
import {
  LABEL_HOSTNAME,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  type MatchCountMemo,
  type TopologySpreadConstraint,
} from './common';
import { RequiredNodeAffinity } from './node_inclusion';

/**
 * PreScore → Score state (fact 68). Per constraint: the matching-pod count of every domain that
 * holds a filtered node, except hostname constraints, whose per-node counts Score computes for the
 * one node it scores. Read-only after PreScore, so clone() returns itself.
 */
export class PreScoreState implements StateData {
  constraints: TopologySpreadConstraint[] = [];
  /** Filtered nodes missing some topology key: they score 0 and are left out of normalization. */
  readonly ignoredNodes = new Set<string>();
  topologyValueToPodCounts: Map<string, number>[] = [];
  /** ln(domains + 2) per constraint, so small topologies are not watered down by big ones. */
  topologyNormalizingWeight: number[] = [];
  /** The incoming pod's namespace (counts only look at pods in it). */
  namespace = 'default';

  clone(): PreScoreState {
    return this;
  }
}

/** Fact 68: weight = ln(size + 2); size can be 0 when no node has the keys (all then score 0). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** cnt × weight + (maxSkew − 1): maxSkew − 1 waters down differences the constraint tolerates. */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/**
 * Upstream initPreScoreState: register the domains of the filtered nodes (ignoring nodes that lack
 * a key when `requireAllTopologies`) and compute the normalizing weights.
 */
export function initPreScoreState(s: PreScoreState, filteredNodes: readonly NodeInfo[], requireAllTopologies: boolean): void {
  s.topologyValueToPodCounts = s.constraints.map(() => new Map<string, number>());
  const topoSize = s.constraints.map(() => 0);
  for (const nodeInfo of filteredNodes) {
    const labels = nodeInfo.node?.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, s.constraints)) {
      s.ignoredNodes.add(nodeInfo.name);
      continue;
    }
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      // Per-node counts are computed during Score.
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      // A missing label reads as "": with system defaults, zoneless nodes form one domain.
      const value = labels[c.topologyKey] ?? '';
      const m = s.topologyValueToPodCounts[i];
      if (!m.has(value)) {
        m.set(value, 0);
        topoSize[i]++;
      }
    }
  }
  s.topologyNormalizingWeight = s.constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - s.ignoredNodes.size : topoSize[i]),
  );
}

/** Upstream PreScore's processAllNode loop: count matching pods of every node into its domain. */
export function countAllNodes(s: PreScoreState, pod: Pod, allNodes: readonly NodeInfo[], requireAllTopologies: boolean, memo: MatchCountMemo): void {
  const required = new RequiredNodeAffinity(pod);
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node;
    if (!node) continue;
    const labels = node.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, s.constraints)) continue;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!matchNodeInclusionPolicies(c, pod, node, required)) continue;
      const value = labels[c.topologyKey] ?? '';
      const m = s.topologyValueToPodCounts[i];
      // Domains without a filtered node (and hostname, counted in Score) are skipped.
      const cur = m.get(value);
      if (cur === undefined) continue;
      m.set(value, cur + memo.count(nodeInfo, c.selector, c.selectorKey, s.namespace));
    }
  }
}

/** Upstream Score: Σ scoreForCount over the constraints whose key the node has, rounded. */
export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo, memo: MatchCountMemo): number {
  if (s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.node?.metadata?.labels ?? {};
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const tpVal = labels[c.topologyKey];
    if (tpVal === undefined) continue;
    const cnt =
      c.topologyKey === LABEL_HOSTNAME
        ? memo.count(nodeInfo, c.selector, c.selectorKey, s.namespace)
        : (s.topologyValueToPodCounts[i].get(tpVal) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]);
  }
  return goRound(score);
}

/** Go's math.Round: half away from zero (JS Math.round rounds half toward +∞). */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * Upstream NormalizeScore (fact 68): ignored nodes 0; if every other raw score is 0, all get 100;
 * else 100 × (max + min − raw) / max in integer arithmetic (fewer matching pods → higher score).
 */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  const INVALID = -1;
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) {
      sc.score = INVALID;
      continue;
    }
    if (sc.score < minScore) minScore = sc.score;
    if (sc.score > maxScore) maxScore = sc.score;
  }
  for (const sc of scores) {
    if (sc.score === INVALID) {
      sc.score = 0;
      continue;
    }
    if (maxScore === 0) {
      sc.score = MAX_NODE_SCORE;
      continue;
    }
    sc.score = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - sc.score)) / maxScore);
  }
}
