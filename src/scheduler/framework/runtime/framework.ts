import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { formatRFC3339, type EventRecorder } from '../../../client/event_recorder';
import type { SharedIndexInformer } from '../../../client/informer';
import type { SharedInformerFactory } from '../../../client/informer_factory';
import type { Client } from '../../../client/types';
import type { Loop } from '../../../sim/loop';
import type { Rng } from '../../../sim/rng';
import { ConfigError } from '../../apis/config/config_error';
import { WildCardEvent } from '../../backend/queue/events';
import type { Profile } from '../../apis/config/types';
import type { CycleState } from '../cycle_state';
import type {
  BindPlugin,
  ClusterEvent,
  FilterPlugin,
  Handle,
  NodeInfoLister,
  NodeToStatus,
  PermitPlugin,
  Plugin,
  PodNominator,
  PostBindPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueuedPodInfo,
  QueueSortPlugin,
  ReservePlugin,
  ScoreExtensions,
  ScorePlugin,
  EnqueueExtensions,
} from '../interface';
import { Code, Status } from '../status';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type NodeInfo, type NodeScore, type PodInfo, podPriority } from '../types';
import { canRejectPods } from './extension_points';
import { buildPluginLists } from './plugin_lists';
import type { Registry } from './registry';
import { MAX_PERMIT_TIMEOUT_MS, WaitingPod, WaitingPodsMap } from './waiting_pods';

export interface FrameworkOptions {
  /** The plugins profiles may name (IN_TREE_REGISTRY, possibly merged with out-of-tree ones). */
  registry: Registry;
  /** The scheduler's node snapshot, refreshed at the start of every cycle. */
  snapshot: NodeInfoLister;
  informers: SharedInformerFactory;
  /**
   * The informer `list`/`get` read a resource from (the scheduler's pod informer carries a field
   * selector, so it is not the factory's plain one). Default: the factory's informer.
   */
  informerFor?: (resource: string) => SharedIndexInformer<KubeObject>;
  client: Client;
  eventRecorder: EventRecorder;
  rng: Rng;
  loop: Loop;
  /** Wall-clock instant of virtual time 0, for timestamps. */
  epochMs: number;
  podNominator?: PodNominator;
  parallelism?: number;
  waitingPods?: WaitingPodsMap;
}

/** A rejected-pod requeue subscription: the events that may make pods `plugin` rejected schedulable. */
export interface EnqueueExtension {
  plugin: string;
  events: ClusterEvent[];
}

/** PreFilter's verdict: which nodes are worth filtering (undefined = all), and why not if none. */
export interface PreFilterOutcome {
  nodeNames: Set<string> | undefined;
  status: Status;
  /** Plugins whose PreFilterResult narrowed the nodes. */
  pluginsWithNodes: Set<string>;
}

/**
 * The scores of one cycle (upstream RunScorePlugins' NodePluginScores, kept column-wise so that no
 * per-node object is made): `scores[p][i]` is plugin `plugins[p]`'s normalized score for
 * `nodes[i]`, before weight; `totals[i]` the weighted sum. The score and total arrays are the
 * framework's, reused by its next runScorePlugins call: a caller that keeps them past that copies them.
 */
export interface ScoreTable {
  plugins: ScorePlugin[];
  weights: number[];
  scores: number[][];
  totals: number[];
}

/**
 * One profile's scheduling framework (upstream frameworkImpl): the profile's plugins per extension
 * point in run order, the runners for each extension point, and the Handle the plugins see.
 *
 * Contracts:
 * - Statuses returned by runners name the deciding plugin (`status.plugin`).
 * - PreFilter/PreScore Skip puts the plugin in the cycle state's skip sets; its Filter/Score (and
 *   PreFilter extensions) are then not run in that cycle.
 * - Filter runners stop at the first rejecting plugin; non-rejection failures become errors.
 */
