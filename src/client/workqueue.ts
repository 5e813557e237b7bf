import { Heap } from '../sim/heap';
import type { Loop, Timer } from '../sim/loop';
import { defaultControllerRateLimiter, type RateLimiter } from './rate_limiter';

/**
 * The controller workqueue with client-go semantics (`util/workqueue`: queue.go, delaying_queue.go,
 * rate_limiting_queue.go), in virtual time.
 *
 * Contract (queue.go):
 * - A key is queued at most once, however often it is added before a worker takes it (`dirty`).
 * - `get()` hands out the oldest queued key and marks it processing; a key is never handed to two
 *   workers at once.
 * - A key added while it is processing is only marked dirty; `done(key)` re-queues it then.
 * - After `shutDown()` adds are ignored; queued keys can still be taken.
 *
 * `get()` never blocks (nothing can wait in a single-threaded loop): it returns undefined when the
 * queue is empty. `QueueWorker` drives a queue from loop tasks, woken by `onReady`.
 */
export class WorkQueue {
  /** Keys waiting for a worker, oldest first. Holds only keys that are dirty and not processing. */
  private queue: string[] = [];
  private head = 0;
  /** Keys that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<string>();
  /** Keys handed out by `get()` and not yet `done()`. */
  private readonly processing = new Set<string>();
  private shuttingDownFlag = false;
  private readonly readyListeners: Array<() => void> = [];

  constructor(readonly name = '') {}

  add(key: string): void {
    if (this.shuttingDownFlag) return;
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Number of keys waiting for a worker (client-go `Len`: processing keys are not counted). */
  len(): number {
    return this.queue.length - this.head;
  }

  /** The next key, now marked processing; undefined when nothing is queued. */
  get(): string | undefined {
    if (this.len() === 0) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  /** Marks `key` finished; if it was added again meanwhile it goes back on the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
  }

  isProcessing(key: string): boolean {
    return this.processing.has(key);
  }

  /** Whether `key` is waiting or was re-added while processing. */
  isDirty(key: string): boolean {
    return this.dirty.has(key);
  }

  shutDown(): void {
    this.shuttingDownFlag = true;
  }

  shuttingDown(): boolean {
    return this.shuttingDownFlag;
  }

  /**
   * Calls `fn` (synchronously) each time a key lands on the queue, so a driver can schedule work
   * instead of polling. Returns a function that unsubscribes.
   */
  onReady(fn: () => void): () => void {
    this.readyListeners.push(fn);
    return () => {
      const i = this.readyListeners.indexOf(fn);
      if (i >= 0) this.readyListeners.splice(i, 1);
    };
  }

  private push(key: string): void {
    this.queue.push(key);
    for (const fn of this.readyListeners.slice()) fn();
  }
}

interface WaitFor {
  key: string;
  readyAt: number;
  seq: number;
}

/**
 * A workqueue with `addAfter` (delaying_queue.go). A key waiting twice keeps the earlier ready time;
 * keys that fall due together are added in ready-time order, then in the order they were scheduled.
 * Waiting is a foreground loop timer: `settle()` waits for delayed keys within its horizon.
 */
export class DelayingQueue extends WorkQueue {
  private readonly waiting = new Map<string, WaitFor>();
  /** Entries by ready time; entries replaced by an earlier time stay behind and are skipped. */
  private readonly heap = new Heap<WaitFor>((a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq));
  private seq = 0;
  private timer: Timer | undefined;

  constructor(
    protected readonly loop: Loop,
    name = '',
  ) {
    super(name);
  }

  /** Add `key` once `delayMs` virtual milliseconds have passed (at once when `delayMs <= 0`). */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (!(delayMs > 0)) {
      this.add(key);
      return;
    }
    // The loop runs whole milliseconds: round up so a key is never added before its time.
    const readyAt = this.loop.now + Math.ceil(delayMs);
    const existing = this.waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    const entry: WaitFor = { key, readyAt, seq: this.seq++ };
    this.waiting.set(key, entry);
    this.heap.push(entry);
    this.arm();
  }

  /** Keys waiting for their delay to pass. */
  waitingCount(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    super.shutDown();
    this.timer?.cancel();
    this.timer = undefined;
    this.waiting.clear();
  }

  private arm(): void {
    const next = this.peekLive();
    if (!next) {
      this.timer?.cancel();
      this.timer = undefined;
      return;
    }
    if (this.timer && this.timer.at === next.readyAt) return;
    this.timer?.cancel();
    this.timer = this.loop.schedule(next.readyAt - this.loop.now, () => this.fire(), {
      label: `${this.name || 'workqueue'}: delayed add`,
    });
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.loop.now;
    for (let e = this.peekLive(); e && e.readyAt <= now; e = this.peekLive()) {
      this.heap.pop();
      this.waiting.delete(e.key);
      this.add(e.key);
    }
    this.arm();
  }

  private peekLive(): WaitFor | undefined {
    let e = this.heap.peek();
    while (e && this.waiting.get(e.key) !== e) {
      this.heap.pop();
      e = this.heap.peek();
    }
    return e;
  }
}

/**
 * A delaying queue whose retries are paced by a `RateLimiter` (rate_limiting_queue.go). The
 * default is the controller rate limiter: per-key 5ms doubling up to 1000s, and 10 qps burst 100
 * over all keys.
 */
export class RateLimitingQueue extends DelayingQueue {
  readonly rateLimiter: RateLimiter;

  constructor(loop: Loop, opts: { name?: string; rateLimiter?: RateLimiter } = {}) {
    super(loop, opts.name ?? '');
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter(loop);
  }

  /** Add `key` after the rate limiter says it may be retried (records one more failure). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Stop tracking `key`'s failures (call after a success). It does not remove a queued key. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }
}
