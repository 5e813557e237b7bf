import { BackgroundRequeue } from '../util/background_requeue';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { deepCopy } from '../../api/freeze';
import { isAlreadyExists, isNotFound, isStatusError, type KubeObject } from '../../api/object';
import { formatRFC3339, type EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { finishedCondition, isJobFinished, isJobSucceeded } from '../job/conditions';
import { getControllerOf, resolveControllerRef } from '../util/controller_ref';
import {
  byJobStartTime,
  deleteFromActiveList,
  formatRFC1123Z,
  inActiveList,
  inActiveListByName,
  jobFromTemplate,
  jobName,
  jobRef,
  MAX_MISSED_BEFORE_WARNING,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseSchedule,
  type Schedule,
} from './utils';

const CRONJOBS = 'cronjobs.batch';
const JOBS = 'jobs.batch';
type CronJobObj = CronJob & KubeObject;
type JobObj = Job & KubeObject;

/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, v1.32). Each sync
 * trims finished Jobs beyond the history limits, reconciles status.active with the Jobs it owns,
 * then — unless suspended — creates the Job for the latest schedule time that has come and not
 * been run (named by that time, so never twice), as concurrencyPolicy allows, and asks to be
 * synced again just after the next schedule time. That wake-up is a background timer: a recurring
 * schedule is a heartbeat, not pending work, so `When the cluster settles` ends while a CronJob
 * waits, and `When 24 hours pass` still runs every schedule on the way.
 */
