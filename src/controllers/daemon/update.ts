import type { Node } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import { isAlreadyExists } from '../../api/object';
import { type Revision, templateReplacePatch } from '../history/controller_history';
import { computeHash } from '../deployment/deployment_util';
import { newControllerRef } from '../util/controller_ref';
import {
  byCreationTimestampAndPhase,
  CONTROLLER_REVISION_HASH_LABEL,
  type DSObj,
  isPodAvailable,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  type PodObj,
  surgeCount,
  templateGeneration,
  unavailableCount,
} from './daemonset_util';

/**
 * pkg/controller/daemon/update.go (v1.32): the DaemonSet's ControllerRevisions and its rolling
 * update. Functions over what the controller read; writes go through `DaemonSetContext`.
 */

export const REVISIONS = 'controllerrevisions.apps';
export const DAEMONSETS = 'daemonsets.apps';

export interface DaemonSetContext {
  readonly client: import('../../client/types').Client;
  nowMs(): number;
  /** The revisions the DaemonSet controls after claiming (adopt/release by selector). */
  controlledHistories(ds: DSObj): Revision[];
  /** Pods by target node, claimed; terminal pods being deleted left out unless asked. */
  nodesToDaemonPods(ds: DSObj, includeDeletedTerminal: boolean): Map<string, PodObj[]>;
  /** syncNodes: deletes the named pods and creates one on each node. */
  syncNodes(ds: DSObj, podsToDelete: string[], nodesNeedingPods: string[], hash: string): void;
}

/** Match: the revision stores exactly this DaemonSet's template patch. */
export function matchRevision(ds: DSObj, history: Revision): boolean {
  return templateReplacePatch(ds.spec?.template) === templateReplacePatch((history.data as { spec?: { template?: unknown } } | undefined)?.spec?.template);
}

/**
 * constructHistory: labels revisions without a hash label with their name; splits them into the
 * one matching the current template (created as `<ds>-<hash>` when none, deduplicated when
 * several, renumbered to max(old)+1) and the old ones.
 */
export function constructHistory(dc: DaemonSetContext, ds: DSObj): { cur: Revision; old: Revision[] } {
  const current: Revision[] = [];
  const old: Revision[] = [];
  for (let h of dc.controlledHistories(ds)) {
    if (h.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined) {
      const copy = deepCopy(h) as Revision;
      copy.metadata!.labels = { ...(copy.metadata!.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: copy.metadata!.name! };
      h = dc.client.update<Revision>(REVISIONS, copy);
    }
    if (matchRevision(ds, h)) current.push(h);
    else old.push(h);
  }
  const currRevision = old.reduce((m, h) => Math.max(m, h.revision), 0) + 1;
  let cur: Revision;
  if (current.length === 0) cur = snapshot(dc, ds, currRevision);
  else {
    cur = dedupCurHistories(dc, ds, current);
    if (cur.revision < currRevision) cur = dc.client.update<Revision>(REVISIONS, { ...deepCopy(cur), revision: currRevision } as Revision);
  }
  return { cur, old };
}

/**
 * snapshot: creates the revision of the current template. A name taken by the same template is
 * that revision; taken by another is a hash collision: status.collisionCount goes up (only if
 * the DaemonSet's count was not stale) and the create error requeues the DaemonSet.
 */
function snapshot(dc: DaemonSetContext, ds: DSObj, revision: number): Revision {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const history: Revision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata!.name}-${hash}`,
      namespace: ds.metadata!.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    data: JSON.parse(templateReplacePatch(ds.spec?.template)),
    revision,
  };
  try {
    return dc.client.create<Revision>(REVISIONS, history);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const existing = dc.client.get<Revision>(REVISIONS, ds.metadata!.namespace, history.metadata!.name!);
    if (matchRevision(ds, existing)) return existing;
    const fresh = dc.client.get<DSObj>(DAEMONSETS, ds.metadata!.namespace, ds.metadata!.name!);
    if ((fresh.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) {
      throw new Error(`found a stale collision count (${fresh.status?.collisionCount ?? 0}, expected ${ds.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata!.name}" while processing; will retry until it is updated`);
    }
    const status = { ...(fresh.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }), collisionCount: (fresh.status?.collisionCount ?? 0) + 1 };
    dc.client.updateStatus(DAEMONSETS, { ...deepCopy(fresh), status } as DSObj);
    throw e;
  }
}

/**
 * dedupCurHistories: several revisions match the template (a race): keep the highest, move the
 * pods labelled with the others' hashes onto its hash, delete the others.
 */
