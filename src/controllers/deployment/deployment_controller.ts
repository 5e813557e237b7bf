import { BackgroundRequeue } from '../util/background_requeue';
import type { Pod } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { getControllerOf, resolveControllerRef, selectingOwners } from '../util/controller_ref';
import { claimObjects } from '../util/controller_ref_manager';
import type { DeploymentObj, RSObj } from './deployment_util';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, DEPLOYMENT_RESOURCE, type DeploymentContext, getAllReplicaSetsAndSyncRevision, isScalingEvent, RS_RESOURCE, sync, syncDeploymentStatus, updateDeploymentStatus } from './sync';

type PodObj = Pod & KubeObject;

/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go, v1.32).
 * Handlers map Deployment, ReplicaSet and pod events to Deployment keys. `sync(key)` re-reads the
 * deployment and its namespace's sets, claims its sets (adopting matching orphans, releasing
 * those its selector no longer matches) and then, in upstream's order: status only while being
 * deleted; the paused conditions; resize without rolling when paused or when the replicas
 * changed (a scaling event); otherwise one step of its strategy. Each write is idempotent
 * against the state it read; a failed write throws and the key is requeued rate-limited.
 */
export class DeploymentController implements Controller, DeploymentContext {
  readonly name = 'deployment-controller';
  readonly queue: RateLimitingQueue;
  readonly client: Client;
  readonly recorder: EventRecorder;
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private deployments!: SharedIndexInformer<DeploymentObj>;
  private sets!: SharedIndexInformer<RSObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;
  private readonly deadlineChecks: BackgroundRequeue;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('deployment-controller');
    this.recorder = ctx.recorder('deployment-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'deployment' });
    this.deadlineChecks = new BackgroundRequeue(ctx.loop, this.queue, 'deployment: progress deadline check');
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.deployments = this.ctx.informers.forResource<DeploymentObj>(DEPLOYMENT_RESOURCE);
    this.sets = this.ctx.informers.forResource<RSObj>(RS_RESOURCE);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    this.registrations.push(
      this.deployments.addEventHandler({
        onAdd: (d) => this.enqueue(d),
        onUpdate: (_old, d) => this.enqueue(d),
        onDelete: (d) => this.enqueue(d),
      }),
      this.sets.addEventHandler({
        onAdd: (rs) => this.addReplicaSet(rs),
        onUpdate: (old, rs) => this.updateReplicaSet(old, rs),
        onDelete: (rs) => this.deleteReplicaSet(rs),
      }),
      this.pods.addEventHandler({ onDelete: (pod) => this.deletePod(pod) }),
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
    this.deadlineChecks.stop();
    this.queue.shutDown();
  }

  // ---- DeploymentContext ------------------------------------------------------------------------

  nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }

  now(): string {
    return formatRFC3339(this.nowMs());
  }

  /**
   * The progress-deadline check (requeueStuckDeployment). A watchdog, not progress: its timer is
   * background work, so a cluster with a stuck rollout still settles. One timer per key, the
   * earliest kept.
   */
  enqueueAfter(d: DeploymentObj, ms: number): void {
    this.deadlineChecks.addAfter(keyOf(d), ms);
  }

  enqueueRateLimited(d: DeploymentObj): void {
    this.queue.addRateLimited(keyOf(d));
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  private enqueue(d: KubeObject): void {
    this.queue.add(keyOf(d));
  }

  private resolveControllerRef(namespace: string, obj: KubeObject): DeploymentObj | undefined {
    return resolveControllerRef(this.deployments.lister(), 'Deployment', namespace, obj);
  }

  /** getDeploymentsForReplicaSet: the deployments whose selector matches an orphan set (candidates to adopt it). */
  private matchingDeployments(rs: RSObj): DeploymentObj[] {
    return selectingOwners(this.deployments.lister(), rs, (d, labels) => !selectsAll(d) && (selectorOf(d)?.matches(labels) ?? false));
  }

  private addReplicaSet(rs: RSObj): void {
    if (rs.metadata?.deletionTimestamp) return this.deleteReplicaSet(rs);
    if (getControllerOf(rs)) {
      const d = this.resolveControllerRef(rs.metadata!.namespace!, rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.matchingDeployments(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: RSObj, cur: RSObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata!.namespace!;
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const prev = this.resolveControllerRef(ns, old);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const d = this.resolveControllerRef(ns, cur);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.matchingDeployments(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: RSObj): void {
    const d = this.resolveControllerRef(rs.metadata!.namespace!, rs);
    if (d) this.enqueue(d);
  }

  /** deletePod: a Recreate deployment waits for its old pods to be gone; look again once none is left. */
  private deletePod(pod: PodObj): void {
    const d = this.deploymentForPod(pod);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const sets = this.ownedSets(d);
    let pods = 0;
    for (const list of this.podMap(d, sets).values()) pods += list.length;
    if (pods === 0) this.enqueue(d);
  }

  /** getDeploymentForPod: the pod's ReplicaSet's controlling Deployment. */
  private deploymentForPod(pod: PodObj): DeploymentObj | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.sets.lister().namespace(pod.metadata!.namespace!).get(ref.name);
    if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
    return this.resolveControllerRef(pod.metadata!.namespace!, rs);
  }

  private ownedSets(d: DeploymentObj): RSObj[] {
    return this.sets
      .lister()
      .namespace(d.metadata!.namespace!)
      .list()
      .filter((rs) => getControllerOf(rs)?.uid === d.metadata!.uid);
  }

  /** getPodMapForDeployment: the pods the selector matches, grouped by the set (uid) that controls them. */
  private podMap(d: DeploymentObj, sets: readonly RSObj[]): Map<string, PodObj[]> {
    const map = new Map<string, PodObj[]>(sets.map((rs) => [rs.metadata!.uid!, []]));
    const sel = selectorOf(d);
    if (!sel) return map;
    for (const pod of this.pods.lister().namespace(d.metadata!.namespace!).list()) {
      if (!sel.matches(pod.metadata?.labels ?? {})) continue;
      const ref = getControllerOf(pod);
      if (ref?.uid !== undefined) map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** syncDeployment. */
  sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.deployments.lister().namespace(namespace ?? '').get(name);
    if (!cached) return;
    const d = deepCopy(cached) as DeploymentObj;
    const selector = selectorOf(d);
    if (!selector) return; // an invalid selector cannot be fixed by retrying (upstream logs and returns)
    if (selectsAll(d)) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata!.generation;
        updateDeploymentStatus(this, d);
      }
      return;
    }
    const rsList = claimObjects(this.client, d, DEPLOYMENT_RESOURCE, RS_RESOURCE, selector, this.sets.lister().namespace(d.metadata!.namespace!).list());
    const podMap = this.podMap(d, rsList);
    if (d.metadata?.deletionTimestamp) {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(this, d, rsList, false);
      return syncDeploymentStatus(this, [...oldRSs, newRS], newRS, d);
    }
    checkPausedConditions(this, d);
    if (d.spec?.paused) return sync(this, d, rsList);
    if (isScalingEvent(this, d, rsList)) return sync(this, d, rsList);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(this, d, rsList, podMap);
    return rolloutRolling(this, d, rsList);
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

/** The deployment's selector, or undefined when it does not parse. */
function selectorOf(d: DeploymentObj): Selector | undefined {
  try {
    return labelSelectorFromObject(d.spec?.selector);
  } catch {
    return undefined;
  }
}

/** The selector `{}`, which selects everything: upstream refuses to act on it. */
function selectsAll(d: DeploymentObj): boolean {
  const sel = d.spec?.selector;
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}
