import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { templateReplacePatch } from '../history/controller_history';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import { newControllerRevision, type Revision } from '../history/controller_history';
import { isPodAvailable } from '../replicaset/replica_set_utils';
import { newControllerRef } from '../util/controller_ref';
import { podFromTemplate } from '../util/pod_control';
import { sortedJSON } from '../util/hash';

/** apps.StatefulSetPodNameLabel (fact 25). */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.PodIndexLabel (fact 25; the PodIndexLabel gate is on in v1.32). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** apps.StatefulSetRevisionLabel: the name of the revision a pod was made from (fact 25). */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

export type SetObj = StatefulSet & KubeObject;
export type PodObj = Pod & KubeObject;
export type ClaimObj = PersistentVolumeClaim & KubeObject;

const POD_NAME = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-3` → [`web`, 3]; a name without an ordinal → ['', -1]. */
export function parentNameAndOrdinal(pod: Pod): [string, number] {
  const m = POD_NAME.exec(pod.metadata?.name ?? '');
  if (!m) return ['', -1];
  const n = Number(m[2]);
  // strconv.ParseInt(…, 10, 32): larger numbers do not parse.
  return n > 2147483647 ? ['', -1] : [m[1], n];
}

export function getOrdinal(pod: Pod): number {
  return parentNameAndOrdinal(pod)[1];
}

/** spec.ordinals.start, or 0. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** The last ordinal of the set's range, inclusive. */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

export function replicasOf(set: StatefulSet): number {
  return set.spec?.replicas ?? 1;
}

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** getPodName (fact 25). */
export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata!.name}-${ordinal}`;
}

