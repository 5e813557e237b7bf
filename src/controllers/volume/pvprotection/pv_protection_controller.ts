import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { PV_PROTECTION_FINALIZER, RESOURCE_PV } from '../../../api/storage/storage_util';
import type { SharedIndexInformer } from '../../../client/informer';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { ControllerWiring } from '../../util/wiring';
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
  private readonly wiring: ControllerWiring;
  private pvs!: SharedIndexInformer<PVObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('pv-protection-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'pvprotection' });
    this.wiring = new ControllerWiring(ctx.loop);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvs = this.ctx.informers.forResource<PVObj>(RESOURCE_PV);
    const changed = (pv: PVObj) => {
      if (needToAddFinalizer(pv, PV_PROTECTION_FINALIZER) || isDeletionCandidate(pv, PV_PROTECTION_FINALIZER)) this.queue.add(pv.metadata!.name!);
    };
    this.wiring.handlers(this.pvs.addEventHandler({ onAdd: changed, onUpdate: (_o, pv) => changed(pv) }));
    this.ctx.informers.start();
    this.wiring.worker(this.queue, (key) => this.processPV(key), this.name);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.wiring.stop();
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
