import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { containerProbe, PROBE_TYPE_NAME, probeTiming, runProbe, type ProbeTarget, type ProbeTiming, type ProbeType } from './probe_sim';
import type { GroupTimer, TimerGroup } from './timer_group';

/**
 * The kubelet's probe manager and workers (pkg/kubelet/prober: prober_manager.go, worker.go,
 * prober.go), in virtual time.
 *
 * Contract:
 * - One worker per container and probe type. A worker probes once when created (after a random
 *   part of its period if the kubelet started less than a period ago), then every period; a
 *   manual trigger (the kubelet found a running container not yet ready) probes at once.
 * - Results are kept per container ID and start at readiness Failure, liveness Success, startup
 *   Unknown for each new container; a result changes only after successThreshold /
 *   failureThreshold equal outcomes in a row. Each failed probe records a Warning `Unhealthy`
 *   event (`Readiness probe failed: ...`). After a liveness or startup failure the worker holds
 *   until the container is replaced.
 * - Probes wait for initialDelaySeconds after the container started; liveness and readiness wait
 *   for the startup probe. Liveness and startup stop when the pod is being deleted.
 * - Periodic probe ticks are background tasks; manual triggers are foreground.
 */

export type ProbeResult = 'success' | 'failure' | 'unknown';

/** What a worker reads about its container at each probe (the kubelet's status of the pod). */
export interface ProbeView {
  /** The pod's phase is Succeeded or Failed. */
  terminal: boolean;
  deleting: boolean;
  restartPolicy: string;
  /** The latest instance of the container, if one was created. */
  instance?: {
    id: string;
    running: boolean;
    /** Virtual ms, as read back from the status (whole seconds). */
    startedAtSeconds: number;
    started: boolean;
    target: ProbeTarget;
  };
}

export interface ProberHost {
  view(podUid: string, container: string): ProbeView | undefined;
  /** A result changed in a way the pod worker acts on (readiness, liveness failure, startup). */
  onResult(podUid: string, type: ProbeType): void;
  unhealthy(pod: Pod, container: Container, init: boolean, message: string): void;
}

const INITIAL: Readonly<Record<ProbeType, ProbeResult>> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

export class ProbeManager {
  private readonly results: Record<ProbeType, Map<string, ProbeResult>> = {
    readiness: new Map(),
    liveness: new Map(),
    startup: new Map(),
  };
  private readonly workers = new Map<string, ProbeWorker>();
  /** Per pod UID, the probe types a fault makes fail. */
  private readonly failing = new Map<string, Set<ProbeType>>();

  constructor(
    readonly loop: Loop,
    readonly timers: TimerGroup,
    readonly rng: Rng,
    /** When the kubelet started (virtual ms). */
    private readonly kubeletStartedAt: () => number,
    readonly host: ProberHost,
  ) {}

  startedAt(): number {
    return this.kubeletStartedAt();
  }

  /** AddPod: a worker for each probe of each container (restartable init containers included). */
  addPod(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    const all: [Container, boolean][] = [
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c): [Container, boolean] => [c, true]),
      ...(pod.spec?.containers ?? []).map((c): [Container, boolean] => [c, false]),
    ];
    for (const [c, init] of all) {
      for (const type of ['readiness', 'liveness', 'startup'] as const) {
        const probe = containerProbe(c, type);
        if (!probe) continue;
        const key = workerKey(uid, c.name, type);
        if (this.workers.has(key)) continue;
        const w = new ProbeWorker(this, pod, c, init, type, probe);
        this.workers.set(key, w);
        w.start();
      }
    }
  }

  /** Stop liveness and startup probing (the pod is terminating). */
  stopLivenessAndStartup(uid: string): void {
    for (const [key, w] of this.workers) if (w.uid === uid && w.type !== 'readiness') this.stopWorker(key);
  }

  removePod(uid: string): void {
    for (const [key, w] of this.workers) if (w.uid === uid) this.stopWorker(key);
    this.failing.delete(uid);
  }

  hasProbe(uid: string, container: string, type: ProbeType): boolean {
    return this.workers.has(workerKey(uid, container, type));
  }

  result(type: ProbeType, containerID: string): ProbeResult | undefined {
    return this.results[type].get(containerID);
  }

  /** isContainerStarted for a running container: its startup probe passed, or it has none. */
  isStarted(uid: string, container: string, containerID: string): boolean {
    const r = this.results.startup.get(containerID);
    if (r !== undefined) return r === 'success';
    return !this.hasProbe(uid, container, 'startup');
  }

  /** Readiness of a running, started container: its probe passed, or it has none. */
  isReady(uid: string, container: string, containerID: string): boolean {
    if (this.results.readiness.get(containerID) === 'success') return true;
    return !this.hasProbe(uid, container, 'readiness');
  }

  /** The kubelet found the container running and not ready: probe readiness now. */
  triggerReadiness(uid: string, container: string): void {
    this.workers.get(workerKey(uid, container, 'readiness'))?.trigger();
  }

  setFailing(uid: string, type: ProbeType, failing: boolean): void {
    let set = this.failing.get(uid);
    if (!set) this.failing.set(uid, (set = new Set()));
    if (failing) set.add(type);
    else set.delete(type);
  }

  isFailing(uid: string, type: ProbeType): boolean {
    return this.failing.get(uid)?.has(type) ?? false;
  }

  /** results.Manager.Set: true when the value changed. */
  set(type: ProbeType, containerID: string, result: ProbeResult): boolean {
    const old = this.results[type].get(containerID);
    this.results[type].set(containerID, result);
    return old !== result;
  }

  forget(type: ProbeType, containerID: string): void {
    this.results[type].delete(containerID);
  }

  private stopWorker(key: string): void {
    const w = this.workers.get(key);
    if (!w) return;
    this.workers.delete(key);
    w.stop();
  }

  /** A worker ended by itself (terminal pod, or a container that will not restart). */
  workerDone(w: ProbeWorker): void {
    const key = workerKey(w.uid, w.container.name, w.type);
    if (this.workers.get(key) === w) this.stopWorker(key);
  }
}

