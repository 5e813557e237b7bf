import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { Timer } from '../../sim/loop';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { removeTaintOffNode, taintExists } from '../util/taints';
import { NodeHealthTracker, type HealthUpdate } from './health';
import { addOrUpdateLabelsOnNode, labelsToReconcile } from './labels';
import { getNodeCondition, markPodsNotReady, recordNodeEvent, recordNodeStatusChange, swapNodeControllerTaint } from './node_utils';
import {
  NODE_EVICTION_PERIOD_MS,
  NODE_HEALTH_UPDATE_RETRY,
  NODE_UPDATE_WORKER_SIZE,
  POD_UPDATE_WORKER_SIZE,
  resolveOptions,
  type NodeLifecycleOptions,
  type ResolvedNodeLifecycleOptions,
} from './options';
import { ZoneTainters } from './disruption';
import type { TimedValue } from './rate_limited_queue';
import { NOT_READY_TAINT_TEMPLATE, UNREACHABLE_TAINT_TEMPLATE, noScheduleTaintChanges } from './taints';
import { getZoneKey, isNodeExcludedFromDisruptionChecks, type ZoneState } from './zones';

/** v1.NamespaceNodeLease: where each kubelet keeps its heartbeat Lease (fact 3). */
export const NAMESPACE_NODE_LEASE = 'kube-node-lease';
/** `nodeNameKeyIndex`: pods by `spec.nodeName`. */
export const NODE_NAME_KEY_INDEX = 'spec.nodeName';

