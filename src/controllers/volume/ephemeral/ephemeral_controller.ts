import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import { isStatusError, type KubeObject } from '../../../api/object';
import { ephemeralVolumeClaimName, ephemeralVolumeIsForPod } from '../../../api/storage/ephemeral';
import { RESOURCE_PVC } from '../../../api/storage/storage_util';
import type { EventRecorder } from '../../../client/event_recorder';
import type { SharedIndexInformer } from '../../../client/informer';
import type { Client } from '../../../client/types';
import { ItemExponentialFailureRateLimiter } from '../../../client/rate_limiter';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { BackgroundRequeue } from '../../util/background_requeue';
import { ControllerWiring } from '../../util/wiring';
import { addPodPVCIndexer, POD_PVC_INDEX } from '../common/pod_pvc_index';

type PodObj = Pod & KubeObject;
type PVCObj = PersistentVolumeClaim & KubeObject;

/**
 * The ephemeral volume controller, `ephemeral-volume-controller`
 * (pkg/controller/volume/ephemeral, v1.32): for each generic ephemeral volume of a pod, creates
 * the claim `<pod>-<volume>` from the volume's claim template, controlled by the pod (so the
 * garbage collector deletes it with the pod). A claim of that name the pod does not own is a
 * conflict, reported on the pod as FailedBinding; the scheduler keeps such a pod unschedulable.
 * Idempotent: an existing owned claim is left alone.
 *
 * A conflict is retried with the workqueue's exponential back-off, as upstream, but on a
 * background timer: a conflict that only a user can resolve is not pending progress, so the
 * cluster still settles; deleting the conflicting claim retries the pod at once.
 */
export class EphemeralVolumeController implements Controller {
  readonly name = 'ephemeral-volume-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly wiring: ControllerWiring;
  /** Conflict retries: the default controller limiter's per-item back-off, on background timers. */
  private readonly backoff = new ItemExponentialFailureRateLimiter(5, 1_000_000);
  private readonly retries: BackgroundRequeue;
  private pods!: SharedIndexInformer<PodObj>;
  private pvcs!: SharedIndexInformer<PVCObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('ephemeral-volume-controller');
    this.recorder = ctx.recorder('ephemeral_volume');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'ephemeral_volume' });
    this.wiring = new ControllerWiring(ctx.loop);
    this.retries = new BackgroundRequeue(ctx.loop, this.queue, 'ephemeral_volume: retry');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    this.pvcs = this.ctx.informers.forResource<PVCObj>(RESOURCE_PVC);
    addPodPVCIndexer(this.pods);
    this.wiring.handlers(
      this.pods.addEventHandler({ onAdd: (p) => this.enqueuePod(p) }),
      // A pod's claim was deleted (by a user, say) while the pod lives, or a conflicting claim
      // went: look at the pods that want a claim of that name.
      this.pvcs.addEventHandler({ onDelete: (pvc) => this.claimDeleted(pvc) }),
    );
    this.ctx.informers.start();
    this.wiring.worker(this.queue, (key) => this.syncPod(key), this.name);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.retries.stop();
    this.wiring.stop();
  }

  private enqueuePod(pod: PodObj): void {
    if (pod.metadata?.deletionTimestamp) return;
    if (!(pod.spec?.volumes ?? []).some((v) => v.ephemeral)) return;
    this.queue.add(`${pod.metadata!.namespace}/${pod.metadata!.name}`);
  }

  private claimDeleted(pvc: PVCObj): void {
    for (const pod of this.pods.lister().byIndex(POD_PVC_INDEX, `${pvc.metadata!.namespace}/${pvc.metadata!.name}`)) this.enqueuePod(pod);
  }

  private syncPod(key: string): void {
    const pod = this.pods.lister().get(key);
    if (!pod || pod.metadata?.deletionTimestamp) return this.forget(key);
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.ephemeral) continue;
      const err = this.handleVolume(pod, v);
      if (err) {
        this.recorder.event(pod, 'Warning', 'FailedBinding', `ephemeral volume ${v.name}: ${err}`);
        this.retries.addAfter(key, this.backoff.when(key));
        return;
      }
    }
    this.forget(key);
  }

  private forget(key: string): void {
    this.retries.cancel(key);
    this.backoff.forget(key);
  }

  /** The claim for one ephemeral volume: made if missing; an error text when it cannot be the pod's. */
  private handleVolume(pod: PodObj, v: Volume): string | undefined {
    const name = ephemeralVolumeClaimName(pod, v);
    const ns = pod.metadata!.namespace!;
    const existing = this.pvcs.lister().get(`${ns}/${name}`);
    if (existing) return ephemeralVolumeIsForPod(pod, existing);
    const template = v.ephemeral?.volumeClaimTemplate;
    const pvc: PVCObj = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: ns,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, uid: pod.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
        annotations: template?.metadata?.annotations ? { ...template.metadata.annotations } : undefined,
        labels: template?.metadata?.labels ? { ...template.metadata.labels } : undefined,
      },
      spec: template?.spec ? structuredClone(template.spec) : {},
    } as PVCObj;
    try {
      this.client.create<PVCObj>(RESOURCE_PVC, pvc);
    } catch (e) {
      // AlreadyExists too: the claim appeared meanwhile; the retry checks whose it is.
      if (isStatusError(e)) return `create PVC ${name}: ${e.message}`;
      throw e;
    }
    return undefined;
  }
}
