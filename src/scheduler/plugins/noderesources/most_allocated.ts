import type { ResourceSpec } from '../../apis/config/types';
import { MAX_NODE_SCORE } from '../../framework/types';
import { type ResourceScorer, weightedMeanScorer } from './resource_allocation';

/**
 * MostAllocated (upstream noderesources/most_allocated.go; fact 62): bin-packing, prefer the fullest
 * nodes. Per resource `requested × 100 / allocatable` with requested capped at allocatable (the
 * fact-59 defaults can push it over); weighted integer mean as LeastAllocated.
 */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedMeanScorer(resources, mostRequestedScore);
}
