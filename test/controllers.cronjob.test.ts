import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import {
  byJobStartTime,
  CRONJOB_SCHEDULED_TIMESTAMP,
  formatRFC1123Z,
  formatRFC3339In,
  jobFromTemplate,
  jobName,
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseSchedule,
  ScheduleError,
} from '../src/controllers/cronjob';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function cronJob(o: { schedule?: string; created?: string; last?: string; deadline?: number; tz?: string } = {}): CronJob & KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: 'default', uid: 'cj-uid', creationTimestamp: o.created ?? '2025-01-01T00:00:00Z' },
    spec: {
      schedule: o.schedule ?? '*/5 * * * *',
      ...(o.deadline !== undefined ? { startingDeadlineSeconds: o.deadline } : {}),
      ...(o.tz ? { timeZone: o.tz } : {}),
      jobTemplate: { metadata: { labels: { app: 'x' }, annotations: { note: 'y' } }, spec: { template: { spec: { containers: [] } } } },
    },
    status: o.last ? { lastScheduleTime: o.last } : {},
  };
}

test('schedules: the next activation strictly after a time, as cron.Schedule.Next', () => {
  // [schedule, time zone, after, next]
  const cases: [string, string | undefined, string, string][] = [
    ['*/5 * * * *', undefined, '2025-01-01T00:03:00Z', '2025-01-01T00:05:00Z'],
    ['*/5 * * * *', undefined, '2025-01-01T00:05:00Z', '2025-01-01T00:10:00Z'],
    ['0 * * * *', undefined, '2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z'],
    ['@hourly', undefined, '2025-01-01T00:30:00Z', '2025-01-01T01:00:00Z'],
    ['@daily', undefined, '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'],
    ['@midnight', undefined, '2025-01-01T12:00:00Z', '2025-01-02T00:00:00Z'],
    ['@every 90s', undefined, '2025-01-01T00:00:00Z', '2025-01-01T00:01:30Z'],
    // Day of month OR day of week when both are restricted (1st, or a Monday).
    ['0 0 1 * 1', undefined, '2025-01-01T00:00:00Z', '2025-01-06T00:00:00Z'],
    ['0 9 * * *', 'Europe/Berlin', '2025-01-01T00:00:00Z', '2025-01-01T08:00:00Z'],
    ['0 9 * * *', 'Europe/Berlin', '2025-07-01T00:00:00Z', '2025-07-01T07:00:00Z'],
    ['TZ=America/New_York 0 9 * * *', undefined, '2025-01-01T00:00:00Z', '2025-01-01T14:00:00Z'],
  ];
  for (const [schedule, tz, after, next] of cases) assert.equal(iso(parseSchedule(schedule, tz).next(at(after))), next, `${schedule} ${tz ?? ''} after ${after}`);
});

test("schedules that robfig/cron's standard parser rejects, with its texts", () => {
  const cases: [string, RegExp][] = [
    ['* * * *', /^expected exactly 5 fields, found 4: \[\* \* \* \*\]$/],
    ['0 0 * * * *', /^expected exactly 5 fields, found 6/],
    ['61 * * * *', /above maximum/],
    ['@fortnightly', /^unrecognized descriptor: @fortnightly$/],
  ];
  for (const [schedule, want] of cases) {
    assert.throws(() => parseSchedule(schedule), (e: unknown) => e instanceof ScheduleError && want.test(e.message), schedule);
  }
});

test('mostRecentScheduleTime: the latest due time and roughly how many were missed', () => {
  const cases: { name: string; cj: CronJob; now: string; recent?: string; missed: number }[] = [
    { name: 'nothing due yet', cj: cronJob(), now: '2025-01-01T00:04:59Z', missed: 0 },
    { name: 'one due', cj: cronJob(), now: '2025-01-01T00:05:00Z', recent: '2025-01-01T00:05:00Z', missed: 1 },
    { name: 'from the last schedule time', cj: cronJob({ last: '2025-01-01T00:05:00Z' }), now: '2025-01-01T00:07:00Z', missed: 0 },
    { name: 'three missed', cj: cronJob({ last: '2025-01-01T00:05:00Z' }), now: '2025-01-01T00:21:00Z', recent: '2025-01-01T00:20:00Z', missed: 3 },
    { name: 'two hours of minutes', cj: cronJob({ schedule: '* * * * *' }), now: '2025-01-01T02:00:00Z', recent: '2025-01-01T02:00:00Z', missed: 120 },
    // The count is upstream's estimate from the first interval (4h); five times were really missed.
    { name: 'an irregular schedule', cj: cronJob({ schedule: '30 6-16/4 * * *' }), now: '2025-01-02T12:00:00Z', recent: '2025-01-02T10:30:00Z', missed: 8 },
  ];
  for (const c of cases) {
    const r = mostRecentScheduleTime(c.cj, at(c.now), parseSchedule(c.cj.spec!.schedule), false);
    assert.deepEqual([r.mostRecent === undefined ? undefined : iso(r.mostRecent), r.missed], [c.recent, c.missed], c.name);
  }
});

test('startingDeadlineSeconds: schedule times older than the deadline are not started', () => {
  const sched = parseSchedule('*/5 * * * *');
  const late = cronJob({ last: '2025-01-01T00:05:00Z', deadline: 60 });
  assert.equal(nextScheduleTime(late, at('2025-01-01T00:17:00Z'), sched).time, undefined);
  assert.equal(iso(nextScheduleTime(late, at('2025-01-01T00:15:59Z'), sched).time!), '2025-01-01T00:15:00Z');
  const noDeadline = cronJob({ last: '2025-01-01T00:05:00Z' });
  assert.equal(iso(nextScheduleTime(noDeadline, at('2025-01-01T00:17:00Z'), sched).time!), '2025-01-01T00:15:00Z');
});

