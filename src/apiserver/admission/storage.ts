import type { KubeObject } from '../../api/object';
import { pickDefaultClass, BETA_STORAGE_CLASS_ANNOTATION, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER, RESOURCE_PV, RESOURCE_PVC, RESOURCE_STORAGE_CLASS } from '../../api/storage/storage_util';
import type { AdmissionContext, AdmissionPlugin } from '../admission';

/** util.GetDefaultClass over the API server's StorageClasses. */
export function defaultStorageClass(ctx: AdmissionContext): KubeObject | undefined {
  return pickDefaultClass(ctx.list(RESOURCE_STORAGE_CLASS));
}

/**
 * DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault): a PVC created with
 * no storageClassName (absent, not "") and no beta class annotation gets the default class.
 */
export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  handles: (op) => op === 'CREATE',
  mutate(attrs, ctx) {
    if (attrs.subresource || attrs.resource.name !== RESOURCE_PVC || !attrs.object) return;
    const pvc = attrs.object as KubeObject & { spec?: { storageClassName?: string | null } };
    if (pvc.spec?.storageClassName !== undefined && pvc.spec.storageClassName !== null) return;
    if (pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return;
    const def = defaultStorageClass(ctx);
    if (!def) return;
    pvc.spec = { ...(pvc.spec ?? {}), storageClassName: def.metadata!.name };
  },
};

/**
 * StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuseprotection): every
 * new PVC gets kubernetes.io/pvc-protection and every new PV kubernetes.io/pv-protection (fact 169);
 * the protection controllers remove them once nothing uses the object.
 */
export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  handles: (op) => op === 'CREATE',
  mutate(attrs) {
    if (attrs.subresource || !attrs.object) return;
    const finalizer = attrs.resource.name === RESOURCE_PVC ? PVC_PROTECTION_FINALIZER : attrs.resource.name === RESOURCE_PV ? PV_PROTECTION_FINALIZER : undefined;
    if (!finalizer) return;
    const meta = attrs.object.metadata as { finalizers?: string[] };
    if ((meta.finalizers ?? []).includes(finalizer)) return;
    meta.finalizers = [...(meta.finalizers ?? []), finalizer];
  },
};
