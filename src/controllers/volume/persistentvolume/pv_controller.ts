import { isNotFound, type KubeObject } from '../../../api/object';
import { RESOURCE_PV, RESOURCE_PVC, RESOURCE_STORAGE_CLASS } from '../../../api/storage/storage_util';
import type { EventRecorder } from '../../../client/event_recorder';
import type { SharedIndexInformer } from '../../../client/informer';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { ControllerWiring } from '../../util/wiring';
import { addPodPVCIndexer, POD_PVC_INDEX } from '../common/pod_pvc_index';
import { claimKey, type ClassObj, type PodObj, type PVControllerContext, type PVCObj, type PVObj } from './context';
import { syncClaim } from './sync_claim';
import { syncVolume } from './sync_volume';

/** --pvclaimbinder-sync-period: every claim and volume is synced this often. */
export const PV_CLAIM_BINDER_SYNC_PERIOD_MS = 15_000;

/**
 * The PersistentVolume controller, `persistentvolume-binder-controller`
 * (pkg/controller/volume/persistentvolume, v1.32): binds claims to volumes, asks provisioners for
 * volumes, moves volumes through Available/Bound/Released/Failed and reclaims released ones
 * (facts 162–168). Two queues (claims by `namespace/name`, volumes by name); handlers only enqueue,
 * `syncClaim`/`syncVolume` re-read the newest known objects and are idempotent. A periodic resync
 * re-queues everything: that is how a claim finds a volume created after it, as upstream (so a
 * static PV made for a waiting claim binds within one sync period). The resync timer is background
 * work, like a heartbeat: a cluster with a pending claim still settles.
 */
export class PersistentVolumeController implements Controller, PVControllerContext {
  readonly name = 'persistentvolume-binder-controller';
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly claimQueue: RateLimitingQueue;
  readonly volumeQueue: RateLimitingQueue;
  private readonly writtenVolumes = new Map<string, PVObj>();
  private readonly writtenClaims = new Map<string, PVCObj>();
  private readonly wiring: ControllerWiring;
  private pvs!: SharedIndexInformer<PVObj>;
  private pvcs!: SharedIndexInformer<PVCObj>;
  private classes!: SharedIndexInformer<ClassObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('persistent-volume-binder');
    this.recorder = ctx.recorder('persistentvolume-controller');
    this.claimQueue = new RateLimitingQueue(ctx.loop, { name: 'claims' });
    this.volumeQueue = new RateLimitingQueue(ctx.loop, { name: 'volumes' });
    this.wiring = new ControllerWiring(ctx.loop);
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.wiring.lastErrors();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvs = this.ctx.informers.forResource<PVObj>(RESOURCE_PV);
    this.pvcs = this.ctx.informers.forResource<PVCObj>(RESOURCE_PVC);
    this.classes = this.ctx.informers.forResource<ClassObj>(RESOURCE_STORAGE_CLASS);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    addPodPVCIndexer(this.pods);
    this.wiring.handlers(
      this.pvs.addEventHandler({
        onAdd: (pv) => this.volumeQueue.add(pv.metadata!.name!),
        onUpdate: (_old, pv) => this.volumeQueue.add(pv.metadata!.name!),
        onDelete: (pv) => {
          this.writtenVolumes.delete(pv.metadata!.name!);
          // Its claim learns it is Lost now rather than at the next resync.
          const ref = pv.spec?.claimRef;
          if (ref?.name) this.claimQueue.add(`${ref.namespace ?? ''}/${ref.name}`);
        },
      }),
      this.pvcs.addEventHandler({
        onAdd: (pvc) => this.claimQueue.add(claimKey(pvc)),
        onUpdate: (_old, pvc) => this.claimQueue.add(claimKey(pvc)),
        onDelete: (pvc) => {
          this.writtenClaims.delete(claimKey(pvc));
          // Its volume is released now rather than at the next resync.
          if (pvc.spec?.volumeName) this.volumeQueue.add(pvc.spec.volumeName);
        },
      }),
    );
    this.ctx.informers.start();
    this.wiring.worker(this.claimQueue, (key) => this.syncClaimKey(key), `${this.name}: claims`);
    this.wiring.worker(this.volumeQueue, (key) => this.syncVolumeKey(key), `${this.name}: volumes`);
    this.wiring.timer(this.ctx.loop.every(PV_CLAIM_BINDER_SYNC_PERIOD_MS, () => this.resyncAll(), { background: true, label: 'persistentvolume-binder: resync' }));
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.wiring.stop();
  }

  private resyncAll(): void {
    for (const pvc of this.pvcs.lister().list()) this.claimQueue.add(claimKey(pvc));
    for (const pv of this.pvs.lister().list()) this.volumeQueue.add(pv.metadata!.name!);
  }

  private syncClaimKey(key: string): void {
    const claim = this.claim(key);
    if (claim) syncClaim(this, claim);
  }

  private syncVolumeKey(name: string): void {
    const volume = this.volume(name);
    if (volume) syncVolume(this, volume);
  }

  // ---- PVControllerContext ----------------------------------------------------------------------

  volume(name: string): PVObj | undefined {
    return newest(this.pvs.lister().get(name), this.writtenVolumes, name);
  }

  volumes(): PVObj[] {
    return this.pvs.lister().list().map((pv) => newest(pv, this.writtenVolumes, pv.metadata!.name!)!);
  }

  claim(key: string): PVCObj | undefined {
    return newest(this.pvcs.lister().get(key), this.writtenClaims, key);
  }

  storageClass(name: string): ClassObj | undefined {
    return this.classes.lister().get(name);
  }

  storageClasses(): ClassObj[] {
    return this.classes.lister().list();
  }

  liveClaim(namespace: string, name: string): PVCObj | undefined {
    try {
      return this.client.get<PVCObj>(RESOURCE_PVC, namespace, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  podsUsingClaim(key: string): PodObj[] {
    return this.pods.lister().byIndex(POD_PVC_INDEX, key);
  }

  storeVolume(pv: PVObj): PVObj {
    this.writtenVolumes.set(pv.metadata!.name!, pv);
    return pv;
  }

  storeClaim(pvc: PVCObj): PVCObj {
    this.writtenClaims.set(claimKey(pvc), pvc);
    return pvc;
  }

  enqueueClaim(key: string): void {
    this.claimQueue.add(key);
  }
}

function rv(obj: KubeObject): number {
  return Number(obj.metadata?.resourceVersion ?? 0);
}

/**
 * The informer's object, or the controller's own later write of it. An object the informer no
 * longer has is gone, whatever was written; a write the informer has caught up with is dropped.
 */
function newest<T extends KubeObject>(cached: T | undefined, written: Map<string, T>, key: string): T | undefined {
  const w = written.get(key);
  if (!cached) return undefined;
  if (!w) return cached;
  if (rv(w) > rv(cached) && w.metadata?.uid === cached.metadata?.uid) return w;
  written.delete(key);
  return cached;
}
