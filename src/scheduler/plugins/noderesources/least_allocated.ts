import type { ResourceSpec } from '../../apis/config/types';
import { MAX_NODE_SCORE } from '../../framework/types';
import { type ResourceScorer, weightedMeanScorer } from './resource_allocation';

/**
 * LeastAllocated (upstream noderesources/least_allocated.go; fact 61): prefer nodes with the most
 * room left. Per resource `(allocatable − requested) × 100 / allocatable`, 0 when over-requested;
 * the node score is the weighted integer mean over the resources the node has.
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedMeanScorer(resources, leastRequestedScore);
}
