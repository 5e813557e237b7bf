import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { EventRecorder } from '../client/event_recorder';
import type { SharedIndexInformer } from '../client/informer';
import { SharedInformerFactory } from '../client/informer_factory';
import type { Client } from '../client/types';
import type { Loop, Timer } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { ConfigError } from './apis/config/config_error';
import { DEFAULT_SCHEDULER_NAME, defaultConfiguration } from './apis/config/defaults';
import type { KubeSchedulerConfiguration } from './apis/config/types';
import { configurationErrors } from './apis/config/validation';
import { Cache } from './backend/cache/cache';
import { Snapshot } from './backend/cache/snapshot';
import { PriorityQueue } from './backend/queue/scheduling_queue';
import type { ClusterEvent } from './framework/interface';
import { Framework } from './framework/runtime/framework';
import { IN_TREE_REGISTRY, type Registry } from './framework/runtime/registry';
import { WaitingPodsMap } from './framework/runtime/waiting_pods';
import { addAllEventHandlers, responsibleForPod } from './event_handlers';
import { SchedulingRecords, type SchedulingRecordsOptions } from './records';
import { scheduleOne, type Extender, type SchedulerCore } from './schedule_one';

export interface SchedulerOptions {
  /** A client acting as `kube-scheduler`. */
  client: Client;
  loop: Loop;
  /** Tie-breaks between equal nodes (fact 71) and event-retry jitter. */
  rng: Rng;
  /** Wall-clock instant of virtual time 0, for event and condition timestamps. */
  epochMs: number;
  /** A loaded configuration (see loadConfig); default: one `default-scheduler` profile. */
  config?: KubeSchedulerConfiguration;
  /** Plugins to build profiles from (default: the in-tree registry). */
  registry?: Registry;
  /** Extenders consulted by every cycle (already connected; the config's extender entries are not dialled here). */
  extenders?: Extender[];
  records?: SchedulingRecordsOptions;
}

/** The scheduler's pod informer sees only pods that are not finished (upstream newPodInformer). */
export const NON_TERMINAL_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

/**
 * kube-scheduler (upstream pkg/scheduler/scheduler.go): informers feed the cache and the queue;
 * each queued pod gets one scheduling attempt per loop task.
 *
 * Contracts:
 * - Scheduling runs as loop tasks, one pod per task, the next task posted after each attempt
 *   while the queue hands out pods, so informer events and binding cycles interleave with
 *   scheduling as they would in a real process. Everything is deterministic under the loop and RNG.
 * - Events are recorded per profile with the profile's scheduler name as source component
 *   (`default-scheduler`); API writes go through the given client.
 * - `stop()` ends scheduling; binding cycles still queued do nothing.
 */
export class Scheduler implements SchedulerCore {
  readonly records: SchedulingRecords;
  readonly loop: Loop;
  readonly rng: Rng;
  readonly client: Client;
  readonly cache = new Cache();
  readonly snapshot = new Snapshot();
  readonly queue: PriorityQueue;
  readonly profiles = new Map<string, Framework>();
  readonly extenders: readonly Extender[];
  readonly informers: SharedInformerFactory;
  readonly config: KubeSchedulerConfiguration;
  readonly percentageOfNodesToScore: number;
  nextStartNodeIndex = 0;
  private readonly podInformer: SharedIndexInformer<KubeObject>;
  private readonly waitingPods = new WaitingPodsMap();
  private task: Timer | undefined;
  private started = false;
  private isStopped = false;

