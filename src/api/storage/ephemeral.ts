import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';

/**
 * The claims a pod's volumes use, and generic ephemeral volumes (k8s.io/component-helpers/storage/ephemeral);
 * shared by the scheduler, the kubelet and the volume controllers.
 */

export function podNamespace(pod: Pod): string {
  return pod.metadata?.namespace ?? 'default';
}

/** Upstream ephemeral.VolumeClaimName: the PVC a generic ephemeral volume gets is `<pod>-<volume>`. */
export function ephemeralVolumeClaimName(pod: Pod, volume: Volume): string {
  return `${pod.metadata?.name ?? ''}-${volume.name}`;
}

/**
 * Upstream ephemeral.VolumeIsForPod: the PVC of a generic ephemeral volume must be controlled by the
 * pod, otherwise another object's claim happens to have the computed name. Returns the error text.
 */
export function ephemeralVolumeIsForPod(pod: Pod, pvc: PersistentVolumeClaim): string | undefined {
  const owner = (pvc.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if ((pvc.metadata?.namespace ?? 'default') !== podNamespace(pod) || !owner || owner.uid !== pod.metadata?.uid) {
    return `PVC ${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''} was not created for pod ${podNamespace(pod)}/${pod.metadata?.name ?? ''} (pod is not owner)`;
  }
  return undefined;
}

/**
 * The claims a pod's volumes name, as `namespace/name` keys: persistentVolumeClaim volumes, and
 * generic ephemeral volumes, whose claim is `<pod>-<volume>` (common.PodPVCIndexFunc).
 */
export function podClaimKeys(pod: Pod): string[] {
  const ns = podNamespace(pod);
  const keys: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) keys.push(`${ns}/${v.persistentVolumeClaim.claimName}`);
    else if (v.ephemeral) keys.push(`${ns}/${ephemeralVolumeClaimName(pod, v)}`);
  }
  return keys;
}
