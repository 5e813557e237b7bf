import type { QueuedPodInfo } from '../../framework/interface';

/** Fact 72: podInitialBackoffSeconds 1, podMaxBackoffSeconds 10. */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** Fact 73: pods left in unschedulablePods longer than this are retried anyway. */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;

/**
 * Upstream calculateBackoffDuration: initial × 2^(attempts−1), capped at max; a pod never attempted
 * owes no backoff. Doubling stops once it would pass the cap, as upstream guards against overflow.
 */
export function calculateBackoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  if (attempts === 0) return 0;
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return d;
}

/** Upstream getBackoffTime: when the pod's backoff, counted from its queue timestamp, ends. */
export function backoffExpiry(qpi: QueuedPodInfo, initialMs: number, maxMs: number): number {
  return qpi.timestamp + calculateBackoffDuration(qpi.attempts, initialMs, maxMs);
}
