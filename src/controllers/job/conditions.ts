import type { Job, JobCondition } from 'kubernetes-types/batch/v1';

/** batch/v1 JobConditionType values. */
export const JOB_COMPLETE = 'Complete';
export const JOB_FAILED = 'Failed';
export const JOB_SUSPENDED = 'Suspended';
export const JOB_FAILURE_TARGET = 'FailureTarget';
export const JOB_SUCCESS_CRITERIA_MET = 'SuccessCriteriaMet';

/** batch/v1 JobReason* constants: the reasons of the terminal and interim conditions. */
export const REASON_POD_FAILURE_POLICY = 'PodFailurePolicy';
export const REASON_BACKOFF_LIMIT_EXCEEDED = 'BackoffLimitExceeded';
export const REASON_DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const REASON_MAX_FAILED_INDEXES_EXCEEDED = 'MaxFailedIndexesExceeded';
export const REASON_FAILED_INDEXES = 'FailedIndexes';
export const REASON_SUCCESS_POLICY = 'SuccessPolicy';
export const REASON_COMPLETIONS_REACHED = 'CompletionsReached';

/** The messages syncJob writes with those reasons (v1.32). */
export const MESSAGE_BACKOFF_LIMIT_EXCEEDED = 'Job has reached the specified backoff limit';
export const MESSAGE_DEADLINE_EXCEEDED = 'Job was active longer than specified deadline';
export const MESSAGE_MAX_FAILED_INDEXES_EXCEEDED = 'Job has exceeded the specified maximal number of failed indexes';
export const MESSAGE_FAILED_INDEXES = 'Job has failed indexes';
export const MESSAGE_COMPLETIONS_REACHED = 'Reached expected number of succeeded pods';

/** A condition as newCondition builds it: probe and transition time both `now` (RFC 3339). */
export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: string): JobCondition {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

export function findCondition(list: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return (list ?? []).find((c) => c.type === type);
}

/**
 * ensureJobConditionStatus: sets the condition of `type`, replacing one whose status, reason or
 * message differ (with a new transition time). A condition that does not exist yet is added only
 * when not False — going from nothing to False says nothing. Returns the list and whether it changed.
 */
export function ensureJobConditionStatus(
  list: readonly JobCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
): { conditions: JobCondition[]; changed: boolean } {
  const out = [...(list ?? [])];
  const i = out.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = out[i];
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      out[i] = newCondition(type, status, reason, message, now);
      return { conditions: out, changed: true };
    }
    return { conditions: out, changed: false };
  }
  if (status !== 'False') return { conditions: [...out, newCondition(type, status, reason, message, now)], changed: true };
  return { conditions: out, changed: false };
}

/** util.FinishedCondition: the Complete or Failed condition that is True, if any. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === JOB_COMPLETE || c.type === JOB_FAILED) && c.status === 'True');
}

/** util.IsJobFinished: Complete or Failed is True. A finished Job is never synced again. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

/** util.IsJobSucceeded: Complete is True. */
export function isJobSucceeded(job: Job): boolean {
  return finishedCondition(job)?.type === JOB_COMPLETE;
}

/** hasSuccessCriteriaMetCondition: the interim success condition, once written. */
export function successCriteriaMet(job: Job): JobCondition | undefined {
  const c = findCondition(job.status?.conditions, JOB_SUCCESS_CRITERIA_MET);
  return c?.status === 'True' ? c : undefined;
}
