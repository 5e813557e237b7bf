import type { KubeObject } from '../api/object';
import { ResourceRegistry } from '../api/resources';
import { AdmissionChain } from '../apiserver/admission';
import { namespaceLifecycle } from '../apiserver/admission/namespace_lifecycle';
import { ApiServer } from '../apiserver/apiserver';
import type { Client } from '../client/types';
import { ControllerContext } from '../controllers/context';
import { ControllerManager } from '../controllers/manager';
import { GarbageCollector } from '../controllers/garbagecollector/garbagecollector';
import { NamespaceController } from '../controllers/namespace/namespace_controller';
import { CrdFinalizer } from '../controllers/crdfinalizer/crd_finalizer';
import { EventLog } from '../sim/eventlog';
import { Loop } from '../sim/loop';
import type { Timer } from '../sim/loop';
import { Rng } from '../sim/rng';
import { Store } from '../store';
import { bootstrap } from './bootstrap';
import { nodeObject } from './node_object';
import type { NodeSpec } from './node_spec';

export interface ClusterOptions {
  /** Seeds every random choice in the cluster (default 1). */
  seed?: number;
  nodes?: NodeSpec[];
  /** The instant virtual time 0 stands for; default 2025-01-01T00:00:00Z. */
  epochMs?: number;
}

export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 1);
const COMPACTION_INTERVAL_MS = 5 * 60_000;

/**
 * The composition root: one simulated cluster. `start` brings the parts up in dependency order
 * (store, API server, bootstrap objects, controller manager, nodes); `stop` takes them down in
 * reverse so nothing of a scenario outlives it.
 */
export class Cluster {
  readonly loop = new Loop();
  readonly rng: Rng;
  readonly log: EventLog;
  readonly store: Store<KubeObject>;
  readonly registry = ResourceRegistry.builtin();
  readonly apiserver: ApiServer;
  readonly controllers = new ControllerManager();
  readonly epochMs: number;
  private readonly admin: Client;
  private nodeCount = 0;
  private stopped = false;
  private compactor?: Timer;

  private constructor(opts: ClusterOptions) {
    this.rng = new Rng(opts.seed ?? 1);
    this.epochMs = opts.epochMs ?? DEFAULT_EPOCH_MS;
    this.log = new EventLog(this.loop);
    this.store = new Store<KubeObject>({ schedule: (fn) => this.loop.post(fn, { label: 'store watch sync' }) });
    const admission = new AdmissionChain().use(namespaceLifecycle);
    this.apiserver = new ApiServer({
      loop: this.loop,
      rng: this.rng,
      log: this.log,
      store: this.store,
      registry: this.registry,
      admission,
      epochMs: this.epochMs,
    });
    this.admin = this.apiserver.client('kubernetes-admin');
  }

  static start(opts: ClusterOptions = {}): Cluster {
    const c = new Cluster(opts);
    bootstrap(c.apiserver.client('kube-apiserver'));
    const ctx = new ControllerContext((user) => c.apiserver.client(user), c.loop, c.rng, c.registry, c.epochMs);
    c.controllers.add(new GarbageCollector(ctx));
    c.controllers.add(new NamespaceController(ctx));
    // The apiextensions-apiserver's own controller; it runs beside the controller manager's.
    c.controllers.add(new CrdFinalizer(ctx));
    c.controllers.start();
    c.startCompactor();
    for (const n of opts.nodes ?? []) c.addNode(n);
    c.loop.settle();
    return c;
  }

  /**
   * kube-apiserver's etcd compactor (--etcd-compaction-interval, default 5m): each tick compacts
   * the store to the revision it saw at the previous tick, so watchers have one interval of history
   * to catch up from. Background work: it does not keep the cluster from settling.
   */
  private startCompactor(): void {
    let seen = this.store.rev;
    this.compactor = this.loop.every(
      COMPACTION_INTERVAL_MS,
      () => {
        if (seen > this.store.compactRevision) this.store.compact(seen);
        seen = this.store.rev;
      },
      { background: true, label: 'etcd compactor' },
    );
  }

  /** A client for a component or the user (`user` names the caller in the event log). */
  client(user = 'kubernetes-admin'): Client {
    return user === 'kubernetes-admin' ? this.admin : this.apiserver.client(user);
  }

  /** Registers a node as its kubelet would (the simulated kubelet itself comes with the pod flow). */
  addNode(spec: NodeSpec): KubeObject {
    const index = this.nodeCount++;
    return this.apiserver.client(`kubelet/${spec.name}`).create('nodes', nodeObject(spec, index, this.apiserver.timestamp()));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.compactor?.cancel();
    this.controllers.stop();
  }
}
