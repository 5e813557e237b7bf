import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import { calculateStatus, isPodAvailable } from '../src/controllers/replicaset';
import { deleteBefore, deletionCost, isPodActive, podsToDelete, slowStartBatch } from '../src/controllers/util/active_pods';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from '../src/controllers/util/expectations';
import { podFromTemplate } from '../src/controllers/util/pod_control';
import { Loop } from '../src/sim/loop';

const NOW = Date.UTC(2025, 0, 1, 1, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface PodOpts {
  uid?: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: string;
  deleting?: boolean;
  labels?: Record<string, string>;
}

function pod(name: string, o: PodOpts = {}): Pod {
  return {
    metadata: {
      name,
      uid: o.uid ?? name,
      labels: o.labels ?? { app: 'web' },
      creationTimestamp: o.created === undefined ? iso(NOW - 3600_000) : o.created === 0 ? undefined : iso(o.created),
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
      ...(o.deleting ? { deletionTimestamp: iso(NOW) } : {}),
    },
    spec: { containers: [{ name: 'app' }], ...(o.node !== '' ? { nodeName: o.node ?? 'node-1' } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(o.readySince ?? NOW - 3600_000) }],
      containerStatuses: [{ name: 'app', restartCount: o.restarts ?? 0, ready: o.ready !== false, image: 'x', imageID: '' }],
    },
  };
}

test('fact 49: scale-down victim order, rule by rule', async (t) => {
  // [name, a, rankA, b, rankB]: a must be deleted before b.
  const cases: [string, Pod, number, Pod, number][] = [
    ['1. unassigned before assigned', pod('a', { node: '', phase: 'Pending', ready: false }), 0, pod('b', { phase: 'Pending', ready: false }), 0],
    ['2. Pending before Running', pod('a', { phase: 'Pending', ready: false }), 0, pod('b', { ready: false }), 0],
    ['2. Unknown before Running', pod('a', { phase: 'Unknown', ready: false }), 0, pod('b', { ready: false }), 0],
    ['3. not Ready before Ready', pod('a', { ready: false }), 0, pod('b'), 0],
    ['4. lower deletion cost first', pod('a', { cost: '-5' }), 0, pod('b', { cost: '10' }), 0],
    ['5. doubled up (higher rank) first', pod('a'), 2, pod('b'), 1],
    ['6. Ready for less time first (another log2 bucket)', pod('a', { readySince: NOW - 60_000 }), 0, pod('b', { readySince: NOW - 3600_000 }), 0],
    ['7. more restarts first', pod('a', { restarts: 3 }), 0, pod('b', { restarts: 1 }), 0],
    ['8. newer first (another log2 bucket)', pod('a', { created: NOW - 10_000 }), 0, pod('b', { created: NOW - 7200_000 }), 0],
    ['8. an empty creation time first', pod('a', { created: 0 }), 0, pod('b'), 0],
    ['6/8. the same log2 bucket: the lower UID first', pod('a', { uid: 'u1', readySince: NOW - 5000_000 }), 0, pod('b', { uid: 'u2', readySince: NOW - 4900_000 }), 0],
    ['4 beats 5: cost decides before rank', pod('a', { cost: '1' }), 0, pod('b', { cost: '2' }), 5],
  ];
  for (const [name, a, ra, b, rb] of cases) {
    await t.test(name, () => {
      assert.equal(deleteBefore(a, ra, b, rb, NOW), true);
      assert.equal(deleteBefore(b, rb, a, ra, NOW), false);
    });
  }
  await t.test('equal pods: neither first', () => {
    assert.equal(deleteBefore(pod('a'), 0, pod('a'), 0, NOW), false);
  });
});

test('deletion cost: an int32 annotation, anything else 0', () => {
  assert.deepEqual(['7', '-3', ' 12 ', 'x', '2147483648', '1.5', undefined].map((v) => deletionCost(pod('p', v === undefined ? {} : { cost: v }))), [7, -3, 12, 0, 0, 0, 0]);
});

test('getPodsToDelete: ranks by related pods on the same node; all pods when asked for as many', () => {
  const pods = [pod('alone', { node: 'n1' }), pod('crowded', { node: 'n2' }), pod('pending', { phase: 'Pending', ready: false, node: 'n3' })];
  const related = [...pods, pod('other', { node: 'n2' })];
  assert.deepEqual(podsToDelete(pods, related, 2, NOW).map((p) => p.metadata!.name), ['pending', 'crowded']);
  assert.deepEqual(podsToDelete(pods, related, 3, NOW).map((p) => p.metadata!.name), ['alone', 'crowded', 'pending']);
});

test('isPodActive (fact 17): not Succeeded, not Failed, not being deleted', () => {
  assert.deepEqual(
    [pod('a'), pod('b', { phase: 'Succeeded' }), pod('c', { phase: 'Failed' }), pod('d', { deleting: true }), pod('e', { phase: 'Pending' })].map(isPodActive),
    [true, false, false, false, true],
  );
});

