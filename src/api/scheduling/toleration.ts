import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * Toleration matching (SEMANTICS §1 fact 14; upstream core/v1 Toleration.ToleratesTaint and
 * component-helpers scheduling/corev1 FindMatchingUntoleratedTaint). Shared by the scheduler's
 * TaintToleration and NodeUnschedulable plugins, the taint-eviction controller, the kubelet's
 * admission and the DaemonSet controller, so they can never disagree on what a toleration covers.
 */

/** The taint every node with `spec.unschedulable: true` is treated as having (upstream v1.TaintNodeUnschedulable). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/**
 * Fact 14: an empty `effect` matches every effect, otherwise the effects must be equal; an empty
 * `key` skips the key comparison (with `operator: Exists` that tolerates every taint; API validation
 * forbids an empty key with `Equal`); `Equal` (also the empty operator) compares values, `Exists`
 * ignores them; any other operator tolerates nothing. Missing values read as "".
 */
export function tolerationToleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Upstream TolerationsTolerateTaint: some toleration of the list tolerates `taint`. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (tolerationToleratesTaint(tolerations[i], taint)) return true;
  return false;
}

/**
 * Upstream FindMatchingUntoleratedTaint: the first taint, in the node's order, that passes
 * `inclusionFilter` and that no toleration tolerates; `undefined` when every included taint is
 * tolerated. The first one matters: its key and value are what the filter's reason names.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  inclusionFilter: (taint: Taint) => boolean,
): Taint | undefined {
  if (!taints) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (!inclusionFilter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** Upstream helper.DoNotScheduleTaintsFilterFunc: only NoSchedule and NoExecute taints keep pods off a node. */
export function doNotScheduleTaintsFilter(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}
