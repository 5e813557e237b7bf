import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { isNotFound } from '../../api/object';
import type { PodCondition } from '../../apiserver/conditions';
import { formatRFC3339 } from '../../client/event_recorder';
import type { SharedIndexInformer } from '../../client/informer';
import type { Client } from '../../client/types';
import { DelayingQueue } from '../../client/workqueue';
import type { Timer } from '../../sim/loop';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { TAINT_NODE_OUT_OF_SERVICE, taintKeyExists } from '../util/taints';
import { byEvictionAndCreationTimestamp, isNodeReady, isPodTerminated, isPodTerminating, markFailedAndDeletePod } from './pod_gc_utils';

/** `gcCheckPeriod`: how often the collector runs. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** `quarantineTime`: how long a node must stay missing before its pods count as orphaned. */
export const QUARANTINE_TIME_MS = 40_000;
/** `--terminated-pod-gc-threshold` default. */
export const DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12_500;

/** The condition put on pods whose node no longer exists (fact 22). */
export const ORPHANED_POD_CONDITION: Readonly<PodCondition> = Object.freeze({
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
});

type PodObj = Pod & KubeObject;
type NodeObj = Node & KubeObject;

export interface PodGCOptions {
  /** Terminated pods kept before the oldest are deleted; 0 or less turns that pass off. */
  terminatedPodThreshold?: number;
  gcCheckPeriodMs?: number;
  quarantineTimeMs?: number;
  /** Called with every failed deletion (upstream logs it and moves on). */
  onError?: (pod: PodObj, err: unknown) => void;
}

/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go, v1.32). Every 20s (a
 * background task, also at start) it force-deletes, each pod first marked Failed unless already
 * terminal:
 * - the oldest terminated pods beyond `--terminated-pod-gc-threshold` (12500), evicted ones first;
 * - terminating pods on nodes that are not Ready and carry the `node.kubernetes.io/out-of-service`
 *   taint, whatever its effect (fact 19);
 * - pods bound to a node that is gone: the node must be missing from the cache for the 40s
 *   quarantine and then from a direct GET; such pods also get DisruptionTarget
 *   `DeletionByPodGC` (fact 22);
 * - terminating pods that were never scheduled.
 * Each pass works from one snapshot of the caches, as upstream; a pod a pass already removed makes
 * a later step's call fail with NotFound, which is ignored.
 */
export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector-controller';
  /** Names of missing nodes waiting out their quarantine (`orphaned_pods_nodes`). */
  readonly nodeQueue: DelayingQueue;
  private readonly client: Client;
  private readonly terminatedPodThreshold: number;
  private readonly gcCheckPeriodMs: number;
  private readonly quarantineTimeMs: number;
  private podInformer: SharedIndexInformer<PodObj> | undefined;
  private nodeInformer: SharedIndexInformer<NodeObj> | undefined;
  private timer: Timer | undefined;
  private running = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: PodGCOptions = {},
  ) {
    // kube-controller-manager gives the collector the `pod-garbage-collector` service account.
    this.client = ctx.client('pod-garbage-collector');
    this.nodeQueue = new DelayingQueue(ctx.loop, 'orphaned_pods_nodes');
    this.terminatedPodThreshold = opts.terminatedPodThreshold ?? DEFAULT_TERMINATED_POD_GC_THRESHOLD;
    this.gcCheckPeriodMs = opts.gcCheckPeriodMs ?? GC_CHECK_PERIOD_MS;
    this.quarantineTimeMs = opts.quarantineTimeMs ?? QUARANTINE_TIME_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.podInformer = this.ctx.informers.forResource<PodObj>('pods');
    this.nodeInformer = this.ctx.informers.forResource<NodeObj>('nodes');
    this.ctx.informers.start();
    this.timer = this.ctx.loop.every(this.gcCheckPeriodMs, () => this.gc(), { background: true, firstDelayMs: 0, label: `${this.name}: gc` });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.timer?.cancel();
    this.nodeQueue.shutDown();
    this.podInformer?.stop();
    this.nodeInformer?.stop();
  }

  /** One collection pass. */
  gc(): void {
    const pods = this.podInformer?.lister().list() ?? [];
    const nodes = this.nodeInformer?.lister().list() ?? [];
    if (this.terminatedPodThreshold > 0) this.gcTerminated(pods);
    this.gcTerminating(pods);
    this.gcOrphaned(pods, nodes);
    this.gcUnscheduledTerminating(pods);
  }

  private now = (): string => formatRFC3339(this.ctx.epochMs + this.ctx.loop.now);

  private forceDelete(pod: PodObj, condition?: PodCondition): void {
    try {
      markFailedAndDeletePod(this.client, pod, this.now, condition);
    } catch (e) {
      if (!isNotFound(e)) this.opts.onError?.(pod, e);
    }
  }

  private gcTerminated(pods: readonly PodObj[]): void {
    const terminated = pods.filter(isPodTerminated);
    const deleteCount = terminated.length - this.terminatedPodThreshold;
    if (deleteCount <= 0) return;
    terminated.sort(byEvictionAndCreationTimestamp);
    for (const pod of terminated.slice(0, deleteCount)) this.forceDelete(pod);
  }

  /** Fact 19: after a non-graceful shutdown the user's out-of-service taint releases terminating pods. */
  private gcTerminating(pods: readonly PodObj[]): void {
    const terminating = pods.filter((pod) => {
      if (!isPodTerminating(pod)) return false;
      const node = this.nodeInformer?.lister().get(pod.spec?.nodeName ?? '');
      if (!node) return false;
      return !isNodeReady(node) && taintKeyExists(node.spec?.taints, TAINT_NODE_OUT_OF_SERVICE);
    });
    terminating.sort(byEvictionAndCreationTimestamp);
    for (const pod of terminating) this.forceDelete(pod);
  }

  /** Fact 22: pods bound to nodes that are gone, once the quarantine and a live GET confirm it. */
  private gcOrphaned(pods: readonly PodObj[], nodes: readonly NodeObj[]): void {
    const existing = new Set(nodes.map((n) => n.metadata!.name!));
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && !existing.has(nodeName)) this.nodeQueue.addAfter(nodeName, this.quarantineTimeMs);
    }
    const deleted = this.discoverDeletedNodes(existing);
    if (deleted.size === 0) return;
    for (const pod of pods) {
      if (deleted.has(pod.spec?.nodeName ?? '')) this.forceDelete(pod, ORPHANED_POD_CONDITION);
    }
  }

  /** Nodes out of quarantine that the cache still lacks and the API server confirms gone. */
  private discoverDeletedNodes(existing: ReadonlySet<string>): Set<string> {
    const deleted = new Set<string>();
    for (let name = this.nodeQueue.get(); name !== undefined; name = this.nodeQueue.get()) {
      if (!existing.has(name)) {
        try {
          this.client.get('nodes', undefined, name);
        } catch (e) {
          // Any other failure: the node is queued again by a later pass if still needed.
          if (isNotFound(e)) deleted.add(name);
        }
      }
      this.nodeQueue.done(name);
    }
    return deleted;
  }

  private gcUnscheduledTerminating(pods: readonly PodObj[]): void {
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp || pod.spec?.nodeName) continue;
      this.forceDelete(pod);
    }
  }
}
