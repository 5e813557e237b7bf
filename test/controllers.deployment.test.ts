import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import {
  computeHash,
  deploymentComplete,
  deploymentTimedOut,
  equalIgnoreHash,
  findActiveOrLatest,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  resolveFenceposts,
  roundToInt32,
  setCondition,
  setNewReplicaSetAnnotations,
  type DeploymentObj,
  type RSObj,
} from '../src/controllers/deployment';
import { deploymentRolloutStatus, planRollback } from '../src/dsl/rollout';

const D = 'deployments.apps';
const RS = 'replicasets.apps';

function dep(replicas: number, strategy: Deployment['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, extra: Partial<NonNullable<Deployment['spec']>> = {}): DeploymentObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 1 },
    spec: { replicas, strategy, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } }, ...extra },
  };
}

function rs(name: string, replicas: number, opts: { created?: string; available?: number; annotations?: Record<string, string>; image?: string } = {}): RSObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z', annotations: opts.annotations },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'app', image: opts.image ?? 'nginx:1.25' }] } },
    },
    status: { replicas, availableReplicas: opts.available ?? replicas },
  };
}

// ---- fenceposts (facts 39-41) ----------------------------------------------------------------

test('ResolveFenceposts: surge rounds up, unavailable rounds down, both 0 forces unavailable to 1 (facts 39, 40)', () => {
  const cases: [unknown, unknown, number, number, number][] = [
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 1, 1, 0],
    ['0%', '1%', 1, 0, 1],
    ['0%', '0%', 0, 0, 1],
    [0, 0, 5, 0, 1],
    [2, '50%', 5, 2, 2],
    ['39%', '39%', 10, 4, 3],
    ['100%', 0, 7, 7, 0],
  ];
  for (const [s, u, desired, surge, unavailable] of cases) {
    assert.deepEqual(resolveFenceposts(s, u, desired), { surge, unavailable }, `${s}/${u} of ${desired}`);
  }
  assert.throws(() => resolveFenceposts('oops', '25%', 10), /invalid value for IntOrString/);
});

test('MaxSurge and MaxUnavailable: 0 for Recreate; unavailable never more than the replicas', () => {
  assert.equal(maxSurge(dep(10, { type: 'Recreate' })), 0);
  assert.equal(maxUnavailable(dep(10, { type: 'Recreate' })), 0);
  assert.equal(maxUnavailable(dep(0)), 0, 'no replicas, nothing unavailable');
  assert.equal(maxUnavailable(dep(2, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } })), 2);
  assert.equal(maxSurge(dep(10)), 3);
});

test('NewRSNewReplicas: grows the new set by what the surge leaves room for, never past the replicas (fact 41)', () => {
  const d = dep(10);
  const cases: [number, number, number][] = [
    // [old replicas, new replicas, expected new size]
    [10, 0, 3],
    [8, 3, 5],
    [8, 5, 5], // 13 pods = 10 + 3: no room
    [0, 8, 10], // room for 5, capped by the 2 missing
    [12, 0, 1],
  ];
  for (const [oldN, newN, want] of cases) {
    const newRS = rs('new', newN);
    assert.equal(newRSNewReplicas(d, [rs('old', oldN), newRS], newRS), want, `old ${oldN} new ${newN}`);
  }
  assert.equal(newRSNewReplicas(dep(4, { type: 'Recreate' }), [rs('old', 4), rs('new', 0)], rs('new', 0)), 4, 'Recreate: straight to the replicas');
});

// ---- proportional scaling --------------------------------------------------------------------

test('RoundToInt32 rounds halves away from zero, as math.Round', () => {
  assert.deepEqual([2.5, 1.49, -2.5, -1.5, -0.4].map(roundToInt32), [3, 1, -3, -2, -0]);
});

