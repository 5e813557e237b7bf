import type { Pod } from 'kubernetes-types/core/v1';
import type { PodNominator } from '../../framework/interface';
import type { PodInfo } from '../../framework/types';

/**
 * Where a nomination comes from (upstream framework.NominatingInfo): Override names the node
 * (preemption's choice, or '' to clear), Noop keeps whatever `status.nominatedNodeName` says.
 */
export interface NominatingInfo {
  nominatedNodeName: string;
  mode: 'Override' | 'Noop';
}

/** Finds the current version of a pod (the scheduler's pod lister). */
export type PodLookup = (namespace: string, name: string) => Pod | undefined;

const uidOf = (pod: Pod): string => pod.metadata?.uid ?? '';

/**
 * Pods nominated to run on nodes after preemption (upstream backend/queue/nominator.go). The
 * scheduler's in-memory nomination runs ahead of the API object: it is recorded before the status
 * update is sent so the next cycles already count the nominated pod on its node.
 *
 * Contract: at most one entry per pod UID; `nominatedPodsForNode` returns a copy in nomination
 * order (one shared empty list for a node without nominations: Filter asks for every node).
 */
const NONE: readonly PodInfo[] = Object.freeze([]);

export class Nominator implements PodNominator {
  private readonly nominatedPods = new Map<string, PodInfo[]>();
  private readonly nominatedPodToNode = new Map<string, string>();

  /** With a lookup, pods that are gone or already bound are not nominated (upstream podLister check). */
  constructor(private readonly podLookup?: PodLookup) {}

  /**
   * Records that `pi` is nominated: a node name (or Override info) names the node, no argument
   * (Noop) takes the pod's `status.nominatedNodeName`. An empty node name clears the nomination.
   */
  addNominatedPod(pi: PodInfo, nominating?: string | NominatingInfo): void {
    this.delete(pi.pod);
    let nodeName: string;
    if (typeof nominating === 'string') nodeName = nominating;
    else if (nominating?.mode === 'Override') nodeName = nominating.nominatedNodeName;
    else nodeName = pi.pod.status?.nominatedNodeName ?? '';
    if (nodeName === '') return;

    if (this.podLookup) {
      const current = this.podLookup(pi.pod.metadata?.namespace ?? 'default', pi.pod.metadata?.name ?? '');
      if (!current || current.spec?.nodeName) return;
    }
    const uid = uidOf(pi.pod);
    this.nominatedPodToNode.set(uid, nodeName);
    const list = this.nominatedPods.get(nodeName);
    if (!list) this.nominatedPods.set(nodeName, [pi]);
    else if (!list.some((p) => uidOf(p.pod) === uid)) list.push(pi);
  }

  /**
   * Replaces the stored pod with its new version. An update that neither had nor has a
   * `status.nominatedNodeName` keeps the in-memory nomination: it may have been made before the
   * status update carrying it arrived.
   */
  updateNominatedPod(oldPod: Pod, newPodInfo: PodInfo): void {
    let nominating: NominatingInfo | undefined;
    if (!oldPod.status?.nominatedNodeName && !newPodInfo.pod.status?.nominatedNodeName) {
      const nnn = this.nominatedPodToNode.get(uidOf(oldPod));
      if (nnn !== undefined) nominating = { mode: 'Override', nominatedNodeName: nnn };
    }
    this.delete(oldPod);
    this.addNominatedPod(newPodInfo, nominating);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    this.delete(pod);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    // Most cycles have no nominations at all: no lookup per node then.
    if (this.nominatedPods.size === 0) return NONE;
    return this.nominatedPods.get(nodeName)?.slice() ?? NONE;
  }

  /** The node the scheduler has nominated the pod to, if any. */
  nominatedNodeFor(pod: Pod): string | undefined {
    return this.nominatedPodToNode.get(uidOf(pod));
  }

  private delete(pod: Pod): void {
    const uid = uidOf(pod);
    const nnn = this.nominatedPodToNode.get(uid);
    if (nnn === undefined) return;
    const list = this.nominatedPods.get(nnn);
    if (list) {
      const i = list.findIndex((p) => uidOf(p.pod) === uid);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.nominatedPods.delete(nnn);
    }
    this.nominatedPodToNode.delete(uid);
  }
}