export class Framework implements Handle {
  readonly profile: Profile;
  readonly preEnqueuePlugins: PreEnqueuePlugin[];
  readonly queueSortPlugins: QueueSortPlugin[];
  readonly preFilterPlugins: PreFilterPlugin[];
  readonly filterPlugins: FilterPlugin[];
  readonly postFilterPlugins: PostFilterPlugin[];
  readonly preScorePlugins: PreScorePlugin[];
  readonly scorePlugins: ScorePlugin[];
  readonly reservePlugins: ReservePlugin[];
  readonly permitPlugins: PermitPlugin[];
  readonly preBindPlugins: PreBindPlugin[];
  readonly bindPlugins: BindPlugin[];
  readonly postBindPlugins: PostBindPlugin[];
  readonly scoreWeights: ReadonlyMap<string, number>;
  readonly enqueueExtensions: EnqueueExtension[] = [];
  readonly waitingPods: WaitingPodsMap;
  private readonly plugins = new Map<string, Plugin>();
  private readonly opts: FrameworkOptions;
  private nominator: PodNominator | undefined;

  // Per-cycle memo of the filter/score plugins left after Skip (keyed by the skip set's identity).
  private filterMemoKey: Set<string> | undefined;
  private filterMemoSize = -1;
  private activeFilters: FilterPlugin[] = [];
  private readonly scorePool: NodeScore[] = [];
  /** Score columns and totals, reused cycle after cycle (at 1,000 nodes they were most of the scheduler's garbage). */
  private readonly scoreColumns: number[][] = [];
  private readonly totalsColumn: number[] = [];
  /**
   * runFilterPluginsOnNodes' working lists (the nodes still passing, their positions, one plugin's
   * statuses), reused rather than allocated per cycle. Between calls they keep up to the largest
   * chunk's NodeInfos and Statuses alive, for as long as the framework (the scheduler) lives.
   */
  private readonly filterAlive: NodeInfo[] = [];
  private readonly filterPositions: number[] = [];
  private readonly filterOut: Status[] = [];

