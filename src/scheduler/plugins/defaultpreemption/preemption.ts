import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { isNotFound, type KubeObject } from '../../../api/object';
import type { CycleState } from '../../framework/cycle_state';
import type { Handle, NodeToStatus, PostFilterResult, Victims } from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import { type NodeInfo, podPriority } from '../../framework/types';
import { aggregateErrors, earliestPodStartTimeMs } from './util';

/** Fact 74-75: what nodes that preemption did not examine count as in the `preemption:` histogram. */
export const ERR_REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NO_CANDIDATE = 'no candidate node for preemption';
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const REASON_PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

/** A node where preemption can make the pod fit, and the victims to evict there. */
export interface Candidate {
  name: string;
  victims: Victims;
}

/** What the Evaluator needs from a preemption plugin (upstream preemption.Interface). */
export interface PreemptionPolicy {
  /** A random offset into the potential nodes and how many candidates to shortlist. */
  getOffsetAndNumCandidates(numNodes: number): [number, number];
  /** Whether `pod` may preempt at all, and if not, why. */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status | undefined): [boolean, string];
  /** The fewest victims on `nodeInfo` (a clone) that make `pod` fit; `state` is a clone too. */
  selectVictimsOnNode(state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: PodDisruptionBudget[]): { pods: Pod[]; numPDBViolations: number; status: Status };
}

/** Absolute virtual ms "now", the scale pod start times are on. */
export function nowAbsMs(handle: Handle): number {
  return Date.parse(handle.timestamp());
}

/**
 * Upstream FitError.Error() without PreFilter/PostFilter messages (fact 74): `0/N nodes are
 * available:` then, if any, the string-sorted histogram `"<count> <reason>"` joined by ", " and a
 * final ".". Nodes absent from `statuses` count with `absentReasons`.
 */
export function fitErrorMessage(numAllNodes: number, statuses: ReadonlyMap<string, Status>, absentReasons: readonly string[]): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  const reasons = new Map<string, number>();
  for (const st of statuses.values()) for (const r of st.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  if (statuses.size < numAllNodes) {
    for (const r of absentReasons) reasons.set(r, (reasons.get(r) ?? 0) + numAllNodes - statuses.size);
  }
  const histogram = [...reasons].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  return msg;
}

/**
 * pickOneNodeForPreemption, upstream criteria in order, each applied to the nodes tied so far:
 * fewest PDB violations; lowest highest-priority victim; smallest sum of (priority + 2^31) over the
 * victims; fewest victims; latest earliest start time among the highest-priority victims; then the
 * first node left (upstream's is the first of a Go map iteration; here candidates keep the dry run's
 * order, non-violating ones first). Victims are sorted by decreasing importance.
 */
export function pickOneNodeForPreemption(nodesToVictims: ReadonlyMap<string, Victims>, nowMs: number): string {
  if (nodesToVictims.size === 0) return '';
  const v = (n: string) => nodesToVictims.get(n)!;
  const scoreFuncs: ((node: string) => number)[] = [
    (n) => -v(n).numPDBViolations,
    (n) => -podPriority(v(n).pods[0]),
    (n) => -v(n).pods.reduce((sum, p) => sum + podPriority(p) + 2147483648, 0),
    (n) => -v(n).pods.length,
    (n) => earliestPodStartTimeMs(v(n), nowMs) ?? Number.NEGATIVE_INFINITY,
  ];
  let candidates = [...nodesToVictims.keys()];
  for (const f of scoreFuncs) {
    let selected: string[] = [];
    let max = Number.NEGATIVE_INFINITY;
    for (const node of candidates) {
      const s = f(node);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(node);
    }
    if (selected.length === 1) return selected[0];
    candidates = selected;
  }
  return candidates[0];
}

/**
 * The preemption flow shared by preemption plugins (upstream framework/preemption.Evaluator):
 * eligibility, candidate search by dry run, choice of one node, then eviction of its victims.
 * Everything runs synchronously and in a fixed order, so a run is reproducible under a seed.
 */
export class Evaluator {
  constructor(
    readonly pluginName: string,
    private readonly handle: Handle,
    private readonly policy: PreemptionPolicy,
  ) {}