test('GetProportion: each set gets its share of the change by its size against the annotated size', () => {
  const d = dep(20);
  d.status = { replicas: 13 };
  const annotated = (name: string, n: number) => rs(name, n, { annotations: { 'deployment.kubernetes.io/max-replicas': '13' } });
  // 20 + 5 surge - 13 = 12 to add: 8 -> 15 (+7), 5 -> 10 (+5).
  assert.equal(proportion(annotated('old', 8), d, 12, 0), 7);
  assert.equal(proportion(annotated('new', 5), d, 12, 7), 5);
  assert.equal(proportion(annotated('new', 5), d, 12, 12), 0, 'nothing left to hand out');
  assert.equal(proportion(annotated('zero', 0), d, 12, 0), 0, 'an empty set gets nothing');
  // Without the annotation, status.replicas stands for the size the set was made for.
  assert.equal(proportion(rs('old', 8), d, 12, 0), 7);
  // Scaling down: the share is negative and capped by what is left to remove.
  const down = dep(4);
  down.status = { replicas: 13 };
  assert.equal(proportion(annotated('old', 8), down, -8, 0), -5, '8 * 5 / 13 = 3.08 rounds to 3');
  assert.equal(proportion(annotated('old', 8), down, -8, -6), -2);
  const zero = dep(0);
  assert.equal(proportion(annotated('old', 8), zero, -8, 0), -8, 'to zero: every replica goes');
});

test('FindActiveOrLatest: the one active set, the newest when none is, nothing during a rollout', () => {
  const a = rs('a', 0, { created: '2025-01-01T00:00:00Z' });
  const b = rs('b', 0, { created: '2025-01-01T00:01:00Z' });
  const active = rs('c', 3, { created: '2025-01-01T00:00:30Z' });
  assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata?.name, 'b');
  assert.equal(findActiveOrLatest(rs('n', 0), [a, b])?.metadata?.name, 'n');
  assert.equal(findActiveOrLatest(rs('n', 0), [a, active])?.metadata?.name, 'c');
  assert.equal(findActiveOrLatest(rs('n', 2), [active]), undefined);
  assert.equal(findActiveOrLatest(undefined, []), undefined);
});

// ---- naming and annotations (facts 45, 46) ---------------------------------------------------

test('pod-template-hash: FNV-32a of the template, safe-encoded; the collision count changes it', () => {
  const t = dep(1).spec!.template;
  const h = computeHash(t);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(computeHash(JSON.parse(JSON.stringify(t))), h, 'stable');
  assert.notEqual(computeHash(t, 1), h);
  assert.notEqual(computeHash(t, 1), computeHash(t, 2));
  assert.notEqual(computeHash({ ...t, spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } }), h);
});

test('EqualIgnoreHash compares templates without the pod-template-hash label', () => {
  const a = rs('abc', 1).spec!.template;
  const b = dep(1).spec!.template;
  assert.ok(equalIgnoreHash(a, b));
  assert.ok(!equalIgnoreHash(rs('abc', 1, { image: 'nginx:1.26' }).spec!.template, b));
  const onlyHash = { metadata: { labels: { 'pod-template-hash': 'x' } }, spec: b.spec };
  assert.ok(equalIgnoreHash(onlyHash, { spec: b.spec }), 'a template whose only label is the hash equals one with no labels');
});

test('SetNewReplicaSetAnnotations: revision raised, the old one appended to revision-history, oldest dropped past the limit', () => {
  const d = dep(3);
  d.metadata = { ...d.metadata, annotations: { team: 'a', 'deployment.kubernetes.io/revision': '9', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } };
  const fresh = rs('n', 0);
  assert.ok(setNewReplicaSetAnnotations(d, fresh, 1, false));
  assert.deepEqual(fresh.metadata!.annotations, {
    team: 'a',
    'deployment.kubernetes.io/revision': '1',
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
  });
  const back = rs('o', 0, { annotations: { 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/revision-history': '1' } });
  assert.ok(setNewReplicaSetAnnotations(d, back, 5, true));
  assert.equal(back.metadata!.annotations!['deployment.kubernetes.io/revision'], '5');
  assert.equal(back.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1,2');
  assert.ok(!setNewReplicaSetAnnotations(d, back, 5, true), 'nothing changes a second time');
  const long = rs('l', 0, { annotations: { 'deployment.kubernetes.io/revision': '30', 'deployment.kubernetes.io/revision-history': '10,20' } });
  setNewReplicaSetAnnotations(d, long, 31, true, 6);
  assert.equal(long.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '20,30', 'the oldest goes to stay within 6 characters');
});

// ---- conditions and progress (fact 50) -------------------------------------------------------

test('SetDeploymentCondition keeps a condition with the same status and reason, and lastTransitionTime on a reason change', () => {
  const status = { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: 'a', lastUpdateTime: 't1', lastTransitionTime: 't1' }] };
  setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: 'b', lastUpdateTime: 't2', lastTransitionTime: 't2' });
  assert.equal(status.conditions[0].message, 'a');
  setCondition(status, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'c', lastUpdateTime: 't3', lastTransitionTime: 't3' });
  assert.deepEqual([status.conditions[0].reason, status.conditions[0].lastUpdateTime, status.conditions[0].lastTransitionTime], ['ReplicaSetUpdated', 't3', 't1']);
  setCondition(status, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'd', lastUpdateTime: 't4', lastTransitionTime: 't4' });
  assert.equal(status.conditions[0].lastTransitionTime, 't4');
});

