import type { Pod } from 'kubernetes-types/core/v1';
import type { Loop, Timer } from '../../../sim/loop';
import { ActionType, type ClusterEvent, type QueuedPodInfo } from '../../framework/interface';
import type { Status } from '../../framework/status';
import { affinityTermMatches, PodInfo } from '../../framework/types';
import {
  backoffExpiry,
  DEFAULT_POD_INITIAL_BACKOFF_MS,
  DEFAULT_POD_MAX_BACKOFF_MS,
  DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS,
} from './backoff';
import {
  AssignedPodAdd,
  BackoffComplete,
  ForceActivate,
  isPodUpdated,
  podSchedulingPropertiesChange,
  ScheduleAttemptFailure,
  UnschedulableTimeout,
  UnscheduledPodAdd,
  UnscheduledPodUpdate,
} from './events';
import { podInfoFor } from '../cache/pod_info';
import { KeyedHeap } from './heap';
import { InFlightTracker } from './in_flight';
import { Nominator, type PodLookup } from './nominator';
import { QueueingHints, type QueueingStrategy } from './queueing_hints';

/** Upstream plugin names the queue itself knows about. */
const SCHEDULING_GATES = 'SchedulingGates';
const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';

/** Upstream Run: how often backoffQ and unschedulablePods are flushed. */
const BACKOFF_FLUSH_PERIOD_MS = 1000;
const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

export interface PriorityQueueOptions {
  loop: Loop;
  /** The profile's QueueSort (PrioritySort): true when `a` goes first. */
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** Runs the pod's profile PreEnqueue plugins; `plugin` names the one that rejected. */
  preEnqueue: (pod: Pod) => { status: Status; plugin: string };
  /** Fact 72: default 1000. */
  podInitialBackoffMs: number;
  /** Fact 72: default 10000. */
  podMaxBackoffMs: number;
  /** Fact 73: default 5 minutes. */
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Plugin name → the events it registered (see QueueingHints for the contract). */
  pluginEvents: Map<string, ClusterEvent[]>;
  /** Called synchronously whenever pods were added to activeQ (upstream's cond.Broadcast). */
  onPodActivated?: () => void;
  /** The current version of a pod, so the nominator skips pods gone or bound (upstream podLister). */
  podLookup?: PodLookup;
  /** A namespace's labels, for affinity terms with a namespaceSelector. */
  namespaceLabels?: (namespace: string) => Record<string, string> | undefined;
}

type SubQueue = 'activeQ' | 'backoffQ' | 'unschedulablePods';

const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
const qpiKey = (q: QueuedPodInfo): string => podKey(q.podInfo.pod);
const uidOf = (pod: Pod): string => pod.metadata?.uid ?? '';

/**
 * The scheduling queue (upstream backend/queue PriorityQueue, v1.32 with queueing hints):
 * - activeQ: pods to try now, ordered by the profile's QueueSort;
 * - backoffQ: pods that failed and wait out their backoff, ordered by backoff expiry;
 * - unschedulablePods: pods that failed and wait for a cluster event that may help them (or for
 *   podMaxInUnschedulablePodsDuration), and pods gated by PreEnqueue (flagged `gated`).
 * A pod is in at most one of them; a popped pod is "in flight" until `done`, and the events that
 * arrive meanwhile decide where it goes if it fails.
 *
 * Everything is synchronous and driven by the loop: `start` adds the periodic flushes as
 * background tasks. Heap operations are O(log n); event handling scans unschedulablePods as
 * upstream does.
 */
export class PriorityQueue {
  readonly nominator: Nominator;
  private readonly loop: Loop;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new InFlightTracker();
  private readonly hints: QueueingHints;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  /** Incremented by every pop (upstream schedulingCycle). */
  private schedCycle = 0;
  /** The cycle at the last move request; failures of pods popped before it are retried. */
  private moveRequestCycle = -1;
  private timers: Timer[] = [];

