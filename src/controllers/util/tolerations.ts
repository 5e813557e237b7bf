import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { tolerationToleratesTaint, tolerationsTolerateTaint } from '../../api/scheduling/toleration';

/** pkg/apis/core/v1/helper GetMatchingTolerations, over the shared toleration matching. */

export const TOLERATION_OP_EXISTS = 'Exists';
export const TOLERATION_OP_EQUAL = 'Equal';

/** `Toleration.ToleratesTaint` (fact 14), shared with the scheduler: src/api/scheduling/toleration.ts. */
export const toleratesTaint = tolerationToleratesTaint;
export { tolerationsTolerateTaint };

/**
 * `GetMatchingTolerations`: whether every taint is tolerated and, if so, the toleration used for
 * each taint — the first one in the pod's list that tolerates it, not the most lenient. No taints:
 * tolerated, with no tolerations used.
 */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  const list = tolerations ?? [];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = list.find((t) => tolerationToleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}
