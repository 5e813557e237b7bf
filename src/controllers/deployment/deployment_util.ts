import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { fnv32a, safeEncodeString, sortedJSON } from '../util/hash';
import { scaledValueFromIntOrPercent } from '../util/intstr';

/**
 * pkg/controller/deployment/util/deployment_util.go (v1.32): the arithmetic of a rollout, the
 * annotations a Deployment keeps on its ReplicaSets, and its conditions. Pure functions over
 * objects; nothing here talks to the API server.
 */

export type DeploymentObj = Deployment & KubeObject;
export type RSObj = ReplicaSet & KubeObject;

/** DefaultDeploymentUniqueLabelKey: on the RS selector, its template and its pods (fact 45). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** apps.DeprecatedRollbackTo: the extensions/v1beta1 rollback request, never copied to a ReplicaSet. */
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The revision-history annotation is kept under this many characters (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
/** progressDeadlineSeconds of math.MaxInt32 means "no deadline" (HasProgressDeadline). */
export const MAX_INT32 = 2147483647;

/** Condition reasons (fact 50). */
export const REASONS = {
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  PausedDeploy: 'DeploymentPaused',
  ResumedDeploy: 'DeploymentResumed',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO]);

// ---- replica counts --------------------------------------------------------------------------

export function specReplicas(obj: { spec?: { replicas?: number } } | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function replicaCount(sets: readonly (RSObj | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
}

/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function actualReplicaCount(sets: readonly (RSObj | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(sets: readonly (RSObj | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(sets: readonly (RSObj | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** FilterActiveReplicaSets: the sets with spec.replicas > 0. */
export function filterActive(sets: readonly (RSObj | undefined)[]): RSObj[] {
  return sets.filter((rs): rs is RSObj => rs !== undefined && specReplicas(rs) > 0);
}

// ---- fenceposts (facts 39–41) ----------------------------------------------------------------

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * ResolveFenceposts: maxSurge rounded up and maxUnavailable rounded down, as fractions of
 * `desired`; both 0 would block a rollout, so maxUnavailable becomes 1 (fact 39).
 */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', specReplicas(d));
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas; never more than the replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}

/**
 * NewRSNewReplicas: the new set's size this step (fact 41). RollingUpdate grows it by what the
 * surge leaves room for, never past the replicas; Recreate sets it to the replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (RSObj | undefined)[], newRS: RSObj): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const ru = d.spec?.strategy?.rollingUpdate;
  const surge = scaledValueFromIntOrPercent(ru?.maxSurge ?? '25%', replicas, true);
  const current = replicaCount(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** IsSaturated: the new set has the replicas, was sized for them, and all are available. */
export function isSaturated(d: Deployment, rs: RSObj | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  const replicas = specReplicas(d);
  return desired !== undefined && specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** integer.RoundToInt32: math.Round, halves away from zero. */
export function roundToInt32(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction: how many replicas `rs` gains or loses when the deployment is resized to
 * replicas+maxSurge, in proportion to its size against the size it was annotated for.
 */
export function replicaSetFraction(rs: RSObj, d: DeploymentObj): number {
  const replicas = specReplicas(d);
  if (replicas === 0) return -specReplicas(rs);
  const deploymentReplicas = replicas + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
  const newSize = (specReplicas(rs) * deploymentReplicas) / annotated;
  return roundToInt32(newSize) - specReplicas(rs);
}

/** GetProportion: this set's share of `toAdd`, capped by what is left to hand out. */
export function proportion(rs: RSObj | undefined, d: DeploymentObj, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---- finding the new and old sets ------------------------------------------------------------

function creationMs(o: KubeObject): number {
  const t = o.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreationTimestamp(a: RSObj, b: RSObj): number {
  const d = creationMs(a) - creationMs(b);
  if (d !== 0) return d;
  return a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes oldest first. */
export function bySizeOlder(a: RSObj, b: RSObj): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(a, b);
  return specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newest first. */
export function bySizeNewer(a: RSObj, b: RSObj): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(b, a);
  return specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsByRevision: lowest revision first; equal revisions by creation. */
export function byRevision(a: RSObj, b: RSObj): number {
  const d = revision(a) - revision(b);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** EqualIgnoreHash: the templates are equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return sortedJSON(withoutHash(a)) === sortedJSON(withoutHash(b));
}

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

/** FindNewReplicaSet: the oldest set whose template equals the deployment's (a rollback reuses it). */
export function findNewReplicaSet(d: Deployment, sets: readonly RSObj[]): RSObj | undefined {
  return [...sets].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every set but the new one. */
export function findOldReplicaSets(d: Deployment, sets: readonly RSObj[]): RSObj[] {
  const newRS = findNewReplicaSet(d, sets);
  return sets.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid);
}

/**
 * FindActiveOrLatest: the one set with replicas when there is exactly one, the newest (the new
 * set, or the newest old one) when none has, and nothing while several do (a rollout is on).
 * Sorts `oldRSs` newest first.
 */
export function findActiveOrLatest(newRS: RSObj | undefined, oldRSs: RSObj[]): RSObj | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  // In place, as upstream sorts the caller's slice: later loops over oldRSs go newest first.
  oldRSs.sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...oldRSs, newRS]);
  if (active.length === 0) return newRS ?? oldRSs[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---- hash and annotations --------------------------------------------------------------------

/**
 * controller.ComputeHash: FNV-32a over the template, then the collision count as 8 bytes
 * (little-endian uint32 and four zeros) when there is one, its decimal safe-encoded (fact 45).
 * Upstream hashes the template's spew dump; we hash its sorted JSON, so the names are ours.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const parts: (string | Uint8Array)[] = [sortedJSON(template ?? {})];
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    parts.push(bytes);
  }
  return safeEncodeString(String(fnv32a(...parts)));
}

function intAnnotation(o: KubeObject, key: string): number | undefined {
  const v = o.metadata?.annotations?.[key];
  if (v === undefined || !/^-?[0-9]+$/.test(v)) return undefined;
  return parseInt(v, 10);
}

/** Revision: the set's revision annotation, 0 when missing or not a number. */
export function revision(o: KubeObject): number {
  return intAnnotation(o, REVISION_ANNOTATION) ?? 0;
}

export function maxRevision(sets: readonly RSObj[]): number {
  return sets.reduce((m, rs) => Math.max(m, revision(rs)), 0);
}

/** GetDesiredReplicasAnnotation. */
export function desiredReplicasAnnotation(rs: RSObj): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: RSObj, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  return !a || a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** SetReplicasAnnotations: mutates `rs`; true when something changed. */
export function setReplicasAnnotations(rs: RSObj, desired: number, max: number): boolean {
  const a = (rs.metadata!.annotations ??= {});
  let updated = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

/** copyDeploymentAnnotationsToReplicaSet: the deployment's own annotations, less the rollout's. */
function copyDeploymentAnnotations(d: Deployment, rs: RSObj): boolean {
  const a = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copies the deployment's annotations, raises the revision to
 * `newRevision` (a set that had an older revision is a rollback target: its old revision is
 * appended to revision-history, oldest dropped first to stay under the limit), and on a set about
 * to be created, the replica annotations. Mutates `rs`; true when something changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: RSObj, newRevision: number, exists: boolean, limitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = rs.metadata!.annotations!;
  const oldRevision = a[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined) {
    if (!/^-?[0-9]+$/.test(oldRevision)) {
      if (oldRevision !== '') return false;
    } else oldRevisionInt = parseInt(oldRevision, 10);
  }
  if (oldRevisionInt < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
  }
  if (oldRevision !== undefined && oldRevisionInt < newRevision) {
    const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
    let old = history.split(',');
    if (old[0].length === 0) a[REVISION_HISTORY_ANNOTATION] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > limitInChars && start < old.length) {
        total -= old[start].length + 1;
        start++;
      }
      if (total <= limitInChars) {
        old = [...old.slice(start), oldRevision];
        a[REVISION_HISTORY_ANNOTATION] = old.join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: mutates `d`; true when the revision annotation changed. */
export function setDeploymentRevision(d: DeploymentObj, rev: string): boolean {
  const a = (d.metadata!.annotations ??= {});
  if (a[REVISION_ANNOTATION] === rev) return false;
  a[REVISION_ANNOTATION] = rev;
  return true;
}

// ---- conditions and progress (fact 50) -------------------------------------------------------

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== MAX_INT32;
}

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is left as it is (its
 * message and times too); the same status with another reason keeps lastTransitionTime.
 */
export function setCondition(status: DeploymentStatus, c: DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  const next = { ...c };
  if (cur && cur.status === c.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** DeploymentComplete: every replica updated and available, and this generation observed. */
export function deploymentComplete(d: DeploymentObj, s: DeploymentStatus): boolean {
  const r = specReplicas(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas than before, or fewer old ones. */
export function deploymentProgressing(d: DeploymentObj, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition was last updated more than the deadline before now. */
export function deploymentTimedOut(d: DeploymentObj, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === REASONS.NewRSAvailable) return false;
  if (c.reason === REASONS.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return from + (d.spec!.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}
