import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { taintsSemanticallyEqual } from '../util/taints';
import { getMatchingTolerations } from '../util/tolerations';
import { addConditionAndDeletePod, getMinTolerationTimeMs, getNoExecuteTaints } from './eviction';
import { TimedWorkerQueue, workKey, type WorkArgs } from './timed_workers';

/** Pods by `spec.nodeName` (the index name kube-controller-manager's controllers share). */
export const POD_NODE_NAME_INDEX = 'spec.nodeName';
/** How many times a due eviction is tried, 10ms apart (upstream `retries`). */
const RETRIES = 5;
const RETRY_PAUSE_MS = 10;
/** `UpdateWorkerSize`. */
const UPDATE_WORKER_SIZE = 8;

type NodeObj = Node & KubeObject;
type PodObj = Pod & KubeObject;

export interface TaintEvictionOptions {
  /** Called with an eviction that failed all its tries (upstream logs it). */
  onError?: (pod: WorkArgs, err: unknown) => void;
}

/**
 * The taint eviction controller (pkg/controller/tainteviction, v1.32; fact 13), which evicts pods
 * from nodes with NoExecute taints — the node lifecycle controller's not-ready/unreachable taints,
 * the user's own, and the out-of-service taint of a non-graceful shutdown (fact 19) alike:
 * - a pod that does not tolerate every NoExecute taint of its node is deleted at once;
 * - otherwise, when the tolerations used carry `tolerationSeconds`, it is deleted that many seconds
 *   (the least of them) after the controller saw the taints; without seconds, never;
 * - a scheduled deletion is cancelled when the node loses its NoExecute taints, the pod is gone, or
 *   its tolerations come to tolerate the taints for ever.
 * Deleting records Normal `TaintManagerEviction` `Marking for deletion Pod <ns>/<name>` on the pod,
 * puts the DisruptionTarget condition on it and sends an ordinary graceful DELETE; cancelling
 * records `Cancelling deletion of Pod <ns>/<name>`.
 *
 * The timer starts when the controller processes the taint (upstream takes `time.Now()`, not the
 * taint's `timeAdded`); it reacts within the same virtual instant, so with the default tolerations
 * a pod goes 300s after its node was tainted. A pod that lands on an already tainted node gets its
 * full toleration from then.
 *
 * Pods already terminating are not skipped, as upstream: a pending deletion still fires (its
 * DELETE changes nothing) and a new one can be scheduled for them.
 *
 * Wiring as upstream: node and pod notifications queue node names and (pod, node) items; node
 * items are handled before pod items, so a pod is never judged against taints older than those of
 * a node update already queued.
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly nodeUpdateQueue: RateLimitingQueue;
  readonly podUpdateQueue: RateLimitingQueue;
  readonly evictionQueue: TimedWorkerQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  /** NoExecute taints by node, for nodes that have some. */
  private readonly taintedNodes = new Map<string, Taint[]>();
  private podInformer: SharedIndexInformer<PodObj> | undefined;
  private nodeInformer: SharedIndexInformer<NodeObj> | undefined;
  private readonly registrations: HandlerRegistration[] = [];
  private readonly workers: QueueWorker[] = [];
  private running = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: TaintEvictionOptions = {},
  ) {
    this.client = ctx.client('taint-eviction-controller');
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.nodeUpdateQueue = new RateLimitingQueue(ctx.loop, { name: 'noexec_taint_node' });
    this.podUpdateQueue = new RateLimitingQueue(ctx.loop, { name: 'noexec_taint_pod' });
    this.evictionQueue = new TimedWorkerQueue(ctx.loop, (args, _fireAt, finished) => this.deletePod(args, finished), `${this.name}: evict`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { informers, loop } = this.ctx;
    const pods = (this.podInformer = informers.forResource<PodObj>('pods'));
    const nodes = (this.nodeInformer = informers.forResource<NodeObj>('nodes'));
    if (!pods.indexer.hasIndex(POD_NODE_NAME_INDEX)) {
      pods.addIndexers({ [POD_NODE_NAME_INDEX]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) });
    }
    this.registrations.push(
      pods.addEventHandler({
        onAdd: (p) => this.podUpdated(undefined, p),
        onUpdate: (old, p) => this.podUpdated(old, p),
        onDelete: (p) => this.podUpdated(p, undefined),
      }),
      nodes.addEventHandler({
        onAdd: (n) => this.nodeUpdated(undefined, n),
        onUpdate: (old, n) => this.nodeUpdated(old, n),
        onDelete: (n) => this.nodeUpdated(n, undefined),
      }),
    );
    informers.start();
    this.workers.push(
      new QueueWorker(loop, this.nodeUpdateQueue, (name) => this.handleNodeUpdate(name), { name: `${this.name}: nodes`, workers: UPDATE_WORKER_SIZE }),
      new QueueWorker(loop, this.podUpdateQueue, (key) => this.handlePodItem(key), { name: `${this.name}: pods`, workers: UPDATE_WORKER_SIZE }),
    );
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const w of this.workers) w.stop();
    for (const r of this.registrations) r.remove();
    this.evictionQueue.cancelAll();
    this.podInformer?.stop();
    this.nodeInformer?.stop();
  }

  // ---- notifications ----------------------------------------------------------------------------

  /** `PodUpdated`: only a new or gone pod, another node, or other tolerations matter. */
  private podUpdated(oldPod: PodObj | undefined, newPod: PodObj | undefined): void {
    const pod = (newPod ?? oldPod)!;
    if (oldPod && newPod && sameTolerations(oldPod.spec?.tolerations, newPod.spec?.tolerations) && oldPod.spec?.nodeName === newPod.spec?.nodeName) return;
    this.podUpdateQueue.add(JSON.stringify([pod.metadata!.namespace ?? '', pod.metadata!.name ?? '', pod.spec?.nodeName ?? '']));
  }

  /** `NodeUpdated`: only a new or gone node, or a change of its NoExecute taints, matters. */
  private nodeUpdated(oldNode: NodeObj | undefined, newNode: NodeObj | undefined): void {
    const node = (newNode ?? oldNode)!;
    if (oldNode && newNode && sameTaints(getNoExecuteTaints(oldNode.spec?.taints), getNoExecuteTaints(newNode.spec?.taints))) return;
    this.nodeUpdateQueue.add(node.metadata!.name!);
  }

  // ---- handling -----------------------------------------------------------------------------------

  private handleNodeUpdate(nodeName: string): ReconcileResult {
    const node = this.nodeInformer?.lister().get(nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = getNoExecuteTaints(node.spec?.taints);
    // Record the taints before reading the pods: a pod the cache does not show yet is judged
    // against them when its own notification comes.
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.podInformer?.lister().byIndex(POD_NODE_NAME_INDEX, nodeName) ?? [];
    if (pods.length === 0) return;
    if (taints.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent({ namespace: p.metadata!.namespace!, name: p.metadata!.name! });
      return;
    }
    const now = this.ctx.loop.now;
    for (const p of pods) {
      this.processPodOnNode({ namespace: p.metadata!.namespace!, name: p.metadata!.name! }, p.spec?.tolerations, taints, now);
    }
  }

  /** A pod item waits for every queued node item first (upstream's worker priority). */
  private handlePodItem(key: string): ReconcileResult {
    this.drainNodeUpdates();
    const [namespace, name, nodeName] = JSON.parse(key) as [string, string, string];
    this.handlePodUpdate(namespace, name, nodeName);
  }

  private drainNodeUpdates(): void {
    for (let name = this.nodeUpdateQueue.get(); name !== undefined; name = this.nodeUpdateQueue.get()) {
      try {
        this.handleNodeUpdate(name);
        this.nodeUpdateQueue.forget(name);
      } catch {
        this.nodeUpdateQueue.addRateLimited(name);
      } finally {
        this.nodeUpdateQueue.done(name);
      }
    }
  }

  private handlePodUpdate(namespace: string, name: string, nodeName: string): void {
    const pod = this.podInformer?.lister().namespace(namespace).get(name);
    if (!pod) {
      this.cancelWorkWithEvent({ namespace, name });
      return;
    }
    // Items are keyed by node: an item for the pod's previous node is not this one's to act on.
    if ((pod.spec?.nodeName ?? '') !== nodeName || nodeName === '') return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return; // the node is gone or untainted; that update cancelled what it had to
    this.processPodOnNode({ namespace, name }, pod.spec?.tolerations, taints, this.ctx.loop.now);
  }

  /** `processPodOnNode` (fact 13). `now` is virtual ms. */
  private processPodOnNode(pod: WorkArgs, tolerations: readonly Toleration[] | undefined, taints: readonly Taint[], now: number): void {
    const key = workKey(pod);
    if (taints.length === 0) {
      // Callers never get here without taints; upstream would go on to schedule an instant deletion.
      this.cancelWorkWithEvent(pod);
      return;
    }
    const { allTolerated, used } = getMatchingTolerations(taints, tolerations);
    if (!allTolerated) {
      // Deleted right away: whatever was scheduled goes.
      this.cancelWorkWithEvent(pod);
      this.evictionQueue.addWork(pod, now, now);
      return;
    }
    const minMs = getMinTolerationTimeMs(used);
    if (minMs < 0) {
      this.cancelWorkWithEvent(pod);
      return;
    }
    // Upstream keeps a scheduled deletion when its creation + min is before now + min — true of
    // every deletion scheduled at an earlier instant of its nanosecond clock. Virtual time often
    // repeats an instant; a tie keeps the scheduled deletion too, so it is never re-announced.
    if (this.evictionQueue.getWorker(key)) return;
    this.evictionQueue.addWork(pod, now, now + minMs);
  }

  private cancelWorkWithEvent(pod: WorkArgs): void {
    if (this.evictionQueue.cancelWork(workKey(pod))) {
      this.recorder.eventf(podRef(pod), 'Normal', 'TaintManagerEviction', 'Cancelling deletion of Pod %s', workKey(pod));
    }
  }

  /** `deletePodHandler`: the event, then up to 5 tries 10ms apart of condition-and-delete. */
  private deletePod(pod: WorkArgs, finished: () => void): void {
    this.recorder.eventf(podRef(pod), 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod %s', workKey(pod));
    let tries = 0;
    const attempt = () => {
      try {
        addConditionAndDeletePod(this.client, pod.namespace, pod.name, formatRFC3339(this.ctx.epochMs + this.ctx.loop.now));
      } catch (e) {
        if (++tries < RETRIES && this.running) {
          this.ctx.loop.schedule(RETRY_PAUSE_MS, attempt, { label: `${this.name}: evict ${workKey(pod)} (retry)` });
          return;
        }
        this.opts.onError?.(pod, e);
      }
      finished();
    };
    attempt();
  }
}

function podRef(pod: WorkArgs) {
  return { apiVersion: 'v1', kind: 'Pod', name: pod.name, namespace: pod.namespace };
}

/** helper.Semantic.DeepEqual of two toleration lists (absent and empty are equal). */
function sameTolerations(a: readonly Toleration[] | undefined, b: readonly Toleration[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every((t, i) => {
    const u = y[i];
    return (
      (t.key ?? '') === (u.key ?? '') &&
      (t.operator ?? '') === (u.operator ?? '') &&
      (t.value ?? '') === (u.value ?? '') &&
      (t.effect ?? '') === (u.effect ?? '') &&
      (t.tolerationSeconds ?? null) === (u.tolerationSeconds ?? null)
    );
  });
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => taintsSemanticallyEqual(t, b[i]));
}