test('DeploymentTimedOut: the Progressing condition older than progressDeadlineSeconds, never once the new set is available', () => {
  const d = dep(3, undefined, { progressDeadlineSeconds: 600 });
  const at = (reason: string) => ({ conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: '2025-01-01T00:00:00Z' }] });
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  assert.ok(!deploymentTimedOut(d, at('ReplicaSetUpdated'), t0 + 600_000), 'exactly at the deadline is not past it');
  assert.ok(deploymentTimedOut(d, at('ReplicaSetUpdated'), t0 + 600_001));
  assert.ok(!deploymentTimedOut(d, at('NewReplicaSetAvailable'), t0 + 10 * 600_000));
  assert.ok(deploymentTimedOut(d, at('ProgressDeadlineExceeded'), t0));
  assert.ok(!deploymentTimedOut(dep(3, undefined, { progressDeadlineSeconds: 2147483647 }), at('ReplicaSetUpdated'), t0 + 10 * 600_000), 'MaxInt32 is no deadline');
  assert.ok(deploymentComplete(d, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 }));
  assert.ok(!deploymentComplete(d, { replicas: 4, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 }), 'an old replica is left');
  assert.ok(!deploymentComplete({ ...d, metadata: { ...d.metadata, generation: 2 } }, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 }));
});

// ---- kubectl rollout -------------------------------------------------------------------------

test('kubectl rollout undo: the previous revision by default, errors as kubectl prints them, a no-op skipped', () => {
  const d = dep(3);
  const r1 = rs('r1', 0, { annotations: { 'deployment.kubernetes.io/revision': '1', team: 'x' }, image: 'nginx:1.24' });
  const r2 = rs('r2', 3, { annotations: { 'deployment.kubernetes.io/revision': '2' } });
  const plan = planRollback(d, [r2, r1]);
  assert.equal(plan.kind, 'patch');
  if (plan.kind !== 'patch') return;
  assert.equal(plan.revision, 1);
  const [tpl, ann] = plan.patch as { path: string; value: { metadata?: { labels?: Record<string, string> }; spec?: { containers: { image: string }[] } } & Record<string, string> }[];
  assert.equal(tpl.path, '/spec/template');
  assert.deepEqual(tpl.value.metadata!.labels, { app: 'web' }, 'the hash label is dropped');
  assert.equal(tpl.value.spec!.containers[0].image, 'nginx:1.24');
  assert.deepEqual(ann.value, { team: 'x' }, 'the set\'s annotations, less the rollout ones');
  assert.deepEqual(planRollback(d, [r2, r1], 2), { kind: 'skipped', message: 'skipped rollback (current template already matches revision 2)' });
  assert.deepEqual(planRollback(d, [r2], 7), { kind: 'error', message: 'unable to find specified revision 7 in history' });
  assert.deepEqual(planRollback(d, [r2]), { kind: 'error', message: 'no rollout history found for deployment "web"' });
  assert.equal(planRollback({ ...d, spec: { ...d.spec!, paused: true } }, [r2, r1]).kind, 'error');
});

