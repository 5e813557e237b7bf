import type { Loop, Timer } from '../sim/loop';
import type { RateLimitingQueue } from './workqueue';

/**
 * What a reconcile asks for after it ran (controller-runtime `reconcile.Result`):
 * nothing (done: the key's failures are forgotten), `requeueAfterMs` (forget, then add again after
 * that delay), or `requeue: true` (add again, rate-limited, like a failure without an error).
 */
export type ReconcileResult = { requeue?: boolean; requeueAfterMs?: number } | void;

/** Level-triggered: gets only a key (`namespace/name` or `name`), re-reads state from listers. */
export type Reconcile = (key: string) => ReconcileResult;

export interface QueueWorkerOptions {
  /** The controller's name; labels the loop tasks. */
  name: string;
  /**
   * How many keys may be in flight at once (client-go's worker count). Reconciles are synchronous,
   * so this only sets how many processing tasks may be queued on the loop together.
   */
  workers?: number;
  /** Called with every error a reconcile throws, after the key was re-added rate-limited. */
  onError?: (key: string, err: unknown) => void;
  /** Start processing at once (default). When false, call `start()`. */
  start?: boolean;
}

/**
 * Drives a `RateLimitingQueue` as controller-runtime's controller does (`processNextWorkItem`,
 * `reconcileHandler`): take a key, reconcile it, then
 * - thrown error: `addRateLimited(key)` and report the error;
 * - `requeueAfterMs > 0`: `forget(key)` and `addAfter(key, requeueAfterMs)`;
 * - `requeue: true`: `addRateLimited(key)`;
 * - otherwise: `forget(key)`;
 * and always `done(key)`.
 *
 * Each key is processed by its own loop task (`loop.post`, labelled with the controller's name),
 * posted when a key lands on the queue; so `settle()` drains the queue, other components run
 * between two keys, and an empty queue leaves no task pending.
 */
export class QueueWorker {
  readonly name: string;
  private readonly workers: number;
  private readonly onError?: (key: string, err: unknown) => void;
  private readonly pending = new Set<Timer>();
  private unsubscribe: (() => void) | undefined;
  private running = false;
  /** The last error of each key whose last reconcile failed; cleared by a success. */
  readonly lastErrors = new Map<string, unknown>();
  /** Reconciles run so far (for diagnostics and tests). */
  reconciles = 0;

  constructor(
    private readonly loop: Loop,
    readonly queue: RateLimitingQueue,
    private readonly reconcile: Reconcile,
    opts: QueueWorkerOptions,
  ) {
    this.name = opts.name;
    this.workers = Math.max(1, opts.workers ?? 1);
    this.onError = opts.onError;
    if (opts.start ?? true) this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.queue.onReady(() => this.kick());
    this.kick();
  }

  /** Stops taking keys and shuts the queue down (as a controller's `Run` returning does). */
  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.pending) t.cancel();
    this.pending.clear();
    this.queue.shutDown();
  }

  /** Post processing tasks while there are queued keys without one, up to the worker count. */
  private kick(): void {
    if (!this.running) return;
    while (this.pending.size < Math.min(this.workers, this.queue.len())) {
      const timer: Timer = this.loop.post(
        () => {
          this.pending.delete(timer);
          this.processNext();
        },
        { label: this.name },
      );
      this.pending.add(timer);
    }
  }

  private processNext(): void {
    const key = this.queue.get();
    if (key === undefined) return;
    try {
      this.handle(key);
    } finally {
      this.queue.done(key);
      this.kick();
    }
  }

  private handle(key: string): void {
    this.reconciles++;
    let result: ReconcileResult;
    try {
      result = this.reconcile(key);
    } catch (err) {
      this.queue.addRateLimited(key);
      this.lastErrors.set(key, err);
      this.onError?.(key, err);
      return;
    }
    this.lastErrors.delete(key);
    if (result && result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
      this.queue.forget(key);
      this.queue.addAfter(key, result.requeueAfterMs);
    } else if (result && result.requeue) {
      this.queue.addRateLimited(key);
    } else {
      this.queue.forget(key);
    }
  }
}
