import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import {
  BackoffStore,
  ensureJobConditionStatus,
  finishedTime,
  firstPendingIndexes,
  hasTrackingFinalizer,
  intervalsString,
  intervalsWith,
  isPodFailed,
  matchPodFailurePolicy,
  parseIndexes,
  pastBackoffLimitOnFailure,
  podGenerateNameWithIndex,
  remainingBackoffMs,
  duplicatedIndexPods,
  JOB_TRACKING_FINALIZER,
  calculateFailedIndexes,
  isIndexFailed,
  newIndexFailureCounts,
  indexAbsoluteFailureCount,
  matchSuccessPolicy,
  matchSucceededIndexesRule,
} from '../src/controllers/job';
import { activePodsLess, sortActivePods } from '../src/controllers/util/active_pods';

const T0 = Date.UTC(2025, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(name: string, o: { phase?: string; index?: number; finishedAt?: number; deleting?: boolean; restarts?: number; exitCode?: number; node?: string; ready?: boolean; created?: number } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      creationTimestamp: iso(o.created ?? T0),
      ...(o.index !== undefined ? { annotations: { 'batch.kubernetes.io/job-completion-index': String(o.index) } } : {}),
      ...(o.deleting ? { deletionTimestamp: iso(T0 + 30_000), deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { containers: [{ name: 'app' }], ...(o.node !== '' ? { nodeName: o.node ?? 'node-1' } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false || (o.phase && o.phase !== 'Running') ? 'False' : 'True', lastTransitionTime: iso(T0) }],
      containerStatuses: [
        {
          name: 'app',
          restartCount: o.restarts ?? 0,
          ready: o.phase === undefined || o.phase === 'Running',
          image: 'x',
          imageID: '',
          state: o.finishedAt !== undefined ? { terminated: { exitCode: o.exitCode ?? 1, finishedAt: iso(o.finishedAt) } } : { running: { startedAt: iso(T0) } },
        },
      ],
    },
  };
}

test('pod-failure back-off: 10s doubling, capped at 10 minutes, counted from the last failure', () => {
  // [failures, seconds since the last failure, remaining seconds]
  const cases: [number, number, number][] = [
    [0, 0, 0],
    [1, 0, 10],
    [1, 4, 6],
    [1, 10, 0],
    [2, 0, 20],
    [3, 5, 35],
    [6, 0, 320],
    [7, 0, 600],
    [20, 100, 500],
  ];
  for (const [failures, since, want] of cases) {
    assert.equal(remainingBackoffMs(T0 + since * 1000, failures, T0), want * 1000, `failures=${failures} since=${since}s`);
  }
});

test('backoff record: failures add up, a success resets them, failures after the last success still count', () => {
  const store = new BackoffStore();
  const failed = (n: string, at: number) => pod(n, { phase: 'Failed', finishedAt: T0 + at * 1000 });
  const ok = (n: string, at: number) => pod(n, { phase: 'Succeeded', exitCode: 0, finishedAt: T0 + at * 1000 });
  const cases: { name: string; succeeded: Pod[]; failed: Pod[]; want: [number, number | undefined] }[] = [
    { name: 'nothing new keeps the record', succeeded: [], failed: [], want: [0, undefined] },
    { name: 'two failures', succeeded: [], failed: [failed('a', 5), failed('b', 3)], want: [2, T0 + 5000] },
    { name: 'one more failure', succeeded: [], failed: [failed('c', 9)], want: [3, T0 + 9000] },
    { name: 'a success resets', succeeded: [ok('d', 12)], failed: [], want: [0, undefined] },
    { name: 'failures after the success count, before it do not', succeeded: [ok('e', 20)], failed: [failed('f', 15), failed('g', 25), failed('h', 30)], want: [2, T0 + 30_000] },
  ];
  for (const c of cases) {
    const rec = store.next('default/j', c.succeeded, c.failed);
    store.update(rec);
    assert.deepEqual([rec.failuresAfterLastSuccess, rec.lastFailureTime], c.want, c.name);
  }
});

test('finished time: containers, then Ready=False, then deletion less grace, then creation', () => {
  const p = pod('a', { phase: 'Failed', finishedAt: T0 + 7000 });
  assert.equal(finishedTime(p), T0 + 7000);
  const noContainer = pod('b', { phase: 'Failed' });
  noContainer.status!.conditions = [{ type: 'Ready', status: 'False', lastTransitionTime: iso(T0 + 4000) }];
  assert.equal(finishedTime(noContainer), T0 + 4000);
  const deleted = pod('c', { deleting: true });
  deleted.status!.conditions = [];
  assert.equal(finishedTime(deleted), T0);
  const bare = pod('d', { created: T0 + 1000 });
  (bare as { status?: unknown }).status = {};
  assert.equal(finishedTime(bare), T0 + 1000);
});

test('completed indexes: parse, merge and print as status.completedIndexes', () => {
  const cases: [string, number, number[], string][] = [
    ['', 5, [], ''],
    ['', 5, [0, 1], '0,1'],
    ['0,1', 5, [2], '0-2'],
    ['1,3-5', 10, [7, 2], '1-5,7'],
    ['1,3-5', 4, [], '1,3'],
    ['x,2', 4, [], '2'],
    ['0-2', 10, [4, 5, 6], '0-2,4-6'],
  ];
  for (const [prev, completions, add, want] of cases) assert.equal(intervalsString(intervalsWith(parseIndexes(prev, completions), add)), want, `${prev} + ${add}`);
});

test('firstPendingIndexes: the lowest indexes not succeeded, active or busy', () => {
  const cases: { succeeded: string; active: number[]; busy: number[]; count: number; completions: number; want: number[] }[] = [
    { succeeded: '', active: [], busy: [], count: 2, completions: 4, want: [0, 1] },
    { succeeded: '0,1', active: [2], busy: [], count: 2, completions: 4, want: [3] },
    { succeeded: '1', active: [0], busy: [3], count: 3, completions: 6, want: [2, 4, 5] },
    { succeeded: '0-3', active: [], busy: [], count: 1, completions: 4, want: [] },
    { succeeded: '', active: [], busy: [], count: 0, completions: 4, want: [] },
  ];
  for (const c of cases) {
    const active = c.active.map((i) => pod(`p${i}`, { index: i }));
    assert.deepEqual(firstPendingIndexes(parseIndexes(c.succeeded, c.completions), active, c.busy, c.count, c.completions), c.want, JSON.stringify(c));
  }
});

test('duplicated index pods: strays and all but one per index are removed', () => {
  const pods = [pod('a', { index: 0 }), pod('b', { index: 1, ready: false }), pod('c', { index: 1 }), pod('d'), pod('e', { index: 9 })];
  const { rm, left } = duplicatedIndexPods(pods, 4, (ps) => sortActivePods(ps));
  assert.deepEqual(rm.map((p) => p.metadata!.name).sort(), ['b', 'd', 'e']);
  assert.deepEqual(left.map((p) => p.metadata!.name), ['a', 'c']);
});

test('pod names of an Indexed Job: <job>-<index>-, the job name cut to fit', () => {
  assert.equal(podGenerateNameWithIndex('shards', 3), 'shards-3-');
  const long = 'x'.repeat(60);
  const name = podGenerateNameWithIndex(long, 12);
  assert.equal(name.length, 58);
  assert.ok(name.endsWith('-12-'));
});

test('ensureJobConditionStatus: adds True, never adds False, replaces on any change', () => {
  const now = iso(T0);
  const later = iso(T0 + 60_000);
  let r = ensureJobConditionStatus([], 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
  assert.deepEqual([r.conditions.length, r.changed], [0, false]);
  r = ensureJobConditionStatus([], 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
  assert.deepEqual([r.conditions.length, r.changed], [1, true]);
  const same = ensureJobConditionStatus(r.conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', later);
  assert.deepEqual([same.changed, same.conditions[0].lastTransitionTime], [false, now]);
  const flipped = ensureJobConditionStatus(r.conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', later);
  assert.deepEqual([flipped.changed, flipped.conditions[0].status, flipped.conditions[0].lastTransitionTime], [true, 'False', later]);
});

test('pod failure policy: the first matching rule decides', () => {
  const failedWith = (code: number) => pod('p', { phase: 'Failed', finishedAt: T0, exitCode: code });
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'app', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
    ],
  };
  const disrupted = failedWith(42);
  disrupted.status!.conditions!.push({ type: 'DisruptionTarget', status: 'True' });
  const cases: [string, Pod, { countFailed: boolean; action?: string; failJobMessage?: string }][] = [
    ['condition → Ignore, before the exit code', disrupted, { countFailed: false, action: 'Ignore' }],
    ['exit 42 → FailJob', failedWith(42), { countFailed: true, action: 'FailJob', failJobMessage: 'Container app for pod default/p failed with exit code 42 matching FailJob rule at index 1' }],
    ['exit 7 → Count (NotIn)', failedWith(7), { countFailed: true, action: 'Count' }],
    ['exit 1 → no rule: counts', failedWith(1), { countFailed: true }],
  ];
  for (const [name, p, want] of cases) assert.deepEqual(matchPodFailurePolicy(policy as never, p), want, name);
  assert.deepEqual(matchPodFailurePolicy(undefined, failedWith(42)), { countFailed: true });
});

test('isPodFailed: Failed, or deleted before it succeeded unless only failed pods are replaced', () => {
  const job = (policy?: string): Job => ({ spec: { template: {}, podReplacementPolicy: policy } });
  assert.equal(isPodFailed(pod('a', { phase: 'Failed' }), job()), true);
  assert.equal(isPodFailed(pod('b', { deleting: true }), job('TerminatingOrFailed')), true);
  assert.equal(isPodFailed(pod('c', { deleting: true }), job('Failed')), false);
  assert.equal(isPodFailed(pod('d', { deleting: true, phase: 'Succeeded' }), job()), false);
  assert.equal(isPodFailed(pod('e'), job()), false);
});

test('pastBackoffLimitOnFailure: restarts of running and pending pods, only with restartPolicy OnFailure', () => {
  const job = (limit: number, rp = 'OnFailure'): Job => ({ spec: { backoffLimit: limit, template: { spec: { restartPolicy: rp, containers: [] } } } });
  const cases: [string, Job, Pod[], boolean][] = [
    ['below the limit', job(3), [pod('a', { restarts: 2 })], false],
    ['at the limit', job(3), [pod('a', { restarts: 2 }), pod('b', { restarts: 1 })], true],
    ['finished pods do not count', job(3), [pod('a', { restarts: 5, phase: 'Failed' })], false],
    ['limit 0: any restart', job(0), [pod('a', { restarts: 1 })], true],
    ['limit 0: none', job(0), [pod('a')], false],
    ['Never: restarts do not count', job(1, 'Never'), [pod('a', { restarts: 4 })], false],
  ];
  for (const [name, j, pods, want] of cases) assert.equal(pastBackoffLimitOnFailure(j, pods), want, name);
});

test('controller.ActivePods order: unassigned, pending, not ready, more restarts, newer first', () => {
  const cases: [string, Pod, Pod][] = [
    ['unassigned first', pod('a', { node: '', phase: 'Pending' }), pod('b', { phase: 'Pending' })],
    ['Pending before Running', pod('a', { phase: 'Pending' }), pod('b')],
    ['not ready first', pod('a', { ready: false }), pod('b')],
    ['more restarts first', pod('a', { restarts: 3 }), pod('b', { restarts: 1 })],
    ['newer first', pod('a', { created: T0 + 5000 }), pod('b')],
  ];
  for (const [name, a, b] of cases) {
    assert.equal(activePodsLess(a, b), true, name);
    assert.equal(activePodsLess(b, a), false, name);
  }
});

// ---- the controller in a cluster ----------------------------------------------------------------

type Obj = KubeObject & { status?: Record<string, unknown> };

function jobManifest(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } } },
  } as KubeObject;
}

