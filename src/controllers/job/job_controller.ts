import { BackgroundRequeue } from '../util/background_requeue';
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import { isNotFound, isStatusError, type KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import { ItemExponentialFailureRateLimiter } from '../../client/rate_limiter';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { isPodActive, slowStartBatch, sortActivePods } from '../util/active_pods';
import { getControllerOf, resolveControllerRef, selectingOwners } from '../util/controller_ref';
import { claimPods } from '../util/controller_ref_manager';
import { ControllerExpectations } from '../util/expectations';
import { PodControl } from '../util/pod_control';
import { BackoffStore, finishedTime, remainingBackoffMs, type BackoffRecord } from './backoff';
import {
  ensureJobConditionStatus,
  findCondition,
  isJobFinished,
  JOB_COMPLETE,
  JOB_FAILED,
  JOB_FAILURE_TARGET,
  JOB_SUCCESS_CRITERIA_MET,
  JOB_SUSPENDED,
  MESSAGE_BACKOFF_LIMIT_EXCEEDED,
  MESSAGE_COMPLETIONS_REACHED,
  MESSAGE_DEADLINE_EXCEEDED,
  MESSAGE_FAILED_INDEXES,
  MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
  newCondition,
  REASON_BACKOFF_LIMIT_EXCEEDED,
  REASON_COMPLETIONS_REACHED,
  REASON_DEADLINE_EXCEEDED,
  REASON_FAILED_INDEXES,
  REASON_MAX_FAILED_INDEXES_EXCEEDED,
  REASON_POD_FAILURE_POLICY,
  REASON_SUCCESS_POLICY,
  successCriteriaMet,
} from './conditions';
import {
  addCompletionIndexEnv,
  calculateFailedIndexes,
  calculateSucceededIndexes,
  completionIndex,
  duplicatedIndexPods,
  firstPendingIndexes,
  hasBackoffLimitPerIndex,
  indexAbsoluteFailureCount,
  indexFailureCount,
  intervalsHas,
  intervalsString,
  intervalsTotal,
  intervalsWith,
  isIndexedJob,
  newIndexFailureCounts,
  podGenerateNameWithIndex,
  UNKNOWN_COMPLETION_INDEX,
  withCompletionIndex,
} from './indexed_job_utils';
import { matchPodFailurePolicy } from './pod_failure_policy';
import { matchSuccessPolicy } from './success_policy';

/** batch.JobTrackingFinalizer: keeps a finished pod until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** The controller a Job without spec.managedBy (or with this value) is synced by. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
/** syncJobBatchPeriod: pod events and status updates are batched into one sync a second later. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;
/** DefaultJobApiBackOff / MaxJobApiBackOff: the retry back-off of a failed sync. */
export const DEFAULT_JOB_API_BACKOFF_MS = 1000;
export const MAX_JOB_API_BACKOFF_MS = 60_000;
/** MaxUncountedPods: the cap on status.uncountedTerminatedPods (keeps the status under ~20 KB). */
export const MAX_UNCOUNTED_PODS = 500;
/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH_SIZE = 1;

const JOBS = 'jobs.batch';
type JobObj = Job & KubeObject;
type PodObj = Pod & KubeObject;

/** The state one syncJob works on (upstream's syncJobCtx). */
interface SyncCtx {
  job: JobObj;
  pods: PodObj[];
  activePods: PodObj[];
  finishedCondition?: JobCondition;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: [number, number][];
  succeededIndexes: [number, number][];
  /** With backoffLimitPerIndex: the failed indexes, and per index the failed pod kept until its replacement exists. */
  failedIndexes?: [number, number][];
  podsWithDelayedDeletionPerIndex: Map<number, PodObj>;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: ReadonlySet<string>;
  /** status.uncountedTerminatedPods as this sync found it. */
  uncountedSucceeded: ReadonlySet<string>;
  uncountedFailed: ReadonlySet<string>;
  terminating: number;
  ready: number;
}

/**
 * The Job controller (pkg/controller/job/job_controller.go, v1.32) with the default-on gates
 * JobPodReplacementPolicy, JobSuccessPolicy's terminal-condition delay and PodFailurePolicy.
 * Pods carry the tracking finalizer until the Job has counted them: a finished pod goes first into
 * status.uncountedTerminatedPods, then loses its finalizer, then moves to succeeded/failed — so
 * no pod is counted twice or lost, whatever the status writes race with. A Job that has met its
 * goal (or failed) first gets the interim SuccessCriteriaMet/FailureTarget condition and only
 * becomes Complete/Failed once none of its pods is terminating.
 *
 * With backoffLimitPerIndex (beta, on) an Indexed Job's indexes back off and fail on their own:
 * a failed pod keeps its finalizer until its replacement carries the index's failure count.
 * A successPolicy (beta, on) can declare an Indexed Job succeeded before every index has; its
 * remaining pods are then deleted and not counted as failed.
 * Gap (stated, not hidden): managedBy goes no further than skipping Jobs another controller manages.
 */
export class JobController implements Controller {
  readonly name = 'job-controller';
  readonly queue: RateLimitingQueue;
  readonly orphanQueue: RateLimitingQueue;
  readonly expectations: ControllerExpectations;
  readonly backoff = new BackoffStore();
  /** uidTrackingExpectations: the pods whose finalizer removal this controller awaits, per Job key. */
  private readonly finalizerExpectations = new Map<string, Set<string>>();
  /** Delayed syncs (active deadline, pod-failure back-off): background timers, earliest wins. */
  /** enqueueSyncJobWithDelay and the active-deadline resync (background: see BackgroundRequeue). */
  private readonly delayed: BackgroundRequeue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly registrations: HandlerRegistration[] = [];
  private workers: QueueWorker[] = [];
  private jobs!: SharedIndexInformer<JobObj>;
  private pods!: SharedIndexInformer<PodObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('job-controller');
    this.recorder = ctx.recorder('job-controller');
    this.podControl = new PodControl(this.client, this.recorder);
    const limiter = () => new ItemExponentialFailureRateLimiter(DEFAULT_JOB_API_BACKOFF_MS, MAX_JOB_API_BACKOFF_MS);
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'job', rateLimiter: limiter() });
    this.delayed = new BackgroundRequeue(ctx.loop, this.queue, `${this.name}: delayed sync of`);
    this.orphanQueue = new RateLimitingQueue(ctx.loop, { name: 'job_orphan_pod', rateLimiter: limiter() });
    this.expectations = new ControllerExpectations(ctx.loop);
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.workers[0]?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.jobs = this.ctx.informers.forResource<JobObj>(JOBS);
    this.pods = this.ctx.informers.forResource<PodObj>('pods');
    this.registrations.push(
      this.jobs.addEventHandler({
        onAdd: (job) => this.enqueue(job, 0),
        onUpdate: (old, cur) => this.updateJob(old, cur),
        onDelete: (job) => {
          this.enqueue(job, 0);
          this.cleanupPodFinalizers(job);
        },
      }),
      this.pods.addEventHandler({
        onAdd: (pod) => this.addPod(pod),
        onUpdate: (old, cur) => this.updatePod(old, cur),
        onDelete: (pod) => this.deletePod(pod, true),
      }),
    );
    this.ctx.informers.start();
    this.workers = [
      new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name }),
      new QueueWorker(this.ctx.loop, this.orphanQueue, (key) => this.syncOrphanPod(key), { name: `${this.name} orphan pods` }),
    ];
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const w of this.workers) w.stop();
    for (const r of this.registrations) r.remove();
    this.delayed.stop();
    this.registrations.length = 0;
    this.queue.shutDown();
    this.orphanQueue.shutDown();
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  /** enqueueSyncJobImmediately (0) / enqueueSyncJobBatched (1s): delays a settle waits for. */
  private enqueue(job: KubeObject, delayMs: number): void {
    this.queue.addAfter(keyOf(job), delayMs);
  }

  private resolveControllerRef(namespace: string, pod: PodObj): JobObj | undefined {
    return resolveControllerRef(this.jobs.lister(), 'Job', namespace, pod, 'batch');
  }

  /** getPodJobs: the Jobs whose selector matches an orphan (candidates to adopt it). */
  private matchingJobs(pod: PodObj): JobObj[] {
    return selectingOwners(this.jobs.lister(), pod, (job, labels) => selectorOrNothing(job).matches(labels));
  }

  private updateJob(old: JobObj, cur: JobObj): void {
    const key = keyOf(cur);
    // A spec change syncs at once; a status change (usually our own write) is batched.
    this.enqueue(cur, cur.metadata?.generation === old.metadata?.generation ? SYNC_JOB_BATCH_PERIOD_MS : 0);
    // A backup: a finished Job's pods must not keep their finalizers.
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start && ads !== undefined && ads !== old.spec?.activeDeadlineSeconds) {
      this.delayed.addAfter(key, ads * 1000 - (this.nowMs() - Date.parse(start)));
    }
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    const ref = getControllerOf(pod);
    if (ref) {
      const job = this.resolveControllerRef(pod.metadata!.namespace!, pod);
      if (!job) return;
      this.expectations.creationObserved(keyOf(job));
      return this.enqueue(job, SYNC_JOB_BATCH_PERIOD_MS);
    }
    if (hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
    for (const job of this.matchingJobs(pod)) this.enqueue(job, SYNC_JOB_BATCH_PERIOD_MS);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur, false);
    const ns = cur.metadata!.namespace!;
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    if (refChanged && oldRef) {
      const prev = this.resolveControllerRef(ns, old);
      if (prev) {
        if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(prev), cur.metadata!.uid!);
        this.enqueue(prev, SYNC_JOB_BATCH_PERIOD_MS);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(ns, cur);
      if (!job) return;
      if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(job), cur.metadata!.uid!);
      return this.enqueue(job, SYNC_JOB_BATCH_PERIOD_MS);
    }
    if (hasTrackingFinalizer(cur)) this.orphanQueue.add(keyOf(cur));
    const labelsChanged = JSON.stringify(cur.metadata?.labels ?? {}) !== JSON.stringify(old.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const job of this.matchingJobs(cur)) this.enqueue(job, SYNC_JOB_BATCH_PERIOD_MS);
  }

  /** `final`: the pod is gone (not just marked for deletion). */
  private deletePod(pod: PodObj, final: boolean): void {
    const ref = getControllerOf(pod);
    const finalizer = hasTrackingFinalizer(pod);
    if (!ref) {
      // It may have been a Job's until the garbage collector took the reference away.
      if (finalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const job = this.resolveControllerRef(pod.metadata!.namespace!, pod);
    if (!job || isJobFinished(job)) {
      if (finalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObserved(key, keyOf(pod));
    if (final || !finalizer) this.finalizerRemovalObserved(key, pod.metadata!.uid!);
    this.enqueue(job, SYNC_JOB_BATCH_PERIOD_MS);
  }

  private finalizerRemovalObserved(key: string, uid: string): void {
    this.finalizerExpectations.get(key)?.delete(uid);
  }

  /** cleanupPodFinalizers: the Job's pods that still have the finalizer go to the orphan queue. */
  private cleanupPodFinalizers(job: JobObj): void {
    for (const pod of this.pods.lister().namespace(job.metadata!.namespace!).list()) {
      if (getControllerOf(pod)?.uid === job.metadata!.uid && hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
    }
  }

  /** syncOrphanPod: removes the tracking finalizer of a pod no unfinished Job of ours controls. */
  syncOrphanPod(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister().namespace(namespace ?? '').get(name);
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolveControllerRef(pod.metadata!.namespace!, pod);
      if (job && managedByOther(job)) return;
      if (job && !isJobFinished(job)) return; // adopted meanwhile
    }
    if (!hasTrackingFinalizer(pod)) return;
    try {
      this.podControl.patchPod(pod.metadata!.namespace!, pod.metadata!.name!, removeFinalizerPatch());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** getPodsForJob: its pods, adopting matching orphans (with the finalizer) and releasing the rest. */
  private podsForJob(job: JobObj): PodObj[] {
    let selector: Selector;
    try {
      selector = labelSelectorFromObject(job.spec?.selector);
    } catch (e) {
      throw new Error(`couldn't convert Job selector: ${messageOf(e)}`);
    }
    const all = this.pods.lister().namespace(job.metadata!.namespace!).list();
    const claimed = claimPods(this.client, job, JOBS, selector, all, undefined, [JOB_TRACKING_FINALIZER]);
    return claimed;
  }

  /** syncJob. Throws (requeued with the 1s…1m API back-off) when a pod or status write failed. */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const shared = this.jobs.lister().namespace(namespace ?? '').get(name);
    if (!shared) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoff.remove(key);
      return;
    }
    if (managedByOther(shared)) return;
    if (isJobFinished(shared)) {
      this.backoff.remove(key);
      return;
    }
    const job = deepCopy(shared) as JobObj;
    const mode = job.spec?.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    const status: JobStatus = (job.status ??= {});
    status.uncountedTerminatedPods ??= {};
    // Expectations first: a pod that lands after the listing is seen by the next sync.
    const satisfied = this.expectations.satisfied(key);
    const pods = this.podsForJob(job);
    const activePods = pods.filter(isPodActive);
    const c: SyncCtx = {
      job,
      pods,
      activePods,
      succeeded: 0,
      failed: 0,
      prevSucceededIndexes: [],
      succeededIndexes: [],
      podsWithDelayedDeletionPerIndex: new Map(),
      newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
      expectedRmFinalizers: new Set(this.finalizerExpectations.get(key) ?? []),
      uncountedSucceeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
      uncountedFailed: new Set(status.uncountedTerminatedPods.failed ?? []),
      terminating: pods.filter(isTerminating).length,
      ready: activePods.filter(isPodReady).length,
    };
    let active = activePods.length;
    const newSucceeded = this.validPods(c, c.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
    const newFailed = this.validPods(c, c.uncountedFailed, (p) => isPodFailed(p, job));
    c.succeeded = (status.succeeded ?? 0) + newSucceeded.length + c.uncountedSucceeded.size;
    c.failed = (status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length + c.uncountedFailed.size;

    const now = this.nowString();
    // Job first start; a suspended Job has not started.
    if (!status.startTime && !suspended(job)) status.startTime = now;
    c.newBackoffRecord = this.backoff.next(key, newSucceeded, newFailed);

    const exceedsBackoffLimit = c.failed > (job.spec?.backoffLimit ?? 6);
    c.finishedCondition = successCriteriaMet(job);
    if (!c.finishedCondition) {
      const target = findCondition(status.conditions, JOB_FAILURE_TARGET);
      if (target?.status === 'True') {
        c.finishedCondition = newCondition(JOB_FAILED, 'True', target.reason ?? '', target.message ?? '', now);
      } else {
        const msg = failJobMessage(job, pods);
        if (msg !== undefined) c.finishedCondition = newCondition(JOB_FAILURE_TARGET, 'True', REASON_POD_FAILURE_POLICY, msg, now);
      }
    }
    if (!c.finishedCondition) {
      if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        c.finishedCondition = newCondition(JOB_FAILURE_TARGET, 'True', REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED, now);
      } else if (this.pastActiveDeadline(job)) {
        c.finishedCondition = newCondition(JOB_FAILURE_TARGET, 'True', REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, now);
      } else if (job.spec?.activeDeadlineSeconds !== undefined && !suspended(job)) {
        this.delayed.addAfter(key, job.spec.activeDeadlineSeconds * 1000 - (this.nowMs() - Date.parse(status.startTime!)));
      }
    }
    if (isIndexedJob(job)) {
      const { prev, current } = calculateSucceededIndexes(job, pods, hasTrackingFinalizer);
      c.prevSucceededIndexes = prev;
      c.succeededIndexes = current;
      c.succeeded = intervalsTotal(current);
      if (hasBackoffLimitPerIndex(job)) {
        c.failedIndexes = calculateFailedIndexes(job, pods, hasTrackingFinalizer, (p) => isIndexFailed(job, p));
        if (!c.finishedCondition) {
          const maxFailed = job.spec?.maxFailedIndexes;
          const failedTotal = intervalsTotal(c.failedIndexes);
          if (maxFailed !== undefined && maxFailed !== null && failedTotal > maxFailed) {
            c.finishedCondition = newCondition(JOB_FAILURE_TARGET, 'True', REASON_MAX_FAILED_INDEXES_EXCEEDED, MESSAGE_MAX_FAILED_INDEXES_EXCEEDED, now);
          } else if (failedTotal > 0 && failedTotal + intervalsTotal(c.succeededIndexes) >= (job.spec?.completions ?? 0)) {
            c.finishedCondition = newCondition(JOB_FAILURE_TARGET, 'True', REASON_FAILED_INDEXES, MESSAGE_FAILED_INDEXES, now);
          }
        }
        c.podsWithDelayedDeletionPerIndex = this.podsWithDelayedDeletionPerIndex(c);
      }
      if (!c.finishedCondition) {
        const msg = matchSuccessPolicy(job.spec?.successPolicy, job.spec?.completions ?? 0, c.succeededIndexes);
        if (msg !== undefined) c.finishedCondition = newCondition(JOB_SUCCESS_CRITERIA_MET, 'True', REASON_SUCCESS_POLICY, msg, now);
      }
    }

    let manageError: unknown;
    let suspendCondChanged = false;
    if (c.finishedCondition) {
      // Finishing: delete what still runs, keeping the finalizers so the pods are counted.
      const { deletedReady, deleted, error } = this.deleteActivePods(job, c.activePods);
      if (deleted !== active || !satisfied) c.finishedCondition = undefined;
      active -= deleted;
      c.terminating += deleted;
      c.ready -= deletedReady;
      manageError = error;
    } else {
      let manageCalled = false;
      if (satisfied && !job.metadata?.deletionTimestamp) {
        const r = this.manageJob(key, job, c);
        active = r.active;
        manageError = r.error;
        manageCalled = true;
      }
      const completions = job.spec?.completions;
      const complete = completions === undefined || completions === null ? c.succeeded > 0 && active === 0 : c.succeeded >= completions && active === 0;
      if (complete) {
        c.finishedCondition = newCondition(JOB_SUCCESS_CRITERIA_MET, 'True', REASON_COMPLETIONS_REACHED, MESSAGE_COMPLETIONS_REACHED, now);
      } else if (manageCalled) {
        if (suspended(job)) {
          const r = ensureJobConditionStatus(status.conditions, JOB_SUSPENDED, 'True', 'JobSuspended', 'Job suspended', now);
          status.conditions = r.conditions;
          if (r.changed) {
            suspendCondChanged = true;
            this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
          }
        } else {
          const r = ensureJobConditionStatus(status.conditions, JOB_SUSPENDED, 'False', 'JobResumed', 'Job resumed', now);
          status.conditions = r.conditions;
          if (r.changed) {
            suspendCondChanged = true;
            this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
            // activeDeadlineSeconds counts continuous activity: a resumed Job starts anew.
            status.startTime = now;
          }
        }
      }
    }
    const needsStatusUpdate =
      suspendCondChanged || active !== (status.active ?? 0) || c.ready !== status.ready || c.terminating !== status.terminating;
    status.active = active;
    status.ready = c.ready;
    status.terminating = c.terminating;
    try {
      this.trackJobStatusAndRemoveFinalizers(key, c, needsStatusUpdate);
    } catch (e) {
      throw new Error(`tracking status: ${messageOf(e)}`);
    }
    if (manageError !== undefined) throw manageError;
  }

  /** getValidPodsWithFilter: pods not yet counted (finalizer, not uncounted, a valid index) that pass `filter`. */
  private validPods(c: SyncCtx, uncounted: ReadonlySet<string>, filter: (p: PodObj) => boolean): PodObj[] {
    const completions = c.job.spec?.completions ?? 0;
    return c.pods.filter((p) => {
      const uid = p.metadata!.uid!;
      if (!hasTrackingFinalizer(p) || uncounted.has(uid) || c.expectedRmFinalizers.has(uid)) return false;
      if (isIndexedJob(c.job)) {
        const ix = completionIndex(p);
        if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) return false;
      }
      return filter(p);
    });
  }

  /**
   * getPodsWithDelayedDeletionPerIndex: per pending index, its latest failed pod — kept (with its
   * finalizer) until the replacement is created, which inherits its failure count.
   */
  private podsWithDelayedDeletionPerIndex(c: SyncCtx): Map<number, PodObj> {
    const activeIndexes = new Set(c.activePods.map(completionIndex).filter((i) => i >= 0));
    const out = new Map<number, PodObj>();
    for (const p of this.validPods(c, new Set(), (x) => isPodFailed(x, c.job))) {
      const ix = completionIndex(p);
      if (intervalsHas(c.succeededIndexes, ix) || intervalsHas(c.failedIndexes ?? [], ix) || activeIndexes.has(ix)) continue;
      const last = out.get(ix);
      if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedTime(p) >= finishedTime(last))) out.set(ix, p);
    }
    return out;
  }

  private pastActiveDeadline(job: JobObj): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = job.status?.startTime;
    if (ads === undefined || ads === null || !start || suspended(job)) return false;
    return this.nowMs() - Date.parse(start) >= ads * 1000;
  }

  /** deleteActivePods: DELETE only (the finalizers stay until the pods are counted). */
  private deleteActivePods(job: JobObj, pods: readonly PodObj[]): { deletedReady: number; deleted: number; error?: unknown } {
    let deleted = pods.length;
    let deletedReady = 0;
    let error: unknown;
    for (const pod of pods) {
      try {
        this.podControl.deletePod(job.metadata!.namespace!, pod.metadata!.name!, job);
      } catch (e) {
        if (!isNotFound(e)) {
          deleted--;
          error ??= e;
        }
      }
      if (isPodReady(pod)) deletedReady++;
    }
    return { deletedReady, deleted, error };
  }

  /** deleteJobPods: removes the finalizer, then deletes — pods removed this way are not counted. */
  private deleteJobPods(key: string, job: JobObj, pods: readonly PodObj[]): { deletedReady: number; deleted: number; error?: unknown } {
    let deleted = pods.length;
    let deletedReady = 0;
    let error: unknown;
    const fail = (pod: PodObj, e: unknown) => {
      this.expectations.deletionObserved(key, keyOf(pod));
      if (!isNotFound(e)) {
        deleted--;
        error ??= e;
      }
    };
    for (const pod of pods) {
      if (hasTrackingFinalizer(pod)) {
        try {
          this.podControl.patchPod(pod.metadata!.namespace!, pod.metadata!.name!, removeFinalizerPatch());
        } catch (e) {
          fail(pod, new Error(`removing completion finalizer: ${messageOf(e)}`));
          continue;
        }
      }
      try {
        this.podControl.deletePod(job.metadata!.namespace!, pod.metadata!.name!, job);
      } catch (e) {
        fail(pod, e);
      }
      if (isPodReady(pod)) deletedReady++;
    }
    return { deletedReady, deleted, error };
  }

  /**
   * manageJob: brings the active pods to what parallelism and the remaining completions ask for —
   * deletes first (a sync either deletes or creates), creates in slow-start batches after the
   * pod-failure back-off, and deletes every active pod of a suspended Job.
   */
  private manageJob(key: string, job: JobObj, c: SyncCtx): { active: number; error?: unknown } {
    let active = c.activePods.length;
    const parallelism = job.spec?.parallelism ?? 1;
    if (suspended(job)) {
      const victims = activePodsForRemoval(job, c.activePods, active);
      this.expectations.expectDeletions(key, victims.map(keyOf));
      const r = this.deleteJobPods(key, job, victims);
      c.terminating += r.deleted;
      c.ready -= r.deletedReady;
      return { active: active - r.deleted, error: r.error };
    }
    let wantActive: number;
    const completions = job.spec?.completions;
    if (completions === undefined || completions === null) {
      // Without completions, the first success means: let what runs finish, start nothing new.
      wantActive = c.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(completions - c.succeeded, parallelism));
    }
    const rmAtLeast = Math.max(0, active - wantActive);
    let victims = activePodsForRemoval(job, c.activePods, rmAtLeast);
    if (victims.length > MAX_POD_CREATE_DELETE_PER_SYNC) victims = victims.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (victims.length > 0) {
      this.expectations.expectDeletions(key, victims.map(keyOf));
      const r = this.deleteJobPods(key, job, victims);
      c.terminating += r.deleted;
      c.ready -= r.deletedReady;
      return { active: active - r.deleted, error: r.error };
    }
    const terminating = onlyReplaceFailedPods(job) ? c.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return { active };
    // With backoffLimitPerIndex each index backs off on its own (below).
    const remaining = hasBackoffLimitPerIndex(job) ? 0 : remainingBackoffMs(this.nowMs(), c.newBackoffRecord.failuresAfterLastSuccess, c.newBackoffRecord.lastFailureTime);
    if (remaining > 0) {
      this.delayed.addAfter(key, Math.max(remaining, SYNC_JOB_BATCH_PERIOD_MS));
      // Upstream returns 0 here, which briefly reports no active pods while others still run; we keep the count.
      return { active };
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexedJob(job)) {
      const busy = onlyReplaceFailedPods(job) ? c.pods.filter(isTerminating).map(completionIndex).filter((i) => i >= 0) : [];
      indexes = firstPendingIndexes(c.succeededIndexes, c.activePods, busy, diff, completions ?? 0, c.failedIndexes ?? []);
      if (hasBackoffLimitPerIndex(job)) {
        // getPodCreationInfoForIndependentIndexes: the indexes whose back-off is over, else wait for the first.
        const now = this.nowMs();
        let minRemaining: number | undefined;
        const ready: number[] = [];
        for (const ix of indexes) {
          const last = c.podsWithDelayedDeletionPerIndex.get(ix);
          const left = last ? remainingBackoffMs(now, indexAbsoluteFailureCount(last) + 1, finishedTime(last)) : 0;
          if (left === 0) ready.push(ix);
          else if (minRemaining === undefined || left < minRemaining) minRemaining = left;
        }
        if (ready.length === 0 && minRemaining !== undefined) {
          this.delayed.addAfter(key, Math.max(minRemaining, SYNC_JOB_BATCH_PERIOD_MS));
          return { active };
        }
        indexes = ready;
      }
      diff = indexes.length;
    }
    if (diff <= 0) return { active };
    this.expectations.expectCreations(key, diff);
    const template: PodTemplateSpec = deepCopy(job.spec!.template) as PodTemplateSpec;
    if (isIndexedJob(job)) addCompletionIndexEnv(template);
    template.metadata = { ...(template.metadata ?? {}) };
    if (!(template.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) {
      template.metadata.finalizers = [...(template.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
    }
    let next = 0;
    const { successes, error } = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
      const ix = next < indexes.length ? indexes[next] : UNKNOWN_COMPLETION_INDEX;
      next++;
      const counts = hasBackoffLimitPerIndex(job)
        ? newIndexFailureCounts(c.podsWithDelayedDeletionPerIndex.get(ix), (p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed)
        : undefined;
      const t = ix === UNKNOWN_COMPLETION_INDEX ? template : withCompletionIndex(template, job.metadata!.name!, ix, counts);
      const generateName = ix === UNKNOWN_COMPLETION_INDEX ? undefined : podGenerateNameWithIndex(job.metadata!.name!, ix);
      try {
        this.podControl.createPod(t, job, generateName);
      } catch (e) {
        // A namespace being torn down refuses every create; nothing to retry.
        if (isStatusError(e) && (e.status.details?.causes ?? []).some((x) => x.reason === 'NamespaceTerminating')) return;
        throw e;
      }
    });
    // Failed and skipped creates will never be observed.
    if (diff - successes > 0) this.expectations.lowerCreations(key, diff - successes);
    return { active: active + successes, error };
  }

  /**
   * trackJobStatusAndRemoveFinalizers: finished pods go to status.uncountedTerminatedPods (written
   * first), then lose their finalizer, then are counted; the interim condition is written before the
   * finalizers go and the terminal one once nothing is uncounted or terminating.
   */
  private trackJobStatusAndRemoveFinalizers(key: string, c: SyncCtx, needsFlushIn: boolean): void {
    let needsFlush = needsFlushIn;
    const job = c.job;
    const indexed = isIndexedJob(job);
    const completions = job.spec?.completions ?? 0;
    const pods = indexed ? [...c.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : c.pods;
    const withFinalizer = new Set<string>();
    for (const p of pods) if (hasTrackingFinalizer(p) && !c.expectedRmFinalizers.has(p.metadata!.uid!)) withFinalizer.add(p.metadata!.uid!);
    const uncounted = job.status!.uncountedTerminatedPods!;
    uncounted.succeeded = [...(uncounted.succeeded ?? [])];
    uncounted.failed = [...(uncounted.failed ?? [])];
    if (cleanUncounted(job.status!, withFinalizer)) needsFlush = true;
    const toRemove: PodObj[] = [];
    const newSucceededIndexes: number[] = [];
    let reachedMax = false;
    for (const pod of pods) {
      const uid = pod.metadata!.uid!;
      if (!hasTrackingFinalizer(pod) || c.expectedRmFinalizers.has(uid)) continue;
      const failed = isPodFailed(pod, job);
      if (!canRemoveFinalizer(c, pod)) continue;
      toRemove.push(pod);
      if (pod.status?.phase === 'Succeeded' && !c.uncountedFailed.has(uid)) {
        if (indexed) {
          const ix = completionIndex(pod);
          if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !intervalsHas(c.prevSucceededIndexes, ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!c.uncountedSucceeded.has(uid)) {
          needsFlush = true;
          uncounted.succeeded.push(uid);
        }
      } else if (failed || (c.finishedCondition && c.finishedCondition.type !== JOB_SUCCESS_CRITERIA_MET && c.finishedCondition.type !== JOB_COMPLETE)) {
        // Once the Job is finishing, every pod that has not succeeded counts as failed.
        const ix = completionIndex(pod);
        if (!c.uncountedFailed.has(uid) && (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))) {
          if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
            needsFlush = true;
            uncounted.failed.push(uid);
          }
        }
      }
      if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) {
        // The status and pod updates bring the Job back for the rest.
        reachedMax = true;
        break;
      }
    }
    if (indexed) {
      c.succeededIndexes = intervalsWith(c.succeededIndexes, newSucceededIndexes);
      const s = intervalsString(c.succeededIndexes);
      if (s !== (job.status!.completedIndexes ?? '')) needsFlush = true;
      job.status!.succeeded = intervalsTotal(c.succeededIndexes);
      job.status!.completedIndexes = s;
      const failedStr = c.failedIndexes !== undefined ? intervalsString(c.failedIndexes) : undefined;
      if (failedStr !== job.status!.failedIndexes) {
        if (failedStr === undefined) delete job.status!.failedIndexes;
        else job.status!.failedIndexes = failedStr;
        needsFlush = true;
      }
    }
    if (c.finishedCondition?.type === JOB_FAILURE_TARGET) {
      job.status!.conditions = [...(job.status!.conditions ?? []), c.finishedCondition];
      needsFlush = true;
      c.finishedCondition = newCondition(JOB_FAILED, 'True', c.finishedCondition.reason ?? '', c.finishedCondition.message ?? '', this.nowString());
    }
    if (c.finishedCondition?.type === JOB_SUCCESS_CRITERIA_MET) {
      if (!successCriteriaMet(job)) {
        job.status!.conditions = [...(job.status!.conditions ?? []), c.finishedCondition];
        needsFlush = true;
      }
      c.finishedCondition = newCondition(JOB_COMPLETE, 'True', c.finishedCondition.reason ?? '', c.finishedCondition.message ?? '', this.nowString());
    }
    needsFlush = this.flushUncountedAndRemoveFinalizers(key, c, toRemove, withFinalizer, needsFlush);
    const finished = !reachedMax && this.enactJobFinished(c);
    if (finished) needsFlush = true;
    if (needsFlush) {
      try {
        c.job = this.writeStatus(c.job);
      } catch (e) {
        throw new Error(`removing uncounted pods from status: ${messageOf(e)}`);
      }
      if (finished) this.recordJobFinished(c.job, c.finishedCondition!);
    }
  }

  /**
   * flushUncountedAndRemoveFinalizers: writes the status (with the new uncounted UIDs and interim
   * conditions), then removes the finalizers, then counts the pods that lost theirs. Returns
   * whether the status still has changes to write.
   */
  private flushUncountedAndRemoveFinalizers(key: string, c: SyncCtx, toRemove: readonly PodObj[], withFinalizer: Set<string>, needsFlushIn: boolean): boolean {
    let needsFlush = needsFlushIn;
    if (needsFlush) {
      try {
        c.job = this.writeStatus(c.job);
      } catch (e) {
        throw new Error(`adding uncounted pods to status: ${messageOf(e)}`);
      }
      // Only now are the newly finished pods part of the record (a failed write counts nothing).
      this.backoff.update(c.newBackoffRecord);
      needsFlush = false;
    }
    let rmError: unknown;
    if (toRemove.length) {
      const expected = this.finalizerExpectations.get(key) ?? new Set<string>();
      for (const p of toRemove) expected.add(p.metadata!.uid!);
      this.finalizerExpectations.set(key, expected);
      for (const pod of toRemove) {
        try {
          this.podControl.patchPod(pod.metadata!.namespace!, pod.metadata!.name!, removeFinalizerPatch());
          withFinalizer.delete(pod.metadata!.uid!);
        } catch (e) {
          // No update will show this removal: stop waiting for it.
          this.finalizerRemovalObserved(key, pod.metadata!.uid!);
          if (isNotFound(e)) withFinalizer.delete(pod.metadata!.uid!);
          else rmError ??= e;
        }
      }
    }
    if (cleanUncounted(c.job.status!, withFinalizer)) needsFlush = true;
    if (rmError !== undefined) {
      if (needsFlush) c.job = this.writeStatus(c.job);
      throw rmError;
    }
    return needsFlush;
  }

  /** enactJobFinished: the terminal condition, once nothing is uncounted or terminating. */
  private enactJobFinished(c: SyncCtx): boolean {
    const cond = c.finishedCondition;
    if (!cond) return false;
    const status = c.job.status!;
    const u = status.uncountedTerminatedPods;
    if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
    if (c.terminating > 0) return false;
    const now = this.nowString();
    status.conditions = ensureJobConditionStatus(status.conditions, cond.type, 'True', cond.reason ?? '', cond.message ?? '', now).conditions;
    if (cond.type === JOB_COMPLETE) status.completionTime = findCondition(status.conditions, JOB_COMPLETE)!.lastTransitionTime;
    return true;
  }

  /** recordJobFinished: `Completed` (and `TooManySucceededPods`), or a Warning with the failure reason. */
  private recordJobFinished(job: JobObj, cond: JobCondition): void {
    if (cond.type === JOB_COMPLETE) {
      const completions = job.spec?.completions;
      if (completions !== undefined && completions !== null && (job.status?.succeeded ?? 0) > completions) {
        this.recorder.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else {
      this.recorder.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
    }
  }

  /** updateJobStatus: PUT status; the answer is copied so the sync can go on changing it. */
  private writeStatus(job: JobObj): JobObj {
    const obj = deepCopy(job) as JobObj;
    obj.status = wireStatus(obj.status ?? {});
    const written = this.client.updateStatus<JobObj>(JOBS, obj);
    const copy = deepCopy(written) as JobObj;
    copy.status ??= {};
    copy.status.uncountedTerminatedPods ??= {};
    return copy;
  }

  private nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }

  private nowString(): string {
    return formatRFC3339(this.nowMs());
  }
}

// ---- helpers ------------------------------------------------------------------------------------

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

function selectorOrNothing(job: JobObj): Selector {
  try {
    return labelSelectorFromObject(job.spec?.selector);
  } catch {
    return labelSelectorFromObject(undefined);
  }
}

function messageOf(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** removeTrackingFinalizerPatch: a strategic merge patch taking the finalizer out of the list. */
function removeFinalizerPatch(): unknown {
  return { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } };
}

function suspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/** managedByExternalController: spec.managedBy names another controller. */
function managedByOther(job: Job): boolean {
  const m = (job.spec as { managedBy?: string } | undefined)?.managedBy;
  return m !== undefined && m !== JOB_CONTROLLER_NAME;
}

/** controller.CountTerminatingPods' predicate: being deleted and not finished. */
function isTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * onlyReplaceFailedPods: podReplacementPolicy Failed (the default with a podFailurePolicy) waits for
 * a terminating pod to finish before replacing it.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

/**
 * isPodFailed: phase Failed — or, unless only failed pods are replaced, deleted before it
 * succeeded (an orphan or an evicted pod may never reach Failed).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure the pods do not fail, their containers
 * restart — the restarts of the running and pending pods count against backoffLimit.
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s.restartCount;
    for (const s of p.status?.containerStatuses ?? []) restarts += s.restartCount;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** activePodsForRemoval: an Indexed Job's duplicates and strays first, then by controller.ActivePods. */
function activePodsForRemoval(job: Job, pods: readonly PodObj[], rmAtLeast: number): PodObj[] {
  let rm: PodObj[] = [];
  let left: PodObj[];
  if (isIndexedJob(job)) {
    const r = duplicatedIndexPods(pods, job.spec?.completions ?? 0, (ps) => sortActivePods(ps));
    rm = r.rm as PodObj[];
    left = r.left as PodObj[];
  } else {
    left = [...pods];
  }
  if (rm.length < rmAtLeast) rm = [...rm, ...sortActivePods(left).slice(0, rmAtLeast - rm.length)];
  return rm;
}

/**
 * canRemoveFinalizer: when the Job is finishing or being deleted, when the pod succeeded, or when
 * it failed.
 */
function canRemoveFinalizer(c: SyncCtx, pod: PodObj): boolean {
  if (c.job.metadata?.deletionTimestamp || c.finishedCondition || pod.status?.phase === 'Succeeded') return true;
  if (!isPodFailed(pod, c.job)) return false;
  if (hasBackoffLimitPerIndex(c.job)) {
    // Kept until its replacement carries the index's failure count.
    const kept = c.podsWithDelayedDeletionPerIndex.get(completionIndex(pod));
    if (kept && kept.metadata?.uid === pod.metadata?.uid) return false;
  }
  return true;
}

/**
 * isIndexFailed: the pod failed and either matched a FailIndex rule, or counted and its index had
 * already used up backoffLimitPerIndex.
 */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  let counted = false;
  if (isPodFailed(pod, job)) {
    if (job.spec?.podFailurePolicy) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else {
      counted = true;
    }
  }
  return counted && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/**
 * cleanUncountedPodsWithoutFinalizers: the uncounted pods that no longer have the finalizer are
 * counted (succeeded/failed) and leave the uncounted lists. Returns whether anything moved.
 */
function cleanUncounted(status: JobStatus, withFinalizer: ReadonlySet<string>): boolean {
  const u = status.uncountedTerminatedPods!;
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepS.length !== (u.succeeded ?? []).length) {
    changed = true;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
    u.succeeded = keepS;
  }
  const keepF = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepF.length !== (u.failed ?? []).length) {
    changed = true;
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - keepF.length;
    u.failed = keepF;
  }
  return changed;
}

/** The status as JSON carries it: zero counters and empty lists and strings omitted (omitempty); ready and terminating are pointers and stay. */
function wireStatus(s: JobStatus): JobStatus {
  const out: JobStatus = { ...s };
  if (!out.active) delete out.active;
  if (!out.succeeded) delete out.succeeded;
  if (!out.failed) delete out.failed;
  if (!out.completedIndexes) delete out.completedIndexes;
  if (out.conditions && out.conditions.length === 0) delete out.conditions;
  const u = { ...(out.uncountedTerminatedPods ?? {}) };
  if (!u.succeeded?.length) delete u.succeeded;
  if (!u.failed?.length) delete u.failed;
  out.uncountedTerminatedPods = u;
  return out;
}
