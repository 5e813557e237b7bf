import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import { deepCopy } from '../../api/freeze';
import { FeatureGates } from '../../api/feature_gates';
import { scaledValueFromIntOrPercent } from '../util/intstr';
import { isConflict, isNotFound } from '../../api/object';
import { labelSelectorFromObject } from '../../api/selectors';
import type { SharedIndexInformer } from '../../client/informer';
import type { Client } from '../../client/types';
import { ControllerHistory, findEqualRevisions, equalRevision, nextRevision, sortControllerRevisions, type Revision } from '../history/controller_history';
import { AggregateError, type StatefulPodControl } from './stateful_pod_control';
import {
  allowsBurst,
  applyRevision,
  endOrdinal,
  getOrdinal,
  getPodRevision,
  identityMatches,
  isCreated,
  isFailed,
  isHealthy,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  newRevision,
  newVersionedStatefulSetPod,
  podInOrdinalRange,
  replicasOf,
  startOrdinal,
  storageMatches,
  type PodObj,
  type SetObj,
} from './stateful_set_utils';

const STS = 'statefulsets.apps';

/** The parallel batches of Parallel management grow 1, 2, 4, … up to this (MaxBatchSize). */
export const MAX_BATCH_SIZE = 500;

type Step = (i: number) => boolean;

/**
 * defaultStatefulSetControl (stateful_set_control.go): the decision layer. `updateStatefulSet`
 * reads the set's revisions, settles its current and update revision, makes one round of progress
 * towards spec (facts 28–33) through the pod control, writes the status when it changed, and trims
 * the revision history. Each call is one level-triggered step: it re-derives everything from the
 * pods and revisions it is handed, so calling it again with the same state does nothing new.
 */
export class StatefulSetControl {
  constructor(
    private readonly client: Client,
    private readonly podControl: StatefulPodControl,
    private readonly history: ControllerHistory,
    private readonly sets: SharedIndexInformer<SetObj>,
    private readonly nowMs: () => number,
    private readonly gates: FeatureGates = FeatureGates.defaults(),
  ) {}

