import type { Loop, Timer } from '../../sim/loop';

/**
 * Work that runs no earlier than a given virtual instant, cancellable until then (upstream's
 * pkg/controller/tainteviction/timed_workers.go). Keys are `namespace/name`
 * (`NamespacedName.String()`).
 */

export interface WorkArgs {
  namespace: string;
  name: string;
}

/** `KeyFromWorkArgs`. */
export function workKey(args: WorkArgs): string {
  return `${args.namespace}/${args.name}`;
}

/**
 * What a worker runs. It may finish later (retries): it calls `finished` when done, which frees
 * the key for new work.
 */
export type WorkFunc = (args: WorkArgs, fireAt: number, finished: () => void) => void;

/** A scheduled piece of work (`TimedWorker`); times are virtual ms. */
export interface TimedWorker {
  readonly args: WorkArgs;
  readonly createdAt: number;
  readonly fireAt: number;
}

interface Entry extends TimedWorker {
  timer?: Timer;
  cancelled: boolean;
  /** Work due at creation runs at once and has no timer: upstream stores it as a nil worker. */
  immediate: boolean;
}

/**
 * `TimedWorkerQueue`. Contract:
 * - `addWork` never replaces: while a key has work (scheduled or running), adding is a no-op.
 * - Work whose delay (`fireAt - createdAt`) is not positive runs synchronously inside `addWork`;
 *   otherwise a foreground loop timer runs it that delay from now (upstream's `AfterFunc(delay)`).
 * - `cancelWork` drops the key's work and reports whether it stopped a scheduled one (work already
 *   running immediately is not stopped and reports false, as upstream's nil worker).
 */
export class TimedWorkerQueue {
  private readonly workers = new Map<string, Entry>();

  constructor(
    private readonly loop: Loop,
    private readonly workFunc: WorkFunc,
    private readonly label = 'timed worker',
  ) {}

  addWork(args: WorkArgs, createdAt: number, fireAt: number): void {
    const key = workKey(args);
    if (this.workers.has(key)) return;
    const delay = fireAt - createdAt;
    const entry: Entry = { args, createdAt, fireAt, cancelled: false, immediate: delay <= 0 };
    this.workers.set(key, entry);
    const run = () => {
      if (entry.cancelled) return;
      this.workFunc(args, fireAt, () => {
        if (this.workers.get(key) === entry) this.workers.delete(key);
      });
    };
    if (entry.immediate) run();
    else entry.timer = this.loop.schedule(delay, run, { label: `${this.label} ${key}` });
  }

  cancelWork(key: string): boolean {
    const entry = this.workers.get(key);
    if (!entry) return false;
    this.workers.delete(key);
    if (entry.immediate) return false;
    entry.cancelled = true;
    entry.timer?.cancel();
    return true;
  }

  /** `GetWorkerUnsafe`: the scheduled work of a key; undefined for none or for work running at once. */
  getWorker(key: string): TimedWorker | undefined {
    const entry = this.workers.get(key);
    return entry && !entry.immediate ? entry : undefined;
  }

  /** Keys with work, for diagnostics and tests. */
  keys(): string[] {
    return [...this.workers.keys()];
  }

  /** `CancelAndWait`: every timer cancelled (used when the controller stops). */
  cancelAll(): void {
    for (const entry of this.workers.values()) {
      entry.cancelled = true;
      entry.timer?.cancel();
    }
    this.workers.clear();
  }
}
