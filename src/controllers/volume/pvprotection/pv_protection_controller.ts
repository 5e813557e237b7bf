import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { PV_PROTECTION_FINALIZER, RESOURCE_PV } from '../../../api/storage/storage_util';
import type { HandlerRegistration, SharedIndexInformer } from '../../../client/informer';
import { QueueWorker } from '../../../client/queue_worker';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { isDeletionCandidate, needToAddFinalizer, setFinalizer } from '../common/finalizers';

type PVObj = PersistentVolume & KubeObject;

/**
 * The PV protection controller, `persistentvolume-protection-controller`
 * (pkg/controller/volume/pvprotection, v1.32): keeps `kubernetes.io/pv-protection` on every live
 * volume and removes it from a deleted volume once it is not Bound (fact 169).
 */
export class PVProtectionController implements Controller {
  readonly name = 'persistentvolume-protection-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly registrations: HandlerRegistration[] = [];
  private worker: QueueWorker | undefined;
  private pvs!: SharedIndexInformer<PVObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('pv-protection-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'pvprotection' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvs = this.ctx.informers.forResource<PVObj>(RESOURCE_PV);
    const changed = (pv: PVObj) => {
      if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER) || isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) this.queue.add(pv.metadata!.name!);
    };
    this.registrations.push(this.pvs.addEventHandler({ onAdd: changed, onUpdate: (_o, pv) => changed(pv) }));
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.processPV(key), { name: this.name });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    this.queue.shutDown();
  }

  private processPV(name: string): void {
    const pv = this.pvs.lister().get(name);
    if (!pv) return;
    if (isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) {
      // isBeingUsed: a Bound volume is in use; any other phase may go.
      if (pv.status?.phase !== 'Bound') setFinalizer(this.client, RESOURCE_PV, pv, PV_PROTECTION_FINALIZER, false);
      return;
    }
    if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER)) setFinalizer(this.client, RESOURCE_PV, pv, PV_PROTECTION_FINALIZER, true);
  }
}
