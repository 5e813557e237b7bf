import type { KubeObject } from '../api/object';

/**
 * The condition helpers the API server's subresources and the controllers share, worded after
 * upstream's: podutil.UpdatePodCondition (pkg/api/pod), apimeta.SetStatusCondition
 * (apimachinery/pkg/api/meta/conditions.go) and the PodDisruptionBudget helpers of
 * k8s.io/component-helpers/apps/poddisruptionbudget. Timestamps are RFC 3339 strings the caller
 * takes from the virtual clock.
 */

/** A core/v1 PodCondition as JSON. `lastProbeTime` is left out when unset (Go writes `null`). */
export interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** A meta/v1 Condition as JSON (the shape of PodDisruptionBudget conditions). */
export interface MetaCondition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/**
 * UpdatePodCondition: puts `condition` into `status.conditions` in place of any condition of its
 * type (so fields it leaves out are cleared). lastTransitionTime is `now`, unless the status did not
 * change, in which case the old one is kept. Returns whether anything changed.
 */
export function updatePodCondition(status: { conditions?: PodCondition[] }, condition: PodCondition, now: string): boolean {
  const next: PodCondition = { ...condition, lastTransitionTime: now };
  const conditions = status.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) {
    status.conditions = [...conditions, next];
    return true;
  }
  const old = conditions[i];
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    next.status === old.status &&
    (next.reason ?? '') === (old.reason ?? '') &&
    (next.message ?? '') === (old.message ?? '') &&
    (next.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    next.lastTransitionTime === old.lastTransitionTime;
  status.conditions = conditions.map((c, j) => (j === i ? next : c));
  return !equal;
}

/**
 * SetStatusCondition: adds `condition` (lastTransitionTime `now` unless given), or updates the one
 * of its type field by field; lastTransitionTime moves only when the status changes. Returns
 * whether anything changed.
 */
export function setStatusCondition(conditions: MetaCondition[], condition: Omit<MetaCondition, 'lastTransitionTime'> & { lastTransitionTime?: string }, now: string): boolean {
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) {
    const added: MetaCondition = { ...condition, lastTransitionTime: condition.lastTransitionTime || now };
    // observedGeneration is `omitempty`: a zero is not written.
    if (!added.observedGeneration) delete added.observedGeneration;
    conditions.push(added);
    return true;
  }
  let changed = false;
  if (existing.status !== condition.status) {
    existing.status = condition.status;
    existing.lastTransitionTime = condition.lastTransitionTime || now;
    changed = true;
  }
  if (existing.reason !== condition.reason) {
    existing.reason = condition.reason;
    changed = true;
  }
  if (existing.message !== condition.message) {
    existing.message = condition.message;
    changed = true;
  }
  if ((existing.observedGeneration ?? 0) !== (condition.observedGeneration ?? 0)) {
    if (condition.observedGeneration) existing.observedGeneration = condition.observedGeneration;
    else delete existing.observedGeneration;
    changed = true;
  }
  return changed;
}

/** policy/v1 condition type and reasons of a PodDisruptionBudget. */
export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SYNC_FAILED_REASON = 'SyncFailed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';

/** The status fields of a policy/v1 PodDisruptionBudget. */
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: MetaCondition[];
}

export function pdbStatus(pdb: KubeObject): PdbStatus {
  return (pdb.status ?? {}) as PdbStatus;
}

/**
 * UpdateDisruptionAllowedCondition: DisruptionAllowed True/SufficientPods while disruptions are
 * allowed, else False/InsufficientPods, observedGeneration copied from the status. Mutates `status`.
 */
export function updateDisruptionAllowedCondition(status: PdbStatus, now: string): void {
  status.conditions ??= [];
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
      message: '',
      observedGeneration: status.observedGeneration ?? 0,
    },
    now,
  );
}

/** ConditionsAreUpToDate: the DisruptionAllowed condition says what disruptionsAllowed says, for this generation. */
export function conditionsAreUpToDate(pdb: KubeObject): boolean {
  const status = pdbStatus(pdb);
  const cond = (status.conditions ?? []).find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (!cond) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if ((status.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}
