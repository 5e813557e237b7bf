import type { Container, Node, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { EventRecorder } from '../client/event_recorder';
import { SharedIndexInformer } from '../client/informer';
import type { Client } from '../client/types';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { podClaimKeys } from '../api/storage/ephemeral';
import { admitPod } from './admission';
import type { KubeletContext } from './context';
import { Backoff } from './crash_backoff';
import { containerRef } from './events';
import { ImagePuller } from './image_puller';
import { HostLocalIpam } from './ipam';
import { NodeLease } from './node_lease';
import { nodeInternalIP, podCIDR } from './node_object';
import type { NodeSpec } from './node_spec';
import { NodeStatusReporter } from './node_status';
import { PodWorker } from './pod_worker';
import { containerProbe, type ProbeType } from './probe_sim';
import { ProbeManager } from './prober';
import { StatusManager } from './status_manager';
import { TimerGroup } from './timer_group';

/** A fault the kubelet cannot carry out as asked (no such pod or container here): the user's mistake. */
export class KubeletError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeletError';
  }
}

export interface KubeletOptions {
  /** A client acting as `kubelet/<node>` (system:node:<node>). */
  client: Client;
  loop: Loop;
  rng: Rng;
  epochMs: number;
  spec: NodeSpec;
  /** The node's position in the cluster (its podCIDR and InternalIP). */
  index: number;
  /** What an image weighs when this node pulls it (the simulated registry). */
  imageSize: (image: string) => number;
}

/**
 * The simulated kubelet of one node (pkg/kubelet/kubelet.go), talking only to the API server.
 *
 * Contract:
 * - `start()` registers the Node (facts 1, 143), starts the status loop and the Lease heartbeat
 *   (facts 2-3) and watches the pods bound to the node; each gets a PodWorker.
 * - `fail()`: the machine stops — no status, no lease, no API calls, and its containers' timers
 *   freeze. `recover()`: it comes back as it was, re-registers if its Node was deleted, posts
 *   status at once and reconciles its pods with the API (pods deleted meanwhile are stopped and
 *   removed, pods with a deletionTimestamp are terminated).
 * - `stop()`: the machine is gone (node deleted, cluster stopped): every timer is cancelled and
 *   nothing more is written.
 */
export class Kubelet implements KubeletContext {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly loop: Loop;
  readonly rng: Rng;
  readonly epochMs: number;
  readonly timers: TimerGroup;
  readonly recorder: EventRecorder;
  readonly status: StatusManager;
  readonly prober: ProbeManager;
  readonly puller: ImagePuller;
  readonly ipam: HostLocalIpam;
  readonly backoff: Backoff;
  private readonly client: Client;
  private readonly nodeStatus: NodeStatusReporter;
  private readonly lease: NodeLease;
  private readonly pods: SharedIndexInformer<KubeObject>;
  private readonly nodes: SharedIndexInformer<KubeObject>;
  /** Claims, watched only once a pod on this node uses one (most nodes never need them). */
  private claims: SharedIndexInformer<KubeObject> | undefined;
  private readonly workers = new Map<string, PodWorker>();
  private startedAt = 0;
  private failed = false;
  private stopped = false;

  constructor(o: KubeletOptions) {
    this.client = o.client;
    this.loop = o.loop;
    this.rng = o.rng;
    this.epochMs = o.epochMs;
    this.nodeName = o.spec.name;
    this.hostIP = nodeInternalIP(o.index);
    this.timers = new TimerGroup(o.loop);
    this.recorder = new EventRecorder(o.client, o.loop, { component: 'kubelet', host: this.nodeName }, { epochMs: o.epochMs, rng: o.rng });
    this.ipam = new HostLocalIpam(podCIDR(o.index));
    this.backoff = new Backoff(() => this.loop.now);
    this.puller = new ImagePuller(this.timers, () => this.loop.now, o.imageSize, o.spec.images ?? [], () => undefined);
    this.nodeStatus = new NodeStatusReporter({
      client: o.client,
      loop: o.loop,
      rng: o.rng,
      epochMs: o.epochMs,
      spec: o.spec,
      index: o.index,
      recorder: this.recorder,
      images: () => this.puller.images(),
    });
    this.lease = new NodeLease({ client: o.client, loop: o.loop, rng: o.rng, epochMs: o.epochMs, nodeName: this.nodeName });
    this.status = new StatusManager({
      client: o.client,
      loop: o.loop,
      epochMs: o.epochMs,
      isFailed: () => this.failed || this.stopped,
      apiPod: (uid) => this.workers.get(uid)?.pod,
      couldHaveRunningContainers: (uid) => this.workers.get(uid)?.couldHaveRunningContainers() ?? false,
    });
    this.prober = new ProbeManager(o.loop, this.timers, o.rng, () => this.startedAt, {
      view: (uid, container) => this.workers.get(uid)?.probeView(container),
      onResult: (uid, type) => this.workers.get(uid)?.onProbeResult(type),
      unhealthy: (pod, c, init, message) => this.recorder.event(containerRef(pod, c.name, init), 'Warning', 'Unhealthy', message),
    });
    this.pods = new SharedIndexInformer<KubeObject>(o.client, o.loop, 'pods', { fieldSelector: `spec.nodeName=${this.nodeName}`, rng: o.rng });
    this.nodes = new SharedIndexInformer<KubeObject>(o.client, o.loop, 'nodes', { fieldSelector: `metadata.name=${this.nodeName}`, rng: o.rng });
  }

  get isFailed(): boolean {
    return this.failed;
  }