function cluster(): Cluster {
  return Cluster.start({ nodes: [{ name: 'node-1', cpu: '4', memory: '8Gi', pods: 110 } as never] });
}

const jobPods = (c: Cluster, job: string) => c.client().list<Pod & KubeObject>('pods', { namespace: 'default' }).items.filter((p) => p.metadata?.labels?.['batch.kubernetes.io/job-name'] === job);

test('a Job counts each finished pod once: uncounted first, then the finalizer goes, then the counter', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', jobManifest('pi', { completions: 2, parallelism: 2 }, { 'sim.kubespec.io/exit-after': '10s' }));
    c.loop.advance(5000);
    assert.ok(jobPods(c, 'pi').every((p) => p.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER)));
    c.loop.advance(60_000);
    const job = c.client().get<Obj>('jobs.batch', 'default', 'pi');
    assert.equal(job.status?.succeeded, 2);
    assert.deepEqual(job.status?.uncountedTerminatedPods, {});
    assert.ok(jobPods(c, 'pi').every((p) => !hasTrackingFinalizer(p)));
    // A later sync changes nothing: the pods are counted once.
    const rv = job.metadata?.resourceVersion;
    c.loop.advance(60_000);
    assert.equal(c.client().get<Obj>('jobs.batch', 'default', 'pi').metadata?.resourceVersion, rv);
  } finally {
    c.stop();
  }
});

