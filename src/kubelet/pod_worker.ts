import type { Container, Pod } from 'kubernetes-types/core/v1';
import { formatDuration } from '../api/duration';
import { containerRef, EVENT, formatPod, podRef } from './events';
import type { KubeletContext } from './context';
import { containerKillGrace, effectiveGracePeriod, type KillReason } from './grace';
import { imageKey, runtimeID } from './image_ref';
import { EXIT_SIGKILL, EXIT_SIGTERM, PodRuntime, type ContainerInstance } from './pod_runtime';
import { containerProbe } from './probe_sim';
import { DEFAULT_BEHAVIOUR, SimAnnotationError, simBehaviour, type SimBehaviour } from './sim_annotations';
import { generatePodStatus, isRestartableInit, shouldContainerBeRestarted, type WaitingReason } from './status_gen';
import type { GroupTimer } from './timer_group';
import type { ProbeView } from './prober';
import { truncateToSecond } from './time';

/** Waiting reasons the pod worker sets (kuberuntime, images). */
export const CRASH_LOOP_BACK_OFF = 'CrashLoopBackOff';
export const ERR_IMAGE_NEVER_PULL = 'ErrImageNeverPull';
export const CREATE_CONTAINER_CONFIG_ERROR = 'CreateContainerConfigError';

/** How long the kubelet waits before retrying a sandbox it could not create (the pod worker's backoff). */
const SANDBOX_RETRY_MS = 10_000;

type Lifecycle = 'running' | 'terminating' | 'terminated';

/**
 * One pod on the node (pkg/kubelet/pod_workers.go with kuberuntime's SyncPod), in virtual time.
 *
 * Contract:
 * - `update(pod)` takes the pod as the API has it now; `removed()` says it is gone from the API.
 *   Both only record what is wanted and ask for a sync; `sync()` re-reads the worker's state and
 *   does whatever is due, so it is idempotent and may run any number of times.
 * - Syncs and container lifecycles run on the node's TimerGroup, so a failed node freezes its pods
 *   as they are.
 * - A running pod (SyncPod): sandbox (pod IP), then init containers one at a time, then the regular
 *   containers, each pulled as its imagePullPolicy says and restarted as restartPolicy says with the
 *   crash-loop back-off (facts 131, 133, 135).
 * - A pod with a deletionTimestamp, or gone from the API, is terminated (syncTerminatingPod):
 *   SIGTERM to every container, SIGKILL when the grace period ends (fact 140); then the sandbox
 *   stops and the final status goes to the status manager, which deletes the pod (fact 141).
 * - A pod whose containers all finished for good (restartPolicy Never/OnFailure) becomes terminal
 *   (Succeeded/Failed) and is finished the same way, without being deleted.
 */
export class PodWorker {
  pod: Pod;
  readonly uid: string;
  readonly runtime = new PodRuntime();
  /** Why containers that should run do not (the kubelet's reasonCache). */
  private readonly reasonCache = new Map<string, WaitingReason>();
  /** Containers whose image pull is under way, with its canceller. */
  private readonly pulls = new Map<string, () => void>();
  /** Containers whose image is ready for the next create (pulled, or present). */
  private readonly imageReady = new Set<string>();
  private lifecycle: Lifecycle = 'running';
  private removedFromApi = false;
  /** The grace period of the termination under way (seconds), and when SIGTERM went out. */
  private grace = 0;
  private termStartedAt = 0;
  private killTimers: GroupTimer[] = [];
  private syncTimer?: GroupTimer;
  private retryTimer?: GroupTimer;
  private retryAt = 0;
  private lastIPs: readonly string[] = [];
  private admitted = false;
  private done = false;

  constructor(
    private readonly ctx: KubeletContext,
    pod: Pod,
    /** The node's admission of a new pod: undefined when it fits, else why not. */
    private readonly admit: (pod: Pod) => { reason: string; message: string } | undefined,
  ) {
    this.pod = pod;
    this.uid = pod.metadata!.uid!;
  }

  get name(): string {
    return this.pod.metadata?.name ?? '';
  }