type NodeObj = Node & KubeObject;
type PodObj = Pod & KubeObject;

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle, v1.32; facts 4-11).
 *
 * - Every `nodeMonitorPeriod` (5s, a background task that also runs at start) `monitorNodeHealth`
 *   registers new nodes (`RegisteredNode`), forgets deleted ones (`RemovingNode`), marks nodes
 *   whose kubelet fell silent Unknown (health.ts), and on a node's Ready→not-Ready transition
 *   records `NodeNotReady` on the node and marks its pods not Ready. It then queues not-Ready
 *   nodes on their zone's tainter and re-rates the tainters from the zones' health.
 * - Every 100ms while any node waits, the zone tainters add (or swap) the NoExecute
 *   `not-ready`/`unreachable` taint, at the zone's rate (fact 11); taints come off when Ready=True.
 * - Node events queue the node for the NoSchedule condition taints (fact 7) and label
 *   reconciliation; pod events queue pods newly bound to a not-Ready node to be marked not Ready.
 *
 * Writes go through the `node-controller` client; events come from the `node-controller` source.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly nodeUpdateQueue: RateLimitingQueue;
  readonly podUpdateQueue: RateLimitingQueue;
  readonly health: NodeHealthTracker;
  private readonly opts: ResolvedNodeLifecycleOptions;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly knownNodeSet = new Map<string, NodeObj>();
  private readonly zoneTainters: ZoneTainters;
  /** Nodes whose pods must be marked not Ready again (the last try failed). */
  private readonly nodesToRetry = new Set<string>();
  private nodeInformer: SharedIndexInformer<NodeObj> | undefined;
  private podInformer: SharedIndexInformer<PodObj> | undefined;
  private leaseInformer: SharedIndexInformer<Lease & KubeObject> | undefined;
  private readonly registrations: HandlerRegistration[] = [];
  private readonly workers: QueueWorker[] = [];
  private monitorTimer: Timer | undefined;
  private taintingTimer: Timer | undefined;
  private startedAt = 0;
  private running = false;

  constructor(
    private readonly ctx: ControllerContext,
    opts: NodeLifecycleOptions = {},
  ) {
    this.opts = resolveOptions(opts);
    this.zoneTainters = new ZoneTainters(this.opts, ctx.loop);
    this.client = ctx.client('node-controller');
    this.recorder = ctx.recorder('node-controller');
    this.nodeUpdateQueue = new RateLimitingQueue(ctx.loop, { name: 'node_lifecycle_controller' });
    this.podUpdateQueue = new RateLimitingQueue(ctx.loop, { name: 'node_lifecycle_controller_pods' });
    this.health = new NodeHealthTracker({
      client: this.client,
      getLease: (name) => this.leaseInformer?.lister().namespace(NAMESPACE_NODE_LEASE).get(name),
      clock: ctx.loop,
      epochMs: ctx.epochMs,
      timestamp: (at) => this.timestamp(at),
      nodeMonitorGracePeriodMs: this.opts.nodeMonitorGracePeriodMs,
      nodeStartupGracePeriodMs: this.opts.nodeStartupGracePeriodMs,
    });
  }

  /** The zone states after the last monitor pass (for diagnostics and tests). */
  get zones(): ReadonlyMap<string, ZoneState> {
    return this.zoneTainters.zoneStates;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { informers, loop } = this.ctx;
    const pods = (this.podInformer = informers.forResource<PodObj>('pods'));
    const nodes = (this.nodeInformer = informers.forResource<NodeObj>('nodes'));
    this.leaseInformer = informers.forResource<Lease & KubeObject>('leases.coordination.k8s.io');
    if (!pods.indexer.hasIndex(NODE_NAME_KEY_INDEX)) {
      pods.addIndexers({ [NODE_NAME_KEY_INDEX]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) });
    }
    this.registrations.push(
      pods.addEventHandler({
        onAdd: (p) => this.podUpdated(undefined, p),
        onUpdate: (old, p) => this.podUpdated(old, p),
      }),
      nodes.addEventHandler({
        onAdd: (n) => this.nodeUpdateQueue.add(n.metadata!.name!),
        onUpdate: (_old, n) => this.nodeUpdateQueue.add(n.metadata!.name!),
        onDelete: (n) => this.nodesToRetry.delete(n.metadata!.name!),
      }),
    );
    informers.start();
    this.workers.push(
      new QueueWorker(loop, this.nodeUpdateQueue, (name) => this.doNodeProcessingPass(name), { name: `${this.name}: nodes`, workers: NODE_UPDATE_WORKER_SIZE }),
      new QueueWorker(loop, this.podUpdateQueue, (key) => this.processPod(key), { name: `${this.name}: pods`, workers: POD_UPDATE_WORKER_SIZE }),
    );
    this.startedAt = loop.now;
    this.monitorTimer = loop.every(this.opts.nodeMonitorPeriodMs, () => this.monitorNodeHealth(), {
      background: true,
      firstDelayMs: 0,
      label: `${this.name}: monitorNodeHealth`,
    });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.monitorTimer?.cancel();
    this.taintingTimer?.cancel();
    this.taintingTimer = undefined;
    for (const w of this.workers) w.stop();
    for (const r of this.registrations) r.remove();
    this.podInformer?.stop();
    this.nodeInformer?.stop();
    this.leaseInformer?.stop();
  }

  private now(): string {
    return this.timestamp(this.ctx.loop.now);
  }

  private timestamp(atMs: number): string {
    return formatRFC3339(this.ctx.epochMs + atMs);
  }

  private podsAssignedToNode(nodeName: string): PodObj[] {
    return this.podInformer?.lister().byIndex(NODE_NAME_KEY_INDEX, nodeName) ?? [];
  }

  // ---- node and pod events ----------------------------------------------------------------------

  /** Fact 7 (`doNoScheduleTaintingPass`), then `reconcileNodeLabels`. A failure requeues the node. */
  private doNodeProcessingPass(nodeName: string): ReconcileResult {
    const node = this.nodeInformer?.lister().get(nodeName);
    if (!node) return;
    const { toAdd, toRemove } = noScheduleTaintChanges(node);
    let failed: Error | undefined;
    if ((toAdd.length || toRemove.length) && !swapNodeControllerTaint(this.client, toAdd, toRemove, node, this.now())) {
      failed = new Error(`failed to swap taints of node ${nodeName}`);
    }
    const labels = labelsToReconcile(node);
    if (Object.keys(labels).length) {
      try {
        addOrUpdateLabelsOnNode(this.client, nodeName, labels);
      } catch (e) {
        failed ??= new Error(`failed update labels for node ${nodeName}: ${(e as Error).message}`);
      }
    }
    if (failed) throw failed;
  }

  /** Pods are queued when they land on a node; only the binding matters here. */
  private podUpdated(oldPod: PodObj | undefined, newPod: PodObj): void {
    const nodeName = newPod.spec?.nodeName;
    if (nodeName && (!oldPod || oldPod.spec?.nodeName !== nodeName)) {
      this.podUpdateQueue.add(`${newPod.metadata!.namespace}/${newPod.metadata!.name}`);
    }
  }

  /** `processPod`: a pod bound to a node the controller last saw not Ready is marked not Ready. */
  private processPod(key: string): ReconcileResult {
    const [namespace, name] = key.split('/');
    const pod = this.podInformer?.lister().namespace(namespace).get(name);
    if (!pod) return;
    const nodeName = pod.spec!.nodeName!;
    const health = this.health.get(nodeName);
    if (!health) return; // not seen by a monitor pass yet, or gone
    if (!this.nodeInformer?.lister().get(nodeName)) return { requeue: true };
    const ready = getNodeCondition(health.status, 'Ready');
    if (!ready) return; // the next node pass will handle the pod
    if (ready.status !== 'True') markPodsNotReady(this.client, this.recorder, [pod], nodeName, this.now());
  }

  // ---- monitorNodeHealth ------------------------------------------------------------------------

  private monitorNodeHealth(): void {
    const nodes = this.nodeInformer?.lister().list() ?? [];
    const { added, deleted, newZoneRepresentatives } = this.classifyNodes(nodes);
    for (const n of newZoneRepresentatives) this.zoneTainters.addZone(getZoneKey(n));
    for (const n of added) {
      const name = n.metadata!.name!;
      recordNodeEvent(this.recorder, name, n.metadata?.uid, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.knownNodeSet.set(name, n);
      this.zoneTainters.addZone(getZoneKey(n));
      this.markNodeAsReachable(n);
    }
    for (const n of deleted) {
      const name = n.metadata!.name!;
      recordNodeEvent(this.recorder, name, n.metadata?.uid, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodeSet.delete(name);
    }

    const zoneToNodeConditions = new Map<string, Array<NodeCondition | undefined>>();
    for (const n of nodes) this.updateNode(n, zoneToNodeConditions);
    switch (this.zoneTainters.handleDisruption(zoneToNodeConditions)) {
      case 'enteredFullDisruption':
        for (const n of nodes) this.markNodeAsReachable(n);
        return;
      case 'exitedFullDisruption':
        this.health.resetProbes(nodes.map((n) => n.metadata!.name!));
        return;
    }
  }

  /** One node of a monitor pass (upstream's `updateNodeFunc`). */
  private updateNode(original: NodeObj, zoneToNodeConditions: Map<string, Array<NodeCondition | undefined>>): void {
    let node: NodeObj = original;
    let result: HealthUpdate;
    // Upstream retries for 100ms, re-reading the node after each failed write; calls here are
    // synchronous, so the retries follow one another at once.
    for (let attempt = 0; ; attempt++) {
      try {
        result = this.health.tryUpdate(node);
        break;
      } catch (e) {
        if (attempt + 1 >= NODE_HEALTH_UPDATE_RETRY) return; // no pods will be evicted this pass
        try {
          node = this.client.get<NodeObj>('nodes', undefined, original.metadata!.name!);
        } catch {
          return; // probably deleted
        }
      }
    }
    const { observedReadyCondition: observed, currentReadyCondition: current } = result;
    const zone = getZoneKey(node);
    if (!isNodeExcludedFromDisruptionChecks(node)) {
      let list = zoneToNodeConditions.get(zone);
      if (!list) zoneToNodeConditions.set(zone, (list = []));
      list.push(current);
    }
    const name = node.metadata!.name!;
    if (current) {
      this.processTaintBaseEviction(node, observed);
      const needsRetry = this.nodesToRetry.has(name);
      const becameNotReady = current.status !== 'True' && observed.status === 'True';
      if (becameNotReady) recordNodeStatusChange(this.recorder, node, 'NodeNotReady');
      if (becameNotReady || (needsRetry && observed.status !== 'True')) {
        // Upstream reads the node's pods for every node on every pass; only this branch uses them.
        try {
          markPodsNotReady(this.client, this.recorder, this.podsAssignedToNode(name), name, this.now());
        } catch {
          this.nodesToRetry.add(name);
          return;
        }
      }
    }
    this.nodesToRetry.delete(name);
  }

  /**
   * `processTaintBaseEviction` (fact 8), from the Ready condition the node had when the pass
   * began: False/Unknown swap an opposite NoExecute taint at once, or queue the node on its zone's
   * rate-limited tainter; True removes both taints.
   */
  private processTaintBaseEviction(node: NodeObj, observed: NodeCondition): void {
    const taints = node.spec?.taints;
    switch (observed.status) {
      case 'False':
        if (taintExists(taints, UNREACHABLE_TAINT_TEMPLATE)) {
          swapNodeControllerTaint(this.client, [NOT_READY_TAINT_TEMPLATE], [UNREACHABLE_TAINT_TEMPLATE], node, this.now());
        } else {
          this.markNodeForTainting(node, 'False');
        }
        return;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_TAINT_TEMPLATE)) {
          swapNodeControllerTaint(this.client, [UNREACHABLE_TAINT_TEMPLATE], [NOT_READY_TAINT_TEMPLATE], node, this.now());
        } else {
          this.markNodeForTainting(node, 'Unknown');
        }
        return;
      case 'True':
        this.markNodeAsReachable(node);
        return;
    }
  }

  /**
   * Queues the node on its zone's tainter. A node not carrying the taint its status calls for is
   * first taken out of the set, so a taint someone removed by hand is put back.
   */
  private markNodeForTainting(node: NodeObj, status: 'False' | 'Unknown'): boolean {
    const queue = this.zoneTainters.tainter(getZoneKey(node));
    const name = node.metadata!.name!;
    const template = status === 'False' ? NOT_READY_TAINT_TEMPLATE : UNREACHABLE_TAINT_TEMPLATE;
    if (!taintExists(node.spec?.taints, template)) queue.remove(name);
    const added = queue.add(name, node.metadata?.uid ?? '');
    if (added) this.ensureTaintingPass();
    return added;
  }

  /** Removes both NoExecute taints and forgets the node in its zone's tainter. */
  private markNodeAsReachable(node: NodeObj): boolean {
    const name = node.metadata!.name!;
    try {
      removeTaintOffNode(this.client, name, node, [UNREACHABLE_TAINT_TEMPLATE]);
      removeTaintOffNode(this.client, name, node, [NOT_READY_TAINT_TEMPLATE]);
    } catch {
      return false; // retried on the next pass
    }
    return this.zoneTainters.tainter(getZoneKey(node)).remove(name);
  }

  private classifyNodes(all: readonly NodeObj[]): { added: NodeObj[]; deleted: NodeObj[]; newZoneRepresentatives: NodeObj[] } {
    const added: NodeObj[] = [];
    const deleted: NodeObj[] = [];
    const newZoneRepresentatives: NodeObj[] = [];
    for (const n of all) {
      if (!this.knownNodeSet.has(n.metadata!.name!)) added.push(n);
      else if (!this.zoneTainters.hasZone(getZoneKey(n))) newZoneRepresentatives.push(n);
    }
    if (this.knownNodeSet.size + added.length !== all.length) {
      const present = new Set(all.map((n) => n.metadata!.name!));
      for (const [name, n] of this.knownNodeSet) if (!present.has(name)) deleted.push(n);
    }
    return { added, deleted, newZoneRepresentatives };
  }

  // ---- the NoExecute tainting pass ----------------------------------------------------------------

  /**
   * Upstream tries the zone tainters every 100ms for ever. The pass only acts on queued nodes,
   * so here it runs while some node is queued and stops when all queues are empty; it stays on
   * the same 100ms grid (counted from the controller's start) so tainting times are upstream's.
   */
  private ensureTaintingPass(): void {
    if (this.taintingTimer || !this.running) return;
    const loop = this.ctx.loop;
    const phase = (loop.now - this.startedAt) % NODE_EVICTION_PERIOD_MS;
    this.taintingTimer = loop.every(NODE_EVICTION_PERIOD_MS, () => this.doNoExecuteTaintingPass(), {
      background: true,
      firstDelayMs: phase === 0 ? 0 : NODE_EVICTION_PERIOD_MS - phase,
      label: `${this.name}: doNoExecuteTaintingPass`,
    });
  }

  private doNoExecuteTaintingPass(): void {
    if (this.zoneTainters.tryAll((value) => this.taintNode(value)) === 0) {
      this.taintingTimer?.cancel();
      this.taintingTimer = undefined;
    }
  }

  /** The tainter's action: the NoExecute taint for the node's current Ready status, the opposite one off. */
  private taintNode(value: TimedValue): [boolean, number] {
    const node = this.nodeInformer?.lister().get(value.value);
    if (!node) return [true, 0];
    const ready = getNodeCondition(node.status, 'Ready');
    if (!ready) return [false, 50];
    let toAdd;
    let opposite;
    if (ready.status === 'False') {
      toAdd = NOT_READY_TAINT_TEMPLATE;
      opposite = UNREACHABLE_TAINT_TEMPLATE;
    } else if (ready.status === 'Unknown') {
      toAdd = UNREACHABLE_TAINT_TEMPLATE;
      opposite = NOT_READY_TAINT_TEMPLATE;
    } else {
      return [true, 0]; // Ready again: nothing to taint
    }
    return [swapNodeControllerTaint(this.client, [toAdd], [opposite], node, this.now()), 0];
  }
}
