import { deepCopy } from '../../api/freeze';
import { isAlreadyExists, isConflict, isStatusError } from '../../api/object';
import type { EventRecorder } from '../../client/event_recorder';
import type { SharedIndexInformer } from '../../client/informer';
import type { Client } from '../../client/types';
import {
  claimsFor,
  claimName,
  getOrdinal,
  hasStalePodRef,
  hasUnexpectedController,
  identityMatches,
  isClaimOwnerUpToDate,
  retentionPolicy,
  storageMatches,
  updateClaimOwnerRefs,
  updateIdentity,
  updateStorage,
  type ClaimObj,
  type PodObj,
  type SetObj,
} from './stateful_set_utils';

/** An error of several (utilerrors.NewAggregate): one error reads as itself, more as `[a, b]`. */
export class AggregateError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.length === 1 ? errorText(errors[0]) : `[${errors.map(errorText).join(', ')}]`);
  }
}

export function errorText(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}

const title = (verb: string): string => verb[0].toUpperCase() + verb.slice(1);

/**
 * StatefulPodControl (stateful_pod_control.go): the set's writes — pods and their claims — through
 * the API server, each recorded on the set as an event (fact 35). Reads of claims and pods come
 * from the informer caches. Failures are thrown after their event.
 */
export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
    private readonly pods: SharedIndexInformer<PodObj>,
    private readonly claims: SharedIndexInformer<ClaimObj>,
  ) {}

  private claim(namespace: string, name: string): ClaimObj | undefined {
    return this.claims.lister().namespace(namespace).get(name);
  }

  /** CreateStatefulPod: the pod's missing claims first, then the pod, then the claims' owners per the retention policy. */
  createStatefulPod(set: SetObj, pod: PodObj): PodObj {
    try {
      this.createPersistentVolumeClaims(set, pod);
    } catch (e) {
      this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    let created: PodObj;
    try {
      created = this.client.create('pods', pod);
    } catch (e) {
      if (!isAlreadyExists(e)) this.recordPodEvent('create', set, pod, e);
      throw e; // a pod of that name exists already: no event, as upstream
    }
    try {
      this.updatePodClaimForRetentionPolicy(set, created);
    } catch (e) {
      this.recordPodEvent('update', set, created, e);
      throw e;
    }
    this.recordPodEvent('create', set, created);
    return created;
  }

  /**
   * UpdateStatefulPod: restores the pod's identity and storage and its claims' owners; writes the
   * pod only when something changed, retrying a conflict with the cached pod (retry.DefaultBackoff: 4 tries).
   */
  updateStatefulPod(set: SetObj, pod: PodObj): void {
    let attempted = false;
    let current = deepCopy(pod) as PodObj;
    let error: unknown;
    for (let attempt = 0; attempt < 4; attempt++) {
      error = undefined;
      let consistent = true;
      try {
        if (!identityMatches(set, current)) {
          updateIdentity(set, current);
          consistent = false;
        }
        if (!storageMatches(set, current)) {
          updateStorage(set, current);
          consistent = false;
          this.createPersistentVolumeClaims(set, current);
        }
        if (!this.claimsMatchRetentionPolicy(set, current)) {
          this.updatePodClaimForRetentionPolicy(set, current);
          consistent = false;
        }
      } catch (e) {
        this.recordPodEvent('update', set, current, e);
        throw e;
      }
      if (consistent) return;
      attempted = true;
      try {
        this.client.update('pods', current);
        break;
      } catch (e) {
        error = e;
        const cached = this.pods.lister().namespace(set.metadata!.namespace!).get(current.metadata!.name!);
        if (cached) current = deepCopy(cached) as PodObj;
        if (!isConflict(e)) break;
      }
    }
    if (attempted) this.recordPodEvent('update', set, current, error);
    if (error !== undefined) throw error;
  }

  /** DeleteStatefulPod. */
  deleteStatefulPod(set: SetObj, pod: PodObj): void {
    try {
      this.client.delete('pods', pod.metadata!.namespace, pod.metadata!.name!);
    } catch (e) {
      this.recordPodEvent('delete', set, pod, e);
      throw e;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the owners its policy asks for. */
  claimsMatchRetentionPolicy(set: SetObj, pod: PodObj): boolean {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.claim(set.metadata!.namespace!, claimName(set, t, ordinal));
      if (claim && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: rewrites the owners of each of the pod's claims that is not up to date. */
  updatePodClaimForRetentionPolicy(set: SetObj, pod: PodObj): void {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, t, ordinal);
      const claim = this.claim(set.metadata!.namespace!, name);
      if (!claim) continue; // created on a later pass
      if (hasUnexpectedController(claim, set, pod)) {
        const msg = `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`;
        this.recordClaimEvent('update', set, pod, claim, new Error(msg));
        continue;
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const copy = deepCopy(claim) as ClaimObj;
      updateClaimOwnerRefs(copy, set, pod);
      try {
        this.client.update('persistentvolumeclaims', copy);
      } catch (e) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${errorText(e)}`);
      }
    }
  }

  /** PodClaimIsStale: under a deleting policy, a claim still owned by an earlier pod of this name. */
  podClaimIsStale(set: SetObj, pod: PodObj): boolean {
    const policy = retentionPolicy(set);
    if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
    return claimsFor(set, pod).some(({ claim }) => {
      const live = this.claim(claim.metadata!.namespace!, claim.metadata!.name!);
      return live !== undefined && hasStalePodRef(live, pod);
    });
  }

  /** createMissingPersistentVolumeClaims: for a Pending pod whose claims went missing (fact 27). */
  createMissingPersistentVolumeClaims(set: SetObj, pod: PodObj): void {
    this.createPersistentVolumeClaims(set, pod);
    try {
      this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
  }

  /** createPersistentVolumeClaims: creates each claim of the pod that does not exist; a claim being deleted is an error. */
  private createPersistentVolumeClaims(set: SetObj, pod: PodObj): void {
    const errs: unknown[] = [];
    for (const { claim } of claimsFor(set, pod)) {
      const live = this.claim(claim.metadata!.namespace!, claim.metadata!.name!);
      if (live) {
        if (live.metadata?.deletionTimestamp) errs.push(new Error(`pvc ${claim.metadata!.name} is being deleted`));
        continue;
      }
      try {
        this.client.create('persistentvolumeclaims', claim);
        this.recordClaimEvent('create', set, pod, claim);
      } catch (e) {
        errs.push(new Error(`failed to create PVC ${claim.metadata!.name}: ${errorText(e)}`));
        if (!isAlreadyExists(e)) this.recordClaimEvent('create', set, pod, claim, e);
      }
    }
    if (errs.length) throw new AggregateError(errs);
  }

  /** recordPodEvent (fact 35). */
  private recordPodEvent(verb: string, set: SetObj, pod: PodObj, err?: unknown): void {
    const name = pod.metadata?.name;
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set.metadata!.name} successful`);
    else this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set.metadata!.name} failed error: ${errorText(err)}`);
  }

  /** recordClaimEvent (fact 35). */
  private recordClaimEvent(verb: string, set: SetObj, pod: PodObj, claim: ClaimObj, err?: unknown): void {
    const c = claim.metadata?.name;
    const p = pod.metadata?.name;
    if (err === undefined) this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${c} Pod ${p} in StatefulSet ${set.metadata!.name} success`);
    else this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${c} for Pod ${p} in StatefulSet ${set.metadata!.name} failed error: ${errorText(err)}`);
  }
}

