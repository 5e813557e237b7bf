import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import type { SharedIndexInformer } from '../../../client/informer';
import { podClaimKeys } from '../../../api/storage/ephemeral';

/** common.PodPVCIndex: pods indexed by the `namespace/name` of each claim their volumes use. */
export const POD_PVC_INDEX = 'pod-pvc-index';

type PodObj = Pod & KubeObject;

/** AddPodPVCIndexerIfNotPresent: idempotent, so the controllers sharing the pod informer may all ask. */
export function addPodPVCIndexer(pods: SharedIndexInformer<PodObj>): void {
  if (pods.hasIndex(POD_PVC_INDEX)) return;
  pods.addIndexers({ [POD_PVC_INDEX]: (p) => podClaimKeys(p) });
}
