import type { RateLimitingQueue } from '../../client/workqueue';
import type { Loop, Timer } from '../../sim/loop';

/**
 * Per-key wake-ups that put a key back on a controller's queue later, on background timers: a
 * controller waiting out a back-off, a deadline, a TTL or the next schedule time is not pending
 * work, so `When the cluster settles` does not wait for it, while time passing (`When 1 minute
 * passes`, `eventually`) runs it. At most one wake-up per key: the earliest asked for wins, so a
 * reconcile may ask again on every pass. A delay of 0 adds the key at once.
 */
export class BackgroundRequeue {
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly loop: Loop,
    private readonly queue: RateLimitingQueue,
    private readonly label: string,
  ) {}

  addAfter(key: string, delayMs: number): void {
    const ms = Math.max(Math.ceil(delayMs), 0);
    if (ms === 0) return this.queue.add(key);
    const existing = this.timers.get(key);
    // A timer that fired has left the map, so one still here is pending: keep the earlier.
    if (existing && existing.at <= this.loop.now + ms) return;
    existing?.cancel();
    this.timers.set(
      key,
      this.loop.schedule(
        ms,
        () => {
          this.timers.delete(key);
          this.queue.add(key);
        },
        { background: true, label: `${this.label} ${key}` },
      ),
    );
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
