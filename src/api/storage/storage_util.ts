import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';

/**
 * Storage names and class lookups shared by the scheduler's volume plugins, the PV controller and
 * the admission plugins (upstream k8s.io/component-helpers/storage/volume and storagehelpers).
 */

export const RESOURCE_PVC = 'persistentvolumeclaims';
export const RESOURCE_PV = 'persistentvolumes';
export const RESOURCE_STORAGE_CLASS = 'storageclasses.storage.k8s.io';
export const RESOURCE_CSI_NODE = 'csinodes.storage.k8s.io';

/** v1.BetaStorageClassAnnotation, still honoured before spec.storageClassName. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
/** The PVC annotation that asks the provisioner to create a volume reachable from this node. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** Set by the PV controller once a PVC's binding is complete. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** Set on a PV (or PVC) when the binding was made by a controller rather than by the user. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** In-tree volume plugins carry this prefix; any other provisioner name is an external provisioner. */
export const IN_TREE_PLUGIN_PREFIX = 'kubernetes.io/';
/** A StorageClass provisioner meaning "no dynamic provisioning" (local volumes). */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

/** Where the PV controller says which provisioner should create a claim's volume (and its beta twin). */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a dynamically provisioned PV: the provisioner that made it. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** On a StorageClass: the cluster's default class. */
export const IS_DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Protection finalizers (fact 169). */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** Upstream storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over the field; '' for none. */
export function getPersistentVolumeClaimClass(pvc: PersistentVolumeClaim): string {
  const ann = pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (ann !== undefined) return ann;
  return pvc.spec?.storageClassName ?? '';
}

/** Upstream storagehelpers.GetPersistentVolumeClass. */
export function getPersistentVolumeClass(pv: PersistentVolume): string {
  const ann = pv.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (ann !== undefined) return ann;
  return pv.spec?.storageClassName ?? '';
}

const BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/**
 * util.GetDefaultClass: of the StorageClasses marked default (`is-default-class: "true"`, or its
 * beta twin), the newest, then by name; undefined when none is.
 */
export function pickDefaultClass<T extends { metadata?: { name?: string; creationTimestamp?: string; annotations?: Record<string, string> } }>(classes: readonly T[]): T | undefined {
  const defaults = classes.filter((sc) => sc.metadata?.annotations?.[IS_DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true' || sc.metadata?.annotations?.[BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
  return defaults[0];
}

/** storagehelpers.PersistentVolumeClaimHasClass: the claim names a class (even ""), by field or beta annotation. */
export function persistentVolumeClaimHasClass(pvc: PersistentVolumeClaim): boolean {
  if (pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return true;
  return pvc.spec?.storageClassName !== undefined && pvc.spec.storageClassName !== null;
}