/** getPersistentVolumeClaimName (fact 27): `<template>-<set>-<ordinal>`. */
export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata!.name}-${ordinal}`;
}

/** isMemberOf: the pod's name says it belongs to the set. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentNameAndOrdinal(pod)[0] === set.metadata!.name;
}

/** identityMatches: name, namespace and pod-name label are those of a member of `set`. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const [parent, ordinal] = parentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata!.name &&
    pod.metadata?.name === podName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata!.namespace &&
    pod.metadata?.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata?.name
  );
}

/** storageMatches: the pod mounts, under each claim template's name, the claim of its ordinal. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(t.metadata?.name ?? '');
    if (!v?.persistentVolumeClaim || v.persistentVolumeClaim.claimName !== claimName(set, t, ordinal)) return false;
  }
  return true;
}

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain when unset (fact 36). */
export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/**
 * getPersistentVolumeClaims: the claims of the pod's ordinal, one per template in template order,
 * labelled with the template's labels and the set's matchLabels.
 */
export function claimsFor(set: SetObj, pod: Pod): { template: string; claim: ClaimObj }[] {
  const ordinal = getOrdinal(pod);
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const claim = deepCopy(t) as ClaimObj;
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = { ...claim.metadata, name: claimName(set, t, ordinal), namespace: set.metadata!.namespace };
    claim.metadata.labels = { ...(claim.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    delete (claim as { status?: unknown }).status;
    return { template: t.metadata?.name ?? '', claim };
  });
}

/** updateStorage: the claim volumes first, then the pod's other volumes (a same-named one is replaced). */
export function updateStorage(set: SetObj, pod: Pod): void {
  const claims = claimsFor(set, pod);
  const names = new Set(claims.map((c) => c.template));
  const volumes: Volume[] = claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata!.name! } }));
  for (const v of pod.spec?.volumes ?? []) if (!names.has(v.name)) volumes.push(v);
  if (volumes.length) pod.spec!.volumes = volumes;
}

/** updateIdentity: name, namespace, the pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata!.name = podName(set, ordinal);
  pod.metadata!.namespace = set.metadata!.namespace;
  pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: pod.metadata!.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** initIdentity (fact 26): identity, and hostname and subdomain, which only creation sets. */
function initIdentity(set: StatefulSet, pod: Pod): void {
  updateIdentity(set, pod);
  pod.spec!.hostname = pod.metadata!.name;
  if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
}

/** newStatefulSetPod: the pod of `ordinal` from the set's template, with its identity and storage. */
export function newStatefulSetPod(set: SetObj, ordinal: number): PodObj {
  const pod = podFromTemplate(set.spec?.template, set);
  pod.metadata!.name = podName(set, ordinal);
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * newVersionedStatefulSetPod: below the partition (or, without rollingUpdate, below
 * status.currentReplicas) a pod is made at the current revision; otherwise at the update revision.
 */
export function newVersionedStatefulSetPod(currentSet: SetObj, updateSet: SetObj, currentRevision: string, updateRevision: string, ordinal: number): PodObj {
  const strategy = currentSet.spec?.updateStrategy;
  const rolling = strategy?.type === 'RollingUpdate';
  const start = startOrdinal(currentSet);
  const atCurrent =
    (rolling && !strategy?.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy?.rollingUpdate !== undefined && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, atCurrent ? currentRevision : updateRevision);
  return pod;
}

export function setPodRevision(pod: Pod, revision: string): void {
  pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [STATEFULSET_REVISION_LABEL]: revision };
}

export function getPodRevision(pod: Pod): string {
  return pod.metadata?.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => isPodAvailable(pod, minReadySeconds, nowMs);
/** isCreated: the API server has it (a pod still to be created has no phase). */
export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? '') !== '';
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata?.deletionTimestamp;
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);
/** allowsBurst: Parallel pod management (fact 31). */
export const allowsBurst = (set: StatefulSet): boolean => set.spec?.podManagementPolicy === 'Parallel';

/**
 * getPatch: what a revision stores — the set's template under `spec.template` with
 * `$patch: replace`, keys sorted as Go marshals a map. A template without creationTimestamp shows
 * it as null, as Go's ObjectMeta marshals.
 */
export function getPatch(set: StatefulSet): string {
  return templateReplacePatch(set.spec?.template);
}

/** newRevision: the revision of the set as it stands, numbered `revision`. */
export function newRevision(set: SetObj, revision: number, collisionCount: number): Revision {
  const cr = newControllerRevision(set, set.spec?.template?.metadata?.labels ?? {}, getPatch(set), revision, collisionCount);
  if (set.metadata?.annotations) cr.metadata!.annotations = { ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: the set with the template the revision stores. */
export function applyRevision(set: SetObj, revision: Revision): SetObj {
  const clone = deepCopy(set) as SetObj;
  const stored = deepCopy(((revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) as Record<string, unknown> & { metadata?: Record<string, unknown> });
  delete stored.$patch;
  if (stored.metadata && stored.metadata.creationTimestamp === null) delete stored.metadata.creationTimestamp;
  clone.spec = { ...clone.spec!, template: stored as PodTemplateSpec };
  return clone;
}

// ---- claim ownership under the retention policy (fact 36) ------------------------------------

const SET_GVK = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
const POD_GVK = { apiVersion: 'v1', kind: 'Pod' };

/** matchesRef: the reference names this object's kind and name (whatever its UID). */
function matchesRef(ref: OwnerReference, obj: KubeObject, gvk: { apiVersion: string; kind: string }): boolean {
  return ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === obj.metadata?.name;
}

/** hasOwnerRef: a reference with the object's UID, controller or not. */
export function hasOwnerRef(target: KubeObject, owner: KubeObject): boolean {
  return (target.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.metadata?.uid);
}

/** hasStaleOwnerRef: the first reference naming the object has another UID (an earlier object of that name). */
export function hasStaleOwnerRef(target: KubeObject, obj: KubeObject, gvk: { apiVersion: string; kind: string }): boolean {
  const ref = (target.metadata?.ownerReferences ?? []).find((r) => matchesRef(r, obj, gvk));
  return ref !== undefined && ref.uid !== obj.metadata?.uid;
}

export const hasStaleSetRef = (claim: KubeObject, set: KubeObject): boolean => hasStaleOwnerRef(claim, set, SET_GVK);
export const hasStalePodRef = (claim: KubeObject, pod: KubeObject): boolean => hasStaleOwnerRef(claim, pod, POD_GVK);

/**
 * hasUnexpectedController: under a policy that deletes, the claim has a controller that is neither
 * this set nor this pod (or a reference to a set or pod of that name with another UID).
 */
export function hasUnexpectedController(claim: KubeObject, set: SetObj, pod: KubeObject): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata?.ownerReferences ?? []) {
    if (matchesRef(ref, set, SET_GVK)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_GVK)) {
      if (ref.uid !== pod.metadata?.uid) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

/** hasNonControllerOwner: the set or the pod owns the claim without being its controller. */
function hasNonControllerOwner(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && !r.controller);
}

/**
 * isClaimOwnerUpToDate: the claim's references say what the policy asks — Retain/Retain none;
 * whenDeleted Delete the set; whenScaled Delete the pod once it is scaled down; both, the set
 * while the pod is in range and the pod after. Stale references and foreign controllers leave the
 * claim alone (true), unless this set or pod also owns it.
 */
export function isClaimOwnerUpToDate(claim: ClaimObj, set: SetObj, pod: PodObj): boolean {
  if (hasStaleSetRef(claim, set) || hasStalePodRef(claim, pod)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenScaled, whenDeleted } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const bySet = hasOwnerRef(claim, set);
  const byPod = hasOwnerRef(claim, pod);
  if (whenScaled === 'Retain' && whenDeleted === 'Delete') return bySet && !byPod;
  if (whenScaled === 'Delete' && whenDeleted === 'Retain') return !bySet && scaledDown === byPod;
  if (whenScaled === 'Delete' && whenDeleted === 'Delete') return scaledDown !== bySet && scaledDown === byPod;
  return !bySet && !byPod; // Retain/Retain, and any unknown policy
}

/** updateClaimOwnerRefForSetAndPod: the claim's references rewritten to what the policy asks. */
export function updateClaimOwnerRefs(claim: ClaimObj, set: SetObj, pod: PodObj): void {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata?.ownerReferences ?? []).filter((r) => !(matchesRef(r, set, SET_GVK) || matchesRef(r, pod, POD_GVK)));
  if (!unexpected) {
    const { whenScaled, whenDeleted } = retentionPolicy(set);
    const scaledDown = !podInOrdinalRange(pod, set);
    const add = (owner: KubeObject): void => {
      if (!refs.some((r) => r.uid === owner.metadata?.uid)) refs = [...refs, newControllerRef(owner)];
    };
    if (whenScaled === 'Retain' && whenDeleted === 'Delete') add(set);
    else if (whenScaled === 'Delete' && whenDeleted === 'Retain') {
      if (scaledDown) add(pod);
    } else if (whenScaled === 'Delete' && whenDeleted === 'Delete') add(scaledDown ? pod : set);
  }
  if (refs.length) claim.metadata!.ownerReferences = refs;
  else delete claim.metadata!.ownerReferences;
}