  /** Its volumes are still to be mounted (no sandbox yet), so a change to a claim may unblock it. */
  get waitingForVolumes(): boolean {
    return !this.runtime.sandbox && this.lifecycle === 'running';
  }

  get namespace(): string {
    return this.pod.metadata?.namespace ?? 'default';
  }

  /** Counts against the node's capacity (admitted and not finished). */
  get active(): boolean {
    return this.admitted && this.lifecycle !== 'terminated';
  }

  get finished(): boolean {
    return this.lifecycle === 'terminated';
  }

  /** Whether a container of the pod may still be running (podDeletionSafety). */
  couldHaveRunningContainers(): boolean {
    return this.runtime.running().length > 0 || (this.admitted && this.lifecycle !== 'terminated');
  }

  update(pod: Pod): void {
    const hadDeletion = !!this.pod.metadata?.deletionTimestamp;
    this.pod = pod;
    if (this.finished && pod.metadata?.deletionTimestamp && !hadDeletion) this.ctx.status.requestSync(this.uid);
    this.requestSync();
  }

  removed(): void {
    this.removedFromApi = true;
    this.requestSync();
  }

  /** Coalesces sync requests into one task at this instant (on the node's timers). */
  requestSync(): void {
    if (this.done || this.syncTimer) return;
    this.syncTimer = this.ctx.timers.schedule(
      0,
      () => {
        this.syncTimer = undefined;
        this.sync();
      },
      { label: `kubelet ${this.ctx.nodeName}: sync pod ${this.namespace}/${this.name}` },
    );
  }