test('deleting a running Job: its pods lose the finalizer and go (orphan pod cleanup)', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', jobManifest('forever', {}));
    c.loop.advance(5000);
    assert.equal(jobPods(c, 'forever').length, 1);
    c.client().delete('jobs.batch', 'default', 'forever', { propagationPolicy: 'Background' });
    c.loop.advance(60_000);
    assert.deepEqual(jobPods(c, 'forever'), []);
  } finally {
    c.stop();
  }
});

test('parallelism without completions: the first success lets the others finish, then the Job is complete', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', jobManifest('work', { parallelism: 3 }, { 'sim.kubespec.io/exit-after': '10s' }));
    c.loop.advance(5000);
    assert.equal(jobPods(c, 'work').length, 3);
    c.loop.advance(60_000);
    const job = c.client().get<Obj>('jobs.batch', 'default', 'work');
    assert.equal(job.status?.succeeded, 3);
    assert.equal(jobPods(c, 'work').length, 3, 'no pod is created after the first success');
    assert.ok(((job.status?.conditions ?? []) as { type: string }[]).some((x) => x.type === 'Complete'));
  } finally {
    c.stop();
  }
});

test('scaling parallelism down deletes the surplus without counting it as failed', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', jobManifest('wide', { parallelism: 3, completions: 10 }));
    c.loop.advance(5000);
    c.client().patch('jobs.batch', 'default', 'wide', 'merge', { spec: { parallelism: 1 } });
    c.loop.advance(60_000);
    const job = c.client().get<Obj>('jobs.batch', 'default', 'wide');
    assert.equal(job.status?.active, 1);
    assert.equal(job.status?.failed, undefined);
    assert.equal(jobPods(c, 'wide').length, 1);
  } finally {
    c.stop();
  }
});

