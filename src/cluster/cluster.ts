import type { KubeObject } from '../api/object';
import { ResourceRegistry } from '../api/resources';
import { FeatureGates } from '../api/feature_gates';
import { AdmissionChain } from '../apiserver/admission';
import { namespaceLifecycle } from '../apiserver/admission/namespace_lifecycle';
import { ApiServer } from '../apiserver/apiserver';
import type { Client } from '../client/types';
import { ControllerContext } from '../controllers/context';
import { ControllerManager } from '../controllers/manager';
import { GarbageCollector } from '../controllers/garbagecollector/garbagecollector';
import { NamespaceController } from '../controllers/namespace/namespace_controller';
import { CrdFinalizer } from '../controllers/crdfinalizer/crd_finalizer';
import { NodeLifecycleController } from '../controllers/nodelifecycle';
import { TaintEvictionController } from '../controllers/tainteviction';
import { ReplicaSetController } from '../controllers/replicaset';
import { StatefulSetController } from '../controllers/statefulset';
import { DeploymentController } from '../controllers/deployment';
import { defaultStorageClassPlugin, storageObjectInUseProtection } from '../apiserver/admission/storage';
import { DaemonSetController } from '../controllers/daemon';
import { PersistentVolumeController } from '../controllers/volume/persistentvolume';
import { PVCProtectionController } from '../controllers/volume/pvcprotection';
import { PVProtectionController } from '../controllers/volume/pvprotection';
import { EphemeralVolumeController } from '../controllers/volume/ephemeral';
import { HostPathProvisioner } from '../controllers/volume/hostpathprovisioner';
import { JobController } from '../controllers/job';
import { CronJobController } from '../controllers/cronjob';
import { TTLAfterFinishedController } from '../controllers/ttlafterfinished';
import { PodGCController } from '../controllers/podgc';
import { DisruptionController } from '../controllers/disruption';
import { defaultTolerationSeconds } from '../apiserver/admission/default_toleration_seconds';
import { priority } from '../apiserver/admission/priority';
import { systemPriorityClasses } from '../apiserver/bootstrap_priority';
import { Scheduler } from '../scheduler/scheduler';
import type { KubeSchedulerConfiguration } from '../scheduler/apis/config/types';
import { Kubelet } from '../kubelet/kubelet';
import { EventLog } from '../sim/eventlog';
import { Loop } from '../sim/loop';
import type { Timer } from '../sim/loop';
import { Rng } from '../sim/rng';
import { Store } from '../store';
import { bootstrap } from './bootstrap';
import type { NodeSpec } from './node_spec';
import { ImageRegistry } from './image_registry';

export interface ClusterOptions {
  /** Seeds every random choice in the cluster (default 1). */
  seed?: number;
  nodes?: NodeSpec[];
  /** The instant virtual time 0 stands for; default 2025-01-01T00:00:00Z. */
  epochMs?: number;
  /** kube-scheduler's configuration (default: the v1.32 defaults). */
  schedulerConfig?: KubeSchedulerConfiguration;
  /** The feature gates every component runs with (default: the v1.32 defaults). */
  featureGates?: FeatureGates;
}

