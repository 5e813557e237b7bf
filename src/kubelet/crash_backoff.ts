/**
 * Per-container restart back-off: client-go util/flowcontrol Backoff as the kubelet builds it
 * (`flowcontrol.NewBackOff(backOffPeriod=10s, MaxContainerBackOff=300s)`, no jitter), in virtual
 * time. SEMANTICS fact 133.
 *
 * How the kubelet uses it (kuberuntime_manager.go doBackOff): when a container that should run has
 * an exited instance, `isInBackOffSince(key, finishedAt)` says whether to wait; if not, `next(key,
 * finishedAt)` moves the entry on and the container starts. So the first restart is immediate and
 * arms 10s; later ones wait 10, 20, 40, 80, 160, 300, 300, ... s after the exit. An entry expires
 * (and the next restart is immediate again, re-arming 10s) once the exit comes more than
 * 2 × maxDuration = 10 min after the entry was last moved on — a container that ran cleanly for
 * 10 minutes; housekeeping (`GC`) drops entries not moved on for that long.
 */
export const CONTAINER_BACKOFF_INITIAL_MS = 10_000;
export const CONTAINER_BACKOFF_MAX_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly initialMs = CONTAINER_BACKOFF_INITIAL_MS,
    private readonly maxMs = CONTAINER_BACKOFF_MAX_MS,
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