  /**
   * Upstream Evaluator.Preempt. Results: not eligible → no result, Unschedulable; no candidate →
   * nominate "" (clear any nomination), Unschedulable with the FitError text; success → nominate the
   * chosen node (mode Override), Success; errors → no result, Error.
   */
  preempt(state: CycleState, pod: Pod, m: NodeToStatus): { result?: PostFilterResult; status: Status } {
    // The informer's copy is fresher than the queue's (e.g. a nominatedNodeName set meanwhile).
    pod = this.handle.get<KubeObject & Pod>('pods', pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '') ?? pod;

    const nominated = pod.status?.nominatedNodeName ?? '';
    const [eligible, msg] = this.policy.podEligibleToPreemptOthers(pod, m.get(nominated));
    if (!eligible) return { status: Status.of(Code.Unschedulable, msg) };

    const allNodes = this.handle.snapshotSharedLister().list();
    const { candidates, nodeStatuses, error } = this.findCandidates(state, allNodes, pod, m);
    if (error !== undefined && candidates.length === 0) return { status: Status.error(error) };

    if (candidates.length === 0) {
      const fit = fitErrorMessage(allNodes.length, nodeStatuses, [ERR_REASON_NOT_HELPFUL]);
      return { result: { nominatingInfo: { nominatedNodeName: '', mode: 'Override' } }, status: Status.of(Code.Unschedulable, fit) };
    }

    const best = this.selectCandidate(candidates);
    if (!best || best.name === '') return { status: Status.of(Code.Unschedulable, MSG_NO_CANDIDATE) };

    const st = this.prepareCandidate(best, pod);
    if (!st.isSuccess()) return { status: st };
    return { result: { nominatingInfo: { nominatedNodeName: best.name, mode: 'Override' } }, status: Status.success() };
  }

  /**
   * Nodes whose filter status was Unschedulable (not UnschedulableAndUnresolvable, and not absent:
   * absent nodes count as unresolvable) may be helped by removing pods; dry-run preemption on them.
   */
  findCandidates(
    state: CycleState,
    allNodes: readonly NodeInfo[],
    pod: Pod,
    m: NodeToStatus,
  ): { candidates: Candidate[]; nodeStatuses: Map<string, Status>; error?: string } {
    if (allNodes.length === 0) return { candidates: [], nodeStatuses: new Map(), error: 'no nodes available' };
    const potentialNodes = allNodes.filter((ni) => m.get(ni.name)?.code === Code.Unschedulable);
    if (potentialNodes.length === 0) return { candidates: [], nodeStatuses: new Map() };
    const pdbs = this.handle.list<KubeObject & PodDisruptionBudget>('poddisruptionbudgets.policy');
    const [offset, numCandidates] = this.policy.getOffsetAndNumCandidates(potentialNodes.length);
    return this.dryRunPreemption(state, pod, potentialNodes, pdbs, offset, numCandidates);
  }

