/**
 * client-go util/flowcontrol Backoff without jitter, in virtual time: per-id back-off that starts
 * at `initialMs`, doubles on each `next` up to `maxMs`, and expires once an event comes more than
 * 2 × maxMs after the entry last moved on. The kubelet's container restarts (fact 133) and the
 * DaemonSet controller's failed-pod replacement use it.
 */
interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** The current back-off of `id` (0 when it has none). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Move `id` to its next back-off: the initial one when new or expired, else double, capped. */
  next(id: string, eventTime: number): void {
    let entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      entry = { backoffMs: this.initialMs, lastUpdate: 0 };
      this.entries.set(id, entry);
    } else {
      entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    }
    entry.lastUpdate = this.now();
  }

  /** Whether less than the current back-off has passed since `eventTime`. */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.now() - eventTime < entry.backoffMs;
  }

  /** IsInBackOffSinceUpdate: less than the current back-off has passed since the entry last moved on. */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoffMs;
  }

  /** When a back-off that holds `id` now ends (the instant `isInBackOffSince` turns false). */
  endsAt(id: string, eventTime: number): number {
    return eventTime + this.get(id);
  }

  /** Housekeeping: forget entries not moved on for 2 × maxDuration. */
  gc(): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (now - e.lastUpdate > this.maxMs * 2) this.entries.delete(id);
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }
}
