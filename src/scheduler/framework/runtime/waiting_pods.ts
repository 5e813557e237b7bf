import type { Pod } from 'kubernetes-types/core/v1';
import { formatDuration } from '../../../api/duration';
import type { Loop, Timer } from '../../../sim/loop';
import { Code, Status } from '../status';

/** Upstream maxTimeout: a Permit plugin may hold a pod at most this long. */
export const MAX_PERMIT_TIMEOUT_MS = 15 * 60_000;

/**
 * A pod held at Permit (upstream waitingPod): it waits for every plugin that returned Wait to
 * allow it, and is rejected by the first rejection or by a plugin's timeout. The first outcome is
 * final, as upstream's one-slot channel: later allows and rejects do nothing.
 */
export class WaitingPod {
  private readonly pending = new Map<string, Timer>();
  private outcome: Status | undefined;
  private waiter: ((s: Status) => void) | undefined;

  constructor(
    readonly pod: Pod,
    pluginsWaitMs: ReadonlyMap<string, number>,
    loop: Loop,
  ) {
    for (const [plugin, waitMs] of pluginsWaitMs) {
      const timer = loop.schedule(waitMs, () => this.reject(plugin, `rejected due to timeout after waiting ${formatDuration(waitMs)} at plugin ${plugin}`), {
        label: `scheduler: permit timeout ${pod.metadata?.namespace}/${pod.metadata?.name}`,
      });
      this.pending.set(plugin, timer);
    }
  }

  /** The plugins that still have to allow the pod. */
  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  /** `plugin` lets the pod go; it is allowed once no plugin is pending. */
  allow(plugin: string): void {
    const t = this.pending.get(plugin);
    if (t) {
      t.cancel();
      this.pending.delete(plugin);
    }
    if (this.pending.size === 0) this.settle(Status.success());
  }

  /** Declares the pod unschedulable (Unschedulable with `message`, naming `plugin`). */
  reject(plugin: string, message: string): void {
    for (const t of this.pending.values()) t.cancel();
    this.settle(new Status(Code.Unschedulable, [message], plugin));
  }

  /** Calls `cb` with the outcome, at once if it is known. One waiter (the binding cycle). */
  onOutcome(cb: (s: Status) => void): void {
    if (this.outcome) cb(this.outcome);
    else this.waiter = cb;
  }

  private settle(s: Status): void {
    if (this.outcome) return;
    this.outcome = s;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(s);
  }
}

/** The pods waiting at Permit, by UID (upstream waitingPodsMap; shared by the profiles). */
export class WaitingPodsMap {
  private readonly pods = new Map<string, WaitingPod>();

  add(wp: WaitingPod): void {
    this.pods.set(wp.pod.metadata?.uid ?? '', wp);
  }

  remove(uid: string): void {
    this.pods.delete(uid);
  }

  get(uid: string): WaitingPod | undefined {
    return this.pods.get(uid);
  }

  iterate(cb: (wp: WaitingPod) => void): void {
    for (const wp of [...this.pods.values()]) cb(wp);
  }
}
