import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import { FeatureGates } from '../src/api/feature_gates';
import { controllerRevisionName, hashControllerRevision } from '../src/controllers/history/controller_history';
import {
  getPatch,
  isClaimOwnerUpToDate,
  newVersionedStatefulSetPod,
  parentNameAndOrdinal,
  updateClaimOwnerRefs,
  type ClaimObj,
  type PodObj,
  type SetObj,
} from '../src/controllers/statefulset';
import { fnv32, fnv32a, safeEncodeString } from '../src/controllers/util/hash';

// ---- naming ---------------------------------------------------------------------------------

test('FNV-32 and FNV-32a match the published test vectors', () => {
  const cases: [string, number, number][] = [
    ['', 0x811c9dc5, 0x811c9dc5],
    ['a', 0x050c5d7e, 0xe40c292c],
    ['foobar', 0x31f0b262, 0xbf9cf968],
  ];
  for (const [input, fnv1, fnv1a] of cases) {
    assert.equal(fnv32(input), fnv1, `fnv32(${JSON.stringify(input)})`);
    assert.equal(fnv32a(input), fnv1a, `fnv32a(${JSON.stringify(input)})`);
  }
  assert.equal(fnv32('foo', 'bar'), fnv32('foobar'), 'parts are written one after another');
});

test('SafeEncodeString maps each byte onto consonants and digits', () => {
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  assert.equal(safeEncodeString(''), '');
});

test('a revision is named <set>-<safe-encoded FNV-32 of its data>, the collision count hashed after the data', () => {
  const data = '{"spec":{"template":{"$patch":"replace"}}}';
  assert.equal(hashControllerRevision(data), safeEncodeString(String(fnv32(data))));
  assert.equal(hashControllerRevision(data, 0), safeEncodeString(String(fnv32(data, '0'))));
  assert.notEqual(hashControllerRevision(data, 0), hashControllerRevision(data, 1));
  assert.equal(controllerRevisionName('web', 'abc'), 'web-abc');
  assert.equal(controllerRevisionName('x'.repeat(300), 'h').length, 225, 'the prefix is cut to 223 bytes');
});

test('pod names parse into parent and ordinal as getParentNameAndOrdinal does (fact 25)', () => {
  const cases: [string, string, number][] = [
    ['web-0', 'web', 0],
    ['web-12', 'web', 12],
    ['my-db-3', 'my-db', 3],
    ['web', '', -1],
    ['web-', '', -1],
    ['web-x', '', -1],
    ['web-2147483647', 'web', 2147483647],
    ['web-2147483648', '', -1],
  ];
  for (const [name, parent, ordinal] of cases) assert.deepEqual(parentNameAndOrdinal({ metadata: { name } }), [parent, ordinal], name);
});

test("a revision stores the template as a replace patch, keys sorted as Go marshals a map", () => {
  const set = { metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }] }, metadata: { labels: { b: '1', a: '2' } } } } } as unknown as StatefulSet;
  assert.equal(getPatch(set), '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"a":"2","b":"1"}},"spec":{"containers":[{"image":"nginx","name":"app"}]}}}}');
});

// ---- revisions of new pods (fact 32) ---------------------------------------------------------

function setWith(strategy: StatefulSet['spec'] extends infer S ? (S extends { updateStrategy?: infer U } ? U : never) : never, currentReplicas = 0): SetObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'set-uid' },
    spec: { replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, updateStrategy: strategy, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    status: { replicas: 3, currentReplicas },
  } as SetObj;
}

