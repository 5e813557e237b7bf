import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { isConflict, isNotFound } from '../api/object';
import type { Client } from '../client/types';
import type { Loop, Timer } from '../sim/loop';
import { KUBELET_CONDITIONS, POD_COMPLETED, POD_FAILED, SHARED_CONDITIONS } from './status_gen';
import { rfc3339 } from './time';

/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): it keeps the status the
 * kubelet computed for each pod and makes the API agree with it.
 *
 * Contract:
 * - `setPodStatus` keeps transition times of unchanged conditions and the first start time, and
 *   queues a write only when the status differs from the last one in what the kubelet owns.
 * - Writes go through the status subresource after the tasks already queued at this instant, with
 *   the conditions other components own kept from the API (mergePodStatus), and only when the
 *   merged status differs from the API's; a terminal phase waits until no container can run.
 * - Once a pod with a deletionTimestamp has a terminal phase in the API and the kubelet finished
 *   with it (`podIsFinished`), the manager deletes it with grace 0 and a UID precondition.
 * - Every 10s (syncBatch, background) and on `syncAll`, statuses the API disagrees with are
 *   written again. Nothing is written while the host says the node is down.
 */

export interface StatusManagerHost {
  client: Client;
  loop: Loop;
  epochMs: number;
  /** The node is down: no API calls. */
  isFailed(): boolean;
  /** The pod as the kubelet last saw it from the API (its pod manager), if it still knows it. */
  apiPod(uid: string): Pod | undefined;
  /** podDeletionSafety.PodCouldHaveRunningContainers. */
  couldHaveRunningContainers(uid: string): boolean;
}

interface Cached {
  status: PodStatus;
  namespace: string;
  name: string;
  podIsFinished: boolean;
  /**
   * The API pod's resourceVersion at which this status was last found in sync (nothing to write).
   * syncBatch skips the pod until either side changes: the comparison is pure, so its answer
   * cannot differ, and a long scenario with many finished pods does not redo it every 10s.
   */
  inSyncAt?: string;
}

/** status manager's syncPeriod. */
export const STATUS_SYNC_PERIOD_MS = 10_000;

const TRANSITION_TRACKED = ['ContainersReady', 'Ready', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'DisruptionTarget'];

export class StatusManager {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Set<string>();
  private flushTask?: Timer;
  private batch?: Timer;

  constructor(private readonly host: StatusManagerHost) {}

  start(): void {
    this.batch ??= this.host.loop.every(STATUS_SYNC_PERIOD_MS, () => this.syncAll(), { background: true, label: 'kubelet status manager: syncBatch' });
  }

  stop(): void {
    this.batch?.cancel();
    this.batch = undefined;
    this.flushTask?.cancel();
    this.flushTask = undefined;
    this.pending.clear();
  }

  getPodStatus(uid: string): PodStatus | undefined {
    return this.cache.get(uid)?.status;
  }

  /** updateStatusInternal. `podIsFinished`: the kubelet is done with the pod (TerminatePod). */
  setPodStatus(pod: Pod, status: PodStatus, opts: { podIsFinished?: boolean; force?: boolean } = {}): void {
    const uid = pod.metadata!.uid!;
    const cached = this.cache.get(uid);
    const old = cached?.status ?? pod.status ?? {};
    const next: PodStatus = { ...status, conditions: (status.conditions ?? []).map((c) => ({ ...c })) };
    const now = rfc3339(this.host.epochMs, this.host.loop.now);
    for (const type of TRANSITION_TRACKED) updateLastTransitionTime(next, old, type, now);
    next.startTime = old.startTime ?? now;
    const podIsFinished = (cached?.podIsFinished ?? false) || (opts.podIsFinished ?? false);
    if (cached && isPodStatusByKubeletEqual(cached.status, next) && !opts.force && podIsFinished === cached.podIsFinished) return;
    this.cache.set(uid, { status: next, namespace: pod.metadata!.namespace ?? 'default', name: pod.metadata!.name!, podIsFinished });
    this.queue(uid);
  }

  /** Forget a pod (it is gone from the API, or the kubelet dropped it). */
  removePod(uid: string): void {
    this.cache.delete(uid);
    this.pending.delete(uid);
  }

  /** Ask for a write attempt now (e.g. the API pod got a deletionTimestamp after the pod finished). */
  requestSync(uid: string): void {
    if (this.cache.has(uid)) this.queue(uid);
  }

  /** syncBatch(all): write every status the API disagrees with, and finish pending deletions. */
  syncAll(): void {
    if (this.host.isFailed()) return;
    for (const [uid, c] of [...this.cache]) {
      const api = this.host.apiPod(uid);
      if (!api) continue;
      const needsDelete = c.podIsFinished && !!api.metadata?.deletionTimestamp;
      if (!needsDelete && c.inSyncAt !== undefined && c.inSyncAt === api.metadata?.resourceVersion) continue;
      if (needsDelete || !isPodStatusByKubeletEqual(api.status ?? {}, c.status)) this.syncPod(uid);
      else c.inSyncAt = api.metadata?.resourceVersion;
    }
  }

