import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import type { Binding, Client } from '../client/types';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { DEFAULT_SCHEDULER_NAME } from './apis/config/defaults';
import type { Snapshot } from './backend/cache/snapshot';
import { AssignedPodDelete } from './backend/queue/events';
import type { NominatingInfo } from './backend/queue/nominator';
import { CycleState } from './framework/cycle_state';
import type { ClusterEvent, QueuedPodInfo } from './framework/interface';
import type { Framework } from './framework/runtime/framework';
import { Code, Status } from './framework/status';
import { MAX_NODE_SCORE, type NodeInfo, PodInfo } from './framework/types';
import { Diagnosis, ERR_NO_NODES_AVAILABLE, FitError } from './fit_error';
import { CycleRecord, type SchedulingRecords } from './records';

/**
 * One scheduling attempt for one pod (upstream pkg/scheduler/schedule_one.go, v1.32): the
 * scheduling cycle (snapshot, PreFilter, Filter, PreScore/Score, selectHost, assume, Reserve,
 * Permit) runs synchronously; the binding cycle (WaitOnPermit, PreBind, Bind, PostBind) runs as a
 * later loop task, as upstream runs it in a goroutine while the next pod is scheduled.
 */

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind (fact 69). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** validation.NoteLengthLimit: an Event message is cut to this many bytes (fact 76). */
export const NOTE_LENGTH_LIMIT = 1024;
/** extenderv1.MaxExtenderPriority (fact 86). */
export const MAX_EXTENDER_PRIORITY = 10;

/** A scheduler extender as the cycle uses it (upstream framework.Extender); calls are synchronous and throw on failure. */
export interface Extender {
  name(): string;
  isInterested(pod: Pod): boolean;
  isFilter(): boolean;
  isPrioritizer(): boolean;
  isBinder(): boolean;
  isIgnorable(): boolean;
  filter(pod: Pod, nodes: NodeInfo[]): { feasible: NodeInfo[]; failed: Map<string, string>; failedAndUnresolvable: Map<string, string> };
  prioritize(pod: Pod, nodes: NodeInfo[]): { scores: { host: string; score: number }[]; weight: number };
  bind(binding: Binding): void;
}

/** The scheduler cache as the cycle uses it (backend/cache Cache satisfies it); failures are returned. */
export interface CycleCache {
  /** `podInfo`, when given, is a PodInfo of this very pod object, which the cache may keep. */
  assumePod(pod: Pod, podInfo?: PodInfo): Error | undefined;
  finishBinding(pod: Pod): Error | undefined;
  forgetPod(pod: Pod): Error | undefined;
  isAssumedPod(pod: Pod): boolean;
  updateSnapshot(snapshot: Snapshot): Error | undefined;
}

/** The scheduling queue as the cycle uses it (PriorityQueue satisfies it). */
export interface CycleQueue {
  done(uid: string): void;
  schedulingCycle(): number;
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): Error | undefined;
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: unknown, newObj?: unknown, preCheck?: (pod: Pod) => boolean): void;
  readonly nominator: {
    addNominatedPod(pi: PodInfo, nominating?: string | NominatingInfo): void;
    deleteNominatedPodIfExists(pod: Pod): void;
  };
}

