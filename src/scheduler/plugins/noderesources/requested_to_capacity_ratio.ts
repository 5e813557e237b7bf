import type { ResourceSpec, UtilizationShapePoint } from '../../apis/config/types';
import { MAX_NODE_SCORE } from '../../framework/types';
import { buildBrokenLinearFunction, type FunctionShapePoint } from '../helper/shape_score';
import type { ResourceScorer } from './resource_allocation';

/**
 * RequestedToCapacityRatio (upstream noderesources/requested_to_capacity_ratio.go, v1.32): a
 * user-given utilization → score curve per resource.
 */

/** config.MaxCustomPriorityScore: the shape's scores are on a 0–10 scale. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

/**
 * The shape's scores scaled from the 0–10 config scale to 0–100 (×10), then per resource
 * `f(requested × 100 / capacity)` (integer utilization; f(100) when over capacity). Resources
 * scoring 0 are left out of the weighted mean, which is rounded (math.Round), not truncated.
 */
export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): ResourceScorer {
  const points: FunctionShapePoint[] = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * Math.trunc(MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
  }));
  const raw = buildBrokenLinearFunction(points);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  };
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable, n, out) => {
    for (let i = 0; i < n; i++) {
      let nodeScore = 0;
      let weightSum = 0;
      for (let r = 0; r < weights.length; r++) {
        const a = allocatable[r][i];
        if (a === 0) continue;
        const s = resourceScore(requested[r][i], a);
        if (s > 0) {
          nodeScore += s * weights[r];
          weightSum += weights[r];
        }
      }
      // Go's math.Round rounds halves away from zero; the mean is never negative, so Math.round agrees.
      out[i] = weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
    }
  };
}
