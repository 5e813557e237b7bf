import type { Pod } from 'kubernetes-types/core/v1';

/** DefaultJobPodFailureBackOff: the delay before the replacement of the first failed pod. */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
/**
 * MaxJobPodFailureBackOff in v1.32's job_controller.go: 10 minutes. (The user documentation
 * still says six minutes, which was MaxJobBackOff before v1.28; we follow the code.)
 */
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/** backoffRecord: consecutive failures since the last success, and when the last one happened (epoch ms). */
export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

const time = (s: string | undefined): number | undefined => (s ? Date.parse(s) : undefined);

/**
 * getFinishedTime: when a pod finished — the latest container finish when every container has
 * terminated, else the time Ready turned False, else the deletion timestamp less the grace
 * period, else its creation (epoch ms).
 */
export function finishedTime(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let all = statuses.length > 0;
  for (const s of statuses) {
    const at = time(s.state?.terminated?.finishedAt);
    if (at === undefined) {
      all = false;
      break;
    }
    if (latest === undefined || at > latest) latest = at;
  }
  if (all && latest !== undefined) return latest;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata?.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return time(pod.metadata?.creationTimestamp) ?? 0;
}

/**
 * The pod-failure back-off between a Job's replacement pods (backoff_utils.go): a record per Job
 * key, updated only after the status that counted the pods was written, so a failed write does
 * not count a failure twice.
 */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord | undefined {
    return this.records.get(key);
  }

  update(record: BackoffRecord): void {
    this.records.set(record.key, { ...record });
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  /**
   * newBackoffRecord: the record after this sync's newly finished pods. A success resets the
   * count; failures that finished after the last success still count.
   */
  next(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const rec: BackoffRecord = { key, failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
    const succeeded = newSucceeded.map(finishedTime).sort((a, b) => a - b);
    const failed = newFailed.map(finishedTime).sort((a, b) => a - b);
    if (succeeded.length === 0) {
      if (failed.length === 0) return rec;
      rec.failuresAfterLastSuccess += failed.length;
      rec.lastFailureTime = failed[failed.length - 1];
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    rec.lastFailureTime = undefined;
    const lastSuccess = succeeded[succeeded.length - 1];
    for (let i = failed.length - 1; i >= 0 && failed[i] > lastSuccess; i--) {
      if (rec.lastFailureTime === undefined) rec.lastFailureTime = failed[i];
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }
}

/**
 * getRemainingTimeForFailuresCount: how long (ms) until a replacement may be created after
 * `failures` consecutive failures, the last at `lastFailureMs`: 10s, 20s, 40s, … capped at the max.
 */
export function remainingBackoffMs(
  nowMs: number,
  failures: number,
  lastFailureMs: number | undefined,
  baseMs = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  maxMs = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  if (failures === 0 || lastFailureMs === undefined) return 0;
  let backoff = baseMs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = nowMs - lastFailureMs;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
