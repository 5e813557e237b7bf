import type { DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import { isConflict, isNotFound, isStatusError, type KubeObject } from '../../api/object';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import type { EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import { Backoff } from '../../client/flowcontrol_backoff';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import type { Revision } from '../history/controller_history';
import { slowStartBatch } from '../util/active_pods';
import { getControllerOf, resolveControllerRef, selectingOwners } from '../util/controller_ref';
import { claimObjects, claimPods } from '../util/controller_ref_manager';
import { ControllerExpectations } from '../util/expectations';
import { PodControl } from '../util/pod_control';
import {
  allowsSurge,
  byCreationTimestampAndPhase,
  CONTROLLER_REVISION_HASH_LABEL,
  createPodTemplate,
  type DSObj,
  isPodAvailable,
  isPodReady,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  type PodObj,
  replaceNodeNameNodeAffinity,
  targetNodeName,
  templateGeneration,
} from './daemonset_util';
import { cleanupHistory, constructHistory, DAEMONSETS, type DaemonSetContext, REVISIONS, rollingUpdate } from './update';

/** BurstReplicas: at most this many pods created or deleted per sync. */
export const BURST_REPLICAS = 250;
/** failedPodsBackoff: flowcontrol.NewBackOff(1s, 15min) between replacing failed daemon pods. */
export const FAILED_PODS_BACKOFF_INITIAL_MS = 1_000;
export const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60_000;

/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, v1.32). Handlers map
 * DaemonSet, ControllerRevision, pod and node events to DaemonSet keys. `sync(key)` re-reads the
 * set, the nodes and its pods from the caches, builds its revision history, and — once earlier
 * creates and deletes have been observed (expectations) — makes one pod per node that should run
 * it (created with a node affinity for that node, for the default scheduler to bind: fact 53),
 * deletes pods from nodes that should not, runs one step of the rolling update, trims old
 * revisions, and writes the status. Idempotent: with nothing outstanding and nothing to do it
 * writes nothing.
 */
export class DaemonSetController implements Controller, DaemonSetContext {
  readonly name = 'daemonset-controller';
  readonly queue: RateLimitingQueue;
  readonly expectations: ControllerExpectations;
  readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly failedPodsBackoff: Backoff;
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private sets!: SharedIndexInformer<DSObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private nodes!: SharedIndexInformer<Node & KubeObject>;
  private revisions!: SharedIndexInformer<Revision>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('daemon-set-controller');
    this.recorder = ctx.recorder('daemonset-controller');
    this.podControl = new PodControl(this.client, this.recorder);
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'daemonset' });
    this.expectations = new ControllerExpectations(ctx.loop);
    this.failedPodsBackoff = new Backoff(() => ctx.loop.now, FAILED_PODS_BACKOFF_INITIAL_MS, FAILED_PODS_BACKOFF_MAX_MS);
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sets = this.ctx.informers.forResource<DSObj>(DAEMONSETS);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    this.nodes = this.ctx.informers.forResource<Node & KubeObject>('nodes');
    this.revisions = this.ctx.informers.forResource<Revision>(REVISIONS);
    this.registrations.push(
      this.sets.addEventHandler({
        onAdd: (ds) => this.enqueue(ds),
        onUpdate: (_old, ds) => this.enqueue(ds),
        onDelete: (ds) => {
          this.expectations.delete(keyOf(ds));
          this.enqueue(ds);
        },
      }),
      this.revisions.addEventHandler({
        onAdd: (h) => this.ownedChanged(h),
        onUpdate: (old, h) => {
          if (old.metadata?.resourceVersion !== h.metadata?.resourceVersion) this.ownedChanged(h, old);
        },
        onDelete: (h) => this.ownedChanged(h),
      }),
      this.pods.addEventHandler({
        onAdd: (pod) => this.addPod(pod),
        onUpdate: (old, pod) => this.updatePod(old, pod),
        onDelete: (pod) => this.deletePod(pod),
      }),
      this.nodes.addEventHandler({
        onAdd: (node) => this.nodeChanged(node),
        onUpdate: (old, node) => {
          if (!shouldIgnoreNodeUpdate(old, node)) this.nodeChanged(node, old);
        },
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

  nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  private enqueue(ds: KubeObject): void {
    this.queue.add(keyOf(ds));
  }

  private resolveControllerRef(namespace: string, obj: KubeObject): DSObj | undefined {
    return resolveControllerRef(this.sets.lister(), 'DaemonSet', namespace, obj);
  }

  /** The sets whose selector matches an orphan's labels (candidates to adopt it). */
  private matchingSets(obj: KubeObject): DSObj[] {
    return selectingOwners(this.sets.lister(), obj, (ds, labels) => selectorOf(ds)?.matches(labels) ?? false);
  }

  /** A pod or revision changed: its controller, or for an orphan the sets that could adopt it. */
  private ownedChanged(obj: KubeObject, old?: KubeObject): void {
    const ns = obj.metadata!.namespace!;
    if (old && getControllerOf(old)?.uid !== getControllerOf(obj)?.uid) {
      const prev = this.resolveControllerRef(ns, old);
      if (prev) this.enqueue(prev);
    }
    if (getControllerOf(obj)) {
      const ds = this.resolveControllerRef(ns, obj);
      if (ds) this.enqueue(ds);
      return;
    }
    for (const ds of this.matchingSets(obj)) this.enqueue(ds);
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ds = this.resolveControllerRef(pod.metadata!.namespace!, pod);
    if (ds) this.expectations.creationObserved(keyOf(ds));
    this.ownedChanged(pod);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) {
      this.deletePod(cur);
      return;
    }
    this.ownedChanged(cur, old);
    // A pod that just became Ready is available minReadySeconds later: look again then.
    const ds = this.resolveControllerRef(cur.metadata!.namespace!, cur);
    const minReady = ds?.spec?.minReadySeconds ?? 0;
    if (ds && minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(keyOf(ds), minReady * 1000);
  }

  private deletePod(pod: PodObj): void {
    const ds = this.resolveControllerRef(pod.metadata!.namespace!, pod);
    if (!ds) return;
    this.expectations.deletionObserved(keyOf(ds), keyOf(pod));
    this.enqueue(ds);
  }

  /** addNode/updateNode: the sets whose verdict on this node is (or changed to be) relevant. */
  private nodeChanged(node: Node & KubeObject, old?: Node & KubeObject): void {
    for (const ds of this.sets.lister().list()) {
      const cur = nodeShouldRunDaemonPod(node, ds);
      if (!old) {
        if (cur.shouldRun) this.enqueue(ds);
        continue;
      }
      const prev = nodeShouldRunDaemonPod(old, ds);
      if (prev.shouldRun !== cur.shouldRun || prev.shouldContinueRunning !== cur.shouldContinueRunning) this.enqueue(ds);
    }
  }

  // ---- DaemonSetContext -------------------------------------------------------------------------

  controlledHistories(ds: DSObj): Revision[] {
    const selector = selectorOf(ds);
    if (!selector) return [];
    return claimObjects(this.client, ds, DAEMONSETS, REVISIONS, selector, this.revisions.lister().namespace(ds.metadata!.namespace!).list());
  }

  /** getNodesToDaemonPods: claimed pods by the node they run on or are meant for. */
  nodesToDaemonPods(ds: DSObj, includeDeletedTerminal: boolean): Map<string, PodObj[]> {
    const map = new Map<string, PodObj[]>();
    const selector = selectorOf(ds);
    if (!selector) return map;
    const claimed = claimPods(this.client, ds, DAEMONSETS, selector, this.pods.lister().namespace(ds.metadata!.namespace!).list());
    for (const pod of claimed) {
      const phase = pod.status?.phase;
      if (!includeDeletedTerminal && (phase === 'Succeeded' || phase === 'Failed') && pod.metadata?.deletionTimestamp) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = map.get(node);
      if (list) list.push(pod);
      else map.set(node, [pod]);
    }
    return map;
  }

  /**
   * syncNodes: at most BurstReplicas creates (slow start: 1, 2, 4, ...; a failed batch stops the
   * rest, which the next sync retries) and deletes. Each pod is the template with the hash and
   * generation labels, the daemon tolerations, and a node affinity for its node. Throws the first
   * failure after all were tried.
   */
  syncNodes(ds: DSObj, podsToDelete: string[], nodesNeedingPods: string[], hash: string): void {
    const key = keyOf(ds);
    const creates = nodesNeedingPods.slice(0, BURST_REPLICAS);
    const deletes = podsToDelete.slice(0, BURST_REPLICAS);
    const ns = ds.metadata!.namespace!;
    this.expectations.setExpectations(key, creates.length, deletes.map((n) => `${ns}/${n}`));
    const template = createPodTemplate(ds.spec?.template, templateGeneration(ds), hash);
    let next = 0;
    let first: unknown;
    const { successes, error } = slowStartBatch(creates.length, 1, () => {
      const t = deepCopy(template);
      t.spec!.affinity = replaceNodeNameNodeAffinity(t.spec!.affinity, creates[next++]);
      try {
        this.podControl.createPod(t, ds);
      } catch (e) {
        if (isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return;
        throw e;
      }
    });
    if (creates.length - successes > 0) this.expectations.lowerCreations(key, creates.length - successes);
    if (error !== undefined) first = error;
    for (const name of deletes) {
      try {
        this.podControl.deletePod(ns, name, ds);
      } catch (e) {
        this.expectations.deletionObserved(key, `${ns}/${name}`);
        if (!isNotFound(e) && first === undefined) first = e;
      }
    }
    if (first !== undefined) throw first;
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** syncDaemonSet. */
  sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.sets.lister().namespace(namespace ?? '').get(name);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const ds = deepCopy(cached) as DSObj;
    const nodes = this.nodes.lister().list();
    const selector = ds.spec?.selector;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    if (!selectorOf(ds)) return; // an invalid selector cannot be fixed by retrying
    if (ds.metadata?.deletionTimestamp) return;
    const { cur, old } = constructHistory(this, ds);
    const hash = cur.metadata!.labels![CONTROLLER_REVISION_HASH_LABEL];
    if (!this.expectations.satisfied(key)) return this.updateStatus(ds, nodes, hash, false);
    this.manage(ds, nodes, hash);
    if (this.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') rollingUpdate(this, ds, nodes, hash);
    cleanupHistory(this, ds, old);
    this.updateStatus(ds, nodes, hash, true);
  }

  /** manage: creates the missing daemon pods and deletes the ones that should go (podsShouldBeOnNode), plus pods meant for nodes that are gone. */
  private manage(ds: DSObj, nodes: readonly Node[], hash: string): void {
    const nodeToPods = this.nodesToDaemonPods(ds, false);
    const needing: string[] = [];
    const toDelete: string[] = [];
    for (const node of nodes) {
      const r = this.podsShouldBeOnNode(node, nodeToPods, ds, hash);
      needing.push(...r.needing);
      toDelete.push(...r.toDelete);
    }
    // getUnscheduledPodsWithoutNode: pods meant for nodes that no longer exist.
    const known = new Set(nodes.map((n) => n.metadata!.name!));
    for (const [node, pods] of nodeToPods) {
      if (known.has(node)) continue;
      for (const p of pods) if (!p.spec?.nodeName && !p.metadata?.deletionTimestamp) toDelete.push(p.metadata!.name!);
    }
    this.syncNodes(ds, toDelete, needing, hash);
  }

  /**
   * podsShouldBeOnNode: a node that should run the pod and has none needs one; on a node where
   * pods may keep running, failed pods are replaced (backing off, with a FailedDaemonPod event)
   * and extra pods go — all but the oldest, or with surge all but the oldest new and, until the
   * new one is available, the oldest old; a node that should run none loses them all.
   */
  private podsShouldBeOnNode(node: Node, nodeToPods: Map<string, PodObj[]>, ds: DSObj, hash: string): { needing: string[]; toDelete: string[] } {
    const nodeName = node.metadata!.name!;
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(nodeName);
    const needing: string[] = [];
    const toDelete: string[] = [];
    if (shouldRun && !pods) needing.push(nodeName);
    else if (shouldContinueRunning && pods) {
      const running: PodObj[] = [];
      for (const pod of pods) {
        if (pod.metadata?.deletionTimestamp) continue;
        if (pod.status?.phase === 'Failed') {
          // failedPodsBackoffKey: the kubelet may keep rejecting the pod; do not hot-loop on it.
          const backoffKey = `${ds.metadata!.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
          const now = this.ctx.loop.now;
          if (this.failedPodsBackoff.isInBackOffSinceUpdate(backoffKey, now)) {
            this.queue.addAfter(keyOf(ds), this.failedPodsBackoff.get(backoffKey));
            continue;
          }
          this.failedPodsBackoff.next(backoffKey, now);
          this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata!.namespace}/${pod.metadata!.name} on node ${nodeName}, will try to kill it`);
          toDelete.push(pod.metadata!.name!);
        } else running.push(pod);
      }
      if (running.length > 1) {
        running.sort(byCreationTimestampAndPhase);
        if (!allowsSurge(ds)) toDelete.push(...running.slice(1).map((p) => p.metadata!.name!));
        else {
          let oldestNew: PodObj | undefined;
          let oldestOld: PodObj | undefined;
          const generation = templateGeneration(ds);
          for (const pod of running) {
            if (isPodUpdated(pod, hash, generation)) {
              if (!oldestNew) {
                oldestNew = pod;
                continue;
              }
            } else if (!oldestOld) {
              oldestOld = pod;
              continue;
            }
            toDelete.push(pod.metadata!.name!);
          }
          if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, this.nowMs()))) toDelete.push(oldestOld.metadata!.name!);
        }
      }
    } else if (!shouldContinueRunning && pods) {
      for (const pod of pods) if (!pod.metadata?.deletionTimestamp) toDelete.push(pod.metadata!.name!);
    }
    return { needing, toDelete };
  }

  /**
   * updateDaemonSetStatus: per node that should run the pod, whether its oldest pod is scheduled,
   * ready, available and of the current revision; pods on other nodes are misscheduled. Written
   * only when it differs; a conflict is retried once with a fresh read.
   */
  private updateStatus(ds: DSObj, nodes: readonly Node[], hash: string, updateObservedGen: boolean): void {
    const nodeToPods = this.nodesToDaemonPods(ds, false);
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    const now = this.nowMs();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const generation = templateGeneration(ds);
    for (const node of nodes) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      const pods = nodeToPods.get(node.metadata!.name!) ?? [];
      const scheduled = pods.length > 0;
      if (!shouldRun) {
        if (scheduled) misscheduled++;
        continue;
      }
      desired++;
      if (!scheduled) continue;
      current++;
      const pod = [...pods].sort(byCreationTimestampAndPhase)[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    }
    const status: DaemonSetStatus = {
      ...(ds.status ?? {}),
      desiredNumberScheduled: desired,
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    if (updateObservedGen) status.observedGeneration = ds.metadata?.generation;
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const) if (status[k] === 0) delete status[k];
    if (JSON.stringify(sortKeys(status)) !== JSON.stringify(sortKeys(ds.status ?? {}))) this.writeStatus(ds, status);
    if (minReady > 0 && ready !== available) this.queue.addAfter(keyOf(ds), minReady * 1000);
  }

  private writeStatus(ds: DSObj, status: DaemonSetStatus): void {
    let target = ds;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        this.client.updateStatus(DAEMONSETS, { ...deepCopy(target), status } as DSObj);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt > 0) throw e;
        target = this.client.get<DSObj>(DAEMONSETS, ds.metadata!.namespace, ds.metadata!.name!);
      }
    }
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

function selectorOf(ds: DSObj): Selector | undefined {
  try {
    return labelSelectorFromObject(ds.spec?.selector);
  } catch {
    return undefined;
  }
}

function sortKeys(o: object): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * shouldIgnoreNodeUpdate: an update that changes only status heartbeats (resourceVersion,
 * condition times) changes no DaemonSet's verdict.
 */
function shouldIgnoreNodeUpdate(old: Node, cur: Node): boolean {
  const strip = (n: Node) => JSON.stringify({ labels: n.metadata?.labels, spec: n.spec, conditions: (n.status?.conditions ?? []).map((c) => [c.type, c.status]) });
  return strip(old) === strip(cur);
}