  /** UpdateStatefulSet: the status it computed; throws (to be requeued) when a write failed. */
  updateStatefulSet(set: SetObj, pods: readonly PodObj[]): StatefulSetStatus {
    set = deepCopy(set) as SetObj;
    const revisions = sortControllerRevisions(this.history.list(set, labelSelectorFromObject(set.spec?.selector)));
    let current: Revision | undefined;
    let update: Revision | undefined;
    try {
      const revs = this.getStatefulSetRevisions(set, revisions);
      ({ current, update } = revs);
      const { status, error } = this.performUpdate(set, revs.current, revs.update, revs.collisionCount, pods);
      let statusError: unknown;
      try {
        this.updateStatefulSetStatus(set, status);
      } catch (e) {
        statusError = e;
      }
      const errors = [error, statusError].filter((e) => e !== undefined);
      if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors);
      this.truncateHistory(set, pods, revisions, current, update);
      return status;
    } catch (e) {
      try {
        this.truncateHistory(set, pods, revisions, current, update);
      } catch (t) {
        throw new AggregateError([e, t]);
      }
      throw e;
    }
  }

  /**
   * getStatefulSetRevisions: the update revision is the set's template as it stands — the latest
   * revision if equal, an earlier equal one renumbered (a rollback), or a new one; the current
   * revision is status.currentRevision's, or the update revision when there is none yet.
   */
  private getStatefulSetRevisions(set: SetObj, revisions: Revision[]): { current: Revision; update: Revision; collisionCount: number } {
    const collision = { value: set.status?.collisionCount ?? 0 };
    let update = newRevision(set, nextRevision(revisions), collision.value);
    const equal = findEqualRevisions(revisions, update);
    if (equal.length && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
      update = revisions[revisions.length - 1];
    } else if (equal.length) {
      update = this.history.update(equal[equal.length - 1], update.revision);
    } else {
      update = this.history.create(set, update, collision);
    }
    const current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: collision.value };
  }

  /** updateStatefulSet (upstream's name for the inner step): one round of creates, deletes and updates. */
  private performUpdate(set: SetObj, currentRevision: Revision, updateRevision: Revision, collisionCount: number, pods: readonly PodObj[]): { status: StatefulSetStatus; error?: unknown } {
    const now = this.nowMs();
    const minReady = set.spec?.minReadySeconds ?? 0;
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata?.generation,
      replicas: 0,
      currentRevision: currentRevision.metadata!.name,
      updateRevision: updateRevision.metadata!.name,
      collisionCount,
    };
    countStatus(status, minReady, now, currentRevision, updateRevision, pods);

    const start = startOrdinal(set);
    const replicas: PodObj[] = new Array(replicasOf(set));
    const condemned: PodObj[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    for (let ord = start; ord <= endOrdinal(set); ord++) {
      if (!replicas[ord - start]) replicas[ord - start] = newVersionedStatefulSetPod(currentSet, updateSet, currentRevision.metadata!.name!, updateRevision.metadata!.name!, ord);
    }
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
    let firstUnhealthy: PodObj | undefined;
    for (const p of replicas) if (!isHealthy(p) && !firstUnhealthy) firstUnhealthy = p;
    for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]) && !firstUnhealthy) firstUnhealthy = condemned[i];

    const done = (error?: unknown) => {
      countStatus(status, minReady, now, currentRevision, updateRevision, replicas, condemned);
      return { status, error };
    };
    if (set.metadata?.deletionTimestamp) return { status };
    const monotonic = !allowsBurst(set);

    // Each living replica, in ordinal order (fact 28; all at once under Parallel, fact 31).
    let outcome = runForAll(replicas.length, (i) => this.processReplica(set, updateSet, monotonic, replicas, i, now), monotonic);
    if (outcome.exit) return done(outcome.error);
    // Claims of condemned pods take the owners the retention policy asks for (fact 36).
    outcome = runForAll(
      condemned.length,
      (i) => {
        if (!this.podControl.claimsMatchRetentionPolicy(updateSet, condemned[i])) this.podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]);
        return false;
      },
      monotonic,
    );
    if (outcome.exit) return done(outcome.error);
    // Scale-down, highest ordinal first, one at a time unless Parallel (fact 30).
    outcome = runForAll(condemned.length, (i) => this.processCondemned(set, firstUnhealthy, monotonic, condemned, i, now), monotonic);
    if (outcome.exit) return done(outcome.error);
    const result = done();

    // OnDelete replaces pods only when the user deletes them (fact 33).
    if (set.spec?.updateStrategy?.type === 'OnDelete') return result;
    // RollingUpdate: the highest ordinal not at the update revision, down to the partition (fact 32).
    const updateMin = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (this.gates.isEnabled('MaxUnavailableStatefulSet')) return this.updateWithMaxUnavailable(set, replicas, updateRevision.metadata!.name!, updateMin, status, result);
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target];
      if (getPodRevision(pod) !== updateRevision.metadata!.name && !isTerminating(pod)) {
        try {
          this.podControl.deleteStatefulPod(set, pod);
        } catch (e) {
          if (!isNotFound(e)) return { status, error: e };
        }
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
        return { status };
      }
      if (!isHealthy(pod)) return { status };
    }
    return result;
  }

  /**
   * updateStatefulSetAfterInvariantEstablished (MaxUnavailableStatefulSet on): with U of the
   * replicas unhealthy (not Running and Ready, or terminating — v1.32 does not count minReadySeconds
   * here) and a
   * budget of maxUnavailable (intstr of spec.replicas, rounded down, at least 1), deletes up to
   * maxUnavailable − U outdated pods, highest ordinal first, down to the partition.
   */
  private updateWithMaxUnavailable(set: SetObj, replicas: PodObj[], updateRevision: string, updateMin: number, status: StatefulSetStatus, result: { status: StatefulSetStatus; error?: unknown }): { status: StatefulSetStatus; error?: unknown } {
    let maxUnavailable: number;
    try {
      maxUnavailable = Math.max(1, scaledValueFromIntOrPercent(set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, replicasOf(set), false));
    } catch (e) {
      return { status, error: e };
    }
    const unavailable = replicas.filter((p) => !isHealthy(p)).length;
    if (unavailable >= maxUnavailable) return result;
    let toDelete = maxUnavailable - unavailable;
    for (let target = replicas.length - 1; target >= updateMin && toDelete > 0; target--) {
      const pod = replicas[target];
      if (getPodRevision(pod) === updateRevision || isTerminating(pod)) continue;
      try {
        this.podControl.deleteStatefulPod(set, pod);
      } catch (e) {
        if (!isNotFound(e)) return { status, error: e };
      }
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      toDelete--;
    }
    return { status };
  }

  /**
   * processReplica: true when this round must stop here. Failed and Succeeded pods are deleted and
   * come back on a later sync (fact 29); a missing pod is created (and, unless Parallel, ends the
   * round); a Terminating, not Ready or not yet available pod blocks its successors (fact 28);
   * a healthy pod whose identity, storage or claim owners drifted is repaired.
   */
  private processReplica(set: SetObj, updateSet: SetObj, monotonic: boolean, replicas: PodObj[], i: number, now: number): boolean {
    const pod = replicas[i];
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!pod.metadata?.deletionTimestamp) this.podControl.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (this.podControl.podClaimIsStale(set, pod)) return true;
      replicas[i] = this.podControl.createStatefulPod(set, pod);
      if (monotonic) return true;
    }
    const live = replicas[i];
    if (isPending(live)) this.podControl.createMissingPersistentVolumeClaims(set, live);
    if (isTerminating(live) && monotonic) return true;
    if (!isRunningAndReady(live) && monotonic) return true;
    if (!isRunningAndAvailable(live, set.spec?.minReadySeconds ?? 0, now) && monotonic) return true;
    let retentionMatch = true;
    try {
      retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet, live);
    } catch {
      retentionMatch = true; // expected while the pod is not fully updated
    }
    if (identityMatches(set, live) && storageMatches(set, live) && retentionMatch) return false;
    this.podControl.updateStatefulPod(updateSet, live);
    return false;
  }

  /** processCondemned: deletes the condemned pod unless (monotonic) something before it is still settling. */
  private processCondemned(set: SetObj, firstUnhealthy: PodObj | undefined, monotonic: boolean, condemned: PodObj[], i: number, now: number): boolean {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, now) && monotonic && pod !== firstUnhealthy) return true;
    this.podControl.deleteStatefulPod(set, pod);
    return true;
  }

  /**
   * updateStatefulSetStatus: completes a finished rolling update (every replica updated and
   * ready: the update revision becomes current), then writes the status if it differs in any
   * field upstream compares; a conflict retries with the cached set.
   */
  private updateStatefulSetStatus(set: SetObj, status: StatefulSetStatus): void {
    if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    if (!inconsistentStatus(set, status)) return;
    let current = set;
    for (let attempt = 0; attempt < 5; attempt++) {
      const obj = deepCopy(current) as SetObj;
      obj.status = status;
      try {
        this.client.updateStatus(STS, obj);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt === 4) throw e;
        current = this.sets.lister().namespace(set.metadata!.namespace!).get(set.metadata!.name!) ?? current;
      }
    }
  }

  /** truncateHistory: deletes the oldest revisions no pod, nor the current or update revision, uses, beyond revisionHistoryLimit. */
  private truncateHistory(set: SetObj, pods: readonly PodObj[], revisions: readonly Revision[], current: Revision | undefined, update: Revision | undefined): void {
    const live = new Set<string>();
    if (current) live.add(current.metadata!.name!);
    if (update) live.add(update.metadata!.name!);
    for (const p of pods) live.add(getPodRevision(p));
    const history = revisions.filter((r) => !live.has(r.metadata!.name!));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    if (history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) this.history.delete(r);
  }
}

