import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * Toleration matching, after k8s.io/api core/v1 toleration.go (v1.32) and
 * pkg/apis/core/v1/helper (GetMatchingTolerations).
 */

export const TOLERATION_OP_EXISTS = 'Exists';
export const TOLERATION_OP_EQUAL = 'Equal';

/**
 * `Toleration.ToleratesTaint` (fact 14):
 * - an empty effect matches every effect, otherwise the effects must be equal;
 * - an empty key (which validation allows only with `Exists`) matches every key, otherwise the
 *   keys must be equal;
 * - `Equal` (also the meaning of an empty operator) compares values, `Exists` ignores them;
 *   any other operator tolerates nothing.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case TOLERATION_OP_EQUAL:
      return (toleration.value ?? '') === (taint.value ?? '');
    case TOLERATION_OP_EXISTS:
      return true;
    default:
      return false;
  }
}

/** `TolerationsTolerateTaint`: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

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
    const match = list.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}
