import type { Pod } from 'kubernetes-types/core/v1';
import type { NodeAffinityArgs } from '../../apis/config/types';
import type { CycleState, StateData } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import { MAX_NODE_SCORE, type NodeInfo, type NodeScore } from '../../framework/types';
import { defaultNormalizeScore, defaultNormalizeScoreValues } from '../helper/normalize_score';
import { getRequiredNodeAffinity, ParsedNodeSelector, PreferredSchedulingTerms, type RequiredNodeAffinity } from '../../../api/scheduling/node_affinity';

export * from '../../../api/scheduling/node_affinity';

/**
 * NodeAffinity (upstream pkg/scheduler/framework/plugins/nodeaffinity, v1.32): Filter on the pod's
 * nodeSelector and required node affinity plus the profile's `addedAffinity`; PreFilter narrows the
 * candidate nodes when every term pins `metadata.name`; Score sums the weights of the matching
 * preferred terms, normalized against the best node (fact 66).
 */
export const NAME = 'NodeAffinity';

/** Fact 78. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** The node fails the profile's NodeAffinityArgs.addedAffinity. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** Every term names nodes by metadata.name and the names of some term contradict each other. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;
/** metav1.ObjectNameField. */
const OBJECT_NAME_FIELD = 'metadata.name';

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  /** Not affected by adding or removing pods. */
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerms | undefined) {}
  clone(): StateData {
    return this;
  }
}

/** The pod's preferred terms parsed, or an error text when a term does not parse (upstream getPodPreferredNodeAffinity). */
function podPreferredNodeAffinity(pod: Pod): { terms?: PreferredSchedulingTerms; error?: string } {
  const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!pref) return {};
  const terms = new PreferredSchedulingTerms(pref);
  if (terms.errors().length > 0) return { error: terms.errors().join(', ') };
  return { terms };
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  private readonly addedNodeSelector: ParsedNodeSelector | undefined;
  private readonly addedPrefSchedTerms: PreferredSchedulingTerms | undefined;
  private readonly enforcedStatus = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_ENFORCED], NAME);
  private readonly podStatus = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_POD], NAME);

  /** @throws Error when addedAffinity does not parse, as upstream New refuses such args. */
  constructor(args: NodeAffinityArgs | undefined) {
    const added = args?.addedAffinity;
    const req = added?.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const sel = new ParsedNodeSelector(req);
      if (sel.errors().length > 0) throw new Error(`parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: ${sel.errors().join(', ')}`);
      this.addedNodeSelector = sel;
    }
    const pref = added?.preferredDuringSchedulingIgnoredDuringExecution;
    if (pref && pref.length > 0) {
      const terms = new PreferredSchedulingTerms(pref);
      if (terms.errors().length > 0) throw new Error(`parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: ${terms.errors().join(', ')}`);
      this.addedPrefSchedTerms = terms;
    }
  }

  name(): string {
    return NAME;
  }

  /** v1.32 with SchedulerQueueingHints on: only a new node or a label change can change the answer. */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAdd|UpdateNodeLabel' }];
  }

  /**
   * Skip when neither the pod nor the profile constrains nodes. Otherwise parse once; when every
   * required term pins nodes by `metadata.name In (...)`, return the union over terms of the
   * intersection within each term, so Filter runs only there (an empty union is a conflict).
   */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !this.addedNodeSelector && pod.spec?.nodeSelector === undefined) {
      return { status: Status.of(Code.Skip) };
    }
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(getRequiredNodeAffinity(pod)));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return { status: Status.success() };

    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== OBJECT_NAME_FIELD || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      // A term without a name pin lets every node through: the terms are ORed.
      if (!termNames) return { status: Status.success() };
      nodeNames = nodeNames ?? new Set<string>();
      for (const n of termNames) nodeNames.add(n);
    }
    if (nodeNames && nodeNames.size === 0) return { status: new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_CONFLICT], NAME) };
    if (nodeNames && nodeNames.size > 0) return { result: { nodeNames }, status: Status.success() };
    return { status: Status.success() };
  }

  /** The state does not depend on other pods. */
  preFilterExtensions(): undefined {
    return undefined;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const node = nodeInfo.node;
    if (!node) return this.podStatus;
    if (this.addedNodeSelector && !this.addedNodeSelector.matches(node)) return this.enforcedStatus;
    // Without PreFilter (disabled) the pod is parsed here, as upstream falls back to.
    const required = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)?.required ?? getRequiredNodeAffinity(pod);
    return required.matches(node) ? Status.success() : this.podStatus;
  }

  /** Skip when neither the pod nor the profile has preferred terms; a term that does not parse is an error. */
  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): Status {
    const { terms, error } = podPreferredNodeAffinity(pod);
    if (error) return Status.error(error);
    if (!terms && !this.addedPrefSchedTerms) return Status.of(Code.Skip);
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(terms));
    return Status.success();
  }

  /** Fact 66: the sum of the weights of the matching preferred terms (the pod's and the profile's). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    let count = 0;
    if (this.addedPrefSchedTerms) count += this.addedPrefSchedTerms.score(node);
    let s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) {
      const { terms, error } = podPreferredNodeAffinity(pod);
      if (error) return Status.error(error);
      s = new PreScoreState(terms);
    }
    if (s.preferred) count += s.preferred.score(node);
    return count;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Fact 66: `100 × raw / maxRaw`, all 0 when no node matches any term. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }

  normalizeScoreValues(_state: CycleState, _pod: Pod, scores: number[]): Status {
    return defaultNormalizeScoreValues(MAX_NODE_SCORE, false, scores);
  }
}

export const create: PluginFactory = (args: unknown, _handle: Handle) => new NodeAffinity(args as NodeAffinityArgs | undefined);