/**
 * updateStatus/computeReplicaStatus: counts over the pods given — created, ready, available, and
 * (not terminating) at the current and at the update revision.
 */
function countStatus(status: StatefulSetStatus, minReady: number, now: number, current: Revision, update: Revision, ...lists: (readonly PodObj[])[]): void {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let cur = 0;
  let upd = 0;
  for (const list of lists) {
    for (const pod of list) {
      if (!pod) continue;
      if (isCreated(pod)) replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReady, now)) available++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const rev = getPodRevision(pod);
        if (rev === current.metadata!.name) cur++;
        if (rev === update.metadata!.name) upd++;
      }
    }
  }
  status.replicas = replicas;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  status.currentReplicas = cur;
  status.updatedReplicas = upd;
}

/** inconsistentStatus: the fields whose change upstream writes (collisionCount alone is not one). */
function inconsistentStatus(set: SetObj, status: StatefulSetStatus): boolean {
  const old = set.status ?? { replicas: 0 };
  return (
    (status.observedGeneration ?? 0) > (old.observedGeneration ?? 0) ||
    status.replicas !== (old.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (old.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (old.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (old.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (old.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (old.updateRevision ?? '')
  );
}

/**
 * runForAll: monotonic — each in order until one says stop or fails; Parallel — all of them in
 * batches of 1, 2, 4, … (slowStartBatch), stopping after a batch with failures.
 */
function runForAll(count: number, fn: Step, monotonic: boolean): { exit: boolean; error?: unknown } {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      try {
        if (fn(i)) return { exit: true };
      } catch (e) {
        return { exit: true, error: e };
      }
    }
    return { exit: false };
  }
  let next = 0;
  let remaining = count;
  for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining, MAX_BATCH_SIZE)) {
    const errors: unknown[] = [];
    for (let k = 0; k < batch; k++) {
      try {
        fn(next++);
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) return { exit: true, error: errors.length === 1 ? errors[0] : new AggregateError(errors) };
    remaining -= batch;
  }
  return { exit: false };
}
