import type { Pod } from 'kubernetes-types/core/v1';
import type { DeleteOptions, Eviction } from '../api/client_types';
import { deepCopy } from '../api/freeze';
import type { KubeObject, StatusError } from '../api/object';
import { isConflict } from '../api/object';
import { isPodReady } from '../api/pod_status';
import { labelSelectorFromObject } from '../api/selectors';
import { pdbStatus, updateDisruptionAllowedCondition, updatePodCondition, type PodCondition } from './conditions';
import * as errors from './errors';

/**
 * POST pods/{name}/eviction (pkg/registry/core/pod/storage/eviction.go, policy/v1, v1.32): a pod
 * DELETE that honours the PodDisruptionBudget covering the pod.
 *
 * The API server is synchronous and atomic, so nothing can change between the reads and writes of
 * one eviction; upstream's retry-on-conflict loops (EvictionsRetry) therefore have nothing to
 * retry and are left out. A conflict can still come from the caller's own preconditions.
 */

/**
 * MaxDisruptedPodSize: evictions approved but not yet seen by the disruption controller; beyond
 * this the PDB refuses more until the controller catches up.
 */
export const MAX_DISRUPTED_POD_SIZE = 2000;
/** policy/v1 DisruptionBudgetCause: the StatusCause type of an eviction a budget refused. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
/** v1.DisruptionTarget, and what the eviction API writes into it (PodDisruptionConditions, GA in v1.31). */
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const EVICTION_BY_EVICTION_API = 'EvictionByEvictionAPI';
const EVICTING_MESSAGE = 'Eviction API: evicting';

/** What the eviction needs from the server, acting as the caller; every call may throw a StatusError. */
export interface EvictionStorage {
  /** The stored pod; 404 when there is none. */
  getPod(): KubeObject;
  /** Every PodDisruptionBudget of the namespace. */
  listPdbs(): KubeObject[];
  /** PUT poddisruptionbudgets/status with the PDB's resourceVersion as a precondition. */
  updatePdbStatus(pdb: KubeObject): KubeObject;
  /** PUT pods/status (status strategy). */
  updatePodStatus(pod: KubeObject): KubeObject;
  deletePod(opts: DeleteOptions): void;
  /** RFC 3339 time of the request. */
  now(): string;
}

/**
 * EvictionREST.Create. Pods that can ignore budgets are deleted at once; otherwise the one budget
 * whose selector matches the pod must allow a disruption, which the eviction uses up (decrement
 * disruptionsAllowed, note the pod in disruptedPods) before the pod is deleted gracefully with the
 * eviction's deleteOptions. Unready pods may go without using up the budget when the budget is
 * healthy (IfHealthyBudget, the default) or always (AlwaysAllow).
 * @throws StatusError: 400 name mismatch, 404 no pod, 429 budget refuses, 500 several budgets, ...
 */
export function evictPod(storage: EvictionStorage, name: string, eviction: Eviction): void {
  const evictionName = eviction.metadata?.name ?? name;
  if (evictionName !== name) throw errors.badRequest('name in URL does not match name in Eviction object');
  const original: DeleteOptions = eviction.deleteOptions ?? {};

  const pod = storage.getPod();
  if (canIgnorePDB(pod)) {
    let opts = original;
    // Pin the pod's version so it cannot have become ready (and protected) in between.
    if (shouldEnforceResourceVersion(pod) && resourceVersionIsUnset(original)) opts = withResourceVersion(original, pod.metadata!.resourceVersion!);
    addConditionAndDeletePod(storage, opts);
    return;
  }

  const pdbs = podDisruptionBudgetsFor(storage.listPdbs(), pod);
  if (pdbs.length > 1) throw errors.unknown('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  let pdbName = '';
  let updateDeletionOptions = false;
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    pdbName = pdb.metadata!.name!;
    const status = pdbStatus(pdb);
    const policy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)?.unhealthyPodEvictionPolicy;
    // IsPodReady is what "healthy" means: a ready pod is guarded by the budget.
    const unhealthyMayGo =
      !isPodReady(pod as Pod) &&
      (policy === 'AlwaysAllow' || ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0));
    if (unhealthyMayGo) updateDeletionOptions = true;
    else checkAndDecrement(storage, pod.metadata!.name!, pdb);
  }

  // The pod must still be unready when it goes, so an unready pod is deleted at the version seen.
  const opts = updateDeletionOptions ? withResourceVersion(original, pod.metadata!.resourceVersion!) : original;
  try {
    addConditionAndDeletePod(storage, opts);
  } catch (e) {
    if (isConflict(e) && updateDeletionOptions && resourceVersionIsUnset(original)) throw stillProcessing(pdbName);
    throw e;
  }
}

