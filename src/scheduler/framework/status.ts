/**
 * The outcome of running a plugin (upstream framework.Status). Plugins return a Status; they do not
 * throw for domain outcomes. `Status.success()` is one shared instance, so returning it allocates
 * nothing on the hot path.
 */
export enum Code {
  Success = 0,
  /** An internal error: the cycle fails with reason SchedulerError. */
  Error = 1,
  /** The node does not fit now, but preemption might make it fit. */
  Unschedulable = 2,
  /** The node does not fit and preemption cannot help (PostFilter skips it). */
  UnschedulableAndUnresolvable = 3,
  /** Permit: hold the pod until allowed or timed out. */
  Wait = 4,
  /** The plugin has nothing to do for this pod (PreFilter/PreScore); its Filter/Score is skipped. */
  Skip = 5,
  /** PreEnqueue: the pod must wait (scheduling gates). */
  Pending = 6,
}

export class Status {
  private static readonly SUCCESS = new Status(Code.Success, []);

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[],
    /** The plugin that produced a non-success status (set by the framework when the plugin did not). */
    public plugin = '',
  ) {}

  static success(): Status {
    return Status.SUCCESS;
  }

  static of(code: Code, ...reasons: string[]): Status {
    return new Status(code, reasons);
  }

  static error(message: string): Status {
    return new Status(Code.Error, [message]);
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending: a decision, not an error. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  /** The reasons joined with ", " (upstream Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }

  /** A copy naming `plugin` as the one that decided (the framework stamps plugin statuses). */
  withPlugin(plugin: string): Status {
    if (this.code === Code.Success) return this;
    return new Status(this.code, this.reasons, plugin);
  }
}
