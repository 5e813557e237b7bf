import type { Loop, TaskOptions, Timer } from '../sim/loop';

/** A timer of a `TimerGroup`: cancel is idempotent and safe after it fired. */
export interface GroupTimer {
  cancel(): void;
}

interface Entry extends GroupTimer {
  at: number;
  seq: number;
  fn: () => void;
  opts: TaskOptions;
  timer?: Timer;
  /** Set while the group is frozen: how long was left when it froze. */
  remaining?: number;
}

/**
 * The timers of a node's simulated machine (container lifecycles, probes, pulls, retries), which a
 * node failure freezes in place: `freeze()` stops the clock for all of them and `thaw()` lets each
 * continue with the time it had left, so containers are found as they were.
 */
export class TimerGroup {
  private readonly live = new Set<Entry>();
  private seq = 0;
  private frozen = false;

  constructor(private readonly loop: Loop) {}

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** `loop.schedule` inside the group. While frozen the timer waits for `thaw()` to start counting. */
  schedule(delayMs: number, fn: () => void, opts: TaskOptions = {}): GroupTimer {
    const entry: Entry = {
      at: this.loop.now + Math.max(0, delayMs),
      seq: this.seq++,
      fn,
      opts,
      cancel: () => {
        entry.timer?.cancel();
        this.live.delete(entry);
      },
    };
    this.live.add(entry);
    if (this.frozen) entry.remaining = Math.max(0, delayMs);
    else this.arm(entry, Math.max(0, delayMs));
    return entry;
  }

  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const e of this.live) {
      e.timer?.cancel();
      e.timer = undefined;
      e.remaining = Math.max(0, e.at - this.loop.now);
    }
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    const entries = [...this.live].sort((a, b) => a.seq - b.seq);
    for (const e of entries) {
      const delay = e.remaining ?? 0;
      e.remaining = undefined;
      e.at = this.loop.now + delay;
      this.arm(e, delay);
    }
  }

  /** Cancels every timer of the group. */
  clear(): void {
    for (const e of [...this.live]) e.cancel();
  }

  private arm(entry: Entry, delay: number): void {
    entry.timer = this.loop.schedule(
      delay,
      () => {
        this.live.delete(entry);
        entry.fn();
      },
      entry.opts,
    );
  }
}