function workerKey(uid: string, container: string, type: ProbeType): string {
  return `${uid}/${container}/${type}`;
}

class ProbeWorker {
  readonly uid: string;
  private readonly timing: ProbeTiming;
  private containerID?: string;
  private onHold = false;
  private lastResult?: ProbeResult;
  private resultRun = 0;
  private stopped = false;
  private ticker?: GroupTimer;
  private manual?: GroupTimer;
  /** A manual trigger that came while the worker still waited for its first probe. */
  private firstDone = false;
  private triggeredEarly = false;

  constructor(
    private readonly m: ProbeManager,
    private readonly pod: Pod,
    readonly container: Container,
    private readonly init: boolean,
    readonly type: ProbeType,
    private readonly probe: Probe,
  ) {
    this.uid = pod.metadata!.uid!;
    this.timing = probeTiming(probe);
  }

  start(): void {
    const period = this.timing.periodMs;
    // "If kubelet restarted the probes could be started in rapid succession": a worker created
    // within a period of the kubelet's start waits a random part of a period first.
    const sleep = this.m.loop.now - this.m.startedAt() < period ? Math.floor(this.m.rng.float() * period) : 0;
    this.ticker = this.m.timers.schedule(
      sleep,
      () => {
        this.firstDone = true;
        if (!this.probeOnce()) return;
        if (this.triggeredEarly) {
          this.triggeredEarly = false;
          if (!this.probeOnce()) return;
        }
        this.scheduleTick();
      },
      { background: true, label: this.label() },
    );
  }

  stop(): void {
    this.stopped = true;
    this.ticker?.cancel();
    this.manual?.cancel();
    if (this.containerID) this.m.forget(this.type, this.containerID);
  }

  trigger(): void {
    if (this.stopped || this.manual) return;
    if (!this.firstDone) {
      this.triggeredEarly = true;
      return;
    }
    this.manual = this.m.timers.schedule(
      0,
      () => {
        this.manual = undefined;
        if (!this.stopped) this.probeOnce();
      },
      { label: `${this.label()} (manual)` },
    );
  }

  private scheduleTick(): void {
    this.ticker = this.m.timers.schedule(
      this.timing.periodMs,
      () => {
        if (this.probeOnce()) this.scheduleTick();
      },
      { background: true, label: this.label() },
    );
  }

  /** doProbe; false when the worker should end. */
  private probeOnce(): boolean {
    if (this.stopped) return false;
    const keep = this.doProbe();
    if (!keep) this.m.workerDone(this);
    return keep && !this.stopped;
  }

  private doProbe(): boolean {
    const view = this.m.host.view(this.uid, this.container.name);
    if (!view) return true;
    if (view.terminal) return false;
    const inst = view.instance;
    if (!inst) return true;
    if (this.containerID !== inst.id) {
      if (this.containerID) this.m.forget(this.type, this.containerID);
      this.containerID = inst.id;
      this.m.set(this.type, inst.id, INITIAL[this.type]);
      this.onHold = false;
    }
    if (this.onHold) return true;
    if (!inst.running) {
      if (this.m.set(this.type, inst.id, 'failure')) this.changed('failure');
      return !(view.restartPolicy === 'Never' && !this.init);
    }
    if (view.deleting && this.type !== 'readiness') {
      this.m.set(this.type, inst.id, 'success');
      return false;
    }
    if (Math.floor((this.m.loop.now - inst.startedAtSeconds) / 1000) < this.timing.initialDelaySeconds) return true;
    if (inst.started) {
      if (this.type === 'startup') return true;
    } else if (this.type !== 'startup') return true;

    const out = runProbe(this.type, this.probe, { ...inst.target, failing: this.m.isFailing(this.uid, this.type) }, this.m.loop.now);
    const name = PROBE_TYPE_NAME[this.type];
    if (out.result === 'error') {
      this.m.host.unhealthy(this.pod, this.container, this.init, `${name} probe errored: ${out.error}`);
      return true;
    }
    if (out.result === 'failure') this.m.host.unhealthy(this.pod, this.container, this.init, `${name} probe failed: ${out.output}`);
    const result: ProbeResult = out.result;
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if (
      (result === 'failure' && this.resultRun < this.timing.failureThreshold) ||
      (result === 'success' && this.resultRun < this.timing.successThreshold)
    ) {
      return true;
    }
    if (this.m.set(this.type, inst.id, result)) this.changed(result);
    if (this.type !== 'readiness' && result === 'failure') {
      // The container will be restarted: hold until a new one appears.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }

  private changed(result: ProbeResult): void {
    if (this.type === 'liveness' && result !== 'failure') return;
    this.m.host.onResult(this.uid, this.type);
  }

  private label(): string {
    return `kubelet prober: ${this.type} ${this.pod.metadata?.namespace}/${this.pod.metadata?.name}/${this.container.name}`;
  }
}