  /** @throws ConfigError for an invalid configuration or a profile that cannot be built. */
  constructor(opts: SchedulerOptions) {
    this.loop = opts.loop;
    this.rng = opts.rng;
    this.client = opts.client;
    this.extenders = opts.extenders ?? [];
    this.records = new SchedulingRecords(opts.records);
    const cfg = (this.config = opts.config ?? defaultConfiguration());
    const errs = configurationErrors(cfg);
    if (errs.length > 0) throw ConfigError.aggregate(errs);
    this.percentageOfNodesToScore = cfg.percentageOfNodesToScore;

    this.informers = new SharedInformerFactory(opts.client, opts.loop, { rng: opts.rng });
    this.podInformer = this.informers.forResource('pods', { fieldSelector: NON_TERMINAL_PODS });
    const informerFor = (resource: string) => (resource === 'pods' ? this.podInformer : this.informers.forResource(resource));
    // Listed up front so that plugins reading them through the Handle find them synced (upstream
    // plugins take their listers in New(), before the factory starts): DefaultPreemption reads
    // budgets; PodTopologySpread's system defaults read the Services and controllers selecting a pod.
    const pluginInformers = [
      'poddisruptionbudgets.policy',
      'priorityclasses.scheduling.k8s.io',
      'services',
      'replicationcontrollers',
      'replicasets.apps',
      'statefulsets.apps',
    ];
    for (const r of pluginInformers) this.informers.forResource(r);

    for (const profile of cfg.profiles) {
      const recorder = new EventRecorder(opts.client, opts.loop, { component: profile.schedulerName }, { epochMs: opts.epochMs, rng: opts.rng });
      const fwk = new Framework(profile, {
        registry: opts.registry ?? IN_TREE_REGISTRY,
        snapshot: this.snapshot,
        informers: this.informers,
        informerFor,
        client: opts.client,
        eventRecorder: recorder,
        rng: opts.rng,
        loop: opts.loop,
        epochMs: opts.epochMs,
        parallelism: cfg.parallelism,
        waitingPods: this.waitingPods,
      });
      this.profiles.set(profile.schedulerName, fwk);
    }

    const first = this.profiles.values().next().value!;
    const pluginEvents = new Map<string, ClusterEvent[]>();
    for (const fwk of this.profiles.values()) {
      for (const { plugin, events } of fwk.enqueueExtensions) pluginEvents.set(plugin, [...(pluginEvents.get(plugin) ?? []), ...events]);
    }
    this.queue = new PriorityQueue({
      loop: opts.loop,
      less: first.queueSortLess(),
      preEnqueue: (pod) => {
        const s = (this.frameworkFor(pod) ?? first).runPreEnqueuePlugins(pod);
        return { status: s, plugin: s.plugin };
      },
      podInitialBackoffMs: cfg.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: cfg.podMaxBackoffSeconds * 1000,
      pluginEvents,
      onPodActivated: () => this.kick(),
      podLookup: (ns, name) => this.podLister(ns, name),
      namespaceLabels: (ns) => first.namespaceLabels(ns),
    });
    for (const fwk of this.profiles.values()) fwk.setPodNominator(this.queue.nominator);

    addAllEventHandlers(this, {
      pods: this.podInformer,
      nodes: this.informers.forResource('nodes'),
      namespaces: this.informers.forResource('namespaces'),
      persistentVolumes: this.informers.forResource('persistentvolumes'),
      persistentVolumeClaims: this.informers.forResource('persistentvolumeclaims'),
      storageClasses: this.informers.forResource('storageclasses.storage.k8s.io'),
      csiNodes: this.informers.forResource('csinodes.storage.k8s.io'),
    });
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** Lists and watches, and starts scheduling the pods the lists brought in. */
  start(): void {
    if (this.started || this.isStopped) return;
    this.started = true;
    this.informers.start();
    this.queue.start();
    this.kick();
  }

  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.task?.cancel();
    this.task = undefined;
    this.queue.stop();
    this.informers.shutdown();
    // Pods held at Permit are released so their timers stop; their binding cycles see the stop.
    this.waitingPods.iterate((wp) => wp.reject('', 'scheduler stopped'));
  }

  /** The pod as the scheduler's informer has it now. */
  podLister(namespace: string, name: string): Pod | undefined {
    return this.podInformer.lister().namespace(namespace).get(name) as unknown as Pod | undefined;
  }

  /** The profile that schedules `pod`, if it is ours. */
  frameworkFor(pod: Pod): Framework | undefined {
    return responsibleForPod(pod, this.profiles) ? this.profiles.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) : undefined;
  }

  /** Posts the scheduling task unless one is pending (called whenever pods become active). */
  private kick(): void {
    if (!this.started || this.isStopped || this.task) return;
    this.task = this.loop.post(() => this.scheduleNext(), { label: 'scheduler: scheduleOne' });
  }

  /** One attempt for the next pod; then, while the queue hands out pods, the next task. */
  private scheduleNext(): void {
    this.task = undefined;
    if (this.isStopped) return;
    const qpi = this.queue.pop();
    if (!qpi) return;
    scheduleOne(this, qpi);
    this.kick();
  }
}
