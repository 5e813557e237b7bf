import { TokenBucket, type Clock } from '../../client/rate_limiter';

/**
 * The node lifecycle controller's per-zone tainting queue, after upstream's
 * pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go, in virtual time.
 */

/** scheduler.EvictionRateLimiterBurst: every eviction limiter lets one node through at a time. */
export const EVICTION_RATE_LIMITER_BURST = 1;

/** A value to process no earlier than `processAt` (virtual ms). */
export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** flowcontrol.RateLimiter, the part the queue uses. */
export interface TryAcceptLimiter {
  tryAccept(): boolean;
  readonly qps: number;
}

/** flowcontrol.NewTokenBucketRateLimiter: a bucket that starts full. */
export class TokenBucketLimiter implements TryAcceptLimiter {
  private readonly bucket: TokenBucket;

  constructor(
    readonly qps: number,
    burst: number,
    clock: Clock,
  ) {
    this.bucket = new TokenBucket(qps, burst, clock);
  }

  tryAccept(): boolean {
    return this.bucket.allow();
  }
}

/** flowcontrol.NewFakeNeverRateLimiter: accepts nothing, ever (evictions stopped). */
export class NeverLimiter implements TryAcceptLimiter {
  readonly qps = 0;
  tryAccept(): boolean {
    return false;
  }
}

/**
 * `UniqueQueue`: values ordered by processAt (ties by insertion), each at most once until it is
 * `remove`d. A value taken off the queue by `removeFromQueue` stays in the set, so it is not
 * queued again until someone calls `remove` (the node became reachable).
 */
class UniqueQueue {
  private readonly items: Array<TimedValue & { seq: number }> = [];
  private readonly set = new Set<string>();
  private seq = 0;

  add(v: TimedValue): boolean {
    if (this.set.has(v.value)) return false;
    this.insert({ ...v, seq: this.seq++ });
    this.set.add(v.value);
    return true;
  }

  /** Moves a queued value to its new processAt; false when it is not queued. */
  replace(v: TimedValue): boolean {
    const i = this.items.findIndex((x) => x.value === v.value);
    if (i < 0) return false;
    const [old] = this.items.splice(i, 1);
    this.insert({ ...v, seq: old.seq });
    return true;
  }

  removeFromQueue(value: string): boolean {
    if (!this.set.has(value)) return false;
    const i = this.items.findIndex((x) => x.value === value);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  remove(value: string): boolean {
    if (!this.set.has(value)) return false;
    this.set.delete(value);
    const i = this.items.findIndex((x) => x.value === value);
    if (i >= 0) this.items.splice(i, 1);
    return true;
  }

  head(): TimedValue | undefined {
    const h = this.items[0];
    return h && { value: h.value, uid: h.uid, addedAt: h.addedAt, processAt: h.processAt };
  }

  get length(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
    this.set.clear();
  }

  private insert(v: TimedValue & { seq: number }): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.items[mid];
      if (m.processAt < v.processAt || (m.processAt === v.processAt && m.seq < v.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, v);
  }
}

/**
 * What `try` does with a value: `[true]` when done (the value leaves the queue but stays in its
 * set), `[false, waitMs]` to retry it no earlier than `waitMs` from now.
 */
export type ActionFunc = (value: TimedValue) => [ok: boolean, waitMs: number];

/**
 * `RateLimitedTimedQueue`: a unique, time-ordered queue whose processing is paced by a token
 * bucket. Contract of `try`, as upstream: every round takes a token before looking at the head —
 * even when the head is not due yet — and stops at the first refusal; so with a burst of 1 at most
 * one value is processed per token.
 */
export class RateLimitedTimedQueue {
  private readonly queue = new UniqueQueue();

  constructor(
    private limiter: TryAcceptLimiter,
    private readonly clock: Clock,
  ) {}

  get qps(): number {
    return this.limiter.qps;
  }

  /** Values waiting to be processed. */
  get length(): number {
    return this.queue.length;
  }

  try(fn: ActionFunc): void {
    let val = this.queue.head();
    while (val) {
      if (!this.limiter.tryAccept()) break;
      const now = this.clock.now;
      if (now < val.processAt) break;
      const [ok, wait] = fn(val);
      if (!ok) {
        // Upstream adds one nanosecond past the wait.
        this.queue.replace({ ...val, processAt: now + wait + 1e-6 });
      } else {
        this.queue.removeFromQueue(val.value);
      }
      val = this.queue.head();
    }
  }

  /** Queues `value` for processing now; false when it is already in the set. */
  add(value: string, uid: string): boolean {
    const now = this.clock.now;
    return this.queue.add({ value, uid, addedAt: now, processAt: now });
  }

  /** Forgets `value`, so it may be added again. */
  remove(value: string): boolean {
    return this.queue.remove(value);
  }

  clear(): void {
    this.queue.clear();
  }

  /**
   * `SwapLimiter`: a new rate, unless it is the current one. Zero or less stops processing for
   * good (until the next swap); otherwise a fresh bucket, drained when the old one was empty, so
   * a swap neither grants nor loses a pending token.
   */
  swapLimiter(newQPS: number): void {
    if (this.limiter.qps === newQPS) return;
    let next: TryAcceptLimiter;
    if (newQPS <= 0) {
      next = new NeverLimiter();
    } else {
      next = new TokenBucketLimiter(newQPS, EVICTION_RATE_LIMITER_BURST, this.clock);
      if (!this.limiter.tryAccept()) next.tryAccept();
    }
    this.limiter = next;
  }
}
