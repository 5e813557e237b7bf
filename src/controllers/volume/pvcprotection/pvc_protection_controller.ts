import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { ephemeralVolumeClaimName, ephemeralVolumeIsForPod, podClaimKeys, podNamespace } from '../../../api/storage/ephemeral';
import { PVC_PROTECTION_FINALIZER, RESOURCE_PVC } from '../../../api/storage/storage_util';
import type { SharedIndexInformer } from '../../../client/informer';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { ControllerWiring } from '../../util/wiring';
import { isPodTerminated } from '../common/pod_terminated';
import { isDeletionCandidate, needToAddFinalizer, setFinalizer } from '../common/finalizers';
import { addPodPVCIndexer, POD_PVC_INDEX } from '../common/pod_pvc_index';

type PodObj = Pod & KubeObject;

/**
 * podIsShutDown: deleted with a zero grace period — the kubelet is done with it, or it was
 * force-deleted — so it only waits for garbage collection and no longer holds its ephemeral claims.
 */
function podIsShutDown(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
}

/**
 * podUsesPVC: a scheduled pod whose volumes name the claim uses it, whatever its phase — the
 * claim is protected until such pods are gone (fact 169). An unscheduled pod does not: the kubelet
 * will refuse to start it once the claim is being deleted. A generic ephemeral volume holds its
 * claim only while the pod is not shut down and only if the pod owns the claim.
 */
export function podUsesPVC(pod: Pod, pvc: PersistentVolumeClaim): boolean {
  const ns = pvc.metadata?.namespace ?? 'default';
  if (!pod.spec?.nodeName || podNamespace(pod) !== ns) return false;
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim && v.persistentVolumeClaim.claimName === pvc.metadata?.name) return true;
    if (v.ephemeral && !podIsShutDown(pod) && ephemeralVolumeClaimName(pod, v) === pvc.metadata?.name && ephemeralVolumeIsForPod(pod, pvc) === undefined) return true;
  }
  return false;
}

/**
 * The PVC protection controller, `persistentvolumeclaim-protection-controller`
 * (pkg/controller/volume/pvcprotection, v1.32): keeps `kubernetes.io/pvc-protection` on every
 * live claim and removes it from a deleted claim once no pod uses it, checked against the cache
 * and then against a live list (the cache may not have seen a new pod yet).
 */
export class PVCProtectionController implements Controller {
  readonly name = 'persistentvolumeclaim-protection-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly wiring: ControllerWiring;
  private pvcs!: SharedIndexInformer<PersistentVolumeClaim & KubeObject>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('pvc-protection-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'pvcprotection' });
    this.wiring = new ControllerWiring(ctx.loop);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvcs = this.ctx.informers.forResource<PersistentVolumeClaim & KubeObject>(RESOURCE_PVC);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    addPodPVCIndexer(this.pods);
    const pvcChanged = (pvc: KubeObject) => {
      if (needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) this.queue.add(`${pvc.metadata!.namespace}/${pvc.metadata!.name}`);
    };
    this.wiring.handlers(
      this.pvcs.addEventHandler({ onAdd: pvcChanged, onUpdate: (_o, pvc) => pvcChanged(pvc) }),
      this.pods.addEventHandler({
        onAdd: (p) => this.podChanged(p, false),
        onUpdate: (old, p) => {
          this.podChanged(p, false);
          // A re-created pod of the same name may hide the deletion of the old one.
          if (old.metadata?.uid !== p.metadata?.uid) this.podChanged(old, true);
        },
        onDelete: (p) => this.podChanged(p, true),
      }),
    );
    this.ctx.informers.start();
    this.wiring.worker(this.queue, (key) => this.processPVC(key), this.name);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.wiring.stop();
  }

  /** Only a pod that can no longer hold a claim (gone, finished or unscheduled) can free one. */
  private podChanged(pod: PodObj, deleted: boolean): void {
    if (!deleted && !isPodTerminated(pod) && pod.spec?.nodeName) return;
    for (const key of podClaimKeys(pod)) this.queue.add(key);
  }

  private processPVC(key: string): void {
    const pvc = this.pvcs.lister().get(key);
    if (!pvc) return;
    if (isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) {
      if (!this.isBeingUsed(pvc)) setFinalizer(this.client, RESOURCE_PVC, pvc, PVC_PROTECTION_FINALIZER, false);
      return;
    }
    if (needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER)) setFinalizer(this.client, RESOURCE_PVC, pvc, PVC_PROTECTION_FINALIZER, true);
  }

  private isBeingUsed(pvc: PersistentVolumeClaim & KubeObject): boolean {
    const namespace = pvc.metadata!.namespace!;
    if (this.pods.lister().byIndex(POD_PVC_INDEX, `${namespace}/${pvc.metadata!.name}`).some((p) => podUsesPVC(p, pvc))) return true;
    return this.client.list<PodObj>('pods', { namespace }).items.some((p) => podUsesPVC(p, pvc));
  }
}
