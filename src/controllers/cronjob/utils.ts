import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from '../../api/duration';
import type { KubeObject } from '../../api/object';
import { parseCronSchedule } from '../../api/validation/cron';
import { newControllerRef } from '../util/controller_ref';

/** batch.CronJobScheduledTimestampAnnotation (CronJobsScheduledAnnotation, beta and on in v1.32). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: requeue a little after the schedule time so the sync lands past it. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** More missed start times than this get the TooManyMissedTimes warning. */
export const MAX_MISSED_BEFORE_WARNING = 100;

/** A parsed schedule: `next(t)` is the first activation strictly after `t` (epoch ms), as cron.Schedule.Next. */
export interface Schedule {
  next(afterMs: number): number;
}

export class ScheduleError extends Error {}

/**
 * formatSchedule + cron.ParseStandard: the schedule in spec.timeZone (UTC when unset — the
 * simulated controller manager runs in UTC). Standard five fields or a descriptor (@hourly, …,
 * @every <duration>); errors carry robfig/cron's texts. Activation times come from cron-parser.
 */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  let spec = schedule.trim();
  let tz = timeZone ?? 'UTC';
  const m = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(spec);
  if (m) {
    tz = m[1];
    spec = m[2].trim();
  }
  const err = parseCronSchedule(spec);
  if (err) throw new ScheduleError(err);
  const every = /^@every\s+(\S+)$/.exec(spec);
  if (every) {
    let ms: number;
    try {
      ms = parseDuration(every[1]);
    } catch {
      throw new ScheduleError(`failed to parse duration ${spec}: time: invalid duration "${every[1]}"`);
    }
    // ConstantDelaySchedule: at least a second, whole seconds, from the given time.
    const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
    return { next: (t) => Math.floor(t / 1000) * 1000 + delay };
  }
  const expr = spec === '@midnight' ? '@daily' : spec === '@annually' ? '@yearly' : spec;
  try {
    CronExpressionParser.parse(expr, { currentDate: new Date(0), tz });
  } catch (e) {
    throw new ScheduleError(e instanceof Error ? e.message : String(e));
  }
  return {
    next: (t) => CronExpressionParser.parse(expr, { currentDate: new Date(t), tz }).next().toDate().getTime(),
  };
}

/**
 * mostRecentScheduleTime: the schedule times after the last one (or the creation) that are due by
 * `now` — the latest of them, and roughly how many (the count estimates from the first interval, as
 * upstream does, so huge gaps cost nothing). With `withDeadline`, times older than
 * startingDeadlineSeconds are not considered.
 */
export function mostRecentScheduleTime(cj: CronJob, nowMs: number, sched: Schedule, withDeadline: boolean): { earliest: number; mostRecent?: number; missed: number } {
  let earliest = Date.parse(cj.metadata!.creationTimestamp!);
  if (cj.status?.lastScheduleTime) earliest = Date.parse(cj.status.lastScheduleTime);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined && deadline !== null) {
    const schedulingDeadline = nowMs - deadline * 1000;
    if (schedulingDeadline > earliest) earliest = schedulingDeadline;
  }
  const t1 = sched.next(earliest);
  const t2 = sched.next(t1);
  if (nowMs < t1) return { earliest, missed: 0 };
  if (nowMs < t2) return { earliest, mostRecent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new ScheduleError('time difference between two schedules is less than 1 second');
  const elapsed = Math.floor((nowMs - t1) / 1000);
  const missed = Math.floor(elapsed / between) + 1;
  // Start one interval before the estimate and let the schedule find the real latest time, so
  // irregular schedules (30 6-16/4 * * 1-5) come out right.
  let mostRecent: number | undefined;
  for (let t = sched.next(t1 + (missed - 2) * between * 1000); t <= nowMs; t = sched.next(t)) mostRecent = t;
  return { earliest, mostRecent, missed };
}

/** nextScheduleTime: the latest unmet schedule time due by now, if any; `missed` says how many were missed. */
export function nextScheduleTime(cj: CronJob, nowMs: number, sched: Schedule): { time?: number; missed: number } {
  const r = mostRecentScheduleTime(cj, nowMs, sched, true);
  if (r.mostRecent === undefined || r.mostRecent > nowMs) return { missed: r.missed };
  return { time: r.mostRecent, missed: r.missed };
}

/** nextScheduleTimeDuration: how long until the sync after the next schedule time (ms). */
export function nextScheduleTimeDuration(cj: CronJob, nowMs: number, sched: Schedule): number {
  let mostRecent: number;
  try {
    const r = mostRecentScheduleTime(cj, nowMs, sched, false);
    mostRecent = r.mostRecent ?? r.earliest;
  } catch {
    mostRecent = nowMs;
  }
  return sched.next(mostRecent) + NEXT_SCHEDULE_DELTA_MS - nowMs;
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>` — one name per schedule time, so a time is never run twice. */
export function jobName(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata!.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/** RFC 3339 with the zone's offset (time.Time.In(loc).Format(time.RFC3339)). */
export function formatRFC3339In(ms: number, timeZone?: string): string {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  if (offsetMin === 0) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const local = new Date(ms + offsetMin * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000` (the MissSchedule message). */
export function formatRFC1123Z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * getJobFromTemplate2: the Job for one schedule time — the template's labels and annotations plus
 * the scheduled-timestamp annotation, the deterministic name, the CronJob as controller.
 */
export function jobFromTemplate(cj: CronJob & KubeObject, scheduledMs: number): Job & KubeObject {
  const tmpl = cj.spec?.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduledMs),
      namespace: cj.metadata!.namespace,
      labels: { ...(tmpl?.metadata?.labels ?? {}) },
      annotations: { ...(tmpl?.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: formatRFC3339In(scheduledMs, cj.spec?.timeZone) },
      ownerReferences: [newControllerRef(cj)],
    },
    spec: structuredClone(tmpl?.spec ?? { template: {} }),
  } as Job & KubeObject;
}

/** ref.GetReference: how status.active names a Job. */
export function jobRef(job: Job & KubeObject): ObjectReference {
  return { kind: 'Job', namespace: job.metadata!.namespace, name: job.metadata!.name, uid: job.metadata!.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata!.resourceVersion };
}

export function inActiveList(cj: CronJob, uid: string | undefined): boolean {
  return (cj.status?.active ?? []).some((r) => r.uid === uid);
}

export function inActiveListByName(cj: CronJob, name: string, namespace: string | undefined): boolean {
  return (cj.status?.active ?? []).some((r) => r.name === name && r.namespace === namespace);
}

export function deleteFromActiveList(cj: CronJob, uid: string | undefined): void {
  if (!cj.status) return;
  cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
}

/** byJobStartTime: started Jobs first, earliest start first, names breaking ties. */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  if (sa === sb || (sa && sb && Date.parse(sa) === Date.parse(sb))) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0;
  return Date.parse(sa!) - Date.parse(sb!);
}