test('kubectl rollout status: the messages in the order kubectl checks them', () => {
  const d = (status: object, generation = 1) => ({ ...dep(3), metadata: { name: 'web', generation }, status }) as DeploymentObj;
  const cases: [DeploymentObj, boolean, string][] = [
    [d({ observedGeneration: 1 }, 2), false, 'Waiting for deployment spec update to be observed...'],
    [d({ observedGeneration: 1, updatedReplicas: 1, replicas: 4 }), false, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'],
    [d({ observedGeneration: 1, updatedReplicas: 3, replicas: 4 }), false, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'],
    [d({ observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), false, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...'],
    [d({ observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), true, 'deployment "web" successfully rolled out'],
    [d({ observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), false, 'deployment "web" exceeded its progress deadline'],
  ];
  for (const [obj, done, message] of cases) assert.deepEqual([deploymentRolloutStatus(obj).done, deploymentRolloutStatus(obj).message], [done, message]);
});

// ---- the controller through a cluster ----------------------------------------------------------

function list<T>(c: Cluster, resource: string): (T & KubeObject)[] {
  return c.apiserver.list(resource, { namespace: 'default' }).items as (T & KubeObject)[];
}

function scalingEvents(c: Cluster): string[] {
  return list<{ reason?: string; message?: string }>(c, 'events')
    .filter((e) => e.reason === 'ScalingReplicaSet')
    .map((e) => e.message!);
}

function live(c: Cluster): DeploymentObj {
  return c.client().get<DeploymentObj>(D, 'default', 'web');
}

test('a name taken by another template is a hash collision: collisionCount goes up and the next hash is used', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(D, dep(1));
  c.loop.advance(0);
  const [first] = list<ReplicaSet>(c, RS);
  const template = live(c).spec!.template;
  c.stop();
  const c2 = Cluster.start({ seed: 1, nodes: [] });
  // A set with the same name but another template, owned by nobody.
  c2.client().create(RS, { ...rs('x', 0, { image: 'busybox' }), metadata: { name: first.metadata!.name, namespace: 'default', labels: { other: 'yes' } }, status: undefined } as KubeObject);
  c2.client().create(D, dep(1));
  c2.loop.advance(1000);
  assert.equal(live(c2).status?.collisionCount, 1);
  const names = list<ReplicaSet>(c2, RS).map((r) => r.metadata!.name).sort();
  assert.deepEqual(names, [first.metadata!.name, `web-${computeHash(template, 1)}`].sort());
  c2.stop();
});

test('an orphan ReplicaSet the selector matches is adopted; one whose labels stop matching is released', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(D, dep(1));
  c.loop.advance(0);
  const template = live(c).spec!.template;
  c.client().create(RS, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { replicas: 0, selector: { matchLabels: { app: 'web', v: 'old' } }, template: { ...template, metadata: { labels: { app: 'web', v: 'old' } } } } });
  c.loop.advance(0);
  const owner = (name: string) => c.client().get<RSObj>(RS, 'default', name).metadata?.ownerReferences?.find((r) => r.controller)?.name;
  assert.equal(owner('stray'), 'web');
  c.client().patch(RS, 'default', 'stray', 'merge', { metadata: { labels: { app: 'other' } } });
  c.loop.advance(0);
  assert.equal(owner('stray'), undefined);
  c.stop();
});

test('Recreate creates no new pod while an old one is still terminating (fact 41)', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  const d = dep(2, { type: 'Recreate' });
  d.spec!.template.metadata!.annotations = { 'sim.kubespec.io/ignore-sigterm': 'true' };
  c.client().create(D, d);
  c.loop.advance(30_000);
  c.client().patch(D, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } });
  const images = () => list<Pod>(c, 'pods').map((p) => `${p.spec!.containers[0].image}${p.metadata!.deletionTimestamp ? ' terminating' : ''}`).sort();
  c.loop.advance(29_000);
  assert.deepEqual(images(), ['nginx:1.25 terminating', 'nginx:1.25 terminating']);
  c.loop.advance(5_000);
  assert.deepEqual(images(), ['nginx:1.26', 'nginx:1.26']);
  assert.deepEqual(scalingEvents(c).length, 3, 'up, down to 0, up');
  c.stop();
});

test('the revision annotation reaches the Deployment through deployments/status; labels do not', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(D, dep(1));
  c.loop.advance(0);
  const d = live(c);
  assert.equal(d.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
  const copy = JSON.parse(JSON.stringify(d)) as DeploymentObj;
  copy.metadata!.labels = { sneaky: 'yes' };
  copy.spec!.replicas = 9;
  const written = c.client().updateStatus<DeploymentObj>(D, copy);
  assert.equal(written.metadata!.labels, undefined, 'the status endpoint keeps the labels');
  assert.equal(written.spec!.replicas, 1, 'and the spec');
  c.stop();
});

test('cleanup deletes only old sets beyond revisionHistoryLimit that are scaled to 0', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  c.client().create(D, dep(1, undefined, { revisionHistoryLimit: 0 }));
  c.loop.advance(10_000);
  for (const image of ['nginx:1.26', 'nginx:1.27']) {
    c.client().patch(D, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
    c.loop.advance(60_000);
  }
  const sets = list<ReplicaSet>(c, RS);
  assert.deepEqual(sets.map((s) => s.spec!.template!.spec!.containers[0].image), ['nginx:1.27'], 'limit 0 keeps no old set');
  c.stop();
});
