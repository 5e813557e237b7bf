import type { KubeObject } from '../api/object';
import { crdToResourceInfo } from '../api/resources';
import type { ResourceInfo } from '../api/resources';
import type { ApiServer } from './apiserver';
import { status } from './errors';

const CRD = 'customresourcedefinitions.apiextensions.k8s.io';

/** The finalizer the CRD REST storage adds on DELETE; the CRD finalizer controller removes it. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * What the apiextensions-apiserver does around CustomResourceDefinitions, folded into the server:
 * an accepted CRD makes its kind servable at once (conditions NamesAccepted and Established, as the
 * naming and establishing controllers set them); a DELETE marks the CRD Terminating with the
 * cleanup finalizer (the CRD finalizer controller then deletes the instances and removes it); the
 * kind stops being served when the CRD object is gone.
 */
export class CrdHooks {
  constructor(private readonly server: ApiServer) {}

  afterWrite(info: ResourceInfo, obj: KubeObject): void {
    if (info.name !== CRD || obj.metadata?.deletionTimestamp) return;
    const served = crdToResourceInfo(obj);
    const existing = this.server.registry.byName(served.name);
    if (existing && !existing.crd) return; // never shadow a built-in kind
    this.server.registry.register(served);
    const status = (obj.status ?? {}) as { conditions?: { type: string; status: string }[] };
    const established = status.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    if (established) return;
    const names = (obj.spec as { names: Record<string, unknown> }).names;
    const at = this.server.timestamp();
    const condition = (type: string, reason: string, message: string) => ({
      type,
      status: 'True',
      lastTransitionTime: at,
      reason,
      message,
    });
    this.server.update('apiextensions-apiserver', CRD, {
      ...obj,
      status: {
        conditions: [
          condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
          condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
        ],
        acceptedNames: names,
        storedVersions: (obj.spec as { versions: { name: string; storage?: boolean }[] }).versions.filter((v) => v.storage).map((v) => v.name),
      },
    }, 'status');
  }

  /**
   * The CRD storage's Delete: the first DELETE adds the cleanup finalizer and the Terminating
   * condition (InstanceDeletionPending) to `obj`, which the server then stores as being deleted.
   */
  beforeDelete(info: ResourceInfo, obj: KubeObject): void {
    if (info.name !== CRD || obj.metadata?.deletionTimestamp) return;
    const meta = obj.metadata!;
    if (!(meta.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) meta.finalizers = [...(meta.finalizers ?? []), CRD_CLEANUP_FINALIZER];
    const status = (obj.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'Terminating');
    conditions.push({
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: this.server.timestamp(),
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    });
    obj.status = { ...status, conditions };
  }

  /** A custom resource cannot be created while its CRD is terminating (405, as upstream). */
  checkCreate(info: ResourceInfo): void {
    if (!info.crd) return;
    const crd = this.server.store.range(`/registry/apiextensions.k8s.io/customresourcedefinitions/${info.name}`).kvs[0]?.value;
    if (crd?.metadata?.deletionTimestamp) {
      throw status(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
    }
  }

  afterRemove(info: ResourceInfo, obj: KubeObject): void {
    if (info.name !== CRD) return;
    const served = crdToResourceInfo(obj);
    if (this.server.registry.byName(served.name)?.crd) this.server.registry.unregister(served.name);
  }
}