/** canIgnorePDB: finished, not yet running, or already going — evicting it disrupts nothing more. */
export function canIgnorePDB(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
}

/** shouldEnforceResourceVersion: every pod but terminal or terminating ones. */
function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata?.deletionTimestamp);
}

function resourceVersionIsUnset(opts: DeleteOptions): boolean {
  return opts.preconditions?.resourceVersion === undefined;
}

function withResourceVersion(opts: DeleteOptions, resourceVersion: string): DeleteOptions {
  const copy = deepCopy(opts);
  copy.preconditions = { ...(copy.preconditions ?? {}), resourceVersion };
  return copy;
}

/**
 * getPodDisruptionBudgets: the namespace's budgets whose selector matches the pod's labels. A
 * budget with an invalid selector matches nothing; in policy/v1 an empty selector matches every pod.
 */
export function podDisruptionBudgetsFor(pdbs: KubeObject[], pod: KubeObject): KubeObject[] {
  const labels = pod.metadata?.labels ?? {};
  return pdbs.filter((pdb) => {
    if (pdb.metadata?.namespace !== pod.metadata?.namespace) return false;
    try {
      return labelSelectorFromObject((pdb.spec as { selector?: never } | undefined)?.selector).matches(labels);
    } catch {
      return false;
    }
  });
}

/**
 * checkAndDecrement: refuses when the budget's status is stale or allows no disruption; otherwise
 * writes the budget's status with one disruption fewer and the pod in disruptedPods, which tells
 * the disruption controller not to count the pod as healthy while its deletion is under way.
 */
function checkAndDecrement(storage: EvictionStorage, podName: string, stored: KubeObject): void {
  const pdb = deepCopy(stored);
  const name = pdb.metadata!.name!;
  const status = pdbStatus(pdb);
  const allowed = status.disruptionsAllowed ?? 0;
  if ((status.observedGeneration ?? 0) < (pdb.metadata!.generation ?? 0)) throw stillProcessing(name);
  if (allowed < 0) throw errors.forbidden(PDB_TARGET, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw errors.forbidden(PDB_TARGET, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 0, [
      {
        reason: DISRUPTION_BUDGET_CAUSE,
        message: `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
      },
    ]);
  }
  const now = storage.now();
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(status, now);
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: now };
  pdb.status = status;
  storage.updatePdbStatus(pdb);
}

/**
 * addConditionAndDeletePod: marks the latest pod DisruptionTarget=True (EvictionByEvictionAPI),
 * checking the delete's preconditions against it first, then deletes it. A resourceVersion
 * precondition moves to the version the condition write made.
 */
function addConditionAndDeletePod(storage: EvictionStorage, opts: DeleteOptions): void {
  const latest = deepCopy(storage.getPod());
  const meta = latest.metadata!;
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== meta.uid) {
    throw podConflict(meta.name!, `the UID in the precondition (${pre.uid}) does not match the UID in record (${meta.uid}). The object might have been deleted and then recreated`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    throw podConflict(
      meta.name!,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion}). The object might have been modified`,
    );
  }
  const status = (latest.status ?? {}) as { conditions?: PodCondition[] };
  updatePodCondition(status, { type: DISRUPTION_TARGET, status: 'True', reason: EVICTION_BY_EVICTION_API, message: EVICTING_MESSAGE }, storage.now());
  latest.status = status;
  const updated = storage.updatePodStatus(latest);
  let deleteOpts = opts;
  if (!resourceVersionIsUnset(opts)) deleteOpts = withResourceVersion(opts, updated.metadata!.resourceVersion!);
  storage.deletePod(deleteOpts);
}

/** createTooManyRequestsError: the budget's status does not reflect its spec (or the pod moved) yet. */
function stillProcessing(pdbName: string): StatusError {
  return errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10, [
    { reason: DISRUPTION_BUDGET_CAUSE, message: `The disruption budget ${pdbName} is still being processed by the server.` },
  ]);
}

/** The Conflict upstream builds on GroupResource{Resource: "Pod"} (so `Pod`, not `pods`). */
function podConflict(name: string, why: string): StatusError {
  return errors.conflict({ qualifiedResource: 'Pod', plural: 'Pod', group: '' }, name, why);
}

/** policy.Resource("poddisruptionbudget"), singular as upstream spells it in these Forbidden errors. */
const PDB_TARGET = { qualifiedResource: 'poddisruptionbudget.policy', plural: 'poddisruptionbudget', group: 'policy' };
