import type { Pod } from 'kubernetes-types/core/v1';
import { formatFieldError } from '../../../api/validation/errors';
import type { NodeResourcesFitArgs } from '../../apis/config/types';
import { validateNodeResourcesFitArgs } from '../../apis/config/validation';
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
  type ScorePlugin,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import { cachedPodRequests, type NodeInfo, type Resource } from '../../framework/types';
import { leastResourceScorer } from './least_allocated';
import { mostResourceScorer } from './most_allocated';
import { requestedToCapacityRatioScorer } from './requested_to_capacity_ratio';
import { isExtendedResourceName, ResourceAllocationScorer, type ResourceScorer } from './resource_allocation';

/**
 * NodeResourcesFit (upstream noderesources/fit.go, v1.32): Filter refuses nodes without room for the
 * pod's requests (fact 78; Unschedulable, so preemption may help), Score ranks nodes by the
 * configured strategy (facts 60–62). Requests are the pod's real requests (init containers,
 * sidecars and overhead folded in, see types.podRequests) for filtering, and the fact-59 non-zero
 * ones for LeastAllocated/MostAllocated scoring.
 */
export const NAME = 'NodeResourcesFit';

/** Fact 78: the pod count would exceed `allocatable.pods`. */
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';
export const ERR_REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const ERR_REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';
/** `Insufficient <resource>` for any other (scalar) resource, e.g. `Insufficient nvidia.com/gpu`. */
export function errReasonInsufficient(resourceName: string): string {
  return `Insufficient ${resourceName}`;
}

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