  private queue(uid: string): void {
    this.pending.add(uid);
    if (this.flushTask) return;
    this.flushTask = this.host.loop.post(
      () => {
        this.flushTask = undefined;
        const uids = [...this.pending];
        this.pending.clear();
        for (const u of uids) this.syncPod(u);
      },
      { label: 'kubelet status manager: sync' },
    );
  }

  private syncPod(uid: string): void {
    if (this.host.isFailed()) return;
    const cached = this.cache.get(uid);
    if (!cached) return;
    const { client } = this.host;
    for (let attempt = 0; attempt < 5; attempt++) {
      let pod: Pod;
      try {
        pod = client.get<Pod & { [k: string]: unknown }>('pods', cached.namespace, cached.name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (pod.metadata?.uid !== uid) {
        // Deleted and created again under the same name: not ours any more.
        this.removePod(uid);
        return;
      }
      const now = rfc3339(this.host.epochMs, this.host.loop.now);
      const merged = mergePodStatus(pod.status ?? {}, cached.status, this.host.couldHaveRunningContainers(uid), now);
      if (canonical(merged) !== canonical(pod.status ?? {})) {
        try {
          pod = client.updateStatus<Pod & { [k: string]: unknown }>('pods', { ...pod, status: merged });
        } catch (e) {
          if (isConflict(e)) continue;
          if (isNotFound(e)) return;
          throw e;
        }
      }
      // Written or already right: in sync at this version (until the status or the pod changes).
      if (this.cache.get(uid) === cached) cached.inSyncAt = pod.metadata?.resourceVersion;
      if (this.canBeDeleted(pod, cached)) {
        try {
          client.delete('pods', cached.namespace, cached.name, { gracePeriodSeconds: 0, preconditions: { uid } });
        } catch (e) {
          if (!isNotFound(e) && !isConflict(e)) throw e;
        }
        this.removePod(uid);
      }
      return;
    }
  }

  private canBeDeleted(pod: Pod, cached: Cached): boolean {
    if (!pod.metadata?.deletionTimestamp) return false;
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') return false;
    return cached.podIsFinished;
  }
}

function updateLastTransitionTime(status: PodStatus, old: PodStatus, type: string, now: string): void {
  const c = status.conditions?.find((x) => x.type === type);
  if (!c) return;
  const o = old.conditions?.find((x) => x.type === type);
  c.lastTransitionTime = o && o.status === c.status && o.lastTransitionTime ? o.lastTransitionTime : now;
}

/** isPodStatusByKubeletEqual: equal in everything but conditions others own and condition times. */
export function isPodStatusByKubeletEqual(old: PodStatus, status: PodStatus): boolean {
  const owned = (cs: readonly PodCondition[] | undefined) => {
    const m = new Map<string, PodCondition>();
    for (const c of cs ?? []) if (KUBELET_CONDITIONS.has(c.type) || SHARED_CONDITIONS.has(c.type)) m.set(c.type, c);
    return m;
  };
  const a = owned(old.conditions);
  const b = owned(status.conditions);
  if (a.size !== b.size) return false;
  for (const [type, c] of b) {
    const o = a.get(type);
    if (!o || o.status !== c.status || (o.message ?? '') !== (c.message ?? '') || (o.reason ?? '') !== (c.reason ?? '')) return false;
  }
  return canonical({ ...old, conditions: status.conditions }) === canonical(status);
}

/**
 * mergePodStatus: the API's conditions that others own, the kubelet's own; a terminal phase held
 * back while containers could still run; Ready and ContainersReady false once terminal.
 */
export function mergePodStatus(old: PodStatus, next: PodStatus, delayTerminal: boolean, now: string): PodStatus {
  const conditions: PodCondition[] = (old.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const terminal = (p: string | undefined) => p === 'Succeeded' || p === 'Failed';
  const toTerminal = !terminal(old.phase) && terminal(next.phase);
  for (const c of next.conditions ?? []) {
    if (KUBELET_CONDITIONS.has(c.type)) conditions.push(c);
    else if (SHARED_CONDITIONS.has(c.type) && toTerminal && !delayTerminal) {
      const i = conditions.findIndex((x) => x.type === c.type);
      if (i >= 0) conditions[i] = c;
      else conditions.push(c);
    }
  }
  const merged: PodStatus = { ...next, conditions };
  if (toTerminal && delayTerminal) {
    merged.phase = old.phase;
    if (old.reason) merged.reason = old.reason;
    else delete merged.reason;
    if (old.message) merged.message = old.message;
    else delete merged.message;
  }
  if (terminal(merged.phase)) {
    const reason = merged.phase === 'Failed' ? POD_FAILED : POD_COMPLETED;
    merged.conditions = merged.conditions!.map((c) =>
      (c.type === 'Ready' || c.type === 'ContainersReady') && c.status === 'True' ? { type: c.type, status: 'False', reason, lastTransitionTime: now } : c,
    );
  }
  return merged;
}

/** JSON with sorted keys and undefined fields left out, for comparing statuses. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(val as object).sort()) {
        const x = (val as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = x;
      }
      return out;
    }
    return val;
  });
}
