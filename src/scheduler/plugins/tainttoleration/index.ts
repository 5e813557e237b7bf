import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import { MAX_NODE_SCORE, type NodeInfo, type NodeScore } from '../../framework/types';
import { defaultNormalizeScore, defaultNormalizeScoreValues } from '../helper/normalize_score';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../../../api/scheduling/toleration';

export * from '../../../api/scheduling/toleration';

/**
 * TaintToleration (upstream pkg/scheduler/framework/plugins/tainttoleration, v1.32): Filter keeps a
 * pod off nodes with a NoSchedule/NoExecute taint it does not tolerate (fact 79); Score counts the
 * PreferNoSchedule taints it does not tolerate and NormalizeScore reverses that count (fact 65).
 */
export const NAME = 'TaintToleration';

/** Declared upstream but unused since v1.25; kept so code searching for it finds the v1.32 wording below. */
export const ERR_REASON_NOT_MATCH = "node(s) had taints that the pod didn't tolerate";

/** Fact 79, v1.25–v1.32 wording: the first untolerated taint, as `{key: value}` (empty value prints as nothing). */
export function errReasonUntoleratedTaint(taint: Pick<Taint, 'key' | 'value'>): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

/** The pod's tolerations that can tolerate a PreferNoSchedule taint (that effect, or any effect). */
class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

function tolerationsPreferNoSchedule(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const out: Toleration[] = [];
  for (const t of tolerations ?? []) if (!t.effect || t.effect === 'PreferNoSchedule') out.push(t);
  return out;
}

/** Runs for every scored node: indexed, so that it allocates neither an iterator nor an empty list. */
function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[]): number {
  if (!taints) return 0;
  let n = 0;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  name(): string {
    return NAME;
  }

  /**
   * The v1.32 registration with SchedulerQueueingHints on (the v1.32 default): a node added or
   * re-tainted, or the pod's own tolerations changed, can make a rejected pod schedulable.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint, label: 'NodeAdd|UpdateNodeTaint' },
      { resource: 'Pod', actionType: ActionType.UpdatePodTolerations, label: 'PodTolerationChange' },
    ];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const taint = findMatchingUntoleratedTaint(nodeInfo.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter);
    if (!taint) return Status.success();
    return new Status(Code.UnschedulableAndUnresolvable, [errReasonUntoleratedTaint(taint)], NAME);
  }

  /** FilterPlugin.filterNodes: `filter` per node; an untainted node (the usual one) passes without a lookup. */
  filterNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean {
    let all = true;
    for (let i = 0; i < count; i++) {
      const taints = nodes[i].taints;
      if (!taints || taints.length === 0) {
        out[i] = Status.success();
        continue;
      }
      const s = this.filter(state, pod, nodes[i]);
      out[i] = s;
      if (s.code !== Code.Success) all = false;
    }
    return all;
  }

  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): Status {
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(tolerationsPreferNoSchedule(pod.spec?.tolerations)));
    return Status.success();
  }

  /** Raw score: how many PreferNoSchedule taints of the node the pod does not tolerate. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    return countIntolerableTaintsPreferNoSchedule(nodeInfo.taints, s.tolerationsPreferNoSchedule);
  }

  scoreNodes(state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], out: number[]): Status | undefined {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
    const tolerations = s.tolerationsPreferNoSchedule;
    for (let i = 0; i < nodes.length; i++) out[i] = countIntolerableTaintsPreferNoSchedule(nodes[i].taints, tolerations);
    return undefined;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Fact 65: fewer untolerated PreferNoSchedule taints is better, so the normalization is reversed. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }

  normalizeScoreValues(_state: CycleState, _pod: Pod, scores: number[]): Status {
    return defaultNormalizeScoreValues(MAX_NODE_SCORE, true, scores);
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new TaintToleration();
