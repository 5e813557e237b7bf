import type { KubeObject } from '../../api/object';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, type Clock, type RateLimiter } from '../../client/rate_limiter';
import { RateLimitingQueue } from '../../client/workqueue';
import type { Timer } from '../../sim/loop';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './deleter';

/**
 * How long a namespace event waits before it is processed (upstream `namespaceDeletionGracePeriod`):
 * time for every API server's lifecycle admission to see the deletion, so nothing is created
 * behind the controller's back.
 */
export const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;
/** `--namespace-sync-period` (NamespaceControllerConfiguration.NamespaceSyncPeriod). */
export const DEFAULT_NAMESPACE_SYNC_PERIOD_MS = 5 * 60_000;
/** `--concurrent-namespace-syncs`. */
export const DEFAULT_CONCURRENT_NAMESPACE_SYNCS = 10;

export interface NamespaceControllerOptions {
  /** Resync of the namespace handler; default 5 minutes. */
  resyncPeriodMs?: number;
  workers?: number;
}

/**
 * Upstream `nsControllerRateLimiter`: retries at least every minute (5ms doubling, capped at 60s),
 * and 10 qps with a burst of 100 overall.
 */
export function nsControllerRateLimiter(clock: Clock): RateLimiter {
  return new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(5, 60_000), new BucketRateLimiter(10, 100, clock));
}

/**
 * The namespace controller (pkg/controller/namespace/namespace_controller.go, SEMANTICS fact 153):
 * every namespace with a deletionTimestamp is queued (after the 5s grace period), and each pass
 * of `NamespacedResourcesDeleter` deletes its content, reports progress in its status conditions,
 * and finally removes the `kubernetes` spec finalizer so the API server can remove it.
 *
 * Requeues: content still going away -> after `estimate / 2 + 1` seconds (pods: their grace
 * period, finalizers: 15s); any other failure -> rate-limited. A status write by the controller
 * itself comes back as an update event and queues the namespace again 5s later, as upstream.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  readonly queue: RateLimitingQueue;
  readonly deleter: NamespacedResourcesDeleter;
  private worker: QueueWorker | undefined;
  private informer: SharedIndexInformer | undefined;
  private registration: HandlerRegistration | undefined;
  private resync: Timer | undefined;
  private running = false;
  private readonly resyncPeriodMs: number;
  private readonly workers: number;

  constructor(
    private readonly ctx: ControllerContext,
    opts: NamespaceControllerOptions = {},
  ) {
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'namespace', rateLimiter: nsControllerRateLimiter(ctx.loop) });
    this.deleter = new NamespacedResourcesDeleter({
      client: ctx.client('namespace-controller'),
      registry: ctx.registry,
      clock: ctx.loop,
      epochMs: ctx.epochMs,
    });
    this.resyncPeriodMs = opts.resyncPeriodMs ?? DEFAULT_NAMESPACE_SYNC_PERIOD_MS;
    this.workers = opts.workers ?? DEFAULT_CONCURRENT_NAMESPACE_SYNCS;
  }

  /** The last error of each namespace whose last pass failed (for diagnostics and tests). */
  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const informer = (this.informer = this.ctx.informers.forResource('namespaces'));
    this.registration = informer.addEventHandler({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (_old, ns) => this.enqueue(ns),
    });
    // AddEventHandlerWithResyncPeriod: this handler's own resync, whatever the shared informer's.
    if (this.resyncPeriodMs > 0) {
      this.resync = this.ctx.loop.every(this.resyncPeriodMs, () => {
        for (const ns of informer.lister().list()) this.enqueue(ns);
      }, { background: true, label: 'namespace-controller: resync' });
    }
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name, workers: this.workers });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    this.registration?.remove();
    this.resync?.cancel();
    this.informer?.stop();
  }

  /** Only namespaces being deleted are queued, each after the deletion grace period. */
  private enqueue(ns: KubeObject): void {
    if (!ns.metadata?.deletionTimestamp) return;
    this.queue.addAfter(ns.metadata.name!, NAMESPACE_DELETION_GRACE_PERIOD_MS);
  }

  /** Upstream `syncNamespaceFromKey` plus the worker's handling of ResourcesRemainingError. */
  private sync(key: string): ReconcileResult {
    if (!this.informer?.lister().get(key)) return; // deleted already
    try {
      this.deleter.delete(key);
    } catch (e) {
      if (!(e instanceof ResourcesRemainingError)) throw e;
      return { requeueAfterMs: (Math.floor(e.estimate / 2) + 1) * 1000 };
    }
  }
}