export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  readonly queue: RateLimitingQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly registrations: HandlerRegistration[] = [];
  /** The next wake-up of each CronJob (earliest wins). */
  private readonly wakeups: BackgroundRequeue;
  private worker: QueueWorker | undefined;
  private cronJobs!: SharedIndexInformer<CronJobObj>;
  private jobs!: SharedIndexInformer<JobObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('cronjob-controller');
    this.recorder = ctx.recorder('cronjob-controller');
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'cronjob' });
    this.wakeups = new BackgroundRequeue(ctx.loop, this.queue, `${this.name}: next schedule of`);
  }

  get lastErrors(): ReadonlyMap<string, unknown> {
    return this.worker?.lastErrors ?? new Map();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.cronJobs = this.ctx.informers.forResource<CronJobObj>(CRONJOBS);
    this.jobs = this.ctx.informers.forResource<JobObj>(JOBS);
    this.registrations.push(
      this.jobs.addEventHandler({
        onAdd: (job) => this.addJob(job),
        onUpdate: (old, cur) => this.updateJob(old, cur),
        onDelete: (job) => this.enqueueOwner(job),
      }),
      this.cronJobs.addEventHandler({
        onAdd: (cj) => this.queue.add(keyOf(cj)),
        onUpdate: (old, cur) => this.updateCronJob(old, cur),
        onDelete: (cj) => this.queue.add(keyOf(cj)),
      }),
    );
    this.ctx.informers.start();
    this.worker = new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name });
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.worker?.stop();
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    this.wakeups.stop();
    this.queue.shutDown();
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  private resolveControllerRef(job: JobObj): CronJobObj | undefined {
    return resolveControllerRef(this.cronJobs.lister(), 'CronJob', job.metadata!.namespace!, job, 'batch');
  }

  private enqueueOwner(job: JobObj): void {
    const cj = this.resolveControllerRef(job);
    if (cj) this.queue.add(keyOf(cj));
  }

  private addJob(job: JobObj): void {
    this.enqueueOwner(job);
  }

  private updateJob(old: JobObj, cur: JobObj): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if ((labelsChanged || oldRef?.uid !== curRef?.uid) && oldRef) this.enqueueOwner(old);
    if (curRef) this.enqueueOwner(cur);
  }

  /** A changed schedule or time zone wakes the CronJob for its new next time; any other change syncs it now. */
  private updateCronJob(old: CronJobObj, cur: CronJobObj): void {
    if (old.spec?.schedule !== cur.spec?.schedule || (old.spec?.timeZone ?? '') !== (cur.spec?.timeZone ?? '')) {
      let sched: Schedule;
      try {
        sched = parseSchedule(cur.spec!.schedule, cur.spec?.timeZone);
      } catch {
        this.recorder.eventf(cur, 'Warning', 'UnParseableCronJobSchedule', 'unparseable schedule for cronjob: %s', cur.spec?.schedule);
        return;
      }
      this.wakeups.addAfter(keyOf(cur), nextScheduleTimeDuration(cur, this.nowMs(), sched));
      return;
    }
    this.queue.add(keyOf(cur));
  }

  // ---- reconcile --------------------------------------------------------------------------------

  /** sync: cleanup, then syncCronJob, then one status write for both; a requeue wakes it later. */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const shared = this.cronJobs.lister().namespace(namespace ?? '').get(name);
    if (!shared) return;
    const jobs = this.jobs
      .lister()
      .namespace(shared.metadata!.namespace!)
      .list()
      .filter((j) => getControllerOf(j)?.uid === shared.metadata!.uid);
    const cj = deepCopy(shared) as CronJobObj;
    cj.status ??= {};
    const cleaned = this.cleanupFinishedJobs(cj, jobs);
    const { requeueAfterMs, updateStatus, error } = this.syncCronJob(cj, jobs);
    if (cleaned || updateStatus) this.writeStatus(cj);
    if (requeueAfterMs !== undefined) {
      this.wakeups.addAfter(key, requeueAfterMs);
      return;
    }
    if (error !== undefined) throw error;
  }

  /**
   * syncCronJob: reconciles status.active and lastSuccessfulTime with the Jobs, then starts the Job
   * for the most recent unmet schedule time if the policy lets it. Returns when to look again.
   */
  private syncCronJob(cj: CronJobObj, jobs: readonly JobObj[]): { requeueAfterMs?: number; updateStatus: boolean; error?: unknown } {
    const now = this.nowMs();
    let updateStatus = false;
    const children = new Set(jobs.map((j) => j.metadata!.uid));
    for (const j of jobs) {
      const found = inActiveList(cj, j.metadata!.uid);
      if (!found && !isJobFinished(j)) {
        let fresh: CronJobObj | undefined;
        try {
          fresh = this.client.get<CronJobObj>(CRONJOBS, cj.metadata!.namespace, cj.metadata!.name!);
        } catch (e) {
          return { updateStatus, error: e };
        }
        if (inActiveList(fresh, j.metadata!.uid)) {
          // Our cache was behind our own write: take the fresh status.
          cj.status = deepCopy(fresh.status ?? {}) as CronJobObj['status'];
          continue;
        }
        this.recorder.eventf(cj, 'Warning', 'UnexpectedJob', 'Saw a job that the controller did not create or forgot: %s', j.metadata!.name);
        // An unfinished Job that names us as controller but is not in our active list: created by
        // someone else, or our status write was lost. It is left alone.
      } else if (found && isJobFinished(j)) {
        deleteFromActiveList(cj, j.metadata!.uid);
        this.recorder.eventf(cj, 'Normal', 'SawCompletedJob', 'Saw completed job: %s, condition: %v', j.metadata!.name, finishedCondition(j)!.type);
        updateStatus = true;
      }
      if (isJobSucceeded(j)) {
        const done = j.status?.completionTime;
        const last = cj.status!.lastSuccessfulTime;
        if (done && (!last || Date.parse(done) > Date.parse(last))) {
          cj.status!.lastSuccessfulTime = done;
          updateStatus = true;
        }
      }
    }
    // Active Jobs that are gone from the cache may be gone for good: ask the API server.
    for (const ref of [...(cj.status!.active ?? [])]) {
      if (children.has(ref.uid)) continue;
      try {
        this.client.get(JOBS, ref.namespace, ref.name!);
      } catch (e) {
        if (!isNotFound(e)) return { updateStatus, error: e };
        this.recorder.eventf(cj, 'Normal', 'MissingJob', 'Active job went missing: %v', ref.name);
        deleteFromActiveList(cj, ref.uid);
        updateStatus = true;
      }
    }
    if (cj.metadata?.deletionTimestamp) return { updateStatus };
    const tz = cj.spec?.timeZone;
    if (tz !== undefined && tz !== null && !validTimeZone(tz)) {
      this.recorder.eventf(cj, 'Warning', 'UnknownTimeZone', 'invalid timeZone: %q: %s', tz, `unknown time zone ${tz}`);
      return { updateStatus };
    }
    if (cj.spec?.suspend) return { updateStatus };
    let sched: Schedule;
    try {
      sched = parseSchedule(cj.spec!.schedule, tz ?? undefined);
    } catch (e) {
      this.recorder.eventf(cj, 'Warning', 'UnparseableSchedule', 'unparseable schedule: %q : %s', cj.spec!.schedule, messageOf(e));
      return { updateStatus };
    }
    let scheduled: number | undefined;
    try {
      const r = nextScheduleTime(cj, now, sched);
      if (r.missed > MAX_MISSED_BEFORE_WARNING) {
        this.recorder.eventf(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times: %d. Set or decrease .spec.startingDeadlineSeconds or check clock skew', r.missed);
      }
      scheduled = r.time;
    } catch (e) {
      this.recorder.eventf(cj, 'Warning', 'InvalidSchedule', 'invalid schedule: %s : %s', cj.spec!.schedule, messageOf(e));
      return { updateStatus };
    }
    if (scheduled === undefined) return { requeueAfterMs: nextScheduleTimeDuration(cj, now, sched), updateStatus };
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
      this.recorder.eventf(cj, 'Warning', 'MissSchedule', 'Missed scheduled time to start a job: %s', formatRFC1123Z(scheduled));
      return { requeueAfterMs: nextScheduleTimeDuration(cj, now, sched), updateStatus };
    }
    const lastSchedule = cj.status!.lastScheduleTime;
    if (inActiveListByName(cj, jobName(cj, scheduled), cj.metadata!.namespace) || (lastSchedule && Date.parse(lastSchedule) === Math.floor(scheduled / 1000) * 1000)) {
      // This schedule time was handled already.
      return { requeueAfterMs: nextScheduleTimeDuration(cj, now, sched), updateStatus };
    }
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (cj.status!.active ?? []).length > 0) {
      // Regardless of which schedule time is next, nothing starts while a Job runs.
      this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueAfterMs: nextScheduleTimeDuration(cj, now, sched), updateStatus };
    }
    if (policy === 'Replace') {
      for (const ref of [...(cj.status!.active ?? [])]) {
        let job: JobObj;
        try {
          job = this.client.get<JobObj>(JOBS, ref.namespace, ref.name!);
        } catch (e) {
          if (isNotFound(e)) {
            deleteFromActiveList(cj, ref.uid);
            updateStatus = true;
            continue;
          }
          return { updateStatus, error: e };
        }
        if (!this.deleteJob(cj, job)) return { updateStatus, error: new Error(`could not replace job ${job.metadata!.namespace}/${job.metadata!.name}`) };
        updateStatus = true;
      }
    }
    const req = jobFromTemplate(cj, scheduled);
    let created: JobObj;
    try {
      created = this.client.create<JobObj>(JOBS, req);
    } catch (e) {
      if (isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return { updateStatus, error: e };
      // Someone else created it and has updated the status accordingly.
      if (isAlreadyExists(e)) return { updateStatus, error: e };
      this.recorder.eventf(cj, 'Warning', 'FailedCreate', 'Error creating job: %v', messageOf(e));
      return { updateStatus, error: e };
    }
    this.recorder.eventf(cj, 'Normal', 'SuccessfulCreate', 'Created job %v', created.metadata!.name);
    cj.status!.active = [...(cj.status!.active ?? []), jobRef(created)];
    cj.status!.lastScheduleTime = formatRFC3339(scheduled);
    updateStatus = true;
    return { requeueAfterMs: nextScheduleTimeDuration(cj, now, sched), updateStatus };
  }

  /** cleanupFinishedJobs: deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  private cleanupFinishedJobs(cj: CronJobObj, jobs: readonly JobObj[]): boolean {
    const okLimit = cj.spec?.successfulJobsHistoryLimit;
    const failLimit = cj.spec?.failedJobsHistoryLimit;
    if ((okLimit === undefined || okLimit === null) && (failLimit === undefined || failLimit === null)) return false;
    const succeeded: JobObj[] = [];
    const failed: JobObj[] = [];
    for (const j of jobs) {
      const c = finishedCondition(j);
      if (c?.type === 'Complete') succeeded.push(j);
      else if (c?.type === 'Failed') failed.push(j);
    }
    let updated = false;
    if (okLimit !== undefined && okLimit !== null && this.removeOldestJobs(cj, succeeded, okLimit)) updated = true;
    if (failLimit !== undefined && failLimit !== null && this.removeOldestJobs(cj, failed, failLimit)) updated = true;
    return updated;
  }

  private removeOldestJobs(cj: CronJobObj, jobs: JobObj[], max: number): boolean {
    const n = jobs.length - max;
    if (n <= 0) return false;
    let updated = false;
    for (const j of [...jobs].sort(byJobStartTime).slice(0, n)) if (this.deleteJob(cj, j)) updated = true;
    return updated;
  }

  /** deleteJob: background propagation (the Job's pods go with it), then out of status.active. */
  private deleteJob(cj: CronJobObj, job: JobObj): boolean {
    try {
      this.client.delete(JOBS, job.metadata!.namespace, job.metadata!.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      this.recorder.eventf(cj, 'Warning', 'FailedDelete', 'Deleted job: %v', messageOf(e));
      return false;
    }
    deleteFromActiveList(cj, job.metadata!.uid);
    this.recorder.eventf(cj, 'Normal', 'SuccessfulDelete', 'Deleted job %v', job.metadata!.name);
    return true;
  }

  /** UpdateStatus; a conflict or other failure is thrown and the key retried rate-limited. */
  private writeStatus(cj: CronJobObj): void {
    const obj = deepCopy(cj) as CronJobObj;
    if (obj.status && (obj.status.active ?? []).length === 0) delete obj.status.active;
    try {
      this.client.updateStatus(CRONJOBS, obj);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  }

  private nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata!.namespace}/${obj.metadata!.name}`;
}

function messageOf(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
