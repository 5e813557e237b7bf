import type { Pod } from 'kubernetes-types/core/v1';
import { isNotFound, type KubeObject } from '../../api/object';
import type { Selector } from '../../api/selectors';
import type { Client } from '../../client/types';
import { getControllerOf, newControllerRef } from './controller_ref';

type PodObj = Pod & KubeObject;

/**
 * controller.PodControllerRefManager.ClaimPods: the pods `owner` controls after adopting matching
 * orphans and releasing owned pods its selector no longer matches. Pods another controller owns
 * are left alone. Adoption first re-reads the owner from the API server (`canAdopt`): an owner
 * being deleted, or replaced under the same name, adopts nothing. Patches go through the API
 * server; a pod gone meanwhile is simply not claimed. `filter` narrows what matches beyond the
 * selector (a StatefulSet's pods must also carry its name).
 */
export function claimPods(client: Client, owner: KubeObject, resource: string, selector: Selector, pods: readonly PodObj[], filter?: (pod: PodObj) => boolean, adoptFinalizers?: readonly string[]): PodObj[] {
  return claimObjects(client, owner, resource, 'pods', selector, pods, filter, adoptFinalizers);
}

/**
 * BaseControllerRefManager.ClaimObject over any child resource (ClaimReplicaSets for a
 * Deployment, ClaimControllerRevisions, ...), with the contract of claimPods. `adoptFinalizers`
 * are added by the adoption patch (the Job controller's tracking finalizer).
 */
export function claimObjects<T extends KubeObject>(client: Client, owner: KubeObject, resource: string, childResource: string, selector: Selector, children: readonly T[], filter?: (child: T) => boolean, adoptFinalizers?: readonly string[]): T[] {
  const uid = owner.metadata!.uid;
  const claimed: T[] = [];
  let adoptable: boolean | undefined;
  const canAdopt = (): boolean => {
    if (adoptable === undefined) {
      try {
        const fresh = client.get(resource, owner.metadata!.namespace, owner.metadata!.name!);
        adoptable = fresh.metadata?.uid === uid && !fresh.metadata?.deletionTimestamp;
      } catch (e) {
        if (!isNotFound(e)) throw e;
        adoptable = false;
      }
    }
    return adoptable;
  };
  for (const pod of children) {
    const ref = getControllerOf(pod);
    const matches = selector.matches(pod.metadata?.labels ?? {}) && (!filter || filter(pod));
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) claimed.push(pod);
      else if (!owner.metadata?.deletionTimestamp) release(client, childResource, pod, uid!);
      continue;
    }
    if (owner.metadata?.deletionTimestamp || !matches || pod.metadata?.deletionTimestamp) continue;
    if (!canAdopt()) continue;
    try {
      const patch = { metadata: { ownerReferences: [newControllerRef(owner)], uid: pod.metadata!.uid, ...(adoptFinalizers?.length ? { finalizers: [...adoptFinalizers] } : {}) } };
      claimed.push(client.patch<T>(childResource, pod.metadata!.namespace, pod.metadata!.name!, 'strategic', patch));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return claimed;
}

/** ReleasePod: removes the controller's reference (a strategic-merge delete by uid). */
function release(client: Client, resource: string, pod: KubeObject, ownerUid: string): void {
  try {
    client.patch(resource, pod.metadata!.namespace, pod.metadata!.name!, 'strategic', { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: pod.metadata!.uid } });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