test('nextScheduleTimeDuration: just after the next schedule time', () => {
  const sched = parseSchedule('*/5 * * * *');
  const cases: [CronJob, string, number][] = [
    [cronJob(), '2025-01-01T00:00:00Z', 300_100],
    [cronJob({ last: '2025-01-01T00:05:00Z' }), '2025-01-01T00:05:00.100Z', 300_000],
    [cronJob({ last: '2025-01-01T00:05:00Z' }), '2025-01-01T00:17:00Z', 180_100],
  ];
  for (const [cj, now, want] of cases) assert.equal(nextScheduleTimeDuration(cj, at(now), sched), want, `${cj.status?.lastScheduleTime} at ${now}`);
});

test('Job names, the scheduled-timestamp annotation and the MissSchedule time format', () => {
  const t = at('2025-01-01T00:05:00Z');
  assert.equal(jobName(cronJob(), t), 'cj-28928165');
  const job = jobFromTemplate(cronJob(), t);
  assert.deepEqual(job.metadata?.labels, { app: 'x' });
  assert.deepEqual(job.metadata?.annotations, { note: 'y', [CRONJOB_SCHEDULED_TIMESTAMP]: '2025-01-01T00:05:00Z' });
  assert.deepEqual(job.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: 'cj-uid', controller: true, blockOwnerDeletion: true }]);
  assert.equal(formatRFC3339In(at('2025-01-01T08:00:00Z'), 'Europe/Berlin'), '2025-01-01T09:00:00+01:00');
  assert.equal(formatRFC3339In(at('2025-01-01T14:00:00Z'), 'America/New_York'), '2025-01-01T09:00:00-05:00');
  assert.equal(formatRFC3339In(at('2025-01-01T14:00:00Z'), 'Europe/London'), '2025-01-01T14:00:00Z');
  assert.equal(formatRFC1123Z(at('2025-01-01T00:15:00Z')), 'Wed, 01 Jan 2025 00:15:00 +0000');
});

test('history order: started Jobs by start time, names breaking ties, unstarted last', () => {
  const j = (name: string, start?: string): Job => ({ metadata: { name }, status: start ? { startTime: start } : {} });
  const jobs = [j('d'), j('c', '2025-01-01T00:10:00Z'), j('b', '2025-01-01T00:05:00Z'), j('a', '2025-01-01T00:10:00Z')];
  assert.deepEqual([...jobs].sort(byJobStartTime).map((x) => x.metadata!.name), ['b', 'a', 'c', 'd']);
});

// ---- the controller in a cluster ----------------------------------------------------------------

function cluster(): Cluster {
  return Cluster.start({ nodes: [{ name: 'node-1', cpu: '4', memory: '8Gi', pods: 110 } as never] });
}

function manifest(name: string, spec: Record<string, unknown>, exitAfter = '1m'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      jobTemplate: { spec: { template: { metadata: { annotations: { 'sim.kubespec.io/exit-after': exitAfter } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } } } },
    },
  } as KubeObject;
}

const jobNames = (c: Cluster) => c.client().list<KubeObject>('jobs.batch', { namespace: 'default' }).items.map((j) => j.metadata!.name!).sort();

test('a waiting CronJob does not keep the cluster from settling, and time passing runs it', () => {
  const c = cluster();
  try {
    c.client().create('cronjobs.batch', manifest('tick', { schedule: '*/5 * * * *' }));
    assert.equal(c.loop.settle(), true);
    assert.deepEqual(jobNames(c), []);
    c.loop.advance(5 * 60_000 + 200);
    assert.deepEqual(jobNames(c), ['tick-28928165']);
  } finally {
    c.stop();
  }
});

test('concurrencyPolicy Allow runs overlapping Jobs', () => {
  const c = cluster();
  try {
    c.client().create('cronjobs.batch', manifest('overlap', { schedule: '*/5 * * * *' }, '12m'));
    c.loop.advance(11 * 60_000);
    assert.deepEqual(jobNames(c), ['overlap-28928165', 'overlap-28928170']);
    const cj = c.client().get<CronJob & KubeObject>('cronjobs.batch', 'default', 'overlap');
    assert.deepEqual((cj.status?.active ?? []).map((r) => r.name), ['overlap-28928165', 'overlap-28928170']);
  } finally {
    c.stop();
  }
});

test('a changed schedule takes effect from the next time of the new schedule', () => {
  const c = cluster();
  try {
    c.client().create('cronjobs.batch', manifest('moved', { schedule: '0 * * * *' }));
    c.loop.advance(60_000);
    c.client().patch('cronjobs.batch', 'default', 'moved', 'merge', { spec: { schedule: '*/2 * * * *' } });
    c.loop.advance(60_000 + 200);
    assert.deepEqual(jobNames(c), ['moved-28928162']);
  } finally {
    c.stop();
  }
});

test('deleting a CronJob deletes its Jobs (garbage collection through the controller reference)', () => {
  const c = cluster();
  try {
    c.client().create('cronjobs.batch', manifest('gone', { schedule: '*/5 * * * *' }, '10m'));
    c.loop.advance(5 * 60_000 + 200);
    assert.deepEqual(jobNames(c), ['gone-28928165']);
    c.client().delete('cronjobs.batch', 'default', 'gone', { propagationPolicy: 'Background' });
    c.loop.advance(60_000);
    assert.deepEqual(jobNames(c), []);
  } finally {
    c.stop();
  }
});
