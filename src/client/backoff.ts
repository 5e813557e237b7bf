import type { Rng } from '../sim/rng';
import type { Clock } from './rate_limiter';

/**
 * apimachinery `wait.NewExponentialBackoffManager(initial, max, reset, factor, jitter, clock)`:
 * each `next()` returns the current step (plus up to `jitter` times itself, drawn from the seeded
 * Rng when one is given; none without one) and multiplies the step by `factor` up to `max`.
 * If more than `resetMs` passed since the previous `next()`, the step starts over at `initial`.
 */
export class ExponentialBackoffManager {
  private duration: number;
  private lastBackoffStart = -Infinity;

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    readonly resetMs: number,
    readonly factor: number,
    readonly jitter: number,
    private readonly clock: Clock,
    private readonly rng?: Rng,
  ) {
    this.duration = initialMs;
  }

  /** The next wait in milliseconds. */
  next(): number {
    const now = this.clock.now;
    if (now - this.lastBackoffStart > this.resetMs) this.duration = this.initialMs;
    this.lastBackoffStart = now;
    // wait.Backoff.Step: return the current duration, grow the next one (capped).
    let d = this.duration;
    this.duration = Math.min(this.duration * this.factor, this.maxMs);
    if (this.jitter > 0 && this.rng) d = d + this.rng.float() * this.jitter * d;
    return d;
  }
}

/** client-go Reflector's backoff between a failed or ended ListAndWatch and the next: 800ms doubling to 30s, reset after 2min. */
export function reflectorBackoff(clock: Clock, rng?: Rng): ExponentialBackoffManager {
  return new ExponentialBackoffManager(800, 30_000, 120_000, 2.0, 1.0, clock, rng);
}
