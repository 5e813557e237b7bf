import type { DeploymentStatus } from 'kubernetes-types/apps/v1';
import { deepCopy } from '../../api/freeze';
import { isAlreadyExists, isNotFound, isStatusError } from '../../api/object';
import type { EventRecorder } from '../../client/event_recorder';
import type { Client } from '../../client/types';
import { getControllerOf, newControllerRef } from '../util/controller_ref';
import { sortedJSON } from '../util/hash';
import {
  actualReplicaCount,
  availableReplicaCount,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  computeHash,
  desiredReplicasAnnotation,
  type DeploymentObj,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH_LABEL,
  proportion,
  readyReplicaCount,
  REASONS,
  REVISION_ANNOTATION,
  replicaCount,
  replicasAnnotationsNeedUpdate,
  type RSObj,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
} from './deployment_util';

export const RS_RESOURCE = 'replicasets.apps';
export const DEPLOYMENT_RESOURCE = 'deployments.apps';

/**
 * What the sync, rollout and progress functions need from the controller (upstream's methods on
 * DeploymentController): its client and recorder, the clock, and a way to look again later.
 */
export interface DeploymentContext {
  readonly client: Client;
  readonly recorder: EventRecorder;
  nowMs(): number;
  /** RFC 3339, second precision, as metav1.Time serializes. */
  now(): string;
  enqueueAfter(d: DeploymentObj, ms: number): void;
  enqueueRateLimited(d: DeploymentObj): void;
}

/**
 * Deployments/status: writes `d`'s status and annotations (the revision rides along, as upstream)
 * and takes the new resourceVersion into `d`, so a later write in the same sync does not conflict.
 */
export function updateDeploymentStatus(dc: DeploymentContext, d: DeploymentObj): DeploymentObj {
  const updated = dc.client.updateStatus<DeploymentObj>(DEPLOYMENT_RESOURCE, d);
  (d.metadata as { resourceVersion?: string }).resourceVersion = updated.metadata!.resourceVersion;
  return updated;
}

/** getAllReplicaSetsAndSyncRevision: the new set (created when `create`, with the revision synced) and the old ones. */
export function getAllReplicaSetsAndSyncRevision(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[], create: boolean): { newRS: RSObj | undefined; oldRSs: RSObj[] } {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

/**
 * getNewReplicaSet: the set whose template is the deployment's, its annotations and
 * minReadySeconds brought up to date (then returned at once, as upstream does), else the
 * deployment's revision and Progressing condition synced from it. Without one and with `create`,
 * creates `<deployment>-<hash>` sized by NewRSNewReplicas; a name taken by another template is a
 * hash collision: collisionCount goes up and the error requeues the deployment.
 */
export function getNewReplicaSet(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[], oldRSs: RSObj[], create: boolean): RSObj | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const rsCopy = deepCopy(existing) as RSObj;
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadyNeedsUpdate = (rsCopy.spec!.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      rsCopy.spec!.minReadySeconds = d.spec?.minReadySeconds ?? 0;
      return dc.client.update<RSObj>(RS_RESOURCE, rsCopy);
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata!.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      setCondition((d.status ??= {}), newCondition('Progressing', 'True', REASONS.FoundNewRS, `Found new replica set "${rsCopy.metadata!.name}"`, dc.now()));
      needsUpdate = true;
    }
    if (needsUpdate) updateDeploymentStatus(dc, d);
    return rsCopy;
  }
  if (!create) return undefined;

  const template = deepCopy(d.spec!.template);
  const hash = computeHash(template, d.status?.collisionCount);
  const labels = { ...(d.spec!.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = deepCopy(d.spec!.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const newRS: RSObj = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata!.name}-${hash}`, namespace: d.metadata!.namespace, ownerReferences: [newControllerRef(d)], labels },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: RSObj;
  let alreadyExists = false;
  try {
    created = dc.client.create<RSObj>(RS_RESOURCE, newRS);
  } catch (e) {
    if (isAlreadyExists(e)) {
      alreadyExists = true;
      const rs = dc.client.get<RSObj>(RS_RESOURCE, newRS.metadata!.namespace, newRS.metadata!.name!);
      if (getControllerOf(rs)?.uid === d.metadata!.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
        created = rs;
      } else {
        (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
        try {
          updateDeploymentStatus(dc, d);
        } catch {
          // the original error requeues the deployment either way
        }
        throw e;
      }
    } else if (isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata!.name}": ${messageOf(e)}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition('Progressing', 'False', REASONS.FailedRSCreate, msg, dc.now()));
        try {
          updateDeploymentStatus(dc, d);
        } catch {
          // the create failure is the bigger issue to report
        }
      }
      dc.recorder.event(d, 'Warning', REASONS.FailedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExists && count > 0) dc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata!.name} to ${count}`);
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'True', REASONS.NewReplicaSet, `Created new replica set "${created.metadata!.name}"`, dc.now()));
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(dc, d);
  return created;
}

