import type { Pod } from 'kubernetes-types/core/v1';
import type { InterPodAffinityArgs } from '../../apis/config/types';
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
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  getExistingAntiAffinityCounts,
  getIncomingAffinityAntiAffinityCounts,
  PreFilterState,
  satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity,
  satisfyPodAntiAffinity,
} from './filtering';
import { normalizeScores, PreScoreState, processExistingPod, scoreNode, type ScoreMap } from './scoring';
import { hasPodAffinity, incomingTerms, parsePodInfo } from './terms';

export const NAME = 'InterPodAffinity';
export const PRE_FILTER_STATE_KEY = `PreFilter${NAME}`;
export const PRE_SCORE_STATE_KEY = `PreScore${NAME}`;

/** Fact 67 / apis/config/v1 defaults: hardPodAffinityWeight 1. */
export const DEFAULT_ARGS: InterPodAffinityArgs = { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false };

/**
 * InterPodAffinity (upstream plugins/interpodaffinity): required pod affinity/anti-affinity of the
 * incoming pod and of existing pods (Filter), and preferred terms on both sides plus existing pods'
 * required affinity weighted by hardPodAffinityWeight (Score). PreFilter and PreScore precompute
 * counts per topology pair; both return Skip when no affinity is involved anywhere, so the common
 * case costs a walk over the (usually empty) lists of nodes hosting pods with affinity.
 */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  private readonly extensions: PreFilterExtensions;
  private readonly scoreExt: ScoreExtensions;

  constructor(
    readonly args: InterPodAffinityArgs,
    private readonly handle: Handle,
  ) {
    this.extensions = {
      addPod: (state, _pod, toAdd, nodeInfo) => this.updateState(state, toAdd, nodeInfo, 1),
      removePod: (state, _pod, toRemove, nodeInfo) => this.updateState(state, toRemove, nodeInfo, -1),
    };
    this.scoreExt = { normalizeScore: (state, _pod, scores) => this.normalizeScore(state, scores) };
  }

  name(): string {
    return NAME;
  }

  // ---- PreFilter / Filter ----------------------------------------------------------------------

  preFilter(state: CycleState, pod: Pod, allNodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const nsLabels = this.handle.namespaceLabels(pod.metadata?.namespace ?? 'default');
    const existingAnti = getExistingAntiAffinityCounts(pod, nsLabels, this.handle.snapshotSharedLister().havePodsWithRequiredAntiAffinityList());
    // A pod without pod (anti-)affinity has no terms to parse (so no parse error): only existing
    // pods' anti-affinity can concern it. Most pods are such pods; the PodInfo is then not built.
    if (existingAnti.size === 0 && !hasPodAffinity(pod)) return { status: Status.of(Code.Skip) };
    const parsed = parsePodInfo(pod);
    if (!parsed.podInfo) return { status: Status.of(Code.UnschedulableAndUnresolvable, `parsing pod: ${parsed.error}`) };
    const incoming = incomingTerms(parsed.podInfo, this.handle, 'required');
    if (existingAnti.size === 0 && incoming.requiredAffinityTerms.length === 0 && incoming.requiredAntiAffinityTerms.length === 0) {
      return { status: Status.of(Code.Skip) };
    }
    const [affinity, anti] = getIncomingAffinityAntiAffinityCounts(incoming, allNodes);
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(existingAnti, affinity, anti, incoming, nsLabels));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this.extensions;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    if (!satisfyPodAffinity(s, nodeInfo)) return Status.of(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return Status.of(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return Status.of(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    return Status.success();
  }

  private updateState(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo, multiplier: 1 | -1): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    s.updateWithPod(pi, nodeInfo.node, multiplier);
    return Status.success();
  }

  // ---- PreScore / Score / NormalizeScore -------------------------------------------------------

  preScore(state: CycleState, pod: Pod, _filteredNodes: readonly NodeInfo[]): Status {
    const a = pod.spec?.affinity;
    const hasConstraints =
      (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0 ||
      (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
    // Optionally ignore existing pods' preferences when the incoming pod has none of its own.
    if (this.args.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.of(Code.Skip);

    const lister = this.handle.snapshotSharedLister();
    // Unless the incoming pod has preferred terms, only pods with affinity can contribute.
    const nodes = hasConstraints ? lister.list() : lister.havePodsWithAffinityList();
    // Nothing to process scores nothing; a pod without pod (anti-)affinity cannot fail to parse.
    if (nodes.length === 0 && !hasPodAffinity(pod)) return Status.of(Code.Skip);
    const parsed = parsePodInfo(pod);
    if (!parsed.podInfo) return Status.error(`failed to parse pod: ${parsed.error}`);
    const s = new PreScoreState(new Map(), incomingTerms(parsed.podInfo, this.handle, 'preferred'), this.handle.namespaceLabels(pod.metadata?.namespace ?? 'default'));

    let any = false;
    for (const nodeInfo of nodes) {
      const node = nodeInfo.node;
      if (!node) continue;
      const podsToProcess = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      const topoScore: ScoreMap = new Map();
      for (const existing of podsToProcess) processExistingPod(topoScore, s, existing, node, pod, this.args.hardPodAffinityWeight);
      if (topoScore.size > 0) {
        any = true;
        mergeScores(s.topologyScore, topoScore);
      }
    }
    if (!any) return Status.of(Code.Skip);
    state.write(PRE_SCORE_STATE_KEY, s);
    return Status.success();
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    return scoreNode(s, nodeInfo);
  }

  scoreExtensions(): ScoreExtensions {
    return this.scoreExt;
  }

  private normalizeScore(state: CycleState, scores: NodeScore[]): Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    normalizeScores(s, scores);
    return Status.success();
  }

  // ---- EnqueueExtensions -----------------------------------------------------------------------

  /**
   * Pods: an added pod can satisfy affinity, a deleted or relabelled one can lift anti-affinity.
   * Nodes: a new or relabelled node can bring a topology value; taint updates stand in for a
   * NodeAdd the queue's pre-check dropped (upstream registers them for the same reason).
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete, label: 'Pod/Add|UpdatePodLabel|Delete' },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint, label: 'Node/Add|UpdateNodeLabel|UpdateNodeTaint' },
    ];
  }
}

function mergeScores(into: ScoreMap, other: ScoreMap): void {
  for (const [key, values] of other) {
    const cur = into.get(key);
    if (!cur) {
      into.set(key, values);
      continue;
    }
    for (const [v, n] of values) cur.set(v, (cur.get(v) ?? 0) + n);
  }
}

export const create: PluginFactory = (args, handle) => new InterPodAffinity({ ...DEFAULT_ARGS, ...((args as Partial<InterPodAffinityArgs>) ?? {}) }, handle);