  /** The kubelet forgets the pod (the kubelet stops): cancel everything, write nothing. */
  dispose(): void {
    this.done = true;
    this.syncTimer?.cancel();
    this.retryTimer?.cancel();
    for (const t of this.killTimers) t.cancel();
    for (const cancel of this.pulls.values()) cancel();
    this.pulls.clear();
    for (const inst of this.runtime.running()) for (const t of inst.timers.splice(0)) t.cancel();
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** The container's process ends with `code` (a fault). @returns false when it is not running. */
  exitContainer(container: string, code: number): boolean {
    const inst = this.runtime.latest(container);
    if (!inst || inst.state !== 'running') return false;
    PodRuntime.exit(inst, this.ctx.loop.now, code);
    return true;
  }

  /** The prober found a liveness or startup failure, or a readiness change. */
  onProbeResult(type: 'readiness' | 'liveness' | 'startup'): void {
    if (type === 'readiness') {
      this.requestSync();
      return;
    }
    if (this.lifecycle !== 'running') return;
    for (const c of this.allContainers()) {
      const inst = this.runtime.latest(c.name);
      if (!inst || inst.state !== 'running' || inst.stopping) continue;
      if (this.ctx.prober.result(type, inst.id) !== 'failure') continue;
      // kuberuntime computePodActions: a failed liveness/startup probe kills the container; it
      // is started again as its restart policy says (a signal exit is never 0).
      const message = `Container ${c.name} failed ${type} probe, will be restarted`;
      this.kill(c, inst, type, message);
    }
  }

  // ---- the sync ---------------------------------------------------------------------------------

  private sync(): void {
    if (this.done) return;
    const pod = this.pod;
    if (this.lifecycle === 'terminated') {
      if (this.removedFromApi) {
        this.ctx.status.removePod(this.uid);
        this.dispose();
        this.ctx.workerDone(this.uid);
      }
      return;
    }
    if (this.removedFromApi || pod.metadata?.deletionTimestamp) {
      this.syncTerminating();
      return;
    }
    if (!this.admitted) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
        // A pod that finished before this kubelet knew it (a restarted kubelet): nothing to run.
        this.lifecycle = 'terminated';
        this.ctx.status.setPodStatus(pod, pod.status, { podIsFinished: true });
        return;
      }
      const rejected = this.admit(pod);
      if (rejected) {
        // kubelet rejectPod: a Warning event and phase Failed; the pod never runs here.
        this.ctx.recorder.event(podRef(pod), 'Warning', rejected.reason, rejected.message);
        this.lifecycle = 'terminated';
        this.ctx.status.setPodStatus(pod, { phase: 'Failed', reason: rejected.reason, message: `Pod was rejected: ${rejected.message}`, qosClass: pod.status?.qosClass }, { podIsFinished: true });
        return;
      }
      this.admitted = true;
      this.ctx.prober.addPod(pod);
    }
    if (!this.runtime.sandbox && !this.ctx.volumesReady(pod)) {
      this.writeStatus();
      return;
    }
    if (!this.ensureSandbox()) {
      this.writeStatus();
      return;
    }
    this.syncContainers();
    const status = this.writeStatus();
    if ((status.phase === 'Succeeded' || status.phase === 'Failed') && this.runtime.running().length === 0) this.finish(false);
  }

  /** The pod sandbox and its IP. false while it cannot be created (retried). */
  private ensureSandbox(): boolean {
    if (this.runtime.sandbox) return true;
    let ips: string[];
    if (this.pod.spec?.hostNetwork) ips = [this.ctx.hostIP];
    else {
      const ip = this.ctx.ipam.allocate(this.uid);
      if (!ip) {
        this.ctx.recorder.event(
          podRef(this.pod),
          'Warning',
          EVENT.FailedCreatePodSandBox,
          `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="host-local" failed (add): ${this.ctx.ipam.exhaustedMessage()}`,
        );
        this.retryLater(SANDBOX_RETRY_MS);
        return false;
      }
      ips = [ip];
    }
    this.runtime.sandbox = { id: runtimeID(this.ctx.rng), ips, ready: true };
    this.lastIPs = ips;
    return true;
  }

  /** SyncPod's container steps: init containers in order, then the regular ones. */
  private syncContainers(): void {
    const pod = this.pod;
    const policy = pod.spec?.restartPolicy ?? 'Always';
    for (const c of pod.spec?.initContainers ?? []) {
      const latest = this.runtime.latest(c.name);
      if (isRestartableInit(c)) {
        // A sidecar: started in order, then it runs beside the others.
        if (!latest || (latest.state === 'exited' && shouldContainerBeRestarted(c, pod, latest))) {
          this.startOrBackOff(c, true, latest);
          return;
        }
        if (latest.state === 'running' && !this.ctx.prober.isStarted(this.uid, c.name, latest.id)) return;
        continue;
      }
      if (!latest) {
        this.startOrBackOff(c, true, undefined);
        return;
      }
      if (latest.state === 'running') return;
      if (latest.exitCode === 0) continue;
      // A failed init container: with restartPolicy Never the pod fails (getPhase), else it is
      // run again after its back-off.
      if (policy !== 'Never') this.startOrBackOff(c, true, latest);
      return;
    }
    for (const c of pod.spec?.containers ?? []) {
      const latest = this.runtime.latest(c.name);
      if (shouldContainerBeRestarted(c, pod, latest)) this.startOrBackOff(c, false, latest);
    }
  }

  /** kuberuntime startContainer behind doBackOff (fact 133, 135). */
  private startOrBackOff(c: Container, init: boolean, latest: ContainerInstance | undefined): void {
    if (latest?.state === 'exited') {
      const key = this.backoffKey(c);
      const finishedAt = latest.finishedAt ?? this.ctx.loop.now;
      this.ctx.backoff.gc();
      if (this.ctx.backoff.isInBackOffSince(key, finishedAt)) {
        const pod = formatPod(this.pod);
        const backoff = formatDuration(this.ctx.backoff.get(key));
        const cached = this.reasonCache.get(c.name);
        if (cached?.reason !== CRASH_LOOP_BACK_OFF) {
          this.ctx.recorder.event(containerRef(this.pod, c.name, init), 'Warning', EVENT.BackOffStartContainer, `Back-off restarting failed container ${c.name} in pod ${pod}`);
        }
        this.reasonCache.set(c.name, { reason: CRASH_LOOP_BACK_OFF, message: `back-off ${backoff} restarting failed container=${c.name} pod=${pod}` });
        this.retryLater(this.ctx.backoff.endsAt(key, finishedAt) - this.ctx.loop.now);
        return;
      }
      this.ctx.backoff.next(key, finishedAt);
    }
    this.startContainer(c, init, latest ? latest.restartCount + 1 : 0);
  }

  /** getStableKey: the back-off is per pod and container. */
  private backoffKey(c: Container): string {
    return `${this.name}_${this.namespace}_${this.uid}_${c.name}`;
  }

  private startContainer(c: Container, init: boolean, restartCount: number): void {
    const ref = containerRef(this.pod, c.name, init);
    let behaviour: SimBehaviour;
    try {
      behaviour = simBehaviour(this.pod.metadata?.annotations, c.name, init && !isRestartableInit(c) ? 'init' : 'container');
    } catch (e) {
      if (!(e instanceof SimAnnotationError)) throw e;
      if (this.reasonCache.get(c.name)?.message !== e.message) this.ctx.recorder.event(ref, 'Warning', EVENT.FailedToCreateContainer, `Error: ${e.message}`);
      this.reasonCache.set(c.name, { reason: CREATE_CONTAINER_CONFIG_ERROR, message: e.message });
      return;
    }
    if (!this.ensureImage(c, ref, behaviour)) return;
    this.imageReady.delete(c.name);
    this.reasonCache.delete(c.name);
    const now = this.ctx.loop.now;
    const inst: ContainerInstance = {
      id: runtimeID(this.ctx.rng),
      name: c.name,
      init,
      restartCount,
      image: c.image ?? '',
      behaviour,
      startedAt: now,
      state: 'running',
      stopping: false,
      timers: [],
      onExit: [() => this.requestSync()],
    };
    this.runtime.add(inst);
    this.ctx.recorder.event(ref, 'Normal', EVENT.CreatedContainer, `Created container: ${c.name}`);
    this.ctx.recorder.event(ref, 'Normal', EVENT.StartedContainer, `Started container ${c.name}`);
    const label = `kubelet ${this.ctx.nodeName}: ${this.namespace}/${this.name}/${c.name}`;
    if (behaviour.exitAfterMs !== undefined) {
      inst.timers.push(this.ctx.timers.schedule(behaviour.exitAfterMs, () => PodRuntime.exit(inst, this.ctx.loop.now, behaviour.exitCode), { label: `${label} exits` }));
    }
    if (behaviour.startDelayMs > 0 && !containerProbe(c, 'readiness')) {
      // Without a readiness probe the container is ready once its start delay is over.
      inst.timers.push(this.ctx.timers.schedule(behaviour.startDelayMs, () => this.requestSync(), { label: `${label} ready` }));
    }
  }

  /**
   * EnsureImageExists (fact 137): true when the image is on the node for this container now;
   * otherwise a pull is under way (or impossible) and the container waits.
   */
  private ensureImage(c: Container, ref: ReturnType<typeof containerRef>, behaviour: SimBehaviour): boolean {
    if (this.imageReady.has(c.name)) return true;
    if (this.pulls.has(c.name)) return false;
    const image = c.image ?? '';
    const policy = c.imagePullPolicy ?? (/:latest$/.test(imageKey(image)) ? 'Always' : 'IfNotPresent');
    const present = this.ctx.puller.isPresent(image);
    if (policy === 'Never' && !present) {
      const message = `Container image ${JSON.stringify(image)} is not present with pull policy of Never`;
      if (this.reasonCache.get(c.name)?.reason !== ERR_IMAGE_NEVER_PULL) this.ctx.recorder.event(ref, 'Warning', EVENT.ErrImageNeverPull, message);
      this.reasonCache.set(c.name, { reason: ERR_IMAGE_NEVER_PULL, message });
      return false;
    }
    if (policy !== 'Always' && present) {
      this.ctx.recorder.event(ref, 'Normal', EVENT.PulledImage, `Container image ${JSON.stringify(image)} already present on machine`);
      return true;
    }
    this.ctx.recorder.event(ref, 'Normal', EVENT.PullingImage, `Pulling image ${JSON.stringify(image)}`);
    const cancel = this.ctx.puller.pull(image, behaviour.pullTimeMs ?? DEFAULT_BEHAVIOUR.pullTimeMs, (r) => {
      this.pulls.delete(c.name);
      this.ctx.recorder.event(
        ref,
        'Normal',
        EVENT.PulledImage,
        `Successfully pulled image ${JSON.stringify(image)} in ${formatDuration(r.pullMs)} (${formatDuration(r.totalMs)} including waiting). Image size: ${r.sizeBytes} bytes.`,
      );
      this.imageReady.add(c.name);
      this.requestSync();
    });
    this.pulls.set(c.name, cancel);
    return false;
  }

  // ---- termination ----------------------------------------------------------------------------

  /** syncTerminatingPod: stop every container within the grace period, then finish. */
  private syncTerminating(): void {
    const now = this.ctx.loop.now;
    if (this.lifecycle === 'running') {
      this.lifecycle = 'terminating';
      this.grace = effectiveGracePeriod(0, this.pod);
      this.termStartedAt = now;
      for (const cancel of this.pulls.values()) cancel();
      this.pulls.clear();
      this.retryTimer?.cancel();
      this.ctx.prober.stopLivenessAndStartup(this.uid);
      for (const c of this.allContainers()) {
        const inst = this.runtime.latest(c.name);
        if (inst?.state === 'running' && !inst.stopping) this.kill(c, inst, 'other', `Stopping container ${c.name}`, this.grace);
      }
    } else {
      // A shorter grace period (a later delete, or a force delete) brings the SIGKILL forward.
      const shorter = effectiveGracePeriod(this.grace, this.pod);
      if (shorter < this.grace) {
        this.grace = shorter;
        const killAt = this.termStartedAt + shorter * 1000;
        for (const t of this.killTimers) t.cancel();
        this.killTimers = [];
        for (const inst of this.runtime.running()) this.scheduleSigkill(inst, Math.max(0, killAt - now));
      }
    }
    if (this.runtime.running().length === 0) this.finish(true);
    else if (this.admitted || this.runtime.hasInstances()) this.writeStatus();
  }

  /** SIGTERM now; SIGKILL after `graceSeconds` (default: the container's kill grace for `reason`). */
  private kill(c: Container, inst: ContainerInstance, reason: KillReason, message: string, graceSeconds?: number): void {
    this.ctx.recorder.event(containerRef(this.pod, c.name, inst.init), 'Normal', EVENT.KillingContainer, message);
    inst.stopping = true;
    if (!inst.behaviour.ignoreSigterm) {
      PodRuntime.exit(inst, this.ctx.loop.now, EXIT_SIGTERM);
      return;
    }
    const grace = containerKillGrace(this.pod, c, reason, graceSeconds);
    this.scheduleSigkill(inst, grace * 1000);
  }

  private scheduleSigkill(inst: ContainerInstance, delayMs: number): void {
    const t = this.ctx.timers.schedule(delayMs, () => PodRuntime.exit(inst, this.ctx.loop.now, EXIT_SIGKILL), {
      label: `kubelet ${this.ctx.nodeName}: SIGKILL ${this.namespace}/${this.name}/${inst.name}`,
    });
    inst.timers.push(t);
    this.killTimers.push(t);
  }

  /**
   * syncTerminatedPod: the containers are stopped; the sandbox goes and the final status is handed
   * to the status manager (which deletes a pod that has a deletionTimestamp).
   */
  private finish(terminating: boolean): void {
    this.lifecycle = 'terminated';
    this.retryTimer?.cancel();
    for (const t of this.killTimers) t.cancel();
    if (this.runtime.sandbox) {
      this.runtime.sandbox.ready = false;
      this.ctx.ipam.release(this.uid);
    }
    this.ctx.prober.removePod(this.uid);
    if (this.removedFromApi) {
      this.ctx.status.removePod(this.uid);
      this.dispose();
      this.ctx.workerDone(this.uid);
      return;
    }
    if (this.admitted || this.runtime.hasInstances()) this.writeStatus({ podIsTerminal: terminating, podIsFinished: true });
    else this.ctx.status.setPodStatus(this.pod, { ...(this.pod.status ?? {}), phase: this.pod.status?.phase === 'Succeeded' ? 'Succeeded' : 'Failed' }, { podIsFinished: true });
  }

  // ---- status ---------------------------------------------------------------------------------

  private writeStatus(opts: { podIsTerminal?: boolean; podIsFinished?: boolean } = {}) {
    const { ctx, pod, runtime } = this;
    const uid = this.uid;
    const status = generatePodStatus({
      pod,
      oldStatus: ctx.status.getPodStatus(uid) ?? pod.status ?? {},
      sandboxReady: !!runtime.sandbox?.ready,
      podIPs: runtime.sandbox?.ips ?? this.lastIPs,
      hostIP: ctx.hostIP,
      latest: (n) => runtime.latest(n),
      previous: (n) => runtime.previous(n),
      reasonCache: this.reasonCache,
      started: (inst) => ctx.prober.isStarted(uid, inst.name, inst.id),
      ready: (inst, c) => this.isReady(inst, c),
      podIsTerminal: opts.podIsTerminal ?? this.lifecycle !== 'running',
      epochMs: ctx.epochMs,
    });
    ctx.status.setPodStatus(pod, status, { podIsFinished: opts.podIsFinished });
    return status;
  }

  /**
   * A running, started container is ready when its readiness probe passed; without a probe, once
   * its simulated start delay is over and unless it is told never to be ready. A container with a
   * probe that has not passed gets a probe at once (prober UpdatePodStatus's manual trigger).
   */
  private isReady(inst: ContainerInstance, c: Container): boolean {
    if (containerProbe(c, 'readiness')) {
      const ready = this.ctx.prober.isReady(this.uid, c.name, inst.id);
      if (!ready && !inst.stopping) this.ctx.prober.triggerReadiness(this.uid, c.name);
      return ready;
    }
    return inst.behaviour.ready && this.ctx.loop.now >= inst.startedAt + inst.behaviour.startDelayMs;
  }

  /** A sync at `delayMs` from now, or earlier if one is already due sooner. */
  private retryLater(delayMs: number): void {
    const at = this.ctx.loop.now + Math.max(0, delayMs);
    if (this.retryTimer && this.retryAt <= at) return;
    this.retryTimer?.cancel();
    this.retryAt = at;
    this.retryTimer = this.ctx.timers.schedule(
      Math.max(0, delayMs),
      () => {
        this.retryTimer = undefined;
        this.requestSync();
      },
      { label: `kubelet ${this.ctx.nodeName}: retry ${this.namespace}/${this.name}` },
    );
  }

  /** What the prober reads about one of the pod's containers. */
  probeView(container: string): ProbeView | undefined {
    const c = this.allContainers().find((x) => x.name === container);
    if (!c) return undefined;
    const phase = this.ctx.status.getPodStatus(this.uid)?.phase ?? this.pod.status?.phase;
    const inst = this.runtime.latest(container);
    return {
      terminal: phase === 'Succeeded' || phase === 'Failed',
      deleting: !!this.pod.metadata?.deletionTimestamp || this.removedFromApi,
      restartPolicy: this.pod.spec?.restartPolicy ?? 'Always',
      instance: inst && {
        id: inst.id,
        running: inst.state === 'running',
        startedAtSeconds: truncateToSecond(inst.startedAt),
        started: this.ctx.prober.isStarted(this.uid, container, inst.id),
        target: {
          podIP: this.lastIPs[0] ?? this.ctx.hostIP,
          container: c,
          startedAt: inst.startedAt,
          startDelayMs: inst.behaviour.startDelayMs,
          neverReady: !inst.behaviour.ready,
          failing: false,
        },
      },
    };
  }

  /** The pod's container spec by name (init or regular). */
  container(name: string): Container | undefined {
    return this.allContainers().find((x) => x.name === name);
  }

  containerNames(): string[] {
    return this.allContainers().map((c) => c.name);
  }

  private allContainers(): Container[] {
    return [...(this.pod.spec?.initContainers ?? []), ...(this.pod.spec?.containers ?? [])];
  }
}