test('fact 48: slowStartBatch runs batches of 1, 2, 4, … and stops after a batch with a failure', async (t) => {
  const cases: { count: number; failAt?: number; calls: number; successes: number }[] = [
    { count: 0, calls: 0, successes: 0 },
    { count: 10, calls: 10, successes: 10 },
    // batches 1, 2, 4: the 5th call fails, the rest of its batch still runs (upstream runs a batch in parallel).
    { count: 10, failAt: 5, calls: 7, successes: 6 },
    { count: 10, failAt: 1, calls: 1, successes: 0 },
  ];
  for (const c of cases) {
    await t.test(`${c.count} calls, failing at ${c.failAt ?? 'none'}`, () => {
      let calls = 0;
      const r = slowStartBatch(c.count, 1, () => {
        calls++;
        if (calls === c.failAt) throw new Error('boom');
      });
      assert.equal(calls, c.calls);
      assert.equal(r.successes, c.successes);
      assert.equal(r.error === undefined, c.failAt === undefined);
    });
  }
});

test('expectations: satisfied when nothing is outstanding, when none were set, or after 5 minutes', () => {
  const loop = new Loop();
  const e = new ControllerExpectations(loop);
  assert.equal(e.satisfied('ns/rs'), true);
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.lowerCreations('ns/rs', 1);
  assert.equal(e.satisfied('ns/rs'), true);
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a'); // counted once
  assert.equal(e.satisfied('ns/rs'), false);
  loop.advance(EXPECTATIONS_TIMEOUT_MS + 1);
  assert.equal(e.satisfied('ns/rs'), true, 'expired');
});

test('calculateStatus: counts, availability after minReadySeconds, and the ReplicaFailure condition', () => {
  const rs: ReplicaSet = { spec: { selector: {}, minReadySeconds: 30, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } } };
  const pods = [pod('a', { labels: { app: 'web', tier: 'fe' } }), pod('b', { readySince: NOW - 10_000 }), pod('c', { ready: false })];
  const s = calculateStatus(rs, pods, undefined, NOW, iso(NOW));
  assert.deepEqual(s, { replicas: 3, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 1 });
  const failed = calculateStatus(rs, pods, { reason: 'FailedCreate', message: 'quota' }, NOW, iso(NOW));
  assert.deepEqual(failed.conditions, [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: iso(NOW), reason: 'FailedCreate', message: 'quota' }]);
  const healed = calculateStatus({ ...rs, status: failed }, pods, undefined, NOW, iso(NOW));
  assert.equal(healed.conditions, undefined);
  assert.equal(isPodAvailable(pod('x', { readySince: NOW - 30_000 }), 30, NOW), false, 'exactly minReadySeconds is not yet available');
  assert.equal(isPodAvailable(pod('x', { readySince: NOW - 30_001 }), 30, NOW), true);
});

test('GetPodFromTemplate: labels, annotations, generateName and the controller reference', () => {
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'ns', uid: 'u-1' } } as KubeObject;
  const p = podFromTemplate({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } }, owner);
  assert.deepEqual(p.metadata, {
    namespace: 'ns',
    generateName: 'web-',
    labels: { app: 'web' },
    annotations: { a: 'b' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
  });
});

// ---- through a cluster --------------------------------------------------------------------------

function rsObject(replicas: number, extraSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...extraSpec } } },
  };
}

const events = (c: Cluster, reason: string) =>
  (c.client().list<KubeObject>('events', { namespace: 'default' }).items as unknown as { reason: string; message: string; count?: number }[]).filter((e) => e.reason === reason);

test('pods the API server refuses: one FailedCreate per sync (slow start), the ReplicaFailure condition, retries rate-limited', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  // The Priority admission plugin refuses pods naming a class that does not exist; the set itself is
  // valid. Admission runs before the name is generated, so the message names the generateName prefix.
  c.client().create('replicasets.apps', rsObject(5, { priorityClassName: 'nope' }));
  c.loop.advance(0);
  const failed = events(c, 'FailedCreate');
  assert.equal(failed.length, 1);
  assert.match(failed[0].message, /^Error creating: pods "web-" is forbidden: no PriorityClass with name nope was found$/);
  // Two syncs in the first instant, one create each (the first slow-start batch is 1): the failed
  // sync writes the ReplicaFailure condition, and updateRS enqueues on every update, so the key is
  // back in the queue at once; the error's rate-limited retry (5ms base) comes later.
  assert.equal(failed[0].count ?? 1, 2, 'one failed create per sync, two syncs');
  c.loop.advance(4);
  assert.equal(events(c, 'FailedCreate')[0].count ?? 1, 2, 'no retry before the 5ms rate-limit delay');
  const rs = c.client().get<KubeObject>('replicasets.apps', 'default', 'web') as unknown as ReplicaSet;
  assert.equal(rs.status?.conditions?.[0].type, 'ReplicaFailure');
  assert.equal(rs.status?.conditions?.[0].reason, 'FailedCreate');
  c.loop.advance(60_000);
  assert.ok((events(c, 'FailedCreate')[0].count ?? 1) > 2, 'the sync is retried');
  assert.equal(c.client().list('pods', { namespace: 'default' }).items.length, 0);
  c.stop();
});

test('a big scale-up creates every pod in one sync; the event spam filter lets 25 SuccessfulCreate through', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1', pods: 200 }] });
  c.client().create('replicasets.apps', rsObject(40));
  c.loop.advance(0);
  assert.equal(c.client().list('pods', { namespace: 'default' }).items.length, 40);
  const created = events(c, 'SuccessfulCreate').reduce((n, e) => n + (e.count ?? 1), 0);
  assert.equal(created, 25);
  c.stop();
});