/** A request the cluster cannot carry out as asked (no such node, ...): the user's mistake, not a bug. */
export class ClusterError extends Error {}

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
  readonly featureGates: FeatureGates;
  private readonly admin: Client;
  /** The simulated kubelets by node name (a deleted node's kubelet is gone). */
  readonly kubelets = new Map<string, Kubelet>();
  /** Sizes of the images nodes pull (the simulated registry). */
  readonly images = new ImageRegistry();
  scheduler!: Scheduler;
  private nodeCount = 0;
  private stopped = false;
  private compactor?: Timer;

  private constructor(opts: ClusterOptions) {
    this.rng = new Rng(opts.seed ?? 1);
    this.epochMs = opts.epochMs ?? DEFAULT_EPOCH_MS;
    this.featureGates = opts.featureGates ?? FeatureGates.defaults();
    this.log = new EventLog(this.loop);
    this.store = new Store<KubeObject>({ schedule: (fn) => this.loop.post(fn, { label: 'store watch sync' }) });
    // The order of kube-apiserver's default --enable-admission-plugins that matters here.
    const admission = new AdmissionChain().use(namespaceLifecycle).use(defaultTolerationSeconds).use(priority).use(defaultStorageClassPlugin).use(storageObjectInUseProtection);
    this.apiserver = new ApiServer({
      loop: this.loop,
      rng: this.rng,
      log: this.log,
      store: this.store,
      registry: this.registry,
      admission,
      epochMs: this.epochMs,
      featureGates: this.featureGates,
    });
    this.admin = this.apiserver.client('kubernetes-admin');
  }

  static start(opts: ClusterOptions = {}): Cluster {
    const c = new Cluster(opts);
    const apiserverClient = c.apiserver.client('kube-apiserver');
    bootstrap(apiserverClient);
    for (const pc of systemPriorityClasses()) apiserverClient.create('priorityclasses.scheduling.k8s.io', pc);
    const ctx = new ControllerContext((user) => c.apiserver.client(user), c.loop, c.rng, c.registry, c.epochMs, c.featureGates);
    c.controllers.add(new GarbageCollector(ctx));
    c.controllers.add(new NamespaceController(ctx));
    c.controllers.add(new NodeLifecycleController(ctx));
    c.controllers.add(new TaintEvictionController(ctx));
    c.controllers.add(new PodGCController(ctx));
    c.controllers.add(new DisruptionController(ctx));
    c.controllers.add(new ReplicaSetController(ctx));
    c.controllers.add(new StatefulSetController(ctx));
    c.controllers.add(new DeploymentController(ctx));
    c.controllers.add(new DaemonSetController(ctx));
    c.controllers.add(new PersistentVolumeController(ctx));
    c.controllers.add(new PVCProtectionController(ctx));
    c.controllers.add(new PVProtectionController(ctx));
    c.controllers.add(new EphemeralVolumeController(ctx));
    // Not part of kube-controller-manager: the external provisioner behind StorageClass `standard`.
    c.controllers.add(new HostPathProvisioner(ctx));
    c.controllers.add(new JobController(ctx));
    c.controllers.add(new CronJobController(ctx));
    c.controllers.add(new TTLAfterFinishedController(ctx));
    // The apiextensions-apiserver's own controller; it runs beside the controller manager's.
    c.controllers.add(new CrdFinalizer(ctx));
    c.controllers.start();
    c.startScheduler(opts.schedulerConfig);
    c.startCompactor();
    for (const n of opts.nodes ?? []) c.images.learn(n);
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

  /**
   * (Re)starts kube-scheduler with `config` — as restarting the real one with a new
   * --config does: the new process lists the cluster afresh; pods already bound stay where they are.
   */
  startScheduler(config?: KubeSchedulerConfiguration): void {
    this.scheduler?.stop();
    this.scheduler = new Scheduler({ client: this.apiserver.client('kube-scheduler'), loop: this.loop, rng: this.rng, epochMs: this.epochMs, config });
    this.scheduler.start();
  }

  /** Starts a node's kubelet, which registers the Node and starts the node's heartbeats. */
  addNode(spec: NodeSpec): Kubelet {
    if (this.kubelets.has(spec.name)) throw new Error(`node "${spec.name}" already has a kubelet`);
    this.images.learn(spec);
    const kubelet = new Kubelet({
      client: this.apiserver.client(`kubelet/${spec.name}`),
      loop: this.loop,
      rng: this.rng,
      epochMs: this.epochMs,
      spec,
      index: this.nodeCount++,
      imageSize: (image) => this.images.size(image),
    });
    this.kubelets.set(spec.name, kubelet);
    kubelet.start();
    return kubelet;
  }

  /** The kubelet of a node; throws naming the nodes there are when there is none. */
  kubelet(node: string): Kubelet {
    const k = this.kubelets.get(node);
    if (!k) {
      const names = [...this.kubelets.keys()].join(', ') || '(none)';
      throw new ClusterError(`there is no node "${node}" with a running kubelet; nodes: ${names}`);
    }
    return k;
  }

  /** Fault: the node loses power or network — its kubelet stops posting status and leases. */
  failNode(node: string): void {
    this.kubelet(node).fail();
  }

  recoverNode(node: string): void {
    this.kubelet(node).recover();
  }

  /** `kubectl delete node`: the Node object goes, and the machine with it (its kubelet stops). */
  deleteNode(node: string): void {
    const kubelet = this.kubelet(node);
    kubelet.stop();
    this.kubelets.delete(node);
    this.admin.delete('nodes', undefined, node);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.compactor?.cancel();
    for (const k of this.kubelets.values()) k.stop();
    this.scheduler?.stop();
    this.controllers.stop();
  }
}