  constructor(private readonly opts: PriorityQueueOptions) {
    this.loop = opts.loop;
    this.initialBackoffMs = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.activeQ = new KeyedHeap(qpiKey, opts.less);
    this.backoffQ = new KeyedHeap(qpiKey, (a, b) => this.backoffTime(a) < this.backoffTime(b));
    this.hints = new QueueingHints(opts.pluginEvents);
    this.nominator = new Nominator(opts.podLookup);
  }

  /** Starts the periodic flushes (upstream Run: wait.Until runs each at once, then every period). */
  start(): void {
    if (this.timers.length) return;
    this.timers = [
      this.loop.every(BACKOFF_FLUSH_PERIOD_MS, () => this.flushBackoffQCompleted(), {
        background: true,
        firstDelayMs: 0,
        label: 'scheduler: flushBackoffQCompleted',
      }),
      this.loop.every(UNSCHEDULABLE_FLUSH_PERIOD_MS, () => this.flushUnschedulablePodsLeftover(), {
        background: true,
        firstDelayMs: 0,
        label: 'scheduler: flushUnschedulablePodsLeftover',
      }),
    ];
  }

  stop(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }

  /** A new unscheduled pod: PreEnqueue decides between activeQ and unschedulablePods (gated). */
  add(pod: Pod): void {
    if (this.moveToActiveQ(this.newQueuedPodInfo(pod), UnscheduledPodAdd.label)) this.activated();
  }

  /**
   * An unscheduled pod changed. A pod in flight is left alone (its update is remembered and
   * weighed if the attempt fails); in activeQ or backoffQ it is replaced in place; in
   * unschedulablePods a real change (not status only) retries it — after its backoff if that is
   * still running — and re-runs PreEnqueue, which is how scheduling gates are lifted. A pod in no
   * queue is added.
   */
  update(oldPod: Pod, newPod: Pod): void {
    const uid = uidOf(newPod);
    if (this.inFlight.has(uid)) {
      this.inFlight.addEventIfAnyInFlight({ event: UnscheduledPodUpdate, oldObj: oldPod, newObj: newPod, podUid: uid });
      return;
    }
    const key = podKey(newPod);
    for (const q of [this.activeQ, this.backoffQ]) {
      const qpi = q.get(key);
      if (qpi) {
        qpi.podInfo = podInfoFor(newPod, qpi.podInfo);
        q.addOrUpdate(qpi);
        this.nominator.updateNominatedPod(oldPod, qpi.podInfo);
        return;
      }
    }
    const qpi = this.unschedulablePods.get(key);
    if (qpi) {
      qpi.podInfo = podInfoFor(newPod, qpi.podInfo);
      this.nominator.updateNominatedPod(oldPod, qpi.podInfo);
      if (!isPodUpdated(oldPod, newPod)) return;
      if (this.isPodBackingoff(qpi)) {
        this.unschedulablePods.delete(key);
        this.backoffQ.addOrUpdate(qpi);
        return;
      }
      if (this.moveToActiveQ(qpi, BackoffComplete)) this.activated();
      return;
    }
    if (this.moveToActiveQ(this.newQueuedPodInfo(newPod), UnscheduledPodUpdate.label)) this.activated();
  }

