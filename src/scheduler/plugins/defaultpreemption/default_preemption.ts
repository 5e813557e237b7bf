import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { labelSelectorFromObject, type Selector } from '../../../api/selectors';
import type { DefaultPreemptionArgs } from '../../apis/config/types';
import type { CycleState } from '../../framework/cycle_state';
import type { Handle, NodeToStatus, PluginFactory, PostFilterPlugin, PostFilterResult } from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import { type NodeInfo, type PodInfo, podPriority } from '../../framework/types';
import { Evaluator, nowAbsMs, type PreemptionPolicy } from './preemption';
import { byImportance } from './util';

export const NAME = 'DefaultPreemption';

/** Fact 72. */
export const DEFAULT_ARGS: DefaultPreemptionArgs = { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 };

export const MSG_NOT_ELIGIBLE_PREEMPTION_POLICY = 'not eligible due to preemptionPolicy=Never.';
export const MSG_NOT_ELIGIBLE_TERMINATING_POD = 'not eligible due to a terminating pod on the nominated node.';
/** Fact 75: a node with no lower-priority pod. */
export const ERR_REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * DefaultPreemption (upstream plugins/defaultpreemption), the PostFilter that runs when no node
 * passed Filter: it looks for a node where evicting lower-priority pods lets the pod fit, evicts
 * them, and nominates that node. Its failure message becomes the `preemption: ...` part of the
 * FitError (facts 74-75).
 */
export class DefaultPreemption implements PostFilterPlugin, PreemptionPolicy {
  readonly evaluator: Evaluator;

  constructor(
    readonly args: DefaultPreemptionArgs,
    private readonly handle: Handle,
  ) {
    this.evaluator = new Evaluator(NAME, handle, this);
  }

  name(): string {
    return NAME;
  }

  postFilter(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): { result?: PostFilterResult; status: Status } {
    const { result, status } = this.evaluator.preempt(state, pod, filteredNodeStatusMap);
    const msg = status.message();
    if (msg.length > 0) return { result, status: Status.of(status.code, `preemption: ${msg}`) };
    return { result, status };
  }

