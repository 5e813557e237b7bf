import { rfc3339 } from '../../api/time';
import type { KubeObject } from '../../api/object';
import { isConflict, isNotFound } from '../../api/object';
import { crdToResourceInfo } from '../../api/resources';
import { CRD_CLEANUP_FINALIZER } from '../../apiserver/crd';
import { QueueWorker } from '../../client/queue_worker';
import type { ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';

const CRDS = 'customresourcedefinitions.apiextensions.k8s.io';
/** How often the controller looks again while instances remain (upstream polls every 5s). */
const POLL_MS = 5_000;

type Condition = { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string };

/**
 * The apiextensions-apiserver's CRD finalizer controller (pkg/controller/finalizer): for a CRD being
 * deleted with the `customresourcecleanup.apiextensions.k8s.io` finalizer, it marks the CRD
 * Terminating/InstanceDeletionInProgress, deletes every instance, waits until none is left (objects
 * with finalizers of their own keep it waiting), then sets InstanceDeletionCompleted and removes the
 * finalizer, which lets the CRD go. Level-triggered on the CRD's name; idempotent.
 */
export class CrdFinalizer implements Controller {
  readonly name = 'crd-finalizer';
  private readonly client: Client;
  private readonly queue: RateLimitingQueue;
  private worker?: QueueWorker;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('apiextensions-apiserver');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'crd_finalizer' });
  }

  start(): void {
    const enqueue = (crd: KubeObject) => {
      if (crd.metadata?.deletionTimestamp && (crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) this.queue.add(crd.metadata.name!);
    };
    this.ctx.informers.forResource(CRDS).addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.reconcile(key), { name: this.name });
  }

  stop(): void {
    this.worker?.stop();
  }

  reconcile(name: string): ReconcileResult {
    let crd: KubeObject;
    try {
      crd = this.client.get(CRDS, undefined, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!crd.metadata?.deletionTimestamp || !(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) return;
    crd = this.setTerminating(crd, 'InstanceDeletionInProgress', 'CustomResource deletion is in progress');
    const resource = crdToResourceInfo(crd).name;
    let remaining: KubeObject[] = [];
    try {
      for (const item of this.client.list(resource).items) {
        if (item.metadata?.deletionTimestamp) continue;
        try {
          this.client.delete(resource, item.metadata?.namespace, item.metadata!.name!, { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      remaining = this.client.list(resource).items;
    } catch (e) {
      if (!isNotFound(e)) throw e; // the kind is no longer served: nothing left to delete
    }
    // Instances with finalizers of their own keep the CRD waiting; look again after the poll
    // interval. (The condition stays InstanceDeletionInProgress: rewriting it each pass would wake
    // this controller again at once.)
    if (remaining.length) return { requeueAfterMs: POLL_MS };
    crd = this.setTerminating(crd, 'InstanceDeletionCompleted', 'removed all instances');
    try {
      this.client.patch(CRDS, undefined, name, 'merge', {
        metadata: { finalizers: (crd.metadata!.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER), resourceVersion: crd.metadata!.resourceVersion },
      });
    } catch (e) {
      if (isConflict(e)) return { requeue: true };
      if (!isNotFound(e)) throw e;
    }
  }

  /** Writes the Terminating condition (status True) with `reason`, unless it already says so. */
  private setTerminating(crd: KubeObject, reason: string, message: string): KubeObject {
    const status = (crd.status ?? {}) as { conditions?: Condition[] };
    const current = (status.conditions ?? []).find((c) => c.type === 'Terminating');
    if (current?.reason === reason && current.message === message) return crd;
    const condition: Condition = { type: 'Terminating', status: 'True', lastTransitionTime: current?.status === 'True' ? current.lastTransitionTime : this.timestamp(), reason, message };
    const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'Terminating'), condition];
    return this.client.updateStatus(CRDS, { ...crd, status: { ...status, conditions } });
  }

  private timestamp(): string {
    return rfc3339(this.ctx.epochMs, this.ctx.loop.now);
  }
}