test('deleting a Job with propagation Orphan: its pods keep running, without the finalizer or the owner', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', jobManifest('left', {}));
    c.loop.advance(5000);
    c.client().delete('jobs.batch', 'default', 'left', { propagationPolicy: 'Orphan' });
    c.loop.advance(30_000);
    const pods = jobPods(c, 'left');
    assert.equal(pods.length, 1);
    assert.equal(pods[0].status?.phase, 'Running');
    assert.equal(hasTrackingFinalizer(pods[0]), false);
    assert.deepEqual(pods[0].metadata?.ownerReferences ?? [], []);
  } finally {
    c.stop();
  }
});

test('backoffLimitPerIndex: an index fails once a counted failure finds its count at the limit, or on FailIndex', () => {
  const job = (limit: number, policy?: unknown): Job => ({ spec: { backoffLimitPerIndex: limit, completions: 4, template: {}, ...(policy ? { podFailurePolicy: policy as never } : {}) } });
  const failed = (count: number, code = 1, ignored = 0): Pod => {
    const p = pod('p', { phase: 'Failed', finishedAt: T0, exitCode: code, index: 1 });
    p.metadata!.annotations!['batch.kubernetes.io/job-index-failure-count'] = String(count);
    if (ignored) p.metadata!.annotations!['batch.kubernetes.io/job-index-ignored-failure-count'] = String(ignored);
    return p;
  };
  const ignore = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } }, { action: 'FailIndex', onExitCodes: { operator: 'In', values: [9] } }] };
  const cases: [string, Job, Pod, boolean][] = [
    ['first failure, limit 1', job(1), failed(0), false],
    ['second failure, limit 1', job(1), failed(1), true],
    ['limit 0: the first failure', job(0), failed(0), true],
    ['an ignored failure never fails the index', job(0, ignore), failed(5, 7), false],
    ['FailIndex fails it at once', job(3, ignore), failed(0, 9), true],
    ['a running pod does not', job(0), pod('r', { index: 1 }), false],
  ];
  for (const [name, j, p, want] of cases) assert.equal(isIndexFailed(j, p), want, name);
  assert.deepEqual(newIndexFailureCounts(undefined, () => true), [0, 0]);
  assert.deepEqual(newIndexFailureCounts(failed(1, 1, 2), () => true), [2, 2]);
  assert.deepEqual(newIndexFailureCounts(failed(1, 7, 2), () => false), [1, 3]);
  assert.equal(indexAbsoluteFailureCount(failed(1, 1, 2)), 3);
  const withFinalizer = (p: Pod) => p.metadata!.name !== 'old';
  const jf: Job = { ...job(0), status: { failedIndexes: '3' } };
  const old = failed(0);
  old.metadata!.name = 'old';
  assert.deepEqual(calculateFailedIndexes(jf, [failed(0), old], withFinalizer, (p) => isIndexFailed(jf, p)), [[1, 1], [3, 3]]);
});

