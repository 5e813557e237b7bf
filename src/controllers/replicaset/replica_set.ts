import type { Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { deepCopy } from '../../api/freeze';
import { isConflict, isNotFound, isStatusError, type KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { isPodActive, podsToDelete, slowStartBatch } from '../util/active_pods';
import { getControllerOf, resolveControllerRef, selectingOwners } from '../util/controller_ref';
import { claimPods } from '../util/controller_ref_manager';
import { addPodControllerUIDIndexer, filterPodsByOwner } from '../util/pod_owner_index';
import { ControllerExpectations } from '../util/expectations';
import { PodControl } from '../util/pod_control';
import { calculateStatus } from './replica_set_utils';

/** `BurstReplicas`: at most this many creates or deletes per sync (fact 48). */
export const BURST_REPLICAS = 500;
/** `SlowStartInitialBatchSize` (fact 48). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

const RS = 'replicasets.apps';
type RSObj = ReplicaSet & KubeObject;
type PodObj = Pod & KubeObject;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go, v1.32). Handlers map pod and
 * ReplicaSet events to ReplicaSet keys, noting what earlier syncs were waiting to see
 * (expectations). `sync(key)` re-reads the set and the namespace's pods from the informer caches,
 * claims its pods (adopting orphans that match, releasing those that no longer do), creates or
 * deletes the difference to spec.replicas — creates in slow-start batches, deletes ranked by
 * fact 49 — and writes the status when it changed. Idempotent: a sync with nothing outstanding
 * and nothing to do writes nothing; a sync whose creates or deletes the informers have not
 * delivered yet only updates the status.
 */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly queue: RateLimitingQueue;
  readonly expectations: ControllerExpectations;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private sets!: SharedIndexInformer<RSObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly burstReplicas = BURST_REPLICAS,
  ) {
    this.client = ctx.client('replicaset-controller');
    this.recorder = ctx.recorder('replicaset-controller');
    this.podControl = new PodControl(this.client, this.recorder);
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'replicaset' });
    this.expectations = new ControllerExpectations(ctx.loop);
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sets = this.ctx.informers.forResource<RSObj>(RS);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    addPodControllerUIDIndexer(this.pods);
    this.registrations.push(
      this.sets.addEventHandler({
        onAdd: (rs) => this.enqueue(rs),
        onUpdate: (_old, rs) => this.enqueue(rs),
        onDelete: (rs) => {
          this.expectations.delete(keyOf(rs));
          this.enqueue(rs);
        },
      }),
      this.pods.addEventHandler({
        onAdd: (pod) => this.addPod(pod),
        onUpdate: (old, pod) => this.updatePod(old, pod),
        onDelete: (pod) => this.deletePod(pod),
      }),
    );
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    this.queue.shutDown();
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  private enqueue(rs: KubeObject): void {
    this.queue.add(keyOf(rs));
  }

  /** resolveControllerRef: the ReplicaSet the reference names, if it is the same object (uid). */
  private resolveControllerRef(namespace: string, pod: PodObj): RSObj | undefined {
    return resolveControllerRef(this.sets.lister(), 'ReplicaSet', namespace, pod);
  }

  /** getPodReplicaSets: the sets whose selector matches an orphan's labels (candidates to adopt it). */
  private matchingSets(pod: PodObj): RSObj[] {
    return selectingOwners(this.sets.lister(), pod, (rs, labels) => selectorOrNothing(rs).matches(labels));
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ns = pod.metadata!.namespace!;
    if (getControllerOf(pod)) {
      const rs = this.resolveControllerRef(ns, pod);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      return this.enqueue(rs);
    }
    for (const rs of this.matchingSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata!.namespace!;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // A graceful delete shows as an update first: count the deletion now, not when the pod goes.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const prev = this.resolveControllerRef(ns, old);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(ns, cur);
      if (!rs) return;
      this.enqueue(rs);
      // A pod that just became Ready is available minReadySeconds later: look again then.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(keyOf(rs), (minReady + 1) * 1000);
      return;
    }
    if (labelsChanged || oldRef) for (const rs of this.matchingSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: PodObj): void {
    if (!getControllerOf(pod)) return;
    const rs = this.resolveControllerRef(pod.metadata!.namespace!, pod);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    this.enqueue(rs);
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** syncReplicaSet. Throws (to be requeued rate-limited) when creating or deleting pods failed. */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const ns = namespace ?? '';
    const rs = this.sets.lister().namespace(ns).get(name);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let selector: Selector;
    try {
      selector = labelSelectorFromObject(rs.spec?.selector);
    } catch {
      return; // an invalid selector cannot be fixed by retrying (upstream logs and returns)
    }
    // FilterPodsByOwner: its own pods and the namespace's orphans, from the controller-uid index.
    const active = filterPodsByOwner(this.pods, rs, true).filter(isPodActive);
    const owned = claimPods(this.client, rs, RS, selector, active);
    let manageError: { reason: 'FailedCreate' | 'FailedDelete'; message: string; error: unknown } | undefined;
    if (needsSync && !rs.metadata?.deletionTimestamp) manageError = this.manageReplicas(key, owned, rs);
    const status = calculateStatus(rs, owned, manageError, this.nowMs(), formatRFC3339(this.nowMs()));
    const updated = this.updateStatus(rs, status);
    if (manageError) throw manageError.error;
    const replicas = rs.spec?.replicas ?? 1;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (updated && minReady > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  /** manageReplicas: creates or deletes the difference to spec.replicas, at most burstReplicas at a time. */
  private manageReplicas(key: string, pods: readonly PodObj[], rs: RSObj): { reason: 'FailedCreate' | 'FailedDelete'; message: string; error: unknown } | undefined {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const want = Math.min(-diff, this.burstReplicas);
      this.expectations.expectCreations(key, want);
      const { successes, error } = slowStartBatch(want, SLOW_START_INITIAL_BATCH_SIZE, () => {
        try {
          this.podControl.createPod(rs.spec?.template, rs);
        } catch (e) {
          // A namespace being deleted refuses creates; that is no failure of the set's.
          if (isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return;
          throw e;
        }
      });
      // The creates that failed or were skipped will never be observed.
      if (want - successes > 0) this.expectations.lowerCreations(key, want - successes);
      return error === undefined ? undefined : { reason: 'FailedCreate', message: messageOf(error), error };
    }
    if (diff > 0) {
      const count = Math.min(diff, this.burstReplicas);
      const victims = podsToDelete(pods, this.relatedPods(rs), count, this.nowMs()) as PodObj[];
      this.expectations.expectDeletions(key, victims.map(keyOf));
      let first: unknown;
      for (const pod of victims) {
        try {
          this.podControl.deletePod(pod.metadata!.namespace!, pod.metadata!.name!, rs);
        } catch (e) {
          this.expectations.deletionObserved(key, keyOf(pod));
          if (!isNotFound(e) && first === undefined) first = e;
        }
      }
      return first === undefined ? undefined : { reason: 'FailedDelete', message: messageOf(first), error: first };
    }
    return undefined;
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller as this one
   * (the sets of one Deployment), or this set's own pods when it has no controller.
   */
  private relatedPods(rs: RSObj): PodObj[] {
    const owner = getControllerOf(rs);
    const ns = rs.metadata!.namespace!;
    const sets = owner ? this.sets.lister().namespace(ns).list().filter((s) => getControllerOf(s)?.uid === owner.uid) : [rs];
    const uids = new Set(sets.map((s) => s.metadata!.uid));
    return this.pods
      .lister()
      .namespace(ns)
      .list()
      .filter((p) => uids.has(getControllerOf(p)?.uid));
  }

  /** updateReplicaSetStatus: writes the status (and observedGeneration) only when it differs; retries a conflict once with a fresh read. */
  private updateStatus(rs: RSObj, status: RSObj['status']): RSObj | undefined {
    const next = { ...status!, observedGeneration: rs.metadata?.generation ?? status!.observedGeneration };
    if (JSON.stringify(next) === JSON.stringify(rs.status ?? {})) return rs;
    let current = rs;
    for (let attempt = 0; attempt < 2; attempt++) {
      const obj = deepCopy(current) as RSObj & { status?: RSObj['status'] };
      obj.status = { ...next, observedGeneration: current.metadata?.generation ?? next.observedGeneration };
      try {
        return this.client.updateStatus(RS, obj);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        if (!isConflict(e) || attempt > 0) throw e;
        current = this.client.get<RSObj>(RS, rs.metadata!.namespace, rs.metadata!.name!);
      }
    }
    return undefined;
  }

  private nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

function selectorOrNothing(rs: RSObj): Selector {
  try {
    return labelSelectorFromObject(rs.spec?.selector);
  } catch {
    return labelSelectorFromObject(undefined);
  }
}

function messageOf(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}