  /** @throws ConfigError `creating profile for scheduler name <name>: <why>` for a profile that cannot be built. */
  constructor(profile: Profile, opts: FrameworkOptions) {
    this.profile = profile;
    this.opts = opts;
    this.nominator = opts.podNominator;
    this.waitingPods = opts.waitingPods ?? new WaitingPodsMap();
    try {
      this.instantiate(profile, opts.registry);
      const { lists, weights } = buildPluginLists(profile, this.plugins);
      this.preEnqueuePlugins = lists.preEnqueue as PreEnqueuePlugin[];
      this.queueSortPlugins = lists.queueSort as QueueSortPlugin[];
      this.preFilterPlugins = lists.preFilter as PreFilterPlugin[];
      this.filterPlugins = lists.filter as FilterPlugin[];
      this.postFilterPlugins = lists.postFilter as PostFilterPlugin[];
      this.preScorePlugins = lists.preScore as PreScorePlugin[];
      this.scorePlugins = lists.score as ScorePlugin[];
      this.reservePlugins = lists.reserve as ReservePlugin[];
      this.permitPlugins = lists.permit as PermitPlugin[];
      this.preBindPlugins = lists.preBind as PreBindPlugin[];
      this.bindPlugins = lists.bind as BindPlugin[];
      this.postBindPlugins = lists.postBind as PostBindPlugin[];
      this.scoreWeights = weights;
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`creating profile for scheduler name ${profile.schedulerName}: ${(e as Error).message}`);
    }
  }

  /** Builds the plugins the profile names, with their pluginConfig args (upstream NewFramework). */
  private instantiate(profile: Profile, registry: Registry): void {
    const needed = new Set<string>();
    for (const set of Object.values(profile.plugins)) for (const r of set.enabled) needed.add(r.name);
    const args = new Map<string, unknown>();
    for (const pc of profile.pluginConfig) {
      if (args.has(pc.name)) throw new Error(`repeated config for plugin ${pc.name}`);
      args.set(pc.name, pc.args);
    }
    for (const [name, factory] of registry) {
      if (!needed.has(name)) continue;
      let p: Plugin;
      try {
        p = factory(args.get(name), this);
      } catch (e) {
        throw new Error(`initializing plugin ${JSON.stringify(name)}: ${(e as Error).message}`);
      }
      this.plugins.set(name, p);
      if (canRejectPods(p)) {
        // A plugin that does not say which events may help the pods it rejects is woken by any event.
        const ext = p as Partial<EnqueueExtensions>;
        this.enqueueExtensions.push({ plugin: p.name(), events: typeof ext.eventsToRegister === 'function' ? ext.eventsToRegister() : [WildCardEvent] });
      }
    }
  }

  /** The plugin instance of this profile named `name`. */
  plugin(name: string): Plugin | undefined {
    return this.plugins.get(name);
  }

  setPodNominator(n: PodNominator): void {
    this.nominator = n;
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }

  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  /** The profile's queue order (its only QueueSort plugin). */
  queueSortLess(): (a: QueuedPodInfo, b: QueuedPodInfo) => boolean {
    const pl = this.queueSortPlugins[0];
    return (a, b) => pl.less(a, b);
  }

  /** The profile's percentageOfNodesToScore, when it sets one. */
  percentageOfNodesToScore(): number | undefined {
    return this.profile.percentageOfNodesToScore;
  }

  // ---- extension points -----------------------------------------------------------------------

  /** PreEnqueue: the first plugin that does not let the pod in decides (Pending/rejections as given, else an error). */
  runPreEnqueuePlugins(pod: Pod): Status {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (s.isSuccess()) continue;
      if (s.isRejected()) return stamp(s, pl.name());
      return new Status(Code.Error, [`running PreEnqueue plugin ${JSON.stringify(pl.name())}: ${s.message()}`], pl.name());
    }
    return Status.success();
  }

  /**
   * PreFilter (upstream RunPreFilterPlugins): Skip marks the plugin's Filter as skipped;
   * UnschedulableAndUnresolvable stops at once; Unschedulable is remembered and the rest still run
   * (preemption needs their state); node sets are intersected, and an empty intersection rejects the
   * pod naming the plugins that narrowed it.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod): PreFilterOutcome {
    const skip = new Set<string>();
    const pluginsWithNodes = new Set<string>();
    let nodeNames: Set<string> | undefined;
    let returnStatus = Status.success();
    const nodes = this.opts.snapshot.list();
    try {
      for (const pl of this.preFilterPlugins) {
        const name = pl.name();
        const { result, status: s } = pl.preFilter(state, pod, nodes);
        if (s.isSkip()) {
          skip.add(name);
          continue;
        }
        if (!s.isSuccess()) {
          if (s.code === Code.UnschedulableAndUnresolvable) return { nodeNames: undefined, status: stamp(s, name), pluginsWithNodes: new Set() };
          if (s.code === Code.Unschedulable) {
            returnStatus = stamp(s, name);
            continue;
          }
          return { nodeNames: undefined, status: new Status(Code.Error, [`running PreFilter plugin ${JSON.stringify(name)}: ${s.message()}`], name), pluginsWithNodes: new Set() };
        }
        if (result?.nodeNames) {
          pluginsWithNodes.add(name);
          nodeNames = nodeNames ? intersect(nodeNames, result.nodeNames) : new Set(result.nodeNames);
          if (nodeNames.size === 0) {
            const list = [...pluginsWithNodes].sort();
            const msg = list.length === 1 ? `node(s) didn't satisfy plugin ${list[0]}` : `node(s) didn't satisfy plugin(s) [${list.join(' ')}] simultaneously`;
            return { nodeNames, status: Status.of(Code.UnschedulableAndUnresolvable, msg), pluginsWithNodes };
          }
        }
      }
      return { nodeNames, status: returnStatus, pluginsWithNodes };
    } finally {
      state.skipFilterPlugins = skip;
    }
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions?.();
      if (!ext || state.skipFilterPlugins.has(pl.name())) continue;
      const s = ext.addPod(state, pod, toAdd, nodeInfo);
      if (!s.isSuccess()) return Status.error(`running AddPod on PreFilter plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
    }
    return Status.success();
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions?.();
      if (!ext || state.skipFilterPlugins.has(pl.name())) continue;
      const s = ext.removePod(state, pod, toRemove, nodeInfo);
      if (!s.isSuccess()) return Status.error(`running RemovePod on PreFilter plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
    }
    return Status.success();
  }

  /** Filter on one node: the first plugin that does not pass decides. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const filters = this.filtersFor(state);
    for (let i = 0; i < filters.length; i++) {
      const pl = filters[i];
      const s = pl.filter(state, pod, nodeInfo);
      if (s.code === Code.Success) continue;
      return filterFailure(pl, s);
    }
    return Status.success();
  }

  /**
   * `statuses[j] = runFilterPluginsWithNominatedPods(state, pod, nodes[(from + j) % n])` for every
   * j < count (n = nodes.length, count <= n: a stretch of the list that may wrap around its end),
   * computed plugin by plugin rather than node by node: each plugin sees only the nodes every
   * earlier plugin passed, so every node's status is the one its first failing plugin gives, as in
   * the node-by-node order (a filter's verdict on one node does not depend on the calls for
   * others). Nodes with nominated pods take the node-by-node path (two passes), as they are rare.
   * Returns whether every node passed. Not re-entrant: it works in the framework's own lists.
   */
  runFilterPluginsWithNominatedPodsOnNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], from: number, count: number, statuses: Status[]): boolean {
    let all = this.runFilterPluginsOnNodes(state, pod, nodes, from, count, statuses);
    const nominator = this.nominator;
    if (!nominator) return all;
    const n = nodes.length;
    for (let j = 0, i = from; j < count; j++, i = i + 1 === n ? 0 : i + 1) {
      if (nominator.nominatedPodsForNode(nodes[i].name).length === 0) continue;
      statuses[j] = this.runFilterPluginsWithNominatedPods(state, pod, nodes[i]);
      if (statuses[j].code !== Code.Success) all = false;
    }
    return all;
  }

  /** `statuses[j] = runFilterPlugins(state, pod, nodes[(from + j) % n])` for every j < count, plugin by plugin (see above). */
  runFilterPluginsOnNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], from: number, count: number, statuses: Status[]): boolean {
    const filters = this.filtersFor(state);
    const alive = this.filterAlive;
    const positions = this.filterPositions;
    const out = this.filterOut;
    const success = Status.success();
    const n = nodes.length;
    for (let j = 0, i = from; j < count; j++, i = i + 1 === n ? 0 : i + 1) {
      alive[j] = nodes[i];
      positions[j] = j;
      statuses[j] = success;
    }
    let m = count;
    for (let k = 0; k < filters.length && m > 0; k++) {
      const pl = filters[k];
      if (pl.filterNodes ? pl.filterNodes(state, pod, alive, m, out) : filterEach(pl, state, pod, alive, m, out)) continue;
      let kept = 0;
      for (let j = 0; j < m; j++) {
        const s = out[j];
        if (s.code === Code.Success) {
          alive[kept] = alive[j];
          positions[kept] = positions[j];
          kept++;
        } else {
          statuses[positions[j]] = filterFailure(pl, s);
        }
      }
      m = kept;
    }
    return m === count;
  }

  /** The filter plugins not skipped in the cycle of `state`, computed once per skip set. */
  private filtersFor(state: CycleState): FilterPlugin[] {
    const skip = state.skipFilterPlugins;
    if (skip.size === 0) return this.filterPlugins;
    if (skip !== this.filterMemoKey || skip.size !== this.filterMemoSize) {
      this.filterMemoKey = skip;
      this.filterMemoSize = skip.size;
      this.activeFilters = withoutSkipped(this.filterPlugins, skip);
    }
    return this.activeFilters;
  }

  /**
   * Filter with the pods nominated to the node (upstream RunFilterPluginsWithNominatedPods): when
   * pods of equal or higher priority are nominated there, the filters must pass both with them
   * added (first pass) and without them (second pass), because some filters (resources,
   * anti-affinity) fail more easily with them and others (affinity) without.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const nominated = this.nominator?.nominatedPodsForNode(nodeInfo.name);
    if (!nominated || nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const prio = podPriority(pod);
    const uid = pod.metadata?.uid;
    let stateOut: CycleState | undefined;
    let nodeOut: NodeInfo | undefined;
    for (const pi of nominated) {
      if (podPriority(pi.pod) < prio || pi.pod.metadata?.uid === uid) continue;
      stateOut ??= state.clone();
      nodeOut ??= nodeInfo.clone();
      nodeOut.addPod(pi);
      const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, nodeOut);
      if (!s.isSuccess()) return s;
    }
    if (!stateOut || !nodeOut) return this.runFilterPlugins(state, pod, nodeInfo);
    const first = this.runFilterPlugins(stateOut, pod, nodeOut);
    if (!first.isSuccess()) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /**
   * PostFilter (upstream RunPostFilterPlugins): the first Success, UnschedulableAndUnresolvable or
   * error ends the run; otherwise every plugin runs, their reasons are joined, and the last
   * nominating result (not Noop) is kept.
   */
  runPostFilterPlugins(state: CycleState, pod: Pod, statuses: NodeToStatus): { result?: PostFilterResult; status: Status } {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      const r = pl.postFilter(state, pod, statuses);
      const s = r.status;
      if (s.isSuccess()) return r;
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: r.result, status: stamp(s, pl.name()) };
      if (!s.isRejected()) return { status: new Status(Code.Error, s.reasons, pl.name()) };
      if (r.result?.nominatingInfo && r.result.nominatingInfo.mode !== 'Noop') result = r.result;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name();
    }
    return { result, status: new Status(Code.Unschedulable, reasons, rejector) };
  }

  /** PreScore: Skip marks the plugin's Score as skipped; anything else but Success is an error. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const skip = new Set<string>();
    try {
      for (const pl of this.preScorePlugins) {
        const s = pl.preScore(state, pod, nodes);
        if (s.isSkip()) {
          skip.add(pl.name());
          continue;
        }
        if (!s.isSuccess()) return Status.error(`running PreScore plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
      }
      return Status.success();
    } finally {
      state.skipScorePlugins = skip;
    }
  }

  /**
   * Score, NormalizeScore and weights (upstream RunScorePlugins; facts 57-58): every score plugin not
   * skipped scores every node, normalizes its list, and must end in [0, 100]; a node's total is the
   * sum of weight × score.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): ScoreTable | Status {
    const skip = state.skipScorePlugins;
    const plugins: ScorePlugin[] = [];
    const weights: number[] = [];
    const scores: number[][] = [];
    const n = nodes.length;
    // Plugin by plugin rather than node by node (upstream's order inside its parallel loop): the
    // result is the same, and each inner loop calls one plugin's Score.
    for (let k = 0; k < this.scorePlugins.length; k++) {
      const pl = this.scorePlugins[k];
      if (skip.size > 0 && skip.has(pl.name())) continue;
      // Not zeroed: scoreNodes and scoreEach write every element, or fail and the column is dropped.
      const col = sized(this.scoreColumns[scores.length] ??= [], n);
      const failed = pl.scoreNodes ? pl.scoreNodes(state, pod, nodes, col) : scoreEach(pl, state, pod, nodes, col);
      if (failed) return Status.error(`running Score plugins: plugin ${JSON.stringify(pl.name())} failed with: ${failed.message()}`);
      const ext = pl.scoreExtensions?.();
      if (ext) {
        const s = this.normalize(ext, state, pod, nodes, col);
        if (!s.isSuccess()) {
          return Status.error(`running Normalize on Score plugins: plugin ${JSON.stringify(pl.name())} failed with: ${s.message()}`);
        }
      }
      plugins.push(pl);
      weights.push(this.scoreWeights.get(pl.name()) ?? 1);
      scores.push(col);
    }
    const totals = zeroed(this.totalsColumn, n);
    for (let p = 0; p < plugins.length; p++) {
      const col = scores[p];
      const w = weights[p];
      for (let i = 0; i < n; i++) {
        const sc = col[i];
        if (sc > MAX_NODE_SCORE || sc < MIN_NODE_SCORE) {
          return Status.error(
            `applying score defaultWeights on Score plugins: plugin ${JSON.stringify(plugins[p].name())} returns an invalid score ${sc}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
          );
        }
        totals[i] += sc * w;
      }
    }
    return { plugins, weights, scores, totals };
  }

  /** NormalizeScore of one plugin over its column `col` (scores of `nodes`, in order), in place. */
  private normalize(ext: ScoreExtensions, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], col: number[]): Status {
    if (ext.normalizeScoreValues) return ext.normalizeScoreValues(state, pod, col);
    const n = nodes.length;
    const list = this.scoreList(n);
    for (let i = 0; i < n; i++) {
      const ns = list[i];
      ns.name = nodes[i].name;
      ns.score = col[i];
    }
    const s = ext.normalizeScore(state, pod, list);
    for (let i = 0; i < n; i++) col[i] = list[i].score;
    return s;
  }

  /** A NodeScore list of length `n` for NormalizeScore, reusing the objects of earlier calls. */
  private scoreList(n: number): NodeScore[] {
    const list = this.scorePool;
    for (let i = list.length; i < n; i++) list.push({ name: '', score: 0 });
    if (list.length > n) list.length = n;
    return list;
  }

  /** Reserve in order; the first failure stops (the caller then runs Unreserve). */
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const pl of this.reservePlugins) {
      const s = pl.reserve(state, pod, nodeName);
      if (s.isSuccess()) continue;
      if (s.isRejected()) return stamp(s, pl.name());
      return Status.error(`running Reserve plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
    }
    return Status.success();
  }

  /** Unreserve in reverse order of Reserve. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i].unreserve(state, pod, nodeName);
  }

  /**
   * Permit: a rejection or error stops; Wait (at most 15 minutes per plugin) makes the pod a
   * waiting pod and returns Wait once every plugin has run.
   */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status {
    const waits = new Map<string, number>();
    for (const pl of this.permitPlugins) {
      const { status: s, timeoutMs } = pl.permit(state, pod, nodeName);
      if (s.isSuccess()) continue;
      if (s.isRejected()) return stamp(s, pl.name());
      if (s.code === Code.Wait) {
        waits.set(pl.name(), Math.min(timeoutMs, MAX_PERMIT_TIMEOUT_MS));
        continue;
      }
      return new Status(Code.Error, [`running Permit plugin ${JSON.stringify(pl.name())}: ${s.message()}`], pl.name());
    }
    if (waits.size > 0) {
      this.waitingPods.add(new WaitingPod(pod, waits, this.opts.loop));
      return Status.of(Code.Wait, `one or more plugins asked to wait and no plugin rejected pod ${JSON.stringify(pod.metadata?.name ?? '')}`);
    }
    return Status.success();
  }

  /** Whether the pod is held at Permit. */
  willWaitOnPermit(pod: Pod): boolean {
    return this.waitingPods.get(pod.metadata?.uid ?? '') !== undefined;
  }

  /**
   * Upstream WaitOnPermit, as a callback: `done` gets Success at once when the pod is not waiting,
   * else the waiting pod's outcome when it comes (an allow, a rejection or a timeout).
   */
  waitOnPermit(pod: Pod, done: (s: Status) => void): void {
    const uid = pod.metadata?.uid ?? '';
    const wp = this.waitingPods.get(uid);
    if (!wp) {
      done(Status.success());
      return;
    }
    wp.onOutcome((s) => {
      this.waitingPods.remove(uid);
      if (s.isSuccess() || s.isRejected()) done(s);
      else done(new Status(Code.Error, [`waiting on permit for pod: ${s.message()}`], s.plugin));
    });
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  iterateOverWaitingPods(cb: (wp: WaitingPod) => void): void {
    this.waitingPods.iterate(cb);
  }

  /** Rejects a waiting pod (it was deleted); false when it was not waiting. */
  rejectWaitingPod(uid: string): boolean {
    const wp = this.waitingPods.get(uid);
    if (!wp) return false;
    wp.reject('', 'removed');
    return true;
  }

  runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const pl of this.preBindPlugins) {
      const s = pl.preBind(state, pod, nodeName);
      if (s.isSuccess()) continue;
      if (s.isRejected()) return stamp(s, pl.name());
      return Status.error(`running PreBind plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
    }
    return Status.success();
  }

  /** Bind plugins in order until one does not Skip. */
  runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Status {
    if (this.bindPlugins.length === 0) return Status.of(Code.Skip);
    let s: Status = Status.of(Code.Skip);
    for (const pl of this.bindPlugins) {
      s = pl.bind(state, pod, nodeName);
      if (s.isSkip()) continue;
      if (s.isSuccess()) return s;
      if (s.isRejected()) return stamp(s, pl.name());
      return Status.error(`running Bind plugin ${JSON.stringify(pl.name())}: ${s.message()}`);
    }
    return s;
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) pl.postBind(state, pod, nodeName);
  }

  // ---- Handle ---------------------------------------------------------------------------------

  snapshotSharedLister(): NodeInfoLister {
    return this.opts.snapshot;
  }

  informers(): SharedInformerFactory {
    return this.opts.informers;
  }

  client(): Client {
    return this.opts.client;
  }

  eventRecorder(): EventRecorder {
    return this.opts.eventRecorder;
  }

  rng(): Rng {
    return this.opts.rng;
  }

  now(): number {
    return this.opts.loop.now;
  }

  timestamp(atMs?: number): string {
    return formatRFC3339(this.opts.epochMs + (atMs ?? this.opts.loop.now));
  }

  podNominator(): PodNominator {
    return this.nominator ?? NO_NOMINATOR;
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.get<KubeObject>('namespaces', undefined, namespace)?.metadata?.labels as Record<string, string> | undefined;
  }

  profileName(): string {
    return this.profile.schedulerName;
  }

  parallelism(): number {
    return this.opts.parallelism ?? 16;
  }

  list<T extends KubeObject>(resource: string, namespace?: string): T[] {
    const lister = this.informerFor(resource).lister();
    return (namespace === undefined ? lister.list() : lister.namespace(namespace).list()) as T[];
  }

  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    const lister = this.informerFor(resource).lister();
    return (namespace ? lister.namespace(namespace).get(name) : lister.get(name)) as T | undefined;
  }

  /**
   * Contract: the scheduler takes every informer a plugin reads before it starts the factory (as
   * upstream plugins take their listers in New()); one asked for later would never be started and
   * would read as empty, so that is a programming error, not an empty cluster.
   */
  private informerFor(resource: string): SharedIndexInformer<KubeObject> {
    const informer = this.opts.informerFor?.(resource) ?? this.opts.informers.forResource(resource);
    if (!informer.isStarted()) throw new Error(`scheduler: the ${resource} informer was not taken before the informers started`);
    return informer;
  }
}

