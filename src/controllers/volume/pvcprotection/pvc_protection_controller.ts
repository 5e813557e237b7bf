import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { PVC_PROTECTION_FINALIZER, RESOURCE_PVC } from '../../../api/storage/storage_util';
import type { HandlerRegistration, SharedIndexInformer } from '../../../client/informer';
import { QueueWorker } from '../../../client/queue_worker';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { isDeletionCandidate, needToAddFinalizer, setFinalizer } from '../common/finalizers';
import { addPodPVCIndexer, podClaimKeys, POD_PVC_INDEX } from '../common/pod_pvc_index';

type PodObj = Pod & KubeObject;

/**
 * podUsesPVC: a scheduled pod whose volumes name the claim uses it, whatever its phase — the
 * claim is protected until such pods are gone (fact 169). An unscheduled pod does not: the kubelet
 * will refuse to start it once the claim is being deleted.
 */
export function podUsesPVC(pod: Pod, namespace: string, name: string): boolean {
  if (!pod.spec?.nodeName || (pod.metadata?.namespace ?? 'default') !== namespace) return false;
  return podClaimKeys(pod).includes(`${namespace}/${name}`);
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
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private pvcs!: SharedIndexInformer<KubeObject>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('pvc-protection-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'pvcprotection' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvcs = this.ctx.informers.forResource<KubeObject>(RESOURCE_PVC);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    addPodPVCIndexer(this.pods);
    const pvcChanged = (pvc: KubeObject) => {
      if (needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) this.queue.add(`${pvc.metadata!.namespace}/${pvc.metadata!.name}`);
    };
    this.registrations.push(
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
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.processPVC(key), { name: this.name });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    this.queue.shutDown();
  }

  /** Only a pod that can no longer hold a claim (gone, finished or unscheduled) can free one. */
  private podChanged(pod: PodObj, deleted: boolean): void {
    const terminated = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (!deleted && !terminated && pod.spec?.nodeName) return;
    for (const key of podClaimKeys(pod)) this.queue.add(key);
  }

  private processPVC(key: string): void {
    const pvc = this.pvcs.lister().get(key);
    if (!pvc) return;
    const ns = pvc.metadata!.namespace!;
    const name = pvc.metadata!.name!;
    if (isDeletionCandidate(pvc, PVC_PROTECTION_FINALIZER)) {
      if (!this.isBeingUsed(ns, name)) setFinalizer(this.client, RESOURCE_PVC, pvc, PVC_PROTECTION_FINALIZER, false);
      return;
    }
    if (needToAddFinalizer(pvc, PVC_PROTECTION_FINALIZER)) setFinalizer(this.client, RESOURCE_PVC, pvc, PVC_PROTECTION_FINALIZER, true);
  }

  private isBeingUsed(namespace: string, name: string): boolean {
    if (this.pods.lister().byIndex(POD_PVC_INDEX, `${namespace}/${name}`).some((p) => podUsesPVC(p, namespace, name))) return true;
    return this.client.list<PodObj>('pods', { namespace }).items.some((p) => podUsesPVC(p, namespace, name));
  }
}
