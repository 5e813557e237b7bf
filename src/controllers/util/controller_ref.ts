import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';

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
