import { Heap } from './heap';

/** Options for a task on the loop. */
export interface TaskOptions {
  /**
   * Background work (heartbeats, periodic resyncs) keeps the cluster alive but is not "progress":
   * `settle()` does not wait for it. Defaults to false for one-shot tasks and true for `every`.
   */
  background?: boolean;
  /** A name for diagnostics (which task would not settle). */
  label?: string;
}

/** A scheduled task; `cancel()` is idempotent and safe after the task ran. */
export interface Timer {
  readonly at: number;
  cancel(): void;
}

interface Task extends Timer {
  seq: number;
  fn: () => void;
  background: boolean;
  label: string;
  done: boolean;
}

/** Thrown when a bounded run makes no end of progress: almost always a hot loop in a component. */
export class LoopLimitError extends Error {}

/** How many tasks one `settle`/`advance`/`until` may run before it is called a hot loop. */
const MAX_TASKS_PER_RUN = 5_000_000;

/**
 * The deterministic task loop: the only way time moves in a simulated cluster.
 *
 * Contract:
 * - Time is a number of virtual milliseconds since the cluster started; it never goes backwards.
 * - Tasks run one at a time, in (time, insertion order); a task posted while another runs at the
 *   same time runs after every task already queued for that time. Nothing runs concurrently.
 * - Only `advance`, `settle` and `until` (and `runFor`, built on them) move time; they run every task
 *   due in the window they cover, so the same sequence of calls gives the same sequence of tasks.
 */
export class Loop {
  private current = 0;
  private seq = 0;
  private foreground = 0;
  private readonly heap = new Heap<Task>((a, b) => (a.at < b.at ? true : a.at > b.at ? false : a.seq < b.seq));

  /** Virtual milliseconds since the start. */
  get now(): number {
    return this.current;
  }

  /** Tasks queued and not yet run or cancelled, background or not. */
  get pendingForeground(): number {
    return this.foreground;
  }

  /** Run `fn` at the current time, after the tasks already due now. */
  post(fn: () => void, opts: TaskOptions = {}): Timer {
    return this.schedule(0, fn, opts);
  }

  /** Run `fn` once, `delayMs` virtual milliseconds from now (a negative delay means now). */
  schedule(delayMs: number, fn: () => void, opts: TaskOptions = {}): Timer {
    const background = opts.background ?? false;
    const task: Task = {
      at: this.current + Math.max(0, Math.round(delayMs)),
      seq: this.seq++,
      fn,
      background,
      label: opts.label ?? '',
      done: false,
      cancel: () => {
        if (task.done) return;
        task.done = true;
        if (!task.background) this.foreground--;
      },
    };
    if (!background) this.foreground++;
    this.heap.push(task);
    return task;
  }

  /**
   * Run `fn` every `periodMs`, first after `firstDelayMs` (default: one period). Background unless
   * told otherwise. Cancelling the returned timer stops the series.
   */
  every(periodMs: number, fn: () => void, opts: TaskOptions & { firstDelayMs?: number } = {}): Timer {
    if (!(periodMs > 0)) throw new RangeError(`every: period must be positive, got ${periodMs}`);
    const background = opts.background ?? true;
    let stopped = false;
    let next: Timer | undefined;
    const handle: Timer = {
      get at() {
        return next?.at ?? Infinity;
      },
      cancel: () => {
        stopped = true;
        next?.cancel();
      },
    };
    const tick = () => {
      if (stopped) return;
      next = this.schedule(periodMs, tick, { background, label: opts.label });
      fn();
    };
    next = this.schedule(opts.firstDelayMs ?? periodMs, tick, { background, label: opts.label });
    return handle;
  }

  /** Run every task due within the next `ms` milliseconds, then stand at now + ms. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance: duration must be non-negative, got ${ms}`);
    const end = this.current + ms;
    this.runWhile((t) => t.at <= end);
    this.current = end;
  }

  /**
   * Run until no foreground task is due within `horizonMs` from the start of the call. Background
   * tasks run when they fall due on the way. Returns true when settled, false when foreground work
   * still lies beyond the horizon (time then stands at the last task run).
   */
  settle(horizonMs = 5 * 60_000): boolean {
    const end = this.current + horizonMs;
    this.runWhile((t) => this.foreground > 0 && t.at <= end && this.nextForegroundAt() <= end);
    return this.foreground === 0;
  }

  /**
   * Move time forward until `predicate` holds, checking it now and after each instant at which
   * tasks ran; stop at `timeoutMs`. Returns whether it held; on false, time stands at the deadline.
   */
  until(predicate: () => boolean, timeoutMs: number): boolean {
    const end = this.current + timeoutMs;
    if (predicate()) return true;
    let ran = 0;
    for (;;) {
      const next = this.peekLive();
      if (!next || next.at > end) break;
      this.runInstant(next.at);
      if (predicate()) return true;
      if (++ran > MAX_TASKS_PER_RUN) throw new LoopLimitError('until: too many instants; a component is looping');
    }
    this.current = end;
    return predicate();
  }

  /**
   * Hold `predicate` for `durationMs`: check it now and after every instant at which tasks ran.
   * Returns the virtual time at which it first failed, or undefined when it held throughout.
   */
  runFor(predicate: () => boolean, durationMs: number): number | undefined {
    const end = this.current + durationMs;
    if (!predicate()) return this.current;
    for (;;) {
      const next = this.peekLive();
      if (!next || next.at > end) break;
      this.runInstant(next.at);
      if (!predicate()) return this.current;
    }
    this.current = end;
    return predicate() ? undefined : this.current;
  }

  /** Labels of the pending foreground tasks, soonest first (for "did not settle" messages). */
  pendingLabels(limit = 5): string[] {
    return this.heap
      .unordered()
      .filter((t) => !t.done && !t.background)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .slice(0, limit)
      .map((t) => `${t.label || 'task'}@${t.at}ms`);
  }

  private runInstant(at: number): void {
    this.runWhile((t) => t.at <= at);
  }

  private runWhile(cond: (next: Task) => boolean): void {
    let ran = 0;
    for (;;) {
      const t = this.peekLive();
      if (!t || !cond(t)) return;
      this.heap.pop();
      t.done = true;
      if (!t.background) this.foreground--;
      if (t.at > this.current) this.current = t.at;
      t.fn();
      if (++ran > MAX_TASKS_PER_RUN) throw new LoopLimitError(`the loop ran ${ran} tasks without stopping; a component is looping`);
    }
  }

  private peekLive(): Task | undefined {
    let t = this.heap.peek();
    while (t && t.done) {
      this.heap.pop();
      t = this.heap.peek();
    }
    return t;
  }

  private nextForegroundAt(): number {
    // Foreground tasks are usually near the top; a scan is bounded by the heap size and only
    // happens while settling, when the next task is background.
    const t = this.peekLive();
    if (t && !t.background) return t.at;
    let min = Infinity;
    for (const task of this.heap.unordered()) if (!task.done && !task.background && task.at < min) min = task.at;
    return min;
  }
}