  delete(pod: Pod): void {
    this.nominator.deleteNominatedPodIfExists(pod);
    const key = podKey(pod);
    if (this.activeQ.delete(key)) return;
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  /**
   * The next pod by QueueSort, or undefined when activeQ is empty. The pod is in flight until
   * `done`; its attempts count grows and its rejecting plugins are reset for the new attempt.
   */
  pop(): QueuedPodInfo | undefined {
    for (;;) {
      const qpi = this.activeQ.pop();
      if (!qpi) return undefined;
      // Upstream discards a pod that is somehow tracked twice rather than schedule it twice.
      if (!this.inFlight.addPod(uidOf(qpi.podInfo.pod))) continue;
      qpi.attempts++;
      this.schedCycle++;
      qpi.unschedulablePlugins.clear();
      qpi.pendingPlugins.clear();
      return qpi;
    }
  }

  /** The pod's scheduling (and binding) attempt is over. Idempotent. */
  done(uid: string): void {
    this.inFlight.done(uid);
  }

  schedulingCycle(): number {
    return this.schedCycle;
  }

  /**
   * A pod whose attempt failed goes back (upstream AddUnschedulableIfNotPresent). It goes to
   * backoffQ (activeQ when its backoff already ran out) if it failed with an error (no rejecting
   * plugins) or if an event its rejecting plugins registered arrived while it was in flight;
   * otherwise to unschedulablePods to wait for such an event. A pod that was not popped from this
   * queue falls back on the move-request cycle: any move request since `podSchedulingCycle`
   * counts. Ends the pod's flight in every case. Returns an error when the pod is already queued.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): Error | undefined {
    const pod = qpi.podInfo.pod;
    const uid = uidOf(pod);
    try {
      const key = podKey(pod);
      if (this.unschedulablePods.has(key)) return new Error(`Pod ${key} is already present in unschedulable queue`);
      if (this.activeQ.has(key)) return new Error(`Pod ${key} is already present in the active queue`);
      if (this.backoffQ.has(key)) return new Error(`Pod ${key} is already present in the backoff queue`);
      qpi.timestamp = this.loop.now;
      const strategy = this.hintForFailedPod(qpi, podSchedulingCycle);
      this.requeue(qpi, strategy, ScheduleAttemptFailure);
      this.nominator.addNominatedPod(qpi.podInfo);
      return undefined;
    } finally {
      this.done(uid);
    }
  }

  /**
   * A cluster event: every pod in unschedulablePods that it may help (and that passes `preCheck`)
   * moves to activeQ or backoffQ. Pods in flight remember the event.
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: unknown, newObj?: unknown, preCheck?: (pod: Pod) => boolean): void {
    if (!this.hints.isEventOfInterest(event)) return;
    const pods: QueuedPodInfo[] = [];
    for (const qpi of this.unschedulablePods.values()) if (!preCheck || preCheck(qpi.podInfo.pod)) pods.push(qpi);
    this.movePodsToActiveOrBackoffQueue(pods, event, oldObj, newObj);
  }

  /**
   * An assigned pod appeared: only pods it can help — pods with a required affinity term it
   * matches, or pods PodTopologySpread rejected in its namespace — are considered.
   */
  assignedPodAdded(pod: Pod): void {
    this.movePodsToActiveOrBackoffQueue(this.podsWithCrossTopologyTerm(pod), AssignedPodAdd, undefined, pod);
  }

  /**
   * An assigned pod changed; `event` defaults to each event of podSchedulingPropertiesChange. A
   * scale-down may help any pod (NodeResourcesFit); other changes only cross-topology ones.
   */
  assignedPodUpdated(oldPod: Pod, newPod: Pod, event?: ClusterEvent): void {
    for (const e of event ? [event] : podSchedulingPropertiesChange(newPod, oldPod)) {
      if (e.resource === 'Pod' && (e.actionType & ActionType.UpdatePodScaleDown) !== 0) {
        this.moveAllToActiveOrBackoffQueue(e, oldPod, newPod);
      } else {
        this.movePodsToActiveOrBackoffQueue(this.podsWithCrossTopologyTerm(newPod), e, oldPod, newPod);
      }
    }
  }

  /**
   * Plugins ask for pods to be retried now (upstream Activate). A pod in flight instead remembers
   * a ForceActivate event, so a failure sends it to backoffQ.
   */
  activate(pods: Pod[]): void {
    let activated = false;
    for (const pod of pods) {
      const key = podKey(pod);
      const qpi = this.unschedulablePods.get(key) ?? this.backoffQ.get(key);
      if (qpi && this.moveToActiveQ(qpi, ForceActivate.label)) {
        activated = true;
        continue;
      }
      if (this.inFlight.has(uidOf(pod))) this.inFlight.addEventIfAnyInFlight({ event: ForceActivate, newObj: pod });
      this.moveRequestCycle = this.schedCycle;
    }
    if (activated) this.activated();
  }

  /** The pods waiting, by sub-queue; active and backoff in the order they would leave. */
  pendingPods(): { active: Pod[]; backoff: Pod[]; unschedulable: Pod[]; gated: Pod[] } {
    const sorted = (items: QueuedPodInfo[], less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean) =>
      items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0)).map((q) => q.podInfo.pod);
    const unschedulable: Pod[] = [];
    const gated: Pod[] = [];
    for (const q of this.unschedulablePods.values()) (q.gated ? gated : unschedulable).push(q.podInfo.pod);
    return {
      active: sorted(this.activeQ.list(), this.opts.less),
      backoff: sorted(this.backoffQ.list(), (a, b) => this.backoffTime(a) < this.backoffTime(b)),
      unschedulable,
      gated,
    };
  }

  /** Which sub-queue holds the pod, 'inFlight' while it is being scheduled, or undefined. */
  whereIs(pod: Pod): SubQueue | 'inFlight' | undefined {
    const key = podKey(pod);
    if (this.activeQ.has(key)) return 'activeQ';
    if (this.backoffQ.has(key)) return 'backoffQ';
    if (this.unschedulablePods.has(key)) return 'unschedulablePods';
    if (this.inFlight.has(uidOf(pod))) return 'inFlight';
    return undefined;
  }

  /** The queued info of a waiting pod (not one in flight). */
  queuedPodInfo(pod: Pod): QueuedPodInfo | undefined {
    const key = podKey(pod);
    return this.activeQ.get(key) ?? this.backoffQ.get(key) ?? this.unschedulablePods.get(key);
  }

  /** Moves pods whose backoff has ended to activeQ (upstream flushBackoffQCompleted, every 1s). */
  flushBackoffQCompleted(): void {
    let activated = false;
    for (;;) {
      const qpi = this.backoffQ.peek();
      if (!qpi || this.isPodBackingoff(qpi)) break;
      this.backoffQ.pop();
      if (this.moveToActiveQ(qpi, BackoffComplete)) activated = true;
    }
    if (activated) this.activated();
  }

  /**
   * Fact 73: pods unschedulable for longer than podMaxInUnschedulablePodsDuration (strictly) are
   * retried on an UnschedulableTimeout event (upstream flushUnschedulablePodsLeftover, every 30s).
   */
  flushUnschedulablePodsLeftover(): void {
    const now = this.loop.now;
    const toMove: QueuedPodInfo[] = [];
    for (const qpi of this.unschedulablePods.values()) if (now - qpi.timestamp > this.maxInUnschedulableMs) toMove.push(qpi);
    if (toMove.length) this.movePodsToActiveOrBackoffQueue(toMove, UnschedulableTimeout);
  }

  private newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return {
      podInfo: new PodInfo(pod),
      timestamp: this.loop.now,
      attempts: 0,
      initialAttemptTimestamp: undefined,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gated: false,
    };
  }

  private backoffTime(qpi: QueuedPodInfo): number {
    return backoffExpiry(qpi, this.initialBackoffMs, this.maxBackoffMs);
  }

  /** Gated pods owe no backoff: PreEnqueue, not time, holds them. */
  private isPodBackingoff(qpi: QueuedPodInfo): boolean {
    if (qpi.gated) return false;
    return this.backoffTime(qpi) > this.loop.now;
  }

  /**
   * Runs PreEnqueue; a pod that passes goes to activeQ (leaving the other sub-queues), one that
   * does not is kept in unschedulablePods flagged gated, unless it already waits elsewhere.
   * Returns whether the pod entered activeQ.
   */
  private moveToActiveQ(qpi: QueuedPodInfo, eventLabel: string): boolean {
    const key = qpiKey(qpi);
    const { status, plugin } = this.opts.preEnqueue(qpi.podInfo.pod);
    qpi.gated = !status.isSuccess();
    if (qpi.gated) {
      qpi.unschedulablePlugins.add(plugin);
      if (this.activeQ.has(key) || this.backoffQ.has(key)) return false;
      this.unschedulablePods.set(key, qpi);
      return false;
    }
    if (qpi.initialAttemptTimestamp === undefined) qpi.initialAttemptTimestamp = this.loop.now;
    this.activeQ.addOrUpdate(qpi);
    this.unschedulablePods.delete(key);
    this.backoffQ.delete(key);
    if (eventLabel === UnscheduledPodAdd.label || eventLabel === UnscheduledPodUpdate.label) this.nominator.addNominatedPod(qpi.podInfo);
    return true;
  }

  /** Upstream requeuePodViaQueueingHint: puts a pod taken out of (or never in) the sub-queues back. */
  private requeue(qpi: QueuedPodInfo, strategy: QueueingStrategy, eventLabel: string): SubQueue {
    if (strategy === 'skip') {
      this.unschedulablePods.set(qpiKey(qpi), qpi);
      return 'unschedulablePods';
    }
    // The backoff may have run out while the pod waited in unschedulablePods.
    if (strategy === 'backoff' && this.isPodBackingoff(qpi)) {
      this.backoffQ.addOrUpdate(qpi);
      return 'backoffQ';
    }
    return this.moveToActiveQ(qpi, eventLabel) ? 'activeQ' : 'unschedulablePods';
  }

  /** Upstream determineSchedulingHintForInFlightPod, plus the cycle fallback for pods not in flight. */
  private hintForFailedPod(qpi: QueuedPodInfo, podSchedulingCycle: number): QueueingStrategy {
    const uid = uidOf(qpi.podInfo.pod);
    const noRejector = qpi.unschedulablePlugins.size === 0 && qpi.pendingPlugins.size === 0;
    const events = this.inFlight.eventsFor(uid);
    if (!events) return noRejector || this.moveRequestCycle >= podSchedulingCycle ? 'backoff' : 'skip';
    // No plugin rejected it: an error, which may not recur; retry rather than wait for a flush.
    if (noRejector) return 'backoff';
    let strategy: QueueingStrategy = 'skip';
    for (const e of events) {
      let s: QueueingStrategy;
      if (e.podUid !== undefined) {
        if (e.podUid !== uid) continue;
        // The pod itself changed while being scheduled: the attempt judged a stale version.
        s = isPodUpdated(e.oldObj as Pod, e.newObj as Pod) ? 'backoff' : 'skip';
      } else {
        s = this.hints.isPodWorthRequeuing(qpi, e.event);
      }
      if (s === 'immediately') return s;
      if (s === 'backoff') {
        strategy = s;
        if (qpi.pendingPlugins.size === 0) return s;
      }
    }
    return strategy;
  }

  /** Upstream movePodsToActiveOrBackoffQueue. */
  private movePodsToActiveOrBackoffQueue(pods: QueuedPodInfo[], event: ClusterEvent, oldObj?: unknown, newObj?: unknown): void {
    if (!this.hints.isEventOfInterest(event)) return;
    let activated = false;
    for (const qpi of pods) {
      // Scheduling gates are lifted only by updates of the pod itself (upstream issue #124384).
      if (qpi.gated && qpi.unschedulablePlugins.has(SCHEDULING_GATES)) continue;
      const strategy = this.hints.isPodWorthRequeuing(qpi, event);
      if (strategy === 'skip') continue;
      this.unschedulablePods.delete(qpiKey(qpi));
      if (this.requeue(qpi, strategy, event.label) === 'activeQ') activated = true;
    }
    this.moveRequestCycle = this.schedCycle;
    this.inFlight.addEventIfAnyInFlight({ event, oldObj, newObj });
    if (activated) this.activated();
  }

  /** Upstream getUnschedulablePodsWithCrossTopologyTerm. */
  private podsWithCrossTopologyTerm(pod: Pod): QueuedPodInfo[] {
    const ns = pod.metadata?.namespace ?? 'default';
    const nsLabels = this.opts.namespaceLabels?.(ns);
    const out: QueuedPodInfo[] = [];
    for (const qpi of this.unschedulablePods.values()) {
      if (qpi.unschedulablePlugins.has(POD_TOPOLOGY_SPREAD) && (qpi.podInfo.pod.metadata?.namespace ?? 'default') === ns) {
        out.push(qpi);
        continue;
      }
      if (qpi.podInfo.requiredAffinityTerms.some((t) => affinityTermMatches(t, pod, nsLabels))) out.push(qpi);
    }
    return out;
  }

  private activated(): void {
    this.opts.onPodActivated?.();
  }
}
