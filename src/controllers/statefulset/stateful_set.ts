import { isNotFound, type KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { ControllerHistory, type Revision } from '../history/controller_history';
import { getControllerOf, resolveControllerRef, selectingOwners } from '../util/controller_ref';
import { claimPods } from '../util/controller_ref_manager';
import { StatefulPodControl } from './stateful_pod_control';
import { StatefulSetControl } from './stateful_set_control';
import { isMemberOf, replicasOf, type ClaimObj, type PodObj, type SetObj } from './stateful_set_utils';

const STS = 'statefulsets.apps';

/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go, v1.32), the wiring layer:
 * pod and set events become set keys; `sync(key)` re-reads the set from the cache, adopts orphaned
 * revisions, claims the pods its selector matches and whose names make them members, and hands
 * them to the decision layer (StatefulSetControl), which acts through the pod-control layer
 * (StatefulPodControl). An error requeues the key rate-limited.
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private sets!: SharedIndexInformer<SetObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private history!: ControllerHistory;
  private control!: StatefulSetControl;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('statefulset-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'statefulset' });
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sets = this.ctx.informers.forResource<SetObj>(STS);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    const claims = this.ctx.informers.forResource<ClaimObj>('persistentvolumeclaims');
    const revisions = this.ctx.informers.forResource<Revision>('controllerrevisions.apps');
    this.history = new ControllerHistory(this.client, revisions);
    const podControl = new StatefulPodControl(this.client, this.ctx.recorder('statefulset-controller'), this.pods, claims);
    this.control = new StatefulSetControl(this.client, podControl, this.history, this.sets, () => this.nowMs(), this.ctx.featureGates);
    this.registrations.push(
      this.sets.addEventHandler({
        onAdd: (s) => this.enqueue(s),
        onUpdate: (_old, s) => this.enqueue(s),
        onDelete: (s) => this.enqueue(s),
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

  private enqueue(set: KubeObject): void {
    this.queue.add(keyOf(set));
  }

  private resolveControllerRef(namespace: string, pod: PodObj): SetObj | undefined {
    return resolveControllerRef(this.sets.lister(), 'StatefulSet', namespace, pod);
  }

  /** getPodStatefulSets: the sets whose selector matches an orphan (candidates to adopt it). */
  private matchingSets(pod: PodObj): SetObj[] {
    return selectingOwners(this.sets.lister(), pod, (s, labels) => selectorOrNothing(s).matches(labels));
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    if (getControllerOf(pod)) {
      const set = this.resolveControllerRef(pod.metadata!.namespace!, pod);
      if (set) this.enqueue(set);
      return;
    }
    for (const s of this.matchingSets(pod)) this.enqueue(s);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata!.namespace!;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const prev = this.resolveControllerRef(ns, old);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const set = this.resolveControllerRef(ns, cur);
      if (!set) return;
      this.enqueue(set);
      // A pod just Ready is available minReadySeconds later: look again then.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(keyOf(set), minReady * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const s of this.matchingSets(cur)) this.enqueue(s);
  }

  private deletePod(pod: PodObj): void {
    const set = this.resolveControllerRef(pod.metadata!.namespace!, pod);
    if (set) this.enqueue(set);
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** sync: one level-triggered pass over the set; throws to be requeued rate-limited. */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const ns = namespace ?? '';
    const set = this.sets.lister().namespace(ns).get(name);
    if (!set) return;
    let selector: Selector;
    try {
      selector = labelSelectorFromObject(set.spec?.selector);
    } catch {
      return; // an invalid selector cannot be fixed by retrying (upstream logs and returns)
    }
    this.adoptOrphanRevisions(set, selector);
    const pods = claimPods(this.client, set, STS, selector, this.pods.lister().namespace(ns).list(), (p) => isMemberOf(set, p));
    const status = this.control.updateStatefulSet(set, pods);
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && (status.availableReplicas ?? 0) !== replicasOf(set)) return { requeueAfterMs: minReady * 1000 };
  }

  /** adoptOrphanRevisions: revisions the selector matches and no one controls become the set's, if it can adopt. */
  private adoptOrphanRevisions(set: SetObj, selector: Selector): void {
    const orphans = this.history.list(set, selector).filter((r) => !getControllerOf(r));
    if (!orphans.length) return;
    let fresh: SetObj;
    try {
      fresh = this.client.get<SetObj>(STS, set.metadata!.namespace, set.metadata!.name!);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (fresh.metadata?.uid !== set.metadata?.uid || fresh.metadata?.deletionTimestamp) return;
    for (const r of orphans) {
      try {
        this.history.adopt(set, r);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

function selectorOrNothing(set: SetObj): Selector {
  try {
    return labelSelectorFromObject(set.spec?.selector);
  } catch {
    return labelSelectorFromObject(undefined);
  }
}