/**
 * sync: for scaling events and paused deployments. Resizes without rolling (proportionally while
 * a rollout is on), cleans up old sets when paused, and syncs the status.
 */
export function sync(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  if (d.spec?.paused) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * scale: the one active set (or the newest) takes the replicas; a saturated new set scales the
 * old ones to 0; otherwise, for RollingUpdate, the difference to replicas+maxSurge is spread over
 * the active sets in proportion to their sizes, the largest taking the leftover.
 */
export function scale(dc: DeploymentContext, d: DeploymentObj, newRS: RSObj | undefined, oldRSs: RSObj[]): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === specReplicas(d)) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, specReplicas(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActive([...oldRSs, newRS]);
  const allowedSize = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(allRSs);
  let operation = '';
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs.metadata!.name!, specReplicas(rs) + p);
      added += p;
    } else sizes.set(rs.metadata!.name!, specReplicas(rs));
  }
  allRSs.forEach((rs, i) => {
    const name = rs.metadata!.name!;
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
    scaleReplicaSet(dc, rs, sizes.get(name)!, d, operation);
  });
}

/** scaleReplicaSetAndRecordEvent: scales `rs` to `newScale` unless it is there already. */
export function scaleReplicaSetAndRecordEvent(dc: DeploymentContext, rs: RSObj, newScale: number, d: DeploymentObj): { scaled: boolean; rs: RSObj } {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(dc, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/**
 * scaleReplicaSet: writes the size and the desired/max replica annotations when either differs;
 * a size change records `ScalingReplicaSet` "Scaled <op> replica set <rs> to <new> from <old>" (fact 44).
 */
export function scaleReplicaSet(dc: DeploymentContext, rs: RSObj, newScale: number, d: DeploymentObj, operation: string): { scaled: boolean; rs: RSObj } {
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  const max = specReplicas(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, specReplicas(d), max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = deepCopy(rs) as RSObj;
  copy.spec!.replicas = newScale;
  setReplicasAnnotations(copy, specReplicas(d), max);
  const updated = dc.client.update<RSObj>(RS_RESOURCE, copy);
  if (sizeNeedsUpdate) dc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${updated.metadata!.name} to ${newScale} from ${oldScale}`);
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * cleanupDeployment: deletes the oldest old sets (by revision) beyond revisionHistoryLimit —
 * only those scaled to 0 with no pods, whose latest spec the RS controller has observed (fact 46).
 */
export function cleanupDeployment(dc: DeploymentContext, oldRSs: RSObj[], d: DeploymentObj): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata?.deletionTimestamp) continue;
    try {
      dc.client.delete(RS_RESOURCE, rs.metadata!.namespace, rs.metadata!.name!);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** syncDeploymentStatus: writes calculateStatus when it differs. */
export function syncDeploymentStatus(dc: DeploymentContext, allRSs: (RSObj | undefined)[], newRS: RSObj | undefined, d: DeploymentObj): void {
  const status = calculateStatus(allRSs, newRS, d, dc.now());
  if (sameStatus(d.status, status)) return;
  d.status = status;
  updateDeploymentStatus(dc, d);
}

/**
 * calculateStatus: replica counts over the sets (replicas, ready and available from their
 * status, updated from the new set's), the conditions carried over, and Available set from
 * whether available ≥ replicas − maxUnavailable.
 */
export function calculateStatus(allRSs: (RSObj | undefined)[], newRS: RSObj | undefined, d: DeploymentObj, now: string): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASONS.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', REASONS.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** reflect.DeepEqual on statuses, where zero counts and missing ones are the same (omitempty). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return sortedJSON(normalizeStatus(a)) === sortedJSON(normalizeStatus(b));
}

function normalizeStatus(s: DeploymentStatus | undefined): unknown {
  const x = s ?? {};
  return [x.observedGeneration ?? 0, x.replicas ?? 0, x.updatedReplicas ?? 0, x.readyReplicas ?? 0, x.availableReplicas ?? 0, x.unavailableReplicas ?? 0, x.collisionCount ?? null, x.conditions ?? []];
}

/** isScalingEvent: some active set was sized for another replica count than the deployment's. */
export function isScalingEvent(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== specReplicas(d)) return true;
  }
  return false;
}

/**
 * checkPausedConditions: with a progress deadline, pausing sets Progressing Unknown
 * `DeploymentPaused` (so the pause does not count against the deadline) and resuming sets
 * `DeploymentResumed`; written at once.
 */
export function checkPausedConditions(dc: DeploymentContext, d: DeploymentObj): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === REASONS.TimedOut) return; // a timed-out deployment stays timed out
  const pausedCondExists = cond?.reason === REASONS.PausedDeploy;
  let needsUpdate = false;
  if (d.spec?.paused && !pausedCondExists) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', REASONS.PausedDeploy, 'Deployment is paused', dc.now()));
    needsUpdate = true;
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', REASONS.ResumedDeploy, 'Deployment is resumed', dc.now()));
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(dc, d);
}

function messageOf(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}