  /** max(numNodes × percentage / 100, absolute), at most numNodes (int32 arithmetic). */
  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.args.minCandidateNodesPercentage) / 100);
    if (n < this.args.minCandidateNodesAbsolute) n = this.args.minCandidateNodesAbsolute;
    if (n > numNodes) n = numNodes;
    return n;
  }

  /** A random starting offset from the scheduler's seeded RNG (upstream rand.Int31n), and the count. */
  getOffsetAndNumCandidates(numNodes: number): [number, number] {
    return [this.handle.rng().intn(numNodes), this.calculateNumCandidates(numNodes)];
  }

  /**
   * Upstream SelectVictimsOnNode on a clone of the node: remove every lower-priority pod; if the
   * pod still does not fit, the node is no candidate. Otherwise add the removed pods back from the
   * most important down — PDB-violating ones first — keeping each that still lets the pod fit; the
   * rest are the victims, most important first.
   */
  selectVictimsOnNode(
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    pdbs: PodDisruptionBudget[],
  ): { pods: Pod[]; numPDBViolations: number; status: Status } {
    const fail = (status: Status) => ({ pods: [], numPDBViolations: 0, status });
    const removePod = (pi: PodInfo): string | undefined => {
      if (!nodeInfo.removePod(pi.pod.metadata?.uid ?? '')) return `no corresponding pod ${pi.pod.metadata?.name} in pods of node ${nodeInfo.name}`;
      const st = this.handle.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
      return st.isSuccess() ? undefined : st.message();
    };
    const addPod = (pi: PodInfo): string | undefined => {
      nodeInfo.addPod(pi);
      const st = this.handle.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
      return st.isSuccess() ? undefined : st.message();
    };

    const prio = podPriority(pod);
    // Collected before removing: removal reorders the node's pod list.
    const potentialVictims = nodeInfo.pods.filter((pi) => podPriority(pi.pod) < prio);
    for (const pi of potentialVictims) {
      const err = removePod(pi);
      if (err !== undefined) return fail(Status.error(err));
    }
    // No potential victims: the node did not change, no need to evaluate it again.
    if (potentialVictims.length === 0) return fail(Status.of(Code.UnschedulableAndUnresolvable, ERR_REASON_NO_VICTIMS));

    // Affinity of the pod to lower-priority pods is deliberately not supported (as upstream).
    const fits = this.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (!fits.isSuccess()) return fail(fits);

    const now = nowAbsMs(this.handle);
    const importance = byImportance(now);
    potentialVictims.sort((a, b) => importance(a.pod, b.pod));
    const [violating, nonViolating] = filterPodsWithPDBViolation(potentialVictims, pdbs);
    const victims: PodInfo[] = [];
    const reprieve = (pi: PodInfo): { fits: boolean; err?: string } => {
      const addErr = addPod(pi);
      if (addErr !== undefined) return { fits: false, err: addErr };
      const ok = this.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess();
      if (!ok) {
        const rmErr = removePod(pi);
        if (rmErr !== undefined) return { fits: false, err: rmErr };
        victims.push(pi);
      }
      return { fits: ok };
    };
    let numViolatingVictim = 0;
    for (const pi of violating) {
      const r = reprieve(pi);
      if (r.err !== undefined) return fail(Status.error(r.err));
      if (!r.fits) numViolatingVictim++;
    }
    for (const pi of nonViolating) {
      const r = reprieve(pi);
      if (r.err !== undefined) return fail(Status.error(r.err));
    }
    // Violating victims were reprieved first: re-sort so victims stay most important first.
    if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => importance(a.pod, b.pod));
    return { pods: victims.map((pi) => pi.pod), numPDBViolations: numViolatingVictim, status: Status.success() };
  }

  /**
   * Not eligible: preemptionPolicy Never; or the pod is nominated to a node (that filters did not
   * call unresolvable) where a lower-priority pod is still terminating from an earlier preemption —
   * its previous victims have not gone yet, so preempting more would be premature.
   */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status | undefined): [boolean, string] {
    if (pod.spec?.preemptionPolicy === 'Never') return [false, MSG_NOT_ELIGIBLE_PREEMPTION_POLICY];
    const nomNodeName = pod.status?.nominatedNodeName;
    if (nomNodeName) {
      // Absent from the map counts as UnschedulableAndUnresolvable, as upstream's default.
      const code = nominatedNodeStatus?.code ?? Code.UnschedulableAndUnresolvable;
      if (code === Code.UnschedulableAndUnresolvable) return [true, ''];
      const nodeInfo = this.handle.snapshotSharedLister().get(nomNodeName);
      if (nodeInfo) {
        const prio = podPriority(pod);
        for (const pi of nodeInfo.pods) {
          if (podPriority(pi.pod) < prio && podTerminatingByPreemption(pi.pod)) return [false, MSG_NOT_ELIGIBLE_TERMINATING_POD];
        }
      }
    }
    return [true, ''];
  }
}

/** Terminating, and the termination comes from scheduler preemption (DisruptionTarget / PreemptionByScheduler). */
export function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  for (const c of p.status?.conditions ?? []) {
    if (c.type === 'DisruptionTarget') return c.status === 'True' && c.reason === 'PreemptionByScheduler';
  }
  return false;
}

/**
 * Upstream filterPodsWithPDBViolation: split `podInfos` (order kept) into those whose eviction
 * would exceed some matching PDB's status.disruptionsAllowed — counting down a copy of each budget
 * as pods are taken — and the rest. Pods already in a PDB's disruptedPods were processed by the
 * API server and do not count. A PDB with an empty or nil selector matches nothing.
 */
export function filterPodsWithPDBViolation(podInfos: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors: (Selector | undefined)[] = pdbs.map((p) => {
    try {
      return labelSelectorFromObject(p.spec?.selector);
    } catch {
      // An invalid selector matches no pod.
      return undefined;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of podInfos) {
    const pod = pi.pod;
    const labels = pod.metadata?.labels ?? {};
    let violated = false;
    // A pod with no labels matches no PDB.
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return;
        const sel = selectors[i];
        if (!sel || sel.isEmpty() || !sel.matches(labels)) return;
        if (pdb.status?.disruptedPods && Object.prototype.hasOwnProperty.call(pdb.status.disruptedPods, pod.metadata?.name ?? '')) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}

export const create: PluginFactory = (args, handle) => new DefaultPreemption({ ...DEFAULT_ARGS, ...((args as Partial<DefaultPreemptionArgs>) ?? {}) }, handle);
