import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import {
  conditionsAreUpToDate,
  DISRUPTION_ALLOWED_CONDITION,
  pdbStatus,
  setStatusCondition,
  SYNC_FAILED_REASON,
  updateDisruptionAllowedCondition,
  type PdbStatus,
} from '../../apiserver/conditions';

/**
 * The disruption controller's decisions (pkg/controller/disruption/disruption.go), as pure
 * functions of a budget, its pods and the time: no reads, no writes.
 */

/**
 * DeletionTimeout: how long an eviction's entry in status.disruptedPods keeps the pod out of the
 * healthy count while its deletion is expected. After that the pod is assumed to stay.
 */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export { scaledValueFromIntOrPercent } from '../util/intstr';

/** The instant an RFC 3339 timestamp stands for, in epoch milliseconds. */
export function parseTime(ts: string): number {
  return Date.parse(ts);
}

/**
 * buildDisruptedPodMap: the disruptedPods entries still worth keeping — those of existing pods
 * that are not being deleted yet and whose DeletionTimeout has not run out — and the earliest time
 * one of them runs out (when the budget must be looked at again). `expired` lists the pods whose
 * deletion never came (the controller warns about them).
 */
export function buildDisruptedPodMap(
  pods: KubeObject[],
  status: PdbStatus,
  nowMs: number,
): { disruptedPods: Record<string, string>; recheckAtMs?: number; expired: KubeObject[] } {
  const known = status.disruptedPods;
  const disruptedPods: Record<string, string> = {};
  const expired: KubeObject[] = [];
  let recheckAtMs: number | undefined;
  if (!known) return { disruptedPods, expired };
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue; // already being deleted
    const at = known[pod.metadata!.name!];
    if (at === undefined) continue;
    const expectedDeletion = parseTime(at) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < nowMs) {
      expired.push(pod);
    } else {
      if (recheckAtMs === undefined || expectedDeletion < recheckAtMs) recheckAtMs = expectedDeletion;
      disruptedPods[pod.metadata!.name!] = at;
    }
  }
  return { disruptedPods, recheckAtMs, expired };
}

/** countHealthyPods: pods that are Ready, not being deleted and not about to be deleted by an eviction. */
export function countHealthyPods(pods: KubeObject[], disruptedPods: Record<string, string>, nowMs: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata!.name!];
    if (at !== undefined && parseTime(at) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod as Pod)) healthy++;
  }
  return healthy;
}

export interface Counts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedCount: number;
  disruptedPods: Record<string, string>;
}

/**
 * updatePdbStatus's decision: the status the budget should have, or undefined when it has it
 * already (then nothing is written). disruptionsAllowed = currentHealthy - desiredHealthy, but 0
 * while no pod is expected, so a budget whose first pods appear is safe before the next sync.
 * observedGeneration is the budget's generation (fact 172).
 */
export function desiredStatus(pdb: KubeObject, c: Counts, now: string): PdbStatus | undefined {
  let disruptionsAllowed = c.currentHealthy - c.desiredHealthy;
  if (c.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const old = pdbStatus(pdb);
  const generation = pdb.metadata?.generation ?? 0;
  if (
    (old.currentHealthy ?? 0) === c.currentHealthy &&
    (old.desiredHealthy ?? 0) === c.desiredHealthy &&
    (old.expectedPods ?? 0) === c.expectedCount &&
    (old.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    sameDisruptedPods(old.disruptedPods, c.disruptedPods) &&
    (old.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return undefined;
  }
  const status: PdbStatus = {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy: c.currentHealthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedCount,
    conditions: structuredClone(old.conditions ?? []),
  };
  // An empty map is not written (omitempty), so it compares equal to none.
  if (Object.keys(c.disruptedPods).length) status.disruptedPods = c.disruptedPods;
  updateDisruptionAllowedCondition(status, now);
  return status;
}

/** failSafe's status: no disruptions allowed, DisruptionAllowed False/SyncFailed with the error. */
export function failSafeStatus(pdb: KubeObject, message: string, now: string): PdbStatus {
  const status = structuredClone(pdbStatus(pdb));
  status.disruptionsAllowed = 0;
  status.conditions ??= [];
  setStatusCondition(
    status.conditions,
    { type: DISRUPTION_ALLOWED_CONDITION, status: 'False', reason: SYNC_FAILED_REASON, message, observedGeneration: status.observedGeneration ?? 0 },
    now,
  );
  return status;
}

/** apiequality.Semantic.DeepEqual of two disruptedPods maps (a nil and an empty map are equal). */
function sameDisruptedPods(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => parseTime(a![k]) === (b[k] === undefined ? NaN : parseTime(b[k])));
}
