import type { PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../../../api/object';
import type { Handle } from '../../framework/interface';

/**
 * Storage lookups shared by the volume plugins (upstream k8s.io/component-helpers/storage/volume and
 * the informer listers the plugins hold). Plugins read PVCs, PVs and StorageClasses only through the
 * Handle's informer caches; a missing object reads as `undefined`, and the `*NotFound` helpers give
 * the text a real lister's NotFound error carries, which upstream surfaces as the status message.
 */

export * from '../../../api/storage/storage_util';
import { RESOURCE_PV, RESOURCE_PVC, RESOURCE_STORAGE_CLASS } from '../../../api/storage/storage_util';

export const pvcNotFound = (name: string): string => `persistentvolumeclaim "${name}" not found`;
export const pvNotFound = (name: string): string => `persistentvolume "${name}" not found`;
export const storageClassNotFound = (name: string): string => `storageclass.storage.k8s.io "${name}" not found`;

export function getPVC(handle: Handle, namespace: string, name: string): PersistentVolumeClaim | undefined {
  return handle.get<KubeObject>(RESOURCE_PVC, namespace, name) as PersistentVolumeClaim | undefined;
}

export function getPV(handle: Handle, name: string): PersistentVolume | undefined {
  return handle.get<KubeObject>(RESOURCE_PV, undefined, name) as PersistentVolume | undefined;
}

export function getStorageClass(handle: Handle, name: string): StorageClass | undefined {
  return handle.get<KubeObject>(RESOURCE_STORAGE_CLASS, undefined, name) as StorageClass | undefined;
}

export { ephemeralVolumeClaimName, ephemeralVolumeIsForPod, podNamespace } from '../../../api/storage/ephemeral';