const NO_NOMINATED: readonly PodInfo[] = Object.freeze([]);
const NO_NOMINATOR: PodNominator = { nominatedPodsForNode: () => NO_NOMINATED };

/**
 * Names `plugin` as the decider of `s` (upstream SetPlugin). A plugin's own unnamed status is
 * stamped in place, as upstream does; a status already naming another plugin is copied.
 */
function stamp(s: Status, plugin: string): Status {
  if (s.plugin === plugin) return s;
  if (s.plugin === '' && s !== Status.success()) {
    s.plugin = plugin;
    return s;
  }
  return s.withPlugin(plugin);
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/**
 * The plugins whose names are not in `skip`. Its own function: a closure over `skip` inside
 * filtersFor would make that per-node method allocate a context on every call.
 */
function withoutSkipped<T extends Plugin>(plugins: readonly T[], skip: ReadonlySet<string>): T[] {
  return plugins.filter((p) => !skip.has(p.name()));
}

/** `filter` for each of `nodes[0..count)` into `out`; true when all passed (FilterPlugin.filterNodes' contract). */
function filterEach(pl: FilterPlugin, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean {
  let all = true;
  for (let i = 0; i < count; i++) {
    const s = pl.filter(state, pod, nodes[i]);
    out[i] = s;
    if (s.code !== Code.Success) all = false;
  }
  return all;
}

/** A Filter plugin's non-success status as the framework reports it: a rejection names the plugin, anything else is an error. */
function filterFailure(pl: FilterPlugin, s: Status): Status {
  if (!s.isRejected()) return new Status(Code.Error, [`running ${JSON.stringify(pl.name())} filter plugin: ${s.message()}`], pl.name());
  return stamp(s, pl.name());
}

/** ScorePlugin.scoreNodes for a plugin without one: `score` node by node, the first failure returned. */
function scoreEach(pl: ScorePlugin, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: number[]): Status | undefined {
  for (let i = 0; i < nodes.length; i++) {
    const r = pl.score(state, pod, nodes[i]);
    if (typeof r !== 'number') return r;
    out[i] = r;
  }
  return undefined;
}

/**
 * `a` made `n` zeros long, in place. Plain arrays, not typed ones: a typed array of this size is
 * allocated outside the JS heap, which costs more than the scoring itself; and packed, not holey.
 */
function zeroed(a: number[], n: number): number[] {
  sized(a, n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

/** `a` made `n` long, in place (new elements 0, so that it stays a packed array of numbers). */
function sized(a: number[], n: number): number[] {
  if (a.length > n) a.length = n;
  while (a.length < n) a.push(0);
  return a;
}