  start(): void {
    this.startedAt = this.loop.now;
    this.recorder.event({ kind: 'Node', name: this.nodeName, uid: this.nodeName }, 'Normal', 'Starting', 'Starting kubelet.');
    this.nodeStatus.register();
    this.nodeStatus.start();
    this.lease.start();
    this.status.start();
    this.nodes.start();
    this.pods.addEventHandler({
      onAdd: (p) => this.podSeen(p as Pod),
      onUpdate: (_old, p) => this.podSeen(p as Pod),
      onDelete: (p) => this.podGone(p as Pod),
    });
    this.pods.start();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.nodeStatus.stop();
    this.lease.stop();
    this.status.stop();
    this.pods.stop();
    this.nodes.stop();
    this.claims?.stop();
    for (const w of this.workers.values()) w.dispose();
    this.workers.clear();
    this.puller.clear();
    this.timers.clear();
  }

  /** The machine stops: heartbeats, status and pod work stop; containers freeze where they are. */
  fail(): void {
    if (this.failed || this.stopped) return;
    this.failed = true;
    this.nodeStatus.stop();
    this.lease.stop();
    this.timers.freeze();
  }

  /** The machine is back: it re-registers, heartbeats at once and reconciles its pods with the API. */
  recover(): void {
    if (!this.failed || this.stopped) return;
    this.failed = false;
    this.timers.thaw();
    this.nodeStatus.register();
    this.nodeStatus.start();
    this.lease.start();
    // What the informer holds now is what a relist would return.
    const seen = new Set<string>();
    for (const p of this.pods.lister().list() as Pod[]) {
      seen.add(p.metadata!.uid!);
      this.podSeen(p);
    }
    for (const [uid, w] of [...this.workers]) if (!seen.has(uid)) w.removed();
    this.status.syncAll();
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** `When container C of pod P exits with code N`. */
  exitContainer(namespace: string, name: string, container: string, code: number): void {
    const w = this.workerFor(namespace, name);
    if (!w.container(container)) throw new KubeletError(`pod "${namespace}/${name}" has no container "${container}"; its containers: ${w.containerNames().join(', ')}`);
    this.checkUp();
    if (!w.exitContainer(container, code)) {
      throw new KubeletError(`container "${container}" of pod "${namespace}/${name}" is not running, so it cannot exit`);
    }
  }

  /** `When pod P starts (stops) failing its readiness/liveness/startup probe`. */
  setProbeFailing(namespace: string, name: string, type: ProbeType, failing: boolean): void {
    const w = this.workerFor(namespace, name);
    const withProbe = w.containerNames().filter((c) => {
      const spec = w.container(c) as Container;
      return !!containerProbe(spec, type);
    });
    if (!withProbe.length) throw new KubeletError(`pod "${namespace}/${name}" has no container with a ${type} probe`);
    this.prober.setFailing(w.uid, type, failing);
  }

  // ---- KubeletContext ---------------------------------------------------------------------------

  volumesReady(pod: Pod): boolean {
    const keys = podClaimKeys(pod);
    if (!keys.length) return true;
    const lister = this.claimInformer().lister();
    return keys.every((k) => {
      const c = lister.get(k) as PersistentVolumeClaim | undefined;
      return !!c && !c.metadata?.deletionTimestamp && c.status?.phase === 'Bound' && !!c.spec?.volumeName;
    });
  }

  private claimInformer(): SharedIndexInformer<KubeObject> {
    if (this.claims) return this.claims;
    const claims = new SharedIndexInformer<KubeObject>(this.client, this.loop, 'persistentvolumeclaims', { rng: this.rng });
    const changed = (c: KubeObject) => {
      if (this.failed || this.stopped) return;
      const key = `${c.metadata?.namespace}/${c.metadata?.name}`;
      for (const w of this.workers.values()) if (w.waitingForVolumes && podClaimKeys(w.pod).includes(key)) w.update(w.pod);
    };
    claims.addEventHandler({ onAdd: changed, onUpdate: (_o, c) => changed(c) });
    claims.start();
    this.claims = claims;
    return claims;
  }

  workerDone(uid: string): void {
    this.workers.delete(uid);
  }

  // ---- internals --------------------------------------------------------------------------------

  private podSeen(pod: Pod): void {
    if (this.failed || this.stopped) return;
    const uid = pod.metadata!.uid!;
    let w = this.workers.get(uid);
    if (!w) {
      w = new PodWorker(this, pod, (p) => this.admit(p));
      this.workers.set(uid, w);
    }
    w.update(pod);
  }

  private podGone(pod: Pod): void {
    if (this.failed || this.stopped) return;
    this.workers.get(pod.metadata!.uid!)?.removed();
  }

  /** canAdmitPod: the pod against the node and the pods the kubelet already runs (admission.ts). */
  private admit(pod: Pod): { reason: string; message: string } | undefined {
    const node = this.nodes.lister().get(this.nodeName) as Node | undefined;
    if (!node) return undefined;
    const others = [...this.workers.values()].filter((w) => w.active && w.uid !== pod.metadata?.uid).map((w) => w.pod);
    const r = admitPod(pod, node, others);
    return r.admit ? undefined : { reason: r.reason ?? 'UnexpectedAdmissionError', message: r.message ?? '' };
  }

  private workerFor(namespace: string, name: string): PodWorker {
    for (const w of this.workers.values()) if (w.namespace === namespace && w.name === name && !w.finished) return w;
    throw new KubeletError(`the kubelet of node "${this.nodeName}" runs no pod "${namespace}/${name}"`);
  }

  private checkUp(): void {
    if (this.failed) throw new KubeletError(`node "${this.nodeName}" has failed: its containers are frozen until it recovers`);
  }
}
