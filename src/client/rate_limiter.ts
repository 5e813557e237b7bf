/**
 * Rate limiters for workqueues and event spam filtering, in virtual time: client-go
 * `util/workqueue/default_rate_limiters.go` over a token bucket that follows `golang.org/x/time/rate`.
 *
 * Durations are virtual milliseconds. A clock is anything with `now` (the Loop is one).
 */

/** Anything that tells the virtual time in milliseconds; `Loop` satisfies it. */
export interface Clock {
  readonly now: number;
}

/**
 * How long an item waits before it is retried (client-go `TypedRateLimiter`).
 * `when` records a failure (it is called once per retry); `forget` clears the item's history.
 */
export interface RateLimiter {
  /** Milliseconds to wait before the next try of `item`. */
  when(item: string): number;
  /** Failures recorded for `item` since it was last forgotten. */
  numRequeues(item: string): number;
  forget(item: string): void;
}

/**
 * Go's time.Duration holds whole nanoseconds: truncate a float number of seconds the same way,
 * then express it in (possibly fractional) milliseconds. Without this, float noise such as
 * 0.30000000000000004 s would turn into a 301 ms timer once rounded up to the loop's millisecond.
 */
export function secondsToMs(seconds: number): number {
  if (!Number.isFinite(seconds)) return seconds;
  return Math.trunc(seconds * 1e9) / 1e6;
}

/**
 * A token bucket as `golang.org/x/time/rate.Limiter`: `burst` tokens, refilled at `limit` per
 * second, full at creation. `reserve()` always succeeds and may leave the bucket in debt (tokens
 * below zero), returning how long the caller must wait; `allow()` takes a token only if one is there.
 */
export class TokenBucket {
  private tokens = 0;
  /** Time of the last change, in ms; -Infinity makes the first `advance` fill the bucket. */
  private last = -Infinity;

  constructor(
    readonly limit: number,
    readonly burst: number,
    private readonly clock: Clock,
  ) {
    if (!(limit > 0)) throw new RangeError(`TokenBucket: limit must be positive, got ${limit}`);
  }

  /** Reserve one token now; returns the delay in ms before the reservation may act (0 if at once). */
  reserve(): number {
    // x/time/rate: a reservation of more tokens than the burst is never ok and changes nothing.
    if (this.burst < 1) return Infinity;
    const now = this.clock.now;
    const tokens = this.advance(now) - 1;
    this.last = now;
    this.tokens = tokens;
    return tokens < 0 ? secondsToMs(-tokens / this.limit) : 0;
  }

  /** Take one token if available now (x/time/rate `Allow`); false leaves the bucket untouched. */
  allow(): boolean {
    const now = this.clock.now;
    const tokens = this.advance(now) - 1;
    if (tokens < 0 || this.burst < 1) return false;
    this.last = now;
    this.tokens = tokens;
    return true;
  }

  /** Tokens available at `now` (may be negative while in debt); for diagnostics and tests. */
  available(): number {
    return this.advance(this.clock.now);
  }

  private advance(now: number): number {
    const last = now < this.last ? now : this.last;
    const elapsedSeconds = (now - last) / 1000;
    const tokens = this.tokens + elapsedSeconds * this.limit;
    return tokens > this.burst ? this.burst : tokens;
  }
}

/**
 * `baseDelay * 2^failures`, capped at `maxDelay` (client-go `ItemExponentialFailureRateLimiter`):
 * with the controller defaults 5ms, 10ms, 20ms, ... up to 1000s.
 */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly baseDelayMs: number,
    readonly maxDelayMs: number,
  ) {}

  when(item: string): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * Math.pow(2, exp);
    // Upstream guards the int64 overflow of the nanosecond count; Infinity covers it here.
    if (!Number.isFinite(backoff) || backoff > this.maxDelayMs) return this.maxDelayMs;
    return backoff;
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: string): void {
    this.failures.delete(item);
  }
}

/**
 * `fastDelay` for the first `maxFastAttempts` failures of an item, then `slowDelay`
 * (client-go `ItemFastSlowRateLimiter`).
 */
export class ItemFastSlowRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
  ) {}

  when(item: string): number {
    const n = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, n);
    return n <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: string): void {
    this.failures.delete(item);
  }
}

/**
 * One token bucket shared by all items (client-go `BucketRateLimiter`): it bounds the overall retry
 * rate, not any one item's, so it keeps no per-item history.
 */
export class BucketRateLimiter implements RateLimiter {
  readonly bucket: TokenBucket;

  constructor(qps: number, burst: number, clock: Clock) {
    this.bucket = new TokenBucket(qps, burst, clock);
  }

  when(_item: string): number {
    return this.bucket.reserve();
  }

  numRequeues(_item: string): number {
    return 0;
  }

  forget(_item: string): void {}
}

/** The worst (longest) delay of several limiters; every limiter sees every call (client-go `MaxOfRateLimiter`). */
export class MaxOfRateLimiter implements RateLimiter {
  readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(item: string): number {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.when(item));
    return ret;
  }

  numRequeues(item: string): number {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.numRequeues(item));
    return ret;
  }

  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }
}

/** Controller default: per-item 5ms * 2^n capped at 1000s, and overall 10 qps with a burst of 100. */
export const DEFAULT_ITEM_BASE_DELAY_MS = 5;
export const DEFAULT_ITEM_MAX_DELAY_MS = 1000_000;
export const DEFAULT_BUCKET_QPS = 10;
export const DEFAULT_BUCKET_BURST = 100;

/** client-go `DefaultControllerRateLimiter()`. */
export function defaultControllerRateLimiter(clock: Clock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialFailureRateLimiter(DEFAULT_ITEM_BASE_DELAY_MS, DEFAULT_ITEM_MAX_DELAY_MS),
    new BucketRateLimiter(DEFAULT_BUCKET_QPS, DEFAULT_BUCKET_BURST, clock),
  );
}