test('maxFailedIndexes: more failed indexes than allowed fails the Job', () => {
  const c = cluster();
  try {
    c.client().create('jobs.batch', {
      ...jobManifest('capped', { completionMode: 'Indexed', completions: 4, parallelism: 1, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, { 'sim.kubespec.io/exit-after': '5s', 'sim.kubespec.io/exit-code': '1' }),
    });
    c.loop.advance(30_000);
    const job = c.client().get<Obj>('jobs.batch', 'default', 'capped');
    const conds = (job.status?.conditions ?? []) as { type: string; reason?: string; message?: string }[];
    assert.deepEqual(conds.map((x) => [x.type, x.reason]), [['FailureTarget', 'MaxFailedIndexesExceeded'], ['Failed', 'MaxFailedIndexesExceeded']]);
    assert.equal(conds[1].message, 'Job has exceeded the specified maximal number of failed indexes');
    assert.equal(job.status?.failedIndexes, '0');
    assert.equal(jobPods(c, 'capped').length, 1);
  } finally {
    c.stop();
  }
});

test('successPolicy: the first rule the succeeded indexes satisfy', () => {
  const cases: { name: string; rules: { succeededIndexes?: string; succeededCount?: number }[]; succeeded: string; want?: string }[] = [
    { name: 'no succeeded index yet', rules: [{ succeededCount: 0 }], succeeded: '', want: undefined },
    { name: 'all listed indexes succeeded', rules: [{ succeededIndexes: '0,2-3' }], succeeded: '0-3', want: 'Matched rules at index 0' },
    { name: 'one listed index missing', rules: [{ succeededIndexes: '0,2-3' }], succeeded: '0,2', want: undefined },
    { name: 'enough of the listed indexes', rules: [{ succeededIndexes: '1-4', succeededCount: 2 }], succeeded: '0,3-4', want: 'Matched rules at index 0' },
    { name: 'a count alone', rules: [{ succeededIndexes: '9' }, { succeededCount: 2 }], succeeded: '5,7', want: 'Matched rules at index 1' },
    { name: 'unparseable indexes are skipped', rules: [{ succeededIndexes: 'x' }, { succeededIndexes: '1' }], succeeded: '1', want: 'Matched rules at index 1' },
  ];
  for (const c of cases) assert.equal(matchSuccessPolicy({ rules: c.rules }, 10, parseIndexes(c.succeeded, 10)), c.want, c.name);
  assert.equal(matchSuccessPolicy(undefined, 10, parseIndexes('0-9', 10)), undefined);
  assert.equal(matchSucceededIndexesRule(parseIndexes('2-6', 10), parseIndexes('0-3,5,8', 10), 3), true);
  assert.equal(matchSucceededIndexesRule(parseIndexes('2-6', 10), parseIndexes('0-3,5,8', 10), 4), false);
});
