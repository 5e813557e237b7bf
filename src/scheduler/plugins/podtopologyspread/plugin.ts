import type { Pod, TopologySpreadConstraint as V1TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { PodTopologySpreadArgs, TopologySpreadConstraintArgs } from '../../apis/config/types';
import type { CycleState } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo, NodeScore, PodInfo } from '../../framework/types';
import {
  filterTopologySpreadConstraints,
  LABEL_HOSTNAME,
  LABEL_TOPOLOGY_ZONE,
  MatchCountMemo,
  selectorKeyOf,
  type TopologySpreadConstraint,
  type UnsatisfiableConstraintAction,
} from './common';
import { defaultSelector } from './default_selector';
import { calPreFilterState, PreFilterState, updateWithPod } from './filtering';
import { countAllNodes, initPreScoreState, normalizeScores, PreScoreState, scoreNode } from './scoring';

export const NAME = 'PodTopologySpread';

/** Fact 78. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const PRE_FILTER_STATE_KEY = `PreFilter${NAME}`;
export const PRE_SCORE_STATE_KEY = `PreScore${NAME}`;

/** Fact 68: the defaults for `defaultingType: System` (hostname maxSkew 3, zone maxSkew 5, both soft). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraintArgs[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

export const DEFAULT_ARGS: PodTopologySpreadArgs = { defaultConstraints: [], defaultingType: 'System' };

/**
 * PodTopologySpread (upstream plugins/podtopologyspread): Filter enforces the pod's DoNotSchedule
 * constraints, Score prefers nodes whose domains hold fewer matching pods under the ScheduleAnyway
 * ones. A pod without constraints of its own gets the configured defaults, which apply only when a
 * Service/RC/RS/StatefulSet selects it; otherwise PreFilter and PreScore return Skip and the
 * per-node extension points cost nothing.
 */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  private readonly defaultConstraints: readonly TopologySpreadConstraintArgs[];
  private readonly systemDefaulted: boolean;
  /** Per-node matching-pod counts, reused across cycles while a node does not change. */
  private readonly memo = new MatchCountMemo();
  private readonly extensions: PreFilterExtensions;
  private readonly scoreExt: ScoreExtensions;

  constructor(
    args: PodTopologySpreadArgs,
    private readonly handle: Handle,
  ) {
    this.systemDefaulted = args.defaultingType === 'System';
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
    this.extensions = {
      addPod: (state, podToSchedule, toAdd, nodeInfo) => this.updateState(state, podToSchedule, toAdd, nodeInfo, 1),
      removePod: (state, podToSchedule, toRemove, nodeInfo) => this.updateState(state, podToSchedule, toRemove, nodeInfo, -1),
    };
    this.scoreExt = { normalizeScore: (state, _pod, scores) => this.normalizeScore(state, scores) };
  }

  name(): string {
    return NAME;
  }

  // ---- PreFilter / Filter ----------------------------------------------------------------------

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    let constraints: TopologySpreadConstraint[];
    try {
      constraints = this.getConstraints(pod, 'DoNotSchedule');
    } catch (e) {
      return { status: Status.error(`calculating preFilterState: get constraints from pod: ${(e as Error).message}`) };
    }
    if (constraints.length === 0) return { status: Status.of(Code.Skip) };
    state.write(PRE_FILTER_STATE_KEY, calPreFilterState(pod, constraints, nodes, this.memo));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this.extensions;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    if (s.constraints.length === 0) return Status.success();
    const labels = nodeInfo.node?.metadata?.labels ?? {};
    const podLabels = pod.metadata?.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const tpVal = labels[c.topologyKey];
      if (tpVal === undefined) return Status.of(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
      // 'existing matching num' + 'if self-match (1 or 0)' - 'global minimum' <= 'maxSkew'
      const minMatchNum = s.minMatchNum(i, c.minDomains);
      const selfMatchNum = c.selector.matches(podLabels) ? 1 : 0;
      const matchNum = s.tpValueToMatchNum[i].get(tpVal) ?? 0;
      if (matchNum + selfMatchNum - minMatchNum > c.maxSkew) return Status.of(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return Status.success();
  }

  private updateState(state: CycleState, podToSchedule: Pod, pi: PodInfo, nodeInfo: NodeInfo, delta: 1 | -1): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    updateWithPod(s, pi.pod, podToSchedule, nodeInfo.node, delta);
    return Status.success();
  }

  // ---- PreScore / Score / NormalizeScore -------------------------------------------------------

  preScore(state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]): Status {
    const allNodes = this.handle.snapshotSharedLister().list();
    if (allNodes.length === 0) return Status.of(Code.Skip);
    const s = new PreScoreState();
    s.namespace = pod.metadata?.namespace ?? 'default';
    try {
      s.constraints = this.getConstraints(pod, 'ScheduleAnyway');
    } catch (e) {
      return Status.error(`calculating preScoreState: obtaining pod's soft topology spread constraints: ${(e as Error).message}`);
    }
    if (s.constraints.length === 0) return Status.of(Code.Skip);
    // Only the pod's own constraints (or non-system defaults) require every topology key, so that
    // nodes without a zone label still get hostname spreading under the system defaults.
    const requireAllTopologies = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    initPreScoreState(s, filteredNodes, requireAllTopologies);
    countAllNodes(s, pod, allNodes, requireAllTopologies, this.memo);
    state.write(PRE_SCORE_STATE_KEY, s);
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    return scoreNode(s, nodeInfo, this.memo);
  }

  scoreExtensions(): ScoreExtensions {
    return this.scoreExt;
  }

  private normalizeScore(state: CycleState, scores: NodeScore[]): Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    normalizeScores(s, scores);
    return Status.success();
  }

  // ---- EnqueueExtensions -----------------------------------------------------------------------

  /**
   * Pods: an added/relabelled/deleted assigned pod changes domain counts. Nodes: added, deleted or
   * relabelled nodes change domains; taint updates change eligibility under nodeTaintsPolicy Honor
   * (and stand in for a NodeAdd the queue's pre-check dropped, as upstream registers them).
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete, label: 'Pod/Add|UpdatePodLabel|Delete' },
      {
        resource: 'Node',
        actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        label: 'Node/Add|Delete|UpdateNodeLabel|UpdateNodeTaint',
      },
    ];
  }

  // ---- constraints -----------------------------------------------------------------------------

  /** The pod's constraints for `action`, or the defaults when it has none. */
  getConstraints(pod: Pod, action: UnsatisfiableConstraintAction): TopologySpreadConstraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterTopologySpreadConstraints(own, pod.metadata?.labels ?? {}, action);
    return this.buildDefaultConstraints(pod, action);
  }

  /**
   * Upstream buildDefaultConstraints: the defaults for `action`, each counting pods with the
   * selector of the Services/controllers selecting the pod; none when that selector is empty.
   * The selector is looked up only when some default has this action (system defaults are all
   * ScheduleAnyway, so PreFilter never pays for it).
   */
  private buildDefaultConstraints(pod: Pod, action: UnsatisfiableConstraintAction): TopologySpreadConstraint[] {
    // Upstream filters the defaults first, then looks up the selector. Defaults have no selector
    // of their own (the args' validation forbids one), so filtering cannot fail and the order is
    // not observable: the selector comes first here, because most pods have none (nothing selects
    // them) and then no constraint needs to be built.
    if (!this.defaultConstraints.some((c) => c.whenUnsatisfiable === action)) return [];
    const selector = defaultSelector(pod, this.handle);
    if (selector.isEmpty()) return [];
    const constraints = filterTopologySpreadConstraints(this.defaultConstraints as V1TopologySpreadConstraint[], pod.metadata?.labels ?? {}, action);
    const key = selectorKeyOf(selector);
    for (const c of constraints) {
      c.selector = selector;
      c.selectorKey = key;
    }
    return constraints;
  }
}

export const create: PluginFactory = (args, handle) => new PodTopologySpread({ ...DEFAULT_ARGS, ...((args as Partial<PodTopologySpreadArgs>) ?? {}) }, handle);
