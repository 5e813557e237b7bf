import type { KubeObject } from '../api/object';
import { crdToResourceInfo } from '../api/resources';
import type { ResourceInfo } from '../api/resources';
import type { ApiServer } from './apiserver';

const CRD = 'customresourcedefinitions.apiextensions.k8s.io';

/**
 * What the apiextensions-apiserver does around CustomResourceDefinitions, folded into the server:
 * an accepted CRD makes its kind servable at once (conditions NamesAccepted and Established, as the
 * naming and establishing controllers set them), and a deleted CRD takes its instances with it
 * (the customresourcecleanup finalizer's work) before the kind stops being served.
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

  afterRemove(info: ResourceInfo, obj: KubeObject): void {
    if (info.name !== CRD) return;
    const served = crdToResourceInfo(obj);
    const current = this.server.registry.byName(served.name);
    if (!current?.crd) return;
    for (const item of this.server.list(served.name).items) {
      this.server.delete('apiextensions-apiserver', served.name, item.metadata?.namespace, item.metadata!.name!);
    }
    this.server.registry.unregister(served.name);
  }
}
