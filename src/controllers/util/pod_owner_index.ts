import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { SharedIndexInformer } from '../../client/informer';
import { getControllerOf } from './controller_ref';

/** controller.PodControllerUIDIndex: pods indexed by their controller's uid. */
export const POD_CONTROLLER_UID_INDEX = 'podControllerUID';
/** controller.OrphanPodIndexKey: where pods without a controller are indexed. */
export const ORPHAN_POD_INDEX_KEY = '_ORPHAN_POD';

type PodObj = Pod & KubeObject;

/** AddPodControllerUIDIndexer: idempotent, so every controller sharing the informer may ask for it. */
export function addPodControllerUIDIndexer(pods: SharedIndexInformer<PodObj>): void {
  if (pods.hasIndex(POD_CONTROLLER_UID_INDEX)) return;
  pods.addIndexers({ [POD_CONTROLLER_UID_INDEX]: (p) => [getControllerOf(p)?.uid ?? ORPHAN_POD_INDEX_KEY] });
}

/**
 * FilterPodsByOwner: the pods `owner` controls, and with `includeOrphans` the pods of its
 * namespace that nobody controls (candidates for adoption) — without listing the namespace.
 */
export function filterPodsByOwner(pods: SharedIndexInformer<PodObj>, owner: KubeObject, includeOrphans: boolean): PodObj[] {
  const ns = owner.metadata!.namespace;
  const lister = pods.lister();
  const out = lister.byIndex(POD_CONTROLLER_UID_INDEX, owner.metadata!.uid!).filter((p) => p.metadata?.namespace === ns);
  if (includeOrphans) for (const p of lister.byIndex(POD_CONTROLLER_UID_INDEX, ORPHAN_POD_INDEX_KEY)) if (p.metadata?.namespace === ns) out.push(p);
  return out;
}