test('a new pod is made at the current revision below the partition and at the update revision from it', () => {
  const cases: { name: string; strategy: Parameters<typeof setWith>[0]; currentReplicas?: number; want: string[] }[] = [
    { name: 'partition 0: all at the update revision', strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, want: ['new', 'new', 'new'] },
    { name: 'partition 2: ordinals 0 and 1 at the current revision', strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, want: ['old', 'old', 'new'] },
    { name: 'partition beyond replicas: none updated', strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 5 } }, want: ['old', 'old', 'old'] },
    { name: 'no rollingUpdate: below status.currentReplicas at the current revision', strategy: { type: 'RollingUpdate' }, currentReplicas: 1, want: ['old', 'new', 'new'] },
    { name: 'OnDelete: the update revision', strategy: { type: 'OnDelete' }, currentReplicas: 3, want: ['new', 'new', 'new'] },
  ];
  for (const c of cases) {
    const set = setWith(c.strategy, c.currentReplicas);
    const got = [0, 1, 2].map((o) => newVersionedStatefulSetPod(set, set, 'old', 'new', o).metadata!.labels!['controller-revision-hash']);
    assert.deepEqual(got, c.want, c.name);
  }
});

test('a new pod carries its identity: name, labels, hostname, subdomain and claim volumes (facts 25–27)', () => {
  const set = setWith({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  set.spec!.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: {} }];
  set.spec!.template.spec!.volumes = [{ name: 'data', emptyDir: {} }, { name: 'cache', emptyDir: {} }];
  const pod = newVersionedStatefulSetPod(set, set, 'web-1', 'web-2', 4);
  assert.equal(pod.metadata!.name, 'web-4');
  assert.deepEqual(pod.metadata!.labels, { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-4', 'apps.kubernetes.io/pod-index': '4', 'controller-revision-hash': 'web-2' });
  assert.equal(pod.spec!.hostname, 'web-4');
  assert.equal(pod.spec!.subdomain, 'web');
  assert.deepEqual(pod.spec!.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-4' } }, { name: 'cache', emptyDir: {} }], 'the claim replaces a same-named volume');
  assert.equal(pod.metadata!.ownerReferences![0].uid, 'set-uid');
});

// ---- claim owners under the retention policy (fact 36) ----------------------------------------

test('claim owners follow the retention policy: none, the set, the pod once scaled down, or both in turn', () => {
  const pod = (name: string): PodObj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } });
  const claim = (): ClaimObj => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-web-0', namespace: 'default' } });
  const owners = (c: ClaimObj) => (c.metadata?.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`).sort();
  const cases: { whenDeleted: string; whenScaled: string; pod: string; want: string[] }[] = [
    { whenDeleted: 'Retain', whenScaled: 'Retain', pod: 'web-0', want: [] },
    { whenDeleted: 'Delete', whenScaled: 'Retain', pod: 'web-0', want: ['StatefulSet/web'] },
    { whenDeleted: 'Delete', whenScaled: 'Retain', pod: 'web-5', want: ['StatefulSet/web'] },
    { whenDeleted: 'Retain', whenScaled: 'Delete', pod: 'web-0', want: [] },
    { whenDeleted: 'Retain', whenScaled: 'Delete', pod: 'web-5', want: ['Pod/web-5'] },
    { whenDeleted: 'Delete', whenScaled: 'Delete', pod: 'web-0', want: ['StatefulSet/web'] },
    { whenDeleted: 'Delete', whenScaled: 'Delete', pod: 'web-5', want: ['Pod/web-5'] },
  ];
  for (const c of cases) {
    const set = setWith({ type: 'RollingUpdate' });
    set.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: c.whenDeleted, whenScaled: c.whenScaled };
    const p = pod(c.pod);
    const pvc = claim();
    const label = `${c.whenDeleted}/${c.whenScaled} ${c.pod}`;
    assert.equal(isClaimOwnerUpToDate(pvc, set, p), c.want.length === 0, `${label}: a claim without owners is up to date only under no owners`);
    updateClaimOwnerRefs(pvc, set, p);
    assert.deepEqual(owners(pvc), c.want, label);
    assert.ok(isClaimOwnerUpToDate(pvc, set, p), `${label}: up to date after the update`);
    assert.ok((pvc.metadata?.ownerReferences ?? []).every((r) => r.controller === true), `${label}: the owners are controllers`);
  }
});

test('a claim owned by another controller, or by an earlier set of the same name, is left alone', () => {
  const set = setWith({ type: 'RollingUpdate' });
  set.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
  const pod: PodObj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'p' } };
  const foreign: ClaimObj = { metadata: { name: 'data-web-0', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'x', controller: true }] } };
  assert.ok(isClaimOwnerUpToDate(foreign, set, pod));
  const stale: ClaimObj = { metadata: { name: 'data-web-0', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'older', controller: true }] } };
  assert.ok(isClaimOwnerUpToDate(stale, set, pod));
});

// ---- through a cluster -------------------------------------------------------------------------

const STS = 'statefulsets.apps';

function stsObject(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } }, ...extra },
  };
}

const list = <T>(c: Cluster, resource: string) => c.client().list<KubeObject>(resource, { namespace: 'default' }).items as unknown as T[];
const events = (c: Cluster, reason: string) => list<{ reason: string; message: string; type: string }>(c, 'events').filter((e) => e.reason === reason);
const getSet = (c: Cluster) => c.client().get<KubeObject>(STS, 'default', 'web') as unknown as StatefulSet;
const revisions = (c: Cluster) => list<ControllerRevision>(c, 'controllerrevisions.apps').sort((a, b) => a.revision - b.revision);
const podNames = (c: Cluster) => list<Pod>(c, 'pods').map((p) => p.metadata!.name).sort();

test('OrderedReady: with no node to run on, only web-0 is created, and it blocks the rest (fact 28)', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(STS, stsObject(3));
  c.loop.advance(60_000);
  assert.deepEqual(podNames(c), ['web-0']);
  assert.equal(getSet(c).status?.replicas, 1);
  c.stop();
});

test('Parallel: every pod is created in the first sync, ready or not (fact 31)', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(STS, stsObject(3, { podManagementPolicy: 'Parallel' }));
  c.loop.advance(0);
  assert.deepEqual(podNames(c), ['web-0', 'web-1', 'web-2']);
  c.stop();
});

test('a Failed pod is deleted and a new pod of the same name is created on a later sync (fact 29)', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(STS, stsObject(1));
  c.loop.advance(0);
  const first = c.client().get<KubeObject>('pods', 'default', 'web-0');
  const failed = { ...first, status: { ...(first.status as object), phase: 'Failed' } };
  c.client().updateStatus('pods', failed);
  c.loop.advance(1000);
  const second = c.client().get<KubeObject>('pods', 'default', 'web-0');
  assert.notEqual(second.metadata!.uid, first.metadata!.uid, 'a new pod');
  assert.equal((second.status as Pod['status'])?.phase, 'Pending');
  assert.deepEqual(
    events(c, 'SuccessfulDelete').map((e) => e.message),
    ['delete Pod web-0 in StatefulSet web successful'],
  );
  assert.equal(events(c, 'SuccessfulCreate').length, 1, 'one event, counted twice');
  c.stop();
});

test('a template change makes a new revision; changing it back renumbers the old one (a rollback), and the history is kept to revisionHistoryLimit', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(STS, stsObject(1, { revisionHistoryLimit: 1, podManagementPolicy: 'Parallel' }));
  c.loop.advance(0);
  const [r1] = revisions(c);
  assert.equal(r1.revision, 1);
  assert.equal(r1.metadata!.labels!['controller.kubernetes.io/hash'], r1.metadata!.name!.slice('web-'.length));
  assert.equal(getSet(c).status?.updateRevision, r1.metadata!.name);
  const setImage = (image: string) => c.client().patch(STS, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
  setImage('nginx:1.26');
  c.loop.advance(1000);
  assert.deepEqual(revisions(c).map((r) => r.revision), [1, 2]);
  const r2 = revisions(c)[1];
  assert.equal(getSet(c).status?.updateRevision, r2.metadata!.name);
  setImage('nginx:1.25');
  c.loop.advance(1000);
  assert.deepEqual(revisions(c).map((r) => [r.metadata!.name, r.revision]), [[r2.metadata!.name, 2], [r1.metadata!.name, 3]], 'revision 1 is renumbered 3');
  assert.equal(getSet(c).status?.updateRevision, r1.metadata!.name);
  setImage('nginx:1.27');
  c.loop.advance(1000);
  setImage('nginx:1.28');
  c.loop.advance(1000);
  // Live: the current and update revisions and those pods use; beyond them at most one more.
  const set = getSet(c);
  const live = new Set([set.status?.currentRevision, set.status?.updateRevision, ...list<Pod>(c, 'pods').map((p) => p.metadata!.labels!['controller-revision-hash'])]);
  const historic = revisions(c).filter((r) => !live.has(r.metadata!.name));
  assert.equal(historic.length, 1, 'revisionHistoryLimit 1');
  c.stop();
});

test('a revision name taken by other data bumps status.collisionCount and uses the next hash', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  const set = stsObject(1) as SetObj;
  // What the controller will store for this set once the API server has defaulted its template.
  c.client().create(STS, set);
  const defaulted = getSet(c) as SetObj;
  c.stop();
  const c2 = Cluster.start({ seed: 1, nodes: [] });
  const taken = controllerRevisionName('web', hashControllerRevision(getPatch(defaulted), 0));
  c2.client().create('controllerrevisions.apps', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: taken, namespace: 'default' }, data: { other: true }, revision: 1 });
  c2.client().create(STS, set);
  c2.loop.advance(0);
  const s = getSet(c2);
  assert.equal(s.status?.collisionCount, 1);
  assert.equal(s.status?.updateRevision, controllerRevisionName('web', hashControllerRevision(getPatch(defaulted), 1)));
  c2.stop();
});

test('claims from volumeClaimTemplates are created before the pod, with the selector labels, and an event (facts 27, 35)', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(
    STS,
    stsObject(1, {
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'db' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    }),
  );
  c.loop.advance(0);
  const [pvc] = list<PersistentVolumeClaim>(c, 'persistentvolumeclaims');
  assert.equal(pvc.metadata!.name, 'data-web-0');
  assert.deepEqual(pvc.metadata!.labels, { tier: 'db', app: 'web' });
  assert.deepEqual(
    pvc.metadata!.ownerReferences!.map((r) => `${r.kind}/${r.name}`),
    ['StatefulSet/web'],
    'whenDeleted: Delete makes the set its owner',
  );
  const pod = c.client().get<KubeObject>('pods', 'default', 'web-0') as unknown as Pod;
  assert.deepEqual(pod.spec!.volumes!.find((v) => v.name === 'data'), { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } });
  const created = events(c, 'SuccessfulCreate').map((e) => e.message);
  assert.deepEqual(created, ['create Claim data-web-0 Pod web-0 in StatefulSet web success', 'create Pod web-0 in StatefulSet web successful']);
  c.stop();
});

test('a pod the API server refuses: a FailedCreate event with the error, retried rate-limited', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(STS, stsObject(1, { template: { metadata: { labels: { app: 'web' } }, spec: { priorityClassName: 'nope', containers: [{ name: 'app', image: 'nginx:1.25' }] } } }));
  c.loop.advance(0);
  const [failed] = events(c, 'FailedCreate');
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.message, 'create Pod web-0 in StatefulSet web failed error: pods "web-0" is forbidden: no PriorityClass with name nope was found');
  c.loop.advance(60_000);
  assert.ok(((events(c, 'FailedCreate')[0] as { count?: number }).count ?? 1) > 1, 'retried');
  assert.deepEqual(podNames(c), []);
  c.stop();
});

test('scale-down waits for a Terminating pod before the next deletion (fact 30)', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  c.client().create(STS, stsObject(3, { template: { metadata: { labels: { app: 'web' }, annotations: { 'sim.kubespec.io/ignore-sigterm': 'true' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } } }));
  c.loop.advance(30_000);
  assert.equal(getSet(c).status?.readyReplicas, 3);
  c.client().patch(STS, 'default', 'web', 'merge', { spec: { replicas: 1 } });
  c.loop.advance(20_000);
  // web-2 ignores SIGTERM, so it terminates only at the end of its 30s grace period; web-1 waits.
  const terminating = () => list<Pod>(c, 'pods').map((p) => [p.metadata!.name, !!p.metadata!.deletionTimestamp]).sort();
  assert.deepEqual(terminating(), [['web-0', false], ['web-1', false], ['web-2', true]]);
  c.loop.advance(15_000);
  assert.deepEqual(terminating(), [['web-0', false], ['web-1', true]], 'web-2 went at the end of its grace period; then web-1 was deleted');
  c.loop.advance(40_000);
  assert.deepEqual(podNames(c), ['web-0']);
  c.stop();
});

// ---- MaxUnavailableStatefulSet (alpha, off in v1.32) ---------------------------------------------

const maxUnavailableCases: { name: string; gate: boolean; rollingUpdate: Record<string, unknown>; deletedAtOnce: string[] }[] = [
  { name: 'gate off: the field is dropped and one pod goes at a time', gate: false, rollingUpdate: { maxUnavailable: 3 }, deletedAtOnce: ['web-3'] },
  { name: 'gate on: an integer budget', gate: true, rollingUpdate: { maxUnavailable: 3 }, deletedAtOnce: ['web-1', 'web-2', 'web-3'] },
  { name: 'gate on: a percentage of replicas, rounded down', gate: true, rollingUpdate: { maxUnavailable: '60%' }, deletedAtOnce: ['web-2', 'web-3'] },
  { name: 'gate on: a percentage that rounds to 0 still allows 1', gate: true, rollingUpdate: { maxUnavailable: '10%' }, deletedAtOnce: ['web-3'] },
  { name: 'gate on: the partition still protects the low ordinals', gate: true, rollingUpdate: { maxUnavailable: 4, partition: 3 }, deletedAtOnce: ['web-3'] },
];

for (const tc of maxUnavailableCases) {
  test(`maxUnavailable: ${tc.name}`, () => {
    const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }], featureGates: FeatureGates.parse(`MaxUnavailableStatefulSet=${tc.gate}`) });
    const template = (image: string) => ({ metadata: { labels: { app: 'web' }, annotations: { 'sim.kubespec.io/ignore-sigterm': 'true' } }, spec: { containers: [{ name: 'app', image }] } });
    c.client().create(STS, stsObject(4, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: tc.rollingUpdate }, template: template('nginx:1.25') }));
    c.loop.advance(30_000);
    assert.equal(getSet(c).status?.readyReplicas, 4);
    assert.equal((getSet(c).spec?.updateStrategy?.rollingUpdate as { maxUnavailable?: unknown }).maxUnavailable, tc.gate ? tc.rollingUpdate.maxUnavailable : undefined);
    c.client().patch(STS, 'default', 'web', 'merge', { spec: { template: template('nginx:1.26') } });
    // The pods ignore SIGTERM, so those deleted stay Terminating through their 30 s grace period.
    c.loop.advance(5_000);
    const terminating = list<Pod>(c, 'pods').filter((p) => p.metadata!.deletionTimestamp).map((p) => p.metadata!.name).sort();
    assert.deepEqual(terminating, tc.deletedAtOnce);
    c.stop();
  });
}

test('maxUnavailable: with the gate on, a RollingUpdate without it defaults to 1 (SetDefaults_StatefulSet)', () => {
  const c = Cluster.start({ seed: 1, nodes: [], featureGates: FeatureGates.parse('MaxUnavailableStatefulSet=true') });
  c.client().create(STS, stsObject(2, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } }));
  assert.equal((getSet(c).spec?.updateStrategy?.rollingUpdate as { maxUnavailable?: unknown }).maxUnavailable, 1);
  c.stop();
});
