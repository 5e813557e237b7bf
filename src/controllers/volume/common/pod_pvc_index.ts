import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import type { SharedIndexInformer } from '../../../client/informer';
import { ephemeralVolumeClaimName } from '../../../api/storage/ephemeral';

/** common.PodPVCIndex: pods indexed by the `namespace/name` of each claim their volumes use. */
export const POD_PVC_INDEX = 'pod-pvc-index';

type PodObj = Pod & KubeObject;

/**
 * The claims a pod's volumes name (persistentVolumeClaim volumes, and generic ephemeral volumes,
 * whose claim is `<pod>-<volume>`), as `namespace/name` keys.
 */
export function podClaimKeys(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const keys: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) keys.push(`${ns}/${v.persistentVolumeClaim.claimName}`);
    else if (v.ephemeral) keys.push(`${ns}/${ephemeralVolumeClaimName(pod, v)}`);
  }
  return keys;
}

/** AddPodPVCIndexerIfNotPresent: idempotent, so the controllers sharing the pod informer may all ask. */
export function addPodPVCIndexer(pods: SharedIndexInformer<PodObj>): void {
  if (pods.hasIndex(POD_PVC_INDEX)) return;
  pods.addIndexers({ [POD_PVC_INDEX]: (p) => podClaimKeys(p) });
}