function dedupCurHistories(dc: DaemonSetContext, ds: DSObj, current: Revision[]): Revision {
  if (current.length === 1) return current[0];
  const keep = current.reduce((a, b) => (b.revision > a.revision ? b : a));
  const keepHash = keep.metadata!.labels![CONTROLLER_REVISION_HASH_LABEL];
  const pods = [...dc.nodesToDaemonPods(ds, true).values()].flat();
  for (const h of current) {
    if (h === keep) continue;
    for (const pod of pods) {
      if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === keepHash) continue;
      dc.client.patch('pods', pod.metadata!.namespace, pod.metadata!.name!, 'merge', { metadata: { labels: { [CONTROLLER_REVISION_HASH_LABEL]: keepHash } } });
    }
    dc.client.delete(REVISIONS, h.metadata!.namespace, h.metadata!.name!);
  }
  return keep;
}

/** cleanupHistory: deletes the oldest old revisions beyond revisionHistoryLimit that no live pod carries. */
export function cleanupHistory(dc: DaemonSetContext, ds: DSObj, old: Revision[]): void {
  const toKeep = ds.spec?.revisionHistoryLimit ?? 10;
  let toKill = old.length - toKeep;
  if (toKill <= 0) return;
  const liveHashes = new Set<string>();
  for (const pods of dc.nodesToDaemonPods(ds, false).values()) for (const p of pods) {
    const h = p.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (h) liveHashes.add(h);
  }
  for (const h of [...old].sort((a, b) => a.revision - b.revision)) {
    if (toKill <= 0) break;
    const hash = h.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (hash !== undefined && liveHashes.has(hash)) continue;
    dc.client.delete(REVISIONS, h.metadata!.namespace, h.metadata!.name!);
    toKill--;
  }
}

/**
 * findUpdatedPodsOnNode: the node's one new and one old pod (deleted ones ignored); `ok` false
 * when there are more, for the manage loop to prune first.
 */
export function findUpdatedPodsOnNode(ds: DSObj, pods: readonly PodObj[], hash: string): { newPod?: PodObj; oldPod?: PodObj; ok: boolean } {
  let newPod: PodObj | undefined;
  let oldPod: PodObj | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/**
 * updatedDesiredNodeCounts: maxSurge and maxUnavailable of the nodes that should run the pod
 * (both 0 means unavailable 1), and an empty entry in `nodeToPods` for each of those nodes.
 */
export function updatedDesiredNodeCounts(ds: DSObj, nodes: readonly Node[], nodeToPods: Map<string, PodObj[]>): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!nodeToPods.has(node.metadata!.name!)) nodeToPods.set(node.metadata!.name!, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired };
}

/**
 * rollingUpdate. Without surge: delete old pods — unavailable ones always, available ones while
 * fewer than maxUnavailable new or missing pods are unavailable — and let the manage loop create
 * their replacements. With surge: create a new pod beside each unavailable old one and beside up
 * to maxSurge available ones, and delete an old pod once its node's new pod is available. Nodes
 * are visited in name order (upstream ranges over a map, so its choice among equals is random).
 */
export function rollingUpdate(dc: DaemonSetContext, ds: DSObj, nodes: readonly Node[], hash: string): void {
  const nodeToPods = dc.nodesToDaemonPods(ds, false);
  const { maxSurge, maxUnavailable, desired } = updatedDesiredNodeCounts(ds, nodes, nodeToPods);
  const now = dc.nowMs();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: PodObj) => isPodAvailable(p, minReady, now);
  const nodeNames = [...nodeToPods.keys()].sort();
  const nodeByName = new Map(nodes.map((n) => [n.metadata!.name!, n]));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacements: string[] = [];
    const candidates: string[] = [];
    for (const nodeName of nodeNames) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToPods.get(nodeName)!, hash);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) {
        allowedReplacements.push(oldPod!.metadata!.name!);
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) candidates.push(oldPod!.metadata!.name!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    dc.syncNodes(ds, [...allowedReplacements, ...candidates.slice(0, remaining)], [], hash);
    return;
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const nodeName of nodeNames) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, nodeToPods.get(nodeName)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      const node = nodeByName.get(nodeName);
      if (!node) throw new Error(`couldn't get node for nodeName "${nodeName}": node "${nodeName}" not found`);
      const shouldRun = nodeShouldRunDaemonPod(node, ds).shouldRun;
      if (!available(oldPod)) {
        if (!shouldRun) oldPodsToDelete.push(oldPod.metadata!.name!);
        else allowedNewNodes.push(nodeName);
      } else if (!shouldRun) shouldNotRunPodsToDelete.push(oldPod.metadata!.name!);
      else if (numSurge < maxSurge) candidateNewNodes.push(nodeName);
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    oldPodsToDelete.push(oldPod.metadata!.name!);
  }
  // With surge the owner expects full availability: an old pod on a node that no longer wants
  // it goes only once enough pods elsewhere are available.
  const deletable = Math.min(numAvailable - desired, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  dc.syncNodes(ds, oldPodsToDelete, [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)], hash);
}

export { byCreationTimestampAndPhase };
