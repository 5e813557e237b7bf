import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import type { Lister } from '../../client/lister';

/** metav1.GetControllerOf: the owner reference with `controller: true`, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef: the reference a controller puts on what it creates (blocking foreground deletion). */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata!.name!,
    uid: owner.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * resolveControllerRef: the object of `kind` (in API group `group`, `apps` unless told) that `obj`'s
 * controller reference names in `namespace`, if the lister has it and it is the same object (same uid).
 */
export function resolveControllerRef<T extends KubeObject>(lister: Lister<T>, kind: string, namespace: string, obj: KubeObject, group = 'apps'): T | undefined {
  const ref = getControllerOf(obj);
  if (!ref || ref.kind !== kind || !ref.apiVersion?.startsWith(`${group}/`)) return undefined;
  const owner = lister.namespace(namespace).get(ref.name);
  return owner && owner.metadata?.uid === ref.uid ? owner : undefined;
}

/** The objects in `obj`'s namespace whose selector matches its labels: the candidates to adopt an orphan. */
export function selectingOwners<T extends KubeObject>(lister: Lister<T>, obj: KubeObject, selects: (owner: T, labels: Record<string, string>) => boolean): T[] {
  const labels = obj.metadata?.labels ?? {};
  return lister
    .namespace(obj.metadata!.namespace!)
    .list()
    .filter((owner) => selects(owner, labels));
}
