import { BackgroundRequeue } from '../util/background_requeue';
import type { Job } from 'kubernetes-types/batch/v1';
import { isNotFound, type KubeObject } from '../../api/object';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { finishedCondition } from '../job/conditions';

const JOBS = 'jobs.batch';
type JobObj = Job & KubeObject;

/** needsCleanup: a finished Job with spec.ttlSecondsAfterFinished. */
export function needsCleanup(job: Job): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && finishedCondition(job) !== undefined;
}

/**
 * timeLeft: how long (ms) until the Job's TTL runs out, counted from the lastTransitionTime of its
 * Complete or Failed condition; undefined when it does not need cleanup. A finish time in the
 * future (clock skew) counts from then, as upstream.
 */
export function ttlTimeLeft(job: Job, nowMs: number): number | undefined {
  if (!needsCleanup(job)) return undefined;
  const finished = finishedCondition(job)!.lastTransitionTime;
  const finishAt = finished ? Date.parse(finished) : nowMs;
  return finishAt + job.spec!.ttlSecondsAfterFinished! * 1000 - nowMs;
}

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished, v1.32): deletes a finished
 * Job `ttlSecondsAfterFinished` after it finished, with Foreground propagation (its pods go first)
 * and a UID precondition, after re-reading it from the API server in case the TTL changed. It
 * records no events. The wait is a background timer: a Job waiting for its TTL is not pending work.
 */
export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly registrations: HandlerRegistration[] = [];
  private readonly timers: BackgroundRequeue;
  private worker: QueueWorker | undefined;
  private jobs!: SharedIndexInformer<JobObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('ttl-after-finished-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'ttl_jobs_to_delete' });
    this.timers = new BackgroundRequeue(ctx.loop, this.queue, `${this.name}: ttl of`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.jobs = this.ctx.informers.forResource<JobObj>(JOBS);
    const maybe = (job: JobObj) => {
      if (!job.metadata?.deletionTimestamp && needsCleanup(job)) this.queue.add(keyOf(job));
    };
    this.registrations.push(this.jobs.addEventHandler({ onAdd: maybe, onUpdate: (_old, cur) => maybe(cur) }));
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    this.timers.stop();
    this.queue.shutDown();
  }

  /** processJob: delete the Job once its TTL is up (checked again on a fresh read). */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const job = this.jobs.lister().namespace(namespace ?? '').get(name);
    if (!job || !this.expired(key, job)) return;
    let fresh: JobObj;
    try {
      fresh = this.client.get<JobObj>(JOBS, namespace, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!this.expired(key, fresh)) return;
    try {
      this.client.delete(JOBS, namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata!.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** processTTL: true when the TTL has run out; otherwise the Job is looked at again when it will. */
  private expired(key: string, job: JobObj): boolean {
    if (job.metadata?.deletionTimestamp) return false;
    const left = ttlTimeLeft(job, this.ctx.epochMs + this.ctx.loop.now);
    if (left === undefined) return false;
    if (left <= 0) return true;
    this.timers.addAfter(key, left);
    return false;
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}
