export { JobController, JOB_TRACKING_FINALIZER, hasTrackingFinalizer, isIndexFailed, isPodFailed, onlyReplaceFailedPods, pastBackoffLimitOnFailure } from './job_controller';
export * from './backoff';
export * from './conditions';
export * from './indexed_job_utils';
export * from './pod_failure_policy';
export * from './success_policy';
