import type { Pod } from 'kubernetes-types/core/v1';
import { formatFieldError } from '../../../api/validation/errors';
import type { NodeResourcesBalancedAllocationArgs } from '../../apis/config/types';
import { validateBalancedAllocationArgs } from '../../apis/config/validation';
import type { CycleState, StateData } from '../../framework/cycle_state';
import type { Handle, PluginFactory, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { MAX_NODE_SCORE, type NodeInfo } from '../../framework/types';
import { ResourceAllocationScorer, type ResourceScorer } from './resource_allocation';

/**
 * NodeResourcesBalancedAllocation (upstream noderesources/balanced_allocation.go, v1.32; fact 63):
 * prefer nodes whose resource fractions, with the pod placed, are close to each other. It scores
 * with the pod's *real* requests (no fact-59 defaults).
 *
 * v1.32 scores best-effort pods too (they see only the node's existing fractions): the PreScore
 * Skip for pods requesting nothing (issue #129138) arrived after v1.32.
 *
 * Score-only, so it registers no cluster events.
 */
export const NAME = 'NodeResourcesBalancedAllocation';

const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/**
 * Fact 63: fractions `requested/allocatable` capped at 1 over the resources the node has; with two,
 * `std = |f1 − f2| / 2`; with more, the population standard deviation; fewer, 0. Score
 * `int64((1 − std) × 100)`. The fraction buffer is reused: scoring is synchronous. Exported for its tests.
 */
export function balancedResourceScorer(resources: number): ResourceScorer {
  if (resources === 2) return balancedTwoResourceScorer;
  const fractions: number[] = [];
  return (requested, allocatable, nodes, out) => {
    for (let node = 0; node < nodes; node++) {
      let n = 0;
      let total = 0;
      for (let r = 0; r < requested.length; r++) {
        const a = allocatable[r][node];
        if (a === 0) continue;
        let f = requested[r][node] / a;
        if (f > 1) f = 1;
        total += f;
        fractions[n++] = f;
      }
      let std = 0;
      if (n === 2) {
        std = Math.abs((fractions[0] - fractions[1]) / 2);
      } else if (n > 2) {
        const mean = total / n;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += (fractions[i] - mean) * (fractions[i] - mean);
        std = Math.sqrt(sum / n);
      }
      out[node] = Math.trunc((1 - std) * MAX_NODE_SCORE);
    }
  };
}

/**
 * The default (cpu and memory) unrolled: with both on the node, `|f0 − f1| / 2` as above; with one
 * or none, std 0. The same operations on the same numbers as the general form.
 */
const balancedTwoResourceScorer: ResourceScorer = (requested, allocatable, nodes, out) => {
  const a0 = allocatable[0];
  const a1 = allocatable[1];
  const r0 = requested[0];
  const r1 = requested[1];
  for (let node = 0; node < nodes; node++) {
    let std = 0;
    if (a0[node] !== 0 && a1[node] !== 0) {
      let f0 = r0[node] / a0[node];
      if (f0 > 1) f0 = 1;
      let f1 = r1[node] / a1[node];
      if (f1 > 1) f1 = 1;
      std = Math.abs((f0 - f1) / 2);
    }
    out[node] = Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
};

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly scorer: ResourceAllocationScorer;

  /** @throws Error with upstream's field errors when the args do not validate. */
  constructor(args: NodeResourcesBalancedAllocationArgs) {
    const errs = validateBalancedAllocationArgs('', args);
    if (errs.length > 0) throw new Error(errs.map(formatFieldError).join(', '));
    this.scorer = new ResourceAllocationScorer(NAME, args.resources, balancedResourceScorer(args.resources.length), true);
  }

  name(): string {
    return NAME;
  }

  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): Status {
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(this.scorer.podRequestList(pod)));
    return Status.success();
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    return this.scorer.score(nodeInfo, s ? s.podRequests : this.scorer.podRequestList(pod));
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: number[]): Status | undefined {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    return this.scorer.scoreAll(nodes, s ? s.podRequests : this.scorer.podRequestList(pod), out);
  }

  /** Scores are already 0–100. */
  scoreExtensions(): undefined {
    return undefined;
  }
}

export const create: PluginFactory = (args: unknown, _handle: Handle) => new BalancedAllocation(args as NodeResourcesBalancedAllocationArgs);