/** What scheduleOne needs from the Scheduler. */
export interface SchedulerCore {
  readonly loop: Loop;
  readonly rng: Rng;
  readonly client: Client;
  readonly cache: CycleCache;
  readonly queue: CycleQueue;
  readonly snapshot: Snapshot;
  readonly profiles: ReadonlyMap<string, Framework>;
  readonly extenders: readonly Extender[];
  readonly records: SchedulingRecords;
  /** The global percentageOfNodesToScore (0: adaptive). */
  readonly percentageOfNodesToScore: number;
  /** Where the next Filter scan starts (fact 70). */
  nextStartNodeIndex: number;
  /** The pod as the scheduler's informer has it now. */
  podLister(namespace: string, name: string): Pod | undefined;
  /** True once the scheduler stopped: binding cycles still pending then do nothing. */
  readonly stopped: boolean;
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

interface CycleOutcome {
  result?: ScheduleResult;
  /** The pod info to report a failure with (the assumed one once the pod was assumed). */
  podInfo: QueuedPodInfo;
  status: Status;
  fitError?: FitError;
  nominatingInfo?: NominatingInfo;
}

const CLEAR_NOMINATED_NODE: NominatingInfo = { mode: 'Override', nominatedNodeName: '' };

const keyOf = (pod: Pod) => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
const uidOf = (pod: Pod) => pod.metadata?.uid ?? '';

/** Upstream ScheduleOne for a popped pod. */
export function scheduleOne(s: SchedulerCore, qpi: QueuedPodInfo): void {
  const pod = qpi.podInfo.pod;
  const fwk = s.profiles.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  if (!fwk) {
    // Cannot happen: only pods naming one of our profiles are queued.
    s.queue.done(uidOf(pod));
    return;
  }
  if (skipPodSchedule(s, fwk, pod)) {
    s.queue.done(uidOf(pod));
    return;
  }
  const state = new CycleState();
  state.recordPluginMetrics = true;
  const record = new CycleRecord(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', uidOf(pod), fwk.profileName(), s.queue.schedulingCycle(), s.loop.now);
  const out = schedulingCycle(s, state, fwk, qpi, record);
  s.records.add(record);
  if (!out.status.isSuccess()) {
    record.failure = out.status.message();
    handleSchedulingFailure(s, fwk, out.podInfo, out.status, out.fitError, out.nominatingInfo);
    return;
  }
  const result = out.result!;
  const assumed = out.podInfo;
  s.loop.post(
    () => {
      if (s.stopped) return;
      bindingCycle(s, state, fwk, result, assumed, record);
    },
    { label: `scheduler: binding cycle ${keyOf(pod)}` },
  );
}

/** Upstream skipPodSchedule: a pod being deleted is not scheduled; an assumed one is already placed. */
function skipPodSchedule(s: SchedulerCore, fwk: Framework, pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp) {
    fwk.eventRecorder().eventf(pod as KubeObject, 'Warning', 'FailedScheduling', 'skip schedule deleting pod: %v/%v', pod.metadata.namespace, pod.metadata.name);
    return true;
  }
  return s.cache.isAssumedPod(pod);
}

/** Upstream schedulingCycle. */
function schedulingCycle(s: SchedulerCore, state: CycleState, fwk: Framework, qpi: QueuedPodInfo, record: CycleRecord): CycleOutcome {
  const pod = qpi.podInfo.pod;
  const scheduled = schedulePod(s, fwk, state, pod, record);
  if ('status' in scheduled) {
    const { status, fitError } = scheduled;
    if (!fitError) return { podInfo: qpi, status, nominatingInfo: CLEAR_NOMINATED_NODE };
    if (!fwk.hasPostFilterPlugins()) return { podInfo: qpi, status: Status.of(Code.Unschedulable, fitError.error()), fitError, nominatingInfo: CLEAR_NOMINATED_NODE };
    // No node fits: PostFilter (preemption) may make room for a later cycle.
    const statuses = fitError.diagnosis.completeNodeToStatus(s.snapshot.list().map((n) => n.name));
    const post = fwk.runPostFilterPlugins(state, pod, statuses);
    fitError.diagnosis.postFilterMsg = post.status.message();
    return {
      podInfo: qpi,
      status: Status.of(Code.Unschedulable, fitError.error()),
      fitError,
      nominatingInfo: post.result?.nominatingInfo,
    };
  }

  const result = scheduled;
  record.selectedNode = result.suggestedHost;
  // Assume: the cache counts the pod on its node at once, so the next cycles see it while binding runs.
  const assumedPod: Pod = { ...pod, spec: { ...pod.spec!, nodeName: result.suggestedHost } };
  // Object.assign, not a spread: V8 gives `{ ...qpi, podInfo }` a map per object (see frozenCopy).
  // The assumed pod differs only in spec.nodeName: its requests and affinity terms are qpi's (upstream
  // deep-copies the PodInfo and sets the node name).
  const assumedPodInfo: QueuedPodInfo = Object.assign({}, qpi, { podInfo: new PodInfo(assumedPod, qpi.podInfo) });
  const assumeErr = s.cache.assumePod(assumedPod, assumedPodInfo.podInfo);
  if (assumeErr) return { podInfo: assumedPodInfo, status: Status.error(assumeErr.message), nominatingInfo: CLEAR_NOMINATED_NODE };
  s.queue.nominator.deleteNominatedPodIfExists(assumedPod);

  const reserve = fwk.runReservePluginsReserve(state, assumedPod, result.suggestedHost);
  if (!reserve.isSuccess()) {
    fwk.runReservePluginsUnreserve(state, assumedPod, result.suggestedHost);
    forget(s, assumedPod);
    return rejectionOutcome(assumedPodInfo, pod, result.suggestedHost, reserve);
  }

  const permit = fwk.runPermitPlugins(state, assumedPod, result.suggestedHost);
  if (permit.code !== Code.Wait && !permit.isSuccess()) {
    fwk.runReservePluginsUnreserve(state, assumedPod, result.suggestedHost);
    forget(s, assumedPod);
    return rejectionOutcome(assumedPodInfo, pod, result.suggestedHost, permit);
  }
  return { result, podInfo: assumedPodInfo, status: Status.success() };
}

/** A Reserve/Permit failure: a rejection becomes a FitError on the one chosen node, anything else stays an error. */
function rejectionOutcome(podInfo: QueuedPodInfo, pod: Pod, host: string, sts: Status): CycleOutcome {
  if (!sts.isRejected()) return { podInfo, status: sts, nominatingInfo: CLEAR_NOMINATED_NODE };
  const d = new Diagnosis();
  d.nodeToStatus.set(host, sts);
  d.addPluginStatus(sts);
  const fitError = new FitError(pod, 1, d);
  return { podInfo, status: Status.of(sts.code, fitError.error()), fitError, nominatingInfo: CLEAR_NOMINATED_NODE };
}

/** Undoes the assume; false when the cache did not hold the pod as assumed. */
function forget(s: SchedulerCore, pod: Pod): boolean {
  return s.cache.forgetPod(pod) === undefined;
}

/**
 * Upstream schedulePod: refresh the snapshot, find the feasible nodes, and pick one (one feasible
 * node is taken without scoring, fact 58). Returns a status (with a FitError when no node fits).
 */
function schedulePod(s: SchedulerCore, fwk: Framework, state: CycleState, pod: Pod, record: CycleRecord): ScheduleResult | { status: Status; fitError?: FitError } {
  const snapErr = s.cache.updateSnapshot(s.snapshot);
  if (snapErr) return { status: Status.error(snapErr.message) };
  const numAllNodes = s.snapshot.numNodes();
  record.numAllNodes = numAllNodes;
  if (numAllNodes === 0) return { status: Status.of(Code.UnschedulableAndUnresolvable, ERR_NO_NODES_AVAILABLE) };

  const fit = findNodesThatFitPod(s, fwk, state, pod);
  if ('error' in fit) return { status: fit.error };
  const { feasible, diagnosis } = fit;
  record.evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  record.feasibleNodes = feasible.length;
  if (feasible.length === 0) return { status: Status.of(Code.Unschedulable), fitError: new FitError(pod, numAllNodes, diagnosis) };
  if (feasible.length === 1) return { suggestedHost: feasible[0].name, evaluatedNodes: 1 + diagnosis.nodeToStatus.size, feasibleNodes: 1 };

  const prioritized = prioritizeNodes(s, fwk, state, pod, feasible, record);
  if (prioritized instanceof Status) return { status: prioritized };
  const host = selectHost(feasible, prioritized, s.rng);
  return { suggestedHost: host, evaluatedNodes: feasible.length + diagnosis.nodeToStatus.size, feasibleNodes: feasible.length };
}

/**
 * Upstream findNodesThatFitPod: PreFilter (a rejection fails every node with its status), the
 * nominated node first when the pod has one, then Filter over the PreFilter result's nodes (or all)
 * from the round-robin start, then the filter extenders.
 */
function findNodesThatFitPod(s: SchedulerCore, fwk: Framework, state: CycleState, pod: Pod): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: Status } {
  const diagnosis = new Diagnosis();
  const allNodes = s.snapshot.list();
  const pre = fwk.runPreFilterPlugins(state, pod);
  diagnosis.unschedulablePlugins = new Set(pre.pluginsWithNodes);
  if (!pre.status.isSuccess()) {
    if (!pre.status.isRejected()) return { error: pre.status };
    diagnosis.absentNodesStatus = pre.status;
    diagnosis.preFilterMsg = pre.status.message();
    diagnosis.addPluginStatus(pre.status);
    return { feasible: [], diagnosis };
  }

  // A node nominated by an earlier preemption is likely the only one that fits: try it first.
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = s.snapshot.get(nominated);
    if (ni) {
      const f = findNodesThatPassFilters(s, fwk, state, pod, diagnosis, [ni]);
      if (!('error' in f)) {
        const ext = findNodesThatPassExtenders(s.extenders, pod, f, diagnosis);
        if (!('error' in ext) && ext.length > 0) return { feasible: ext, diagnosis };
      }
    }
  }

  let nodes: readonly NodeInfo[] = allNodes;
  if (pre.nodeNames) {
    const subset: NodeInfo[] = [];
    for (const name of pre.nodeNames) {
      const ni = s.snapshot.get(name);
      if (ni) subset.push(ni);
    }
    nodes = subset;
    diagnosis.absentNodesStatus = Status.of(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${[...diagnosis.unschedulablePlugins].sort().join(' ')}]`);
  }
  const feasible = findNodesThatPassFilters(s, fwk, state, pod, diagnosis, nodes);
  // Fact 70: advance by the nodes checked (feasible + rejected), even on error, so every node gets
  // its turn at the front of the scan.
  const found = 'error' in feasible ? feasible.feasible : feasible;
  s.nextStartNodeIndex = (s.nextStartNodeIndex + found.length + diagnosis.nodeToStatus.size) % allNodes.length;
  if ('error' in feasible) return { error: feasible.error };

  const afterExtenders = findNodesThatPassExtenders(s.extenders, pod, feasible, diagnosis);
  if ('error' in afterExtenders) return afterExtenders;
  if (afterExtenders.length !== feasible.length) diagnosis.unschedulablePlugins.add('Extender');
  return { feasible: afterExtenders, diagnosis };
}

/**
 * Upstream findNodesThatPassFilters, sequentially: nodes are checked from `nextStartNodeIndex`
 * (round robin) and the scan stops once numFeasibleNodesToFind nodes passed (fact 69; 1 when
 * nothing scores and no extender filters, fact 70). Rejections are recorded per node. Exported
 * for its tests.
 */
export function findNodesThatPassFilters(
  s: SchedulerCore,
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  diagnosis: Diagnosis,
  nodes: readonly NodeInfo[],
): NodeInfo[] | { error: Status; feasible: NodeInfo[] } {
  const n = nodes.length;
  let numNodesToFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore(), s.percentageOfNodesToScore, n);
  if (!s.extenders.some((e) => e.isFilter()) && !hasScoring(s, fwk)) numNodesToFind = 1;
  if (n === 0) return [];
  const start = s.nextStartNodeIndex;
  if (!fwk.hasFilterPlugins()) {
    const all: NodeInfo[] = [];
    for (let i = 0; i < numNodesToFind; i++) all.push(nodes[(start + i) % n]);
    return all;
  }
  // Sized for the most it can hold and trimmed at the end: growing by push to hundreds of nodes
  // allocated three times the final list, every cycle.
  const feasible = new Array<NodeInfo>(Math.min(n, numNodesToFind));
  let found = 0;
  // The scan goes in chunks filtered plugin by plugin (Framework.runFilterPluginsWithNominatedPodsOnNodes),
  // then read node by node in scan order exactly as the sequential scan decides: it stops at the
  // node that completes the list or at the first error, and what the chunk computed past that point
  // is dropped unseen. A chunk is as long as the nodes still wanted, scaled by the share of nodes
  // that passed so far, but at most as long as the scan so far (or the nodes wanted): filtering
  // past the stop is rare, and never more than the nodes the node-by-node scan would look at, plus
  // the nodes wanted.
  const statuses = filterStatuses;
  let offset = 0;
  while (offset < n) {
    const wanted = numNodesToFind - found;
    const estimate = found === 0 ? offset : Math.min(offset, Math.ceil((wanted * offset) / found));
    const size = Math.min(n - offset, Math.max(wanted, estimate));
    const from = (start + offset) % n;
    const allPassed = fwk.runFilterPluginsWithNominatedPodsOnNodes(state, pod, nodes, from, size, statuses);
    for (let j = 0, i = from; j < size; j++, i = i + 1 === n ? 0 : i + 1) {
      const ni = nodes[i];
      if (allPassed || statuses[j].code === Code.Success) {
        feasible[found++] = ni;
        // Full: the list was sized for exactly this many (setting an array's length is not free).
        if (found >= numNodesToFind) return feasible;
        continue;
      }
      const status = statuses[j];
      // Upstream returns the nodes found so far with the error; they count as processed (fact 70).
      if (status.code === Code.Error) {
        feasible.length = found;
        return { error: status, feasible };
      }
      diagnosis.nodeToStatus.set(ni.name, status);
      diagnosis.addPluginStatus(status);
    }
    offset += size;
  }
  feasible.length = found;
  return feasible;
}

/**
 * findNodesThatPassFilters' statuses of a chunk, reused across cycles and schedulers: a scan is
 * synchronous and never nested. Between scans it keeps up to the largest chunk's Statuses alive.
 */
const filterStatuses: Status[] = [];

function hasScoring(s: SchedulerCore, fwk: Framework): boolean {
  return fwk.hasScorePlugins() || s.extenders.some((e) => e.isPrioritizer());
}

/**
 * Fact 69 (upstream numFeasibleNodesToFind): all nodes below 100; otherwise the profile's
 * percentage, else the global one, else adaptive `50 − n/125` (at least 5) — and never fewer than 100.
 */
export function numFeasibleNodesToFind(profilePercentage: number | undefined, globalPercentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = profilePercentage ?? globalPercentage;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/** Upstream findNodesThatPassExtenders: filter extenders run in turn on the shrinking list. */
function findNodesThatPassExtenders(extenders: readonly Extender[], pod: Pod, feasible: NodeInfo[], diagnosis: Diagnosis): NodeInfo[] | { error: Status } {
  for (const ext of extenders) {
    if (feasible.length === 0) break;
    if (!ext.isInterested(pod)) continue;
    let r: ReturnType<Extender['filter']>;
    try {
      r = ext.filter(pod, feasible);
    } catch (e) {
      if (ext.isIgnorable()) continue;
      return { error: Status.error((e as Error).message) };
    }
    for (const [node, msg] of r.failedAndUnresolvable) diagnosis.nodeToStatus.set(node, Status.of(Code.UnschedulableAndUnresolvable, msg));
    for (const [node, msg] of r.failed) {
      if (!r.failedAndUnresolvable.has(node)) diagnosis.nodeToStatus.set(node, Status.of(Code.Unschedulable, msg));
    }
    feasible = r.feasible;
  }
  return feasible;
}

/**
 * Upstream prioritizeNodes: without score plugins and extenders every node scores 1; otherwise
 * PreScore, Score (facts 57-58) and the prioritizing extenders (fact 86: score × weight × 100/10).
 * Records each plugin's normalized score and the totals. Returns the totals in `nodes` order.
 */
function prioritizeNodes(s: SchedulerCore, fwk: Framework, state: CycleState, pod: Pod, nodes: NodeInfo[], record: CycleRecord): number[] | Status {
  const n = nodes.length;
  record.keepNodes(nodes);
  if (s.extenders.length === 0 && !fwk.hasScorePlugins()) {
    const ones = new Array<number>(n).fill(1);
    record.totals = ones;
    return ones;
  }
  const pre = fwk.runPreScorePlugins(state, pod, nodes);
  if (!pre.isSuccess()) return pre;
  const table = fwk.runScorePlugins(state, pod, nodes);
  if (table instanceof Status) return table;

  const totals = table.totals;
  if (s.extenders.length > 0) {
    const index = new Map(record.nodes.map((name, i) => [name, i]));
    for (const ext of s.extenders) {
      if (!ext.isInterested(pod) || !ext.isPrioritizer()) continue;
      let r: ReturnType<Extender['prioritize']>;
      try {
        r = ext.prioritize(pod, nodes);
      } catch {
        continue; // a prioritize error only means this extender gives no score
      }
      for (const { host, score } of r.scores) {
        const i = index.get(host);
        if (i !== undefined) totals[i] += score * r.weight * (MAX_NODE_SCORE / MAX_EXTENDER_PRIORITY);
      }
    }
  }
  for (let p = 0; p < table.plugins.length; p++) record.plugins.push({ name: table.plugins[p].name(), weight: table.weights[p] });
  record.keepScores(table.scores);
  // Without extenders the totals are Σ weight × score, which the record recomputes when asked; with
  // them a copy is kept, the framework reusing its arrays next cycle.
  if (s.extenders.length > 0) record.totals = totals.slice();
  return totals;
}

/**
 * Fact 71 (upstream selectHost, v1.26-v1.32): the highest total wins; among equal totals, the k-th
 * one seen replaces the candidate with probability 1/k (reservoir sampling), drawing from the
 * seeded RNG, so every top node is equally likely and a seed always picks the same one.
 */
export function selectHost(nodes: readonly { name: string }[], totals: ArrayLike<number>, rng: Rng): string {
  if (nodes.length === 0) throw new Error('empty priorityList');
  let max = totals[0];
  let selected = 0;
  let cntOfMaxScore = 1;
  for (let i = 1; i < nodes.length; i++) {
    const sc = totals[i];
    if (sc > max) {
      max = sc;
      selected = i;
      cntOfMaxScore = 1;
    } else if (sc === max) {
      cntOfMaxScore++;
      if (rng.intn(cntOfMaxScore) === 0) selected = i;
    }
  }
  return nodes[selected].name;
}

/** Upstream bindingCycle: WaitOnPermit, then PreBind, Bind and PostBind; a failure undoes the assume. */
function bindingCycle(s: SchedulerCore, state: CycleState, fwk: Framework, result: ScheduleResult, assumed: QueuedPodInfo, record: CycleRecord): void {
  const assumedPod = assumed.podInfo.pod;
  const host = result.suggestedHost;
  fwk.waitOnPermit(assumedPod, (permit) => {
    if (s.stopped) return;
    if (!permit.isSuccess()) {
      let status = permit;
      let fitError: FitError | undefined;
      if (permit.isRejected()) {
        const d = new Diagnosis();
        d.nodeToStatus.set(host, permit);
        d.unschedulablePlugins = new Set([permit.plugin]);
        fitError = new FitError(assumedPod, 1, d);
        status = Status.of(permit.code, fitError.error());
      }
      handleBindingCycleError(s, state, fwk, assumed, host, status, fitError, record);
      return;
    }
    // Failures from here on are not "unschedulable": the pod goes to backoff, so its in-flight events can go.
    s.queue.done(uidOf(assumedPod));
    const preBind = fwk.runPreBindPlugins(state, assumedPod, host);
    if (!preBind.isSuccess()) {
      handleBindingCycleError(s, state, fwk, assumed, host, preBind, undefined, record);
      return;
    }
    const bound = bind(s, fwk, state, assumedPod, host);
    record.bound = bound.isSuccess();
    if (!bound.isSuccess()) {
      handleBindingCycleError(s, state, fwk, assumed, host, bound, undefined, record);
      return;
    }
    fwk.runPostBindPlugins(state, assumedPod, host);
  });
}

/** Upstream bind: binder extenders first, then the Bind plugins; then finishBinding. */
function bind(s: SchedulerCore, fwk: Framework, state: CycleState, assumed: Pod, host: string): Status {
  let status: Status | undefined;
  for (const ext of s.extenders) {
    if (!ext.isBinder() || !ext.isInterested(assumed)) continue;
    try {
      ext.bind({ metadata: { namespace: assumed.metadata?.namespace, name: assumed.metadata?.name ?? '', uid: assumed.metadata?.uid }, target: { kind: 'Node', name: host } });
      status = Status.success();
    } catch (e) {
      if (ext.isIgnorable()) continue;
      status = Status.error((e as Error).message);
    }
    break;
  }
  status ??= fwk.runBindPlugins(state, assumed, host);
  finishBinding(s, fwk, assumed, host, status);
  return status;
}

/** Upstream finishBinding: the cache may expire the assumed pod from now on; success is the `Scheduled` event (fact 77). */
function finishBinding(s: SchedulerCore, fwk: Framework, assumed: Pod, host: string, status: Status): void {
  s.cache.finishBinding(assumed);
  if (!status.isSuccess()) return;
  fwk.eventRecorder().eventf(assumed as KubeObject, 'Normal', 'Scheduled', 'Successfully assigned %v/%v to %v', assumed.metadata?.namespace, assumed.metadata?.name, host);
}

/**
 * Upstream handleBindingCycleError: Unreserve, forget the assumed pod (its resources free up: an
 * AssignedPodDelete event for the other pods), and report the failure.
 */
function handleBindingCycleError(
  s: SchedulerCore,
  state: CycleState,
  fwk: Framework,
  assumed: QueuedPodInfo,
  host: string,
  status: Status,
  fitError: FitError | undefined,
  record: CycleRecord,
): void {
  const assumedPod = assumed.podInfo.pod;
  record.bound = false;
  record.bindError = status.message();
  fwk.runReservePluginsUnreserve(state, assumedPod, host);
  const forgotten = forget(s, assumedPod);
  if (forgotten && !status.isRejected()) s.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, assumedPod, undefined);
  handleSchedulingFailure(s, fwk, assumed, status, fitError, CLEAR_NOMINATED_NODE);
  // A rejected pod must not be woken by its own release: move the others after it is queued.
  if (forgotten && status.isRejected()) {
    const uid = uidOf(assumedPod);
    s.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, assumedPod, undefined, (p) => uidOf(p) !== uid);
  }
}

/**
 * Upstream handleSchedulingFailure (fact 76): the pod goes back to the queue (unless it is gone or
 * was bound meanwhile), its nomination is recorded, a Warning `FailedScheduling` event carries the
 * message (cut to 1024 bytes), and the PodScheduled condition becomes False with reason
 * Unschedulable (a rejection) or SchedulerError (an error) and the full message.
 */
export function handleSchedulingFailure(
  s: SchedulerCore,
  fwk: Framework,
  qpi: QueuedPodInfo,
  status: Status,
  fitError: FitError | undefined,
  nominatingInfo: NominatingInfo | undefined,
): void {
  const pod = qpi.podInfo.pod;
  const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
  const errMsg = status.message();
  if (fitError) {
    qpi.unschedulablePlugins = fitError.diagnosis.unschedulablePlugins;
    qpi.pendingPlugins = fitError.diagnosis.pendingPlugins;
  }
  let calledDone = false;
  const cached = s.podLister(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
  // A pod gone from the informer is not requeued; one with a node was bound by someone else.
  if (cached && !cached.spec?.nodeName) {
    qpi.podInfo = new PodInfo(cached);
    s.queue.addUnschedulableIfNotPresent(qpi, s.queue.schedulingCycle());
    calledDone = true;
  }
  s.queue.nominator.addNominatedPod(qpi.podInfo, nominatingInfo);

  fwk.eventRecorder().event(pod as KubeObject, 'Warning', 'FailedScheduling', truncateMessage(errMsg));
  updatePod(s.client, fwk, pod, { type: 'PodScheduled', status: 'False', reason, message: errMsg }, nominatingInfo);
  if (!calledDone) s.queue.done(uidOf(pod));
}

/** Upstream truncateMessage: at most NoteLengthLimit bytes, ending in ` ...` when cut. */
export function truncateMessage(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return bytes.subarray(0, NOTE_LENGTH_LIMIT - suffix.length).toString('utf8') + suffix;
}

/**
 * Upstream updatePod: patches the pod's status (strategic merge on the status subresource) when
 * the condition changed (podutil.UpdatePodCondition) or the nomination is overridden with a new node.
 */
function updatePod(client: Client, fwk: Framework, pod: Pod, condition: PodCondition, nominatingInfo: NominatingInfo | undefined): void {
  const conditions = pod.status?.conditions ?? [];
  const old = conditions.find((c) => c.type === condition.type);
  const now = fwk.timestamp();
  // Upstream's field order: type, status, lastProbeTime (unset), lastTransitionTime, reason, message.
  const cond: PodCondition = {
    type: condition.type,
    status: condition.status,
    lastTransitionTime: old && old.status === condition.status ? old.lastTransitionTime : now,
    reason: condition.reason,
    message: condition.message,
  };
  const conditionChanged =
    !old ||
    old.status !== cond.status ||
    (old.reason ?? '') !== (cond.reason ?? '') ||
    (old.message ?? '') !== (cond.message ?? '') ||
    (old.lastTransitionTime ?? '') !== (cond.lastTransitionTime ?? '');
  const nnnChanged = nominatingInfo?.mode === 'Override' && (pod.status?.nominatedNodeName ?? '') !== nominatingInfo.nominatedNodeName;
  if (!conditionChanged && !nnnChanged) return;

  const status: Record<string, unknown> = {};
  if (conditionChanged) {
    const order = old ? conditions.map((c) => ({ type: c.type })) : [...conditions.map((c) => ({ type: c.type })), { type: cond.type }];
    status['$setElementOrder/conditions'] = order;
    status.conditions = [cond];
  }
  if (nnnChanged) status.nominatedNodeName = nominatingInfo!.nominatedNodeName || null;
  try {
    client.patch('pods', pod.metadata?.namespace, pod.metadata?.name ?? '', 'strategic', { status }, { subresource: 'status' });
  } catch {
    // The pod may be gone; upstream logs the error and moves on.
  }
}