  /**
   * Upstream DryRunPreemption, sequentially from `offset` (wrapping): each node is tried on clones of
   * the node and the cycle state. Shortlists are capped at `numCandidates` each; the search stops
   * once a non-violating candidate exists and the shortlists together reach `numCandidates`.
   * Candidates that violate no PDB come first.
   */
  dryRunPreemption(
    state: CycleState,
    pod: Pod,
    potentialNodes: readonly NodeInfo[],
    pdbs: PodDisruptionBudget[],
    offset: number,
    numCandidates: number,
  ): { candidates: Candidate[]; nodeStatuses: Map<string, Status>; error?: string } {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const nodeStatuses = new Map<string, Status>();
    const errs: string[] = [];
    for (let i = 0; i < potentialNodes.length; i++) {
      const nodeCopy = potentialNodes[(offset + i) % potentialNodes.length].clone();
      const name = nodeCopy.name;
      const { pods, numPDBViolations, status } = this.policy.selectVictimsOnNode(state.clone(), pod, nodeCopy, pdbs);
      if (status.isSuccess() && pods.length > 0) {
        const list = numPDBViolations === 0 ? nonViolating : violating;
        if (list.length < numCandidates) list.push({ name, victims: { pods, numPDBViolations } });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      const st = status.isSuccess() ? Status.error(`expected at least one victim pod on node "${name}"`) : status;
      if (st.code === Code.Error) errs.push(st.message());
      nodeStatuses.set(name, st);
    }
    return { candidates: [...nonViolating, ...violating], nodeStatuses, error: errs.length > 0 ? aggregateErrors(errs) : undefined };
  }

  selectCandidate(candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const victims = new Map(candidates.map((c) => [c.name, c.victims]));
    const node = pickOneNodeForPreemption(victims, nowAbsMs(this.handle));
    const v = victims.get(node);
    return v ? { name: node, victims: v } : candidates[0];
  }

  /**
   * Upstream prepareCandidate: preempt every victim not already terminating, then clear the
   * nomination of lower-priority pods nominated to the node (they may no longer fit; failures to
   * clear are not fatal). The first failed eviction aborts with an Error status.
   */
  prepareCandidate(c: Candidate, preemptor: Pod): Status {
    for (const victim of c.victims.pods) {
      // Graceful deletion has already started: another API call is unnecessary.
      if (victim.metadata?.deletionTimestamp) continue;
      const err = this.preemptPod(c, preemptor, victim);
      if (err !== undefined) return Status.error(err);
    }
    const prio = podPriority(preemptor);
    for (const pi of this.handle.podNominator().nominatedPodsForNode(c.name)) {
      const p = pi.pod;
      if (podPriority(p) >= prio || !p.status?.nominatedNodeName) continue;
      try {
        this.handle.client().patch('pods', p.metadata?.namespace ?? 'default', p.metadata?.name ?? '', 'strategic', { status: { nominatedNodeName: null } }, { subresource: 'status' });
      } catch {
        // Not critical: the pod keeps a stale nomination until its next attempt.
      }
    }
    return Status.success();
  }

  /**
   * Upstream PreemptPod: mark the victim with the DisruptionTarget condition (a status patch, only
   * when the condition changes), delete it with its default grace period, and record a Normal
   * `Preempted` event on it. A victim already gone counts as preempted, without an event.
   * @returns an error message, or undefined on success.
   */
  private preemptPod(c: Candidate, preemptor: Pod, victim: Pod): string | undefined {
    const client = this.handle.client();
    const ns = victim.metadata?.namespace ?? 'default';
    const name = victim.metadata?.name ?? '';
    const schedulerName = preemptor.spec?.schedulerName || this.handle.profileName();
    const patch = disruptionTargetPatch(victim, {
      type: DISRUPTION_TARGET,
      status: 'True',
      reason: REASON_PREEMPTION_BY_SCHEDULER,
      message: `${schedulerName}: preempting to accommodate a higher priority pod`,
      lastTransitionTime: this.handle.timestamp(),
    });
    try {
      if (patch) client.patch('pods', ns, name, 'strategic', patch, { subresource: 'status' });
      client.delete('pods', ns, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      return (e as Error).message;
    }
    this.handle.eventRecorder().event(victim as KubeObject, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${c.name}`);
    return undefined;
  }
}

/**
 * apipod.UpdatePodCondition + PatchPodStatus: the strategic-merge status patch that sets `cond`
 * (keeping the old lastTransitionTime when the status is unchanged), or undefined when nothing
 * would change. `$setElementOrder` keeps the condition order, appending a new condition last.
 */
export function disruptionTargetPatch(victim: Pod, cond: PodCondition): Record<string, unknown> | undefined {
  const conditions = victim.status?.conditions ?? [];
  const old = conditions.find((c) => c.type === cond.type);
  const next: PodCondition = { ...cond };
  if (old) {
    if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
    const equal =
      old.status === next.status &&
      (old.reason ?? '') === (next.reason ?? '') &&
      (old.message ?? '') === (next.message ?? '') &&
      (old.lastProbeTime ?? '') === (next.lastProbeTime ?? '') &&
      (old.lastTransitionTime ?? '') === (next.lastTransitionTime ?? '');
    if (equal) return undefined;
  }
  const order = [...conditions.map((c) => c.type), ...(old ? [] : [cond.type])];
  return { status: { '$setElementOrder/conditions': order.map((type) => ({ type })), conditions: [next] } };
}
