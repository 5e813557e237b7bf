import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { isConflict, isNotFound } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import type { EventRecorder } from '../../client/event_recorder';
import type { SharedIndexInformer } from '../../client/informer';
import { QueueWorker } from '../../client/queue_worker';
import type { Client, PropagationPolicy } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { DependencyGraph } from './graph';
import type { GraphNode } from './graph';

/** Resources the collector does not monitor: they never own nor are owned (and are many). */
const UNMONITORED = new Set(['events']);

/**
 * The garbage collector (pkg/controller/garbagecollector), facts 178–180:
 * - a dependent whose owners are all gone (by UID) is deleted, with the propagation its own
 *   finalizers ask for;
 * - an owner deleted with `Orphan` (finalizer `orphan`) first has its ownerReferences removed from
 *   every dependent, then loses the finalizer;
 * - an owner deleted with `Foreground` (finalizer `foregroundDeletion`) has its dependents deleted,
 *   and loses the finalizer once no dependent with `blockOwnerDeletion: true` is left;
 * - a dependent that also has a live owner only loses the references to absent owners.
 *
 * Wiring: one informer per served resource (CRD kinds included, picked up as they appear) feeds the
 * dependency graph; handlers only enqueue UIDs. `attemptToDelete(uid)` and `attemptToOrphan(uid)`
 * re-read the graph and the API server, are idempotent, and requeue on error.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  private readonly graph = new DependencyGraph();
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly deleteQueue: RateLimitingQueue;
  private readonly orphanQueue: RateLimitingQueue;
  private readonly workers: QueueWorker[] = [];
  private readonly monitored = new Map<string, SharedIndexInformer>();
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('generic-garbage-collector');
    this.recorder = ctx.recorder('garbage-collector-controller');
    this.deleteQueue = new RateLimitingQueue(ctx.loop, { name: 'garbage_collector_attempt_to_delete' });
    this.orphanQueue = new RateLimitingQueue(ctx.loop, { name: 'garbage_collector_attempt_to_orphan' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const info of this.ctx.registry.all()) this.monitor(info);
    // New kinds (CRDs) become monitored as soon as they are served, as the GC's periodic
    // discovery resync does upstream.
    const crds = this.ctx.informers.forResource('customresourcedefinitions.apiextensions.k8s.io');
    crds.addEventHandler({ onAdd: () => this.monitorAll(), onUpdate: () => this.monitorAll() });
    this.ctx.informers.start();
    this.workers.push(
      new QueueWorker(this.ctx.loop, this.deleteQueue, (uid) => this.attemptToDelete(uid), { name: 'garbagecollector attemptToDelete' }),
      new QueueWorker(this.ctx.loop, this.orphanQueue, (uid) => this.attemptToOrphan(uid), { name: 'garbagecollector attemptToOrphan' }),
    );
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const w of this.workers) w.stop();
    for (const inf of this.monitored.values()) inf.stop();
  }

  private monitorAll(): void {
    for (const info of this.ctx.registry.all()) this.monitor(info);
    this.ctx.informers.start();
  }

  private monitor(info: ResourceInfo): void {
    if (UNMONITORED.has(info.name) || this.monitored.has(info.name)) return;
    const informer = this.ctx.informers.forResource(info.name);
    this.monitored.set(info.name, informer);
    informer.addEventHandler({
      onAdd: (obj) => this.observe(info.name, obj),
      onUpdate: (_old, obj) => this.observe(info.name, obj),
      onDelete: (obj) => this.forget(obj),
    });
  }

  // ---- graph changes (GraphBuilder.processGraphChanges): update the graph, enqueue UIDs ----------

  private observe(resource: string, obj: KubeObject): void {
    const uid = obj.metadata!.uid!;
    this.graph.upsert(resource, obj);
    const node = this.graph.get(uid)!;
    if (node.orphaning) this.orphanQueue.add(uid);
    if (node.deletingDependents) {
      this.deleteQueue.add(uid);
      for (const d of this.graph.dependents(uid)) this.deleteQueue.add(d.uid);
    }
    // Worth a look: an owner not seen (maybe absent), being deleted, or in another namespace (fact 178).
    const suspect = (o: { uid: string }) => {
      const owner = this.graph.get(o.uid);
      return !owner || owner.beingDeleted || (owner.namespace !== undefined && owner.namespace !== node.namespace);
    };
    if (node.owners.some(suspect)) this.deleteQueue.add(uid);
  }

  private forget(obj: KubeObject): void {
    const node = this.graph.remove(obj.metadata!.uid!);
    if (!node) return;
    for (const d of node.dependents) this.deleteQueue.add(d);
    // An owner deleting in the foreground may now be free of its last blocking dependent.
    for (const o of node.owners) if (this.graph.get(o.uid)?.deletingDependents) this.deleteQueue.add(o.uid);
  }

  // ---- attemptToDelete ---------------------------------------------------------------------------

  private attemptToDelete(uid: string): void {
    const node = this.graph.get(uid);
    if (!node) return;
    const live = this.getLive(node);
    if (!live) return; // gone already; its removal reaches the graph through the informer
    if (node.deletingDependents) {
      this.processDeletingDependents(node, live);
      return;
    }
    if (node.beingDeleted) return; // finalizers other than ours are someone else's business
    const owners = live.metadata?.ownerReferences ?? [];
    if (!owners.length) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of owners) {
      const state = this.ownerState(node, ref);
      (state === 'absent' ? dangling : state === 'waiting' ? waiting : solid).push(ref);
    }
    if (solid.length) {
      // A live owner keeps the object; references to absent (or foreground-deleting) owners go.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      if (!drop.size) return;
      this.patchOwnerRefs(node, owners.filter((r) => !drop.has(r.uid)), live);
      return;
    }
    let policy: PropagationPolicy = 'Background';
    const finalizers = live.metadata?.finalizers ?? [];
    if (finalizers.includes('orphan')) policy = 'Orphan';
    else if (finalizers.includes('foregroundDeletion')) policy = 'Foreground';
    else if (waiting.length && this.graph.dependents(uid).length) policy = 'Foreground'; // it blocks a foreground owner
    this.deleteObject(node, policy);
  }

  /** A foreground-deleting owner: delete dependents; drop the finalizer once none blocks. */
  private processDeletingDependents(node: GraphNode, live: KubeObject): void {
    const blocking = this.graph
      .dependents(node.uid)
      .filter((d) => d.owners.some((o) => o.uid === node.uid && o.blockOwnerDeletion));
    if (blocking.length === 0) {
      this.removeFinalizer(node, live, 'foregroundDeletion');
      return;
    }
    for (const d of blocking) if (!d.beingDeleted) this.deleteQueue.add(d.uid);
  }

  /** solid: exists and is not waiting for its dependents; waiting: foreground-deleting; absent: gone or a different UID. */
  private ownerState(dependent: GraphNode, ref: OwnerReference): 'solid' | 'waiting' | 'absent' {
    const info = this.ctx.registry.byKind(ref.apiVersion, ref.kind);
    if (!info) return 'absent';
    if (info.namespaced && !dependent.namespace) {
      this.invalidNamespace(dependent, ref, '');
      return 'absent';
    }
    const known = this.graph.get(ref.uid);
    if (known && info.namespaced && known.namespace !== dependent.namespace) {
      this.invalidNamespace(dependent, ref, dependent.namespace ?? '');
      return 'absent';
    }
    let owner: KubeObject;
    try {
      owner = this.client.get(info.name, info.namespaced ? dependent.namespace : undefined, ref.name);
    } catch (e) {
      if (isNotFound(e)) return 'absent';
      throw e;
    }
    if (owner.metadata?.uid !== ref.uid) return 'absent';
    const m = owner.metadata;
    if (m?.deletionTimestamp && (m.finalizers ?? []).includes('foregroundDeletion')) return 'waiting';
    return 'solid';
  }

  /** Fact 178: a namespaced owner must live in its dependent's namespace. */
  private invalidNamespace(dependent: GraphNode, ref: OwnerReference, namespace: string): void {
    const target = { apiVersion: dependent.apiVersion, kind: dependent.kind, namespace: dependent.namespace, name: dependent.name, uid: dependent.uid };
    const owner = `[${ref.apiVersion}/${ref.kind}, namespace: ${namespace}, name: ${ref.name}, uid: ${ref.uid}]`;
    this.recorder.event(target as KubeObject, 'Warning', 'OwnerRefInvalidNamespace', `ownerRef ${owner} does not exist in namespace "${namespace}"`);
  }

  // ---- attemptToOrphan ---------------------------------------------------------------------------

  /** Release every dependent of an owner deleted with `Orphan`, then drop its `orphan` finalizer. */
  private attemptToOrphan(uid: string): void {
    const node = this.graph.get(uid);
    if (!node || !node.orphaning) return;
    for (const d of this.graph.dependents(uid)) {
      const live = this.getLive(d);
      if (!live) continue;
      const refs = live.metadata?.ownerReferences ?? [];
      if (refs.some((r) => r.uid === uid)) this.patchOwnerRefs(d, refs.filter((r) => r.uid !== uid), live);
    }
    const owner = this.getLive(node);
    if (owner) this.removeFinalizer(node, owner, 'orphan');
  }

  // ---- writes --------------------------------------------------------------------------------

  private getLive(node: GraphNode): KubeObject | undefined {
    try {
      const obj = this.client.get(node.resource, node.namespace, node.name);
      return obj.metadata?.uid === node.uid ? obj : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private deleteObject(node: GraphNode, policy: PropagationPolicy): void {
    try {
      this.client.delete(node.resource, node.namespace, node.name, { propagationPolicy: policy, preconditions: { uid: node.uid } });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return; // gone, or another object now has the name
      throw e;
    }
  }

  private patchOwnerRefs(node: GraphNode, refs: OwnerReference[], live: KubeObject): void {
    this.client.patch(node.resource, node.namespace, node.name, 'merge', {
      metadata: { ownerReferences: refs.length ? refs : null, uid: live.metadata?.uid, resourceVersion: live.metadata?.resourceVersion },
    });
  }

  private removeFinalizer(node: GraphNode, live: KubeObject, finalizer: string): void {
    const finalizers = (live.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
    if (finalizers.length === (live.metadata?.finalizers ?? []).length) return;
    this.client.patch(node.resource, node.namespace, node.name, 'merge', {
      metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: live.metadata?.resourceVersion },
    });
  }
}