/** What the pod requests, with the scalar resources Filter must check listed once (ignored ones dropped). */
class PreFilterState implements StateData {
  /** Nothing requested at all (no cpu, memory, ephemeral-storage or scalar entry): only the pod count matters. */
  readonly requestsNothing: boolean;
  constructor(
    readonly request: Resource,
    /** [name, quantity] of the requested scalar resources that are neither 0 nor ignored, in request order. */
    readonly scalars: readonly (readonly [string, number])[],
  ) {
    this.requestsNothing = request.milliCPU === 0 && request.memory === 0 && request.ephemeralStorage === 0 && Object.keys(request.scalarResources).length === 0;
  }
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  /** The pod's requests in the order of the strategy's resources. */
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/** One resource the node lacks (upstream InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/**
 * Upstream fitsRequest. The pod-count check comes first and always applies; a pod requesting nothing
 * fits otherwise. Each resource the pod requests (> 0) must fit in `allocatable − requested`.
 * Scalars are checked in the pod's request order (upstream iterates a Go map, i.e. in random order;
 * a fixed order keeps the reasons, and the FitError histogram, deterministic).
 */
function fitsRequest(s: PreFilterState, nodeInfo: NodeInfo): readonly InsufficientResource[] {
  // Allocated only when something is missing: Filter runs for every node of every pod. The numbers
  // come from the snapshot's columns when the node has them (the same numbers, adjacent in memory).
  let out: InsufficientResource[] | undefined;
  const c = nodeInfo.columns;
  const row = nodeInfo.row;
  const podCount = c ? c.podCount[row] : nodeInfo.pods.length;
  const allowedPods = c ? c.allocatablePods[row] : nodeInfo.allocatable.allowedPodNumber;
  if (podCount + 1 > allowedPods) {
    (out ??= []).push({ resourceName: 'pods', reason: ERR_REASON_TOO_MANY_PODS, requested: 1, used: podCount, capacity: allowedPods });
  }
  if (s.requestsNothing) return out ?? NONE;
  const req = s.request;
  if (req.milliCPU > 0) {
    const a = c ? c.allocatableMilliCPU[row] : nodeInfo.allocatable.milliCPU;
    const u = c ? c.requestedMilliCPU[row] : nodeInfo.requested.milliCPU;
    if (req.milliCPU > a - u) (out ??= []).push({ resourceName: 'cpu', reason: ERR_REASON_INSUFFICIENT_CPU, requested: req.milliCPU, used: u, capacity: a });
  }
  if (req.memory > 0) {
    const a = c ? c.allocatableMemory[row] : nodeInfo.allocatable.memory;
    const u = c ? c.requestedMemory[row] : nodeInfo.requested.memory;
    if (req.memory > a - u) (out ??= []).push({ resourceName: 'memory', reason: ERR_REASON_INSUFFICIENT_MEMORY, requested: req.memory, used: u, capacity: a });
  }
  if (req.ephemeralStorage > 0) {
    const a = c ? c.allocatableEphemeralStorage[row] : nodeInfo.allocatable.ephemeralStorage;
    const u = c ? c.requestedEphemeralStorage[row] : nodeInfo.requested.ephemeralStorage;
    if (req.ephemeralStorage > a - u) {
      (out ??= []).push({ resourceName: 'ephemeral-storage', reason: ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE, requested: req.ephemeralStorage, used: u, capacity: a });
    }
  }
  const scalars = s.scalars;
  if (scalars.length === 0) return out ?? NONE;
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  for (let i = 0; i < scalars.length; i++) {
    const [name, q] = scalars[i];
    const a = alloc.scalarResources[name] ?? 0;
    const u = used.scalarResources[name] ?? 0;
    if (q > a - u) (out ??= []).push({ resourceName: name, reason: errReasonInsufficient(name), requested: q, used: u, capacity: a });
  }
  return out ?? NONE;
}

const NONE: readonly InsufficientResource[] = Object.freeze([]);

/** Filter without PreFilter's state (upstream getPreFilterState's error). */
function noPreFilterState(): Status {
  return Status.error(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
}

/** Filter's verdict: success, or Unschedulable with every reason at once. */
function insufficientStatus(insufficient: readonly InsufficientResource[]): Status {
  if (insufficient.length === 0) return Status.success();
  return new Status(
    Code.Unschedulable,
    insufficient.map((r) => r.reason),
    NAME,
  );
}

/**
 * The scalar requests Filter has to check: zero requests are skipped, and extended resources named in
 * ignoredResources, or whose domain prefix is in ignoredResourceGroups, are not checked at all.
 */
function scalarsToCheck(req: Resource, ignored: ReadonlySet<string>, ignoredGroups: ReadonlySet<string>): readonly [string, number][] {
  // Runs every cycle, and most pods request no scalar resource: nothing is allocated for them.
  let out: [string, number][] | undefined;
  const scalars = req.scalarResources;
  for (const name in scalars) {
    const q = scalars[name];
    if (q === 0) continue;
    if (isExtendedResourceName(name)) {
      const prefix = ignoredGroups.size > 0 ? name.split('/')[0] : '';
      if (ignored.has(name) || ignoredGroups.has(prefix)) continue;
    }
    (out ??= []).push([name, q]);
  }
  return out ?? NO_SCALARS;
}

const NO_SCALARS: readonly [string, number][] = Object.freeze([]);

function strategyScorer(args: NodeResourcesFitArgs): ResourceScorer {
  const s = args.scoringStrategy;
  switch (s.type) {
    case 'LeastAllocated':
      return leastResourceScorer(s.resources);
    case 'MostAllocated':
      return mostResourceScorer(s.resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(s.resources, s.requestedToCapacityRatio?.shape ?? []);
    default:
      throw new Error(`scoring strategy ${String(s.type)} is not supported`);
  }
}

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  private readonly ignoredResources: ReadonlySet<string>;
  private readonly ignoredResourceGroups: ReadonlySet<string>;
  readonly scorer: ResourceAllocationScorer;

  /** @throws Error with upstream's field errors when the args do not validate (as upstream NewFit). */
  constructor(args: NodeResourcesFitArgs) {
    const errs = validateNodeResourcesFitArgs('', args);
    if (errs.length > 0) throw new Error(errs.map(formatFieldError).join(', '));
    this.ignoredResources = new Set(args.ignoredResources);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups);
    this.scorer = new ResourceAllocationScorer(args.scoringStrategy.type, args.scoringStrategy.resources, strategyScorer(args), false);
  }

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on (InPlacePodVerticalScaling off): a deleted pod frees
   * resources; a new node or a node whose allocatable changed may have room.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable, label: 'NodeAdd|UpdateNodeAllocatable' },
    ];
  }

  /** The pod's requests, once per cycle; restartable init containers are fine (SidecarContainers is on in v1.32). */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const request = cachedPodRequests(pod, false);
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(request, scalarsToCheck(request, this.ignoredResources, this.ignoredResourceGroups)));
    return { status: Status.success() };
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  /** All the reasons at once (`Insufficient cpu`, `Insufficient memory`, …), code Unschedulable. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return noPreFilterState();
    return insufficientStatus(fitsRequest(s, nodeInfo));
  }

  /** FilterPlugin.filterNodes: the cycle state read once, then `filter` per node. */
  filterNodes(state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) {
      const err = noPreFilterState();
      for (let i = 0; i < count; i++) out[i] = err;
      return false;
    }
    let all = true;
    for (let i = 0; i < count; i++) {
      const insufficient = fitsRequest(s, nodes[i]);
      if (insufficient.length === 0) {
        out[i] = Status.success();
        continue;
      }
      out[i] = insufficientStatus(insufficient);
      all = false;
    }
    return all;
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

  /** Scores are already 0–100: no normalization. */
  scoreExtensions(): undefined {
    return undefined;
  }
}

/**
 * Upstream noderesources.Fits: the resources `pod` lacks on `nodeInfo`, with no ignored resources
 * (the kubelet's admission and other callers outside a scheduling cycle).
 */
export function fits(pod: Pod, nodeInfo: NodeInfo): readonly InsufficientResource[] {
  const request = cachedPodRequests(pod, false);
  return fitsRequest(new PreFilterState(request, scalarsToCheck(request, new Set(), new Set())), nodeInfo);
}

export const create: PluginFactory = (args: unknown, _handle: Handle) => new Fit(args as NodeResourcesFitArgs);
