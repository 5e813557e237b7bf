import type { HandlerRegistration } from '../../client/informer';
import { QueueWorker, type Reconcile } from '../../client/queue_worker';
import type { RateLimitingQueue } from '../../client/workqueue';
import type { Loop, Timer } from '../../sim/loop';

/**
 * What a running controller holds — informer handler registrations, queue workers, periodic
 * timers — so that `stop()` releases all of it in one call and leaves no task or watch behind
 * (the Controller contract). One per controller; `start` adds to it, `stop` empties it.
 */
export class ControllerWiring {
  private readonly registrations: HandlerRegistration[] = [];
  private readonly workers: QueueWorker[] = [];
  private readonly queues: RateLimitingQueue[] = [];
  private readonly timers: Timer[] = [];

  constructor(private readonly loop: Loop) {}

  handlers(...regs: HandlerRegistration[]): void {
    this.registrations.push(...regs);
  }

  /** A worker reconciling the queue's keys; the queue is shut down on stop. */
  worker(queue: RateLimitingQueue, reconcile: Reconcile, name: string): QueueWorker {
    const w = new QueueWorker(this.loop, queue, reconcile, { name });
    this.workers.push(w);
    this.queues.push(queue);
    return w;
  }

  timer(t: Timer): void {
    this.timers.push(t);
  }

  /** The last error of each key whose last reconcile failed, over all workers. */
  lastErrors(): Map<string, unknown> {
    return new Map(this.workers.flatMap((w) => [...w.lastErrors]));
  }

  stop(): void {
    for (const t of this.timers.splice(0)) t.cancel();
    for (const w of this.workers.splice(0)) w.stop();
    for (const r of this.registrations.splice(0)) r.remove();
    for (const q of this.queues.splice(0)) q.shutDown();
  }
}
