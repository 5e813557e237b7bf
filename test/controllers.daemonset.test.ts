import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import {
  addOrUpdateDaemonPodTolerations,
  byCreationTimestampAndPhase,
  createPodTemplate,
  findUpdatedPodsOnNode,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  replaceNodeNameNodeAffinity,
  surgeCount,
  targetNodeName,
  unavailableCount,
  updatedDesiredNodeCounts,
  type DSObj,
  type PodObj,
} from '../src/controllers/daemon';

const DS = 'daemonsets.apps';

function ds(extra: Partial<NonNullable<DaemonSet['spec']>> = {}, templateSpec: Record<string, unknown> = {}): DSObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...templateSpec } }, ...extra },
  };
}

function node(name: string, opts: { labels?: Record<string, string>; taints?: NonNullable<Node['spec']>['taints'] } = {}): Node {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } }, spec: { taints: opts.taints } };
}

function pod(name: string, labels: Record<string, string>, opts: { created?: string; nodeName?: string; deleting?: boolean } = {}): PodObj {
  return {
    metadata: { name, namespace: 'default', labels, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z', ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:05:00Z' } : {}) },
    spec: { containers: [], ...(opts.nodeName ? { nodeName: opts.nodeName } : {}) },
  } as PodObj;
}

// ---- the daemon pod (facts 52, 53) -------------------------------------------------------------

test('AddOrUpdateDaemonPodTolerations: the six tolerations, network-unavailable only with hostNetwork, a same-key toleration replaced (fact 52)', () => {
  const spec = { containers: [], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'x', operator: 'Exists' }] };
  addOrUpdateDaemonPodTolerations(spec);
  assert.deepEqual(
    spec.tolerations.map((t) => `${t.key}:${t.effect ?? ''}${'tolerationSeconds' in t ? `/${t.tolerationSeconds}` : ''}`),
    ['node.kubernetes.io/not-ready:NoExecute', 'x:', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
    'the 30s limit on not-ready is replaced by none',
  );
  const host = { containers: [], hostNetwork: true } as { containers: never[]; hostNetwork: boolean; tolerations?: { key?: string }[] };
  addOrUpdateDaemonPodTolerations(host);
  assert.ok(host.tolerations!.some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become metadata.name In [node]; preferred terms stay (fact 53)', () => {
  const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
  const out = replaceNodeNameNodeAffinity(
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } },
    'node-2',
  );
  assert.deepEqual(out.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution, { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] });
  assert.deepEqual(out.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution, preferred);
  assert.deepEqual(replaceNodeNameNodeAffinity(undefined, 'n').nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0].matchFields![0].values, ['n']);
  assert.equal(targetNodeName({ spec: { containers: [], affinity: out } }), 'node-2');
  assert.equal(targetNodeName({ spec: { containers: [], nodeName: 'node-9', affinity: out } }), 'node-9', 'a bound pod is where it is bound');
  assert.equal(targetNodeName({ spec: { containers: [] } }), undefined);
});

test('CreatePodTemplate labels pods with the generation and the revision hash; IsPodUpdated accepts either (fact 54)', () => {
  const t = createPodTemplate(ds().spec!.template, 3, 'abc');
  assert.deepEqual(t.metadata!.labels, { app: 'agent', 'pod-template-generation': '3', 'controller-revision-hash': 'abc' });
  assert.equal(t.spec!.tolerations!.length, 6);
  assert.ok(isPodUpdated(pod('p', { 'controller-revision-hash': 'abc' }), 'abc', undefined));
  assert.ok(isPodUpdated(pod('p', { 'pod-template-generation': '3' }), 'zzz', 3));
  assert.ok(!isPodUpdated(pod('p', { 'controller-revision-hash': 'old', 'pod-template-generation': '2' }), 'abc', 3));
});

test('NodeShouldRunDaemonPod: node name, node affinity and taints decide where pods run and where they may stay', () => {
  const cases: [string, DSObj, Node, boolean, boolean][] = [
    ['a plain node', ds(), node('n'), true, true],
    ['a cordoned node (the unschedulable taint is tolerated)', ds(), node('n', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), true, true],
    ['an unreachable node', ds(), node('n', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }), true, true],
    ['a NoSchedule taint: no new pod, the old one stays', ds(), node('n', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), false, true],
    ['a NoExecute taint: the pod goes', ds(), node('n', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }), false, false],
    ['a PreferNoSchedule taint does not count', ds(), node('n', { taints: [{ key: 'dedicated', effect: 'PreferNoSchedule' }] }), true, true],
    ['the node selector does not match', ds({}, { nodeSelector: { disk: 'ssd' } }), node('n'), false, false],
    ['the node selector matches', ds({}, { nodeSelector: { disk: 'ssd' } }), node('n', { labels: { disk: 'ssd' } }), true, true],
    ['another spec.nodeName', ds({}, { nodeName: 'other' }), node('n'), false, false],
    ['a tolerated NoExecute taint', ds({}, { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), node('n', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] }), true, true],
  ];
  for (const [what, set, n, shouldRun, shouldContinueRunning] of cases) assert.deepEqual(nodeShouldRunDaemonPod(n, set), { shouldRun, shouldContinueRunning }, what);
});

// ---- rolling update arithmetic -----------------------------------------------------------------

test('UnavailableCount and SurgeCount round up; both 0 on eligible nodes means 1 unavailable', () => {
  const rolling = (maxUnavailable: unknown, maxSurge?: unknown) => ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, ...(maxSurge !== undefined ? { maxSurge } : {}) } as never } });
  assert.equal(unavailableCount(rolling('10%'), 15), 2);
  assert.equal(unavailableCount(rolling(1), 15), 1);
  assert.equal(surgeCount(rolling(0, '20%'), 6), 2);
  assert.equal(surgeCount(rolling(1), 6), 0, 'no maxSurge, no surge');
  assert.equal(unavailableCount(ds({ updateStrategy: { type: 'OnDelete' } }), 10), 0);
  const map = new Map<string, PodObj[]>();
  assert.deepEqual(updatedDesiredNodeCounts(rolling(0, 0), [node('a'), node('b')], map), { maxSurge: 0, maxUnavailable: 1, desired: 2 });
  assert.deepEqual([...map.keys()], ['a', 'b'], 'every eligible node gets an entry');
});

test('findUpdatedPodsOnNode: one new and one old pod at most; deleted pods do not count', () => {
  const set = ds();
  const fresh = pod('new', { 'controller-revision-hash': 'h2' });
  const old = pod('old', { 'controller-revision-hash': 'h1' });
  assert.deepEqual(findUpdatedPodsOnNode(set, [fresh, old], 'h2'), { newPod: fresh, oldPod: old, ok: true });
  assert.equal(findUpdatedPodsOnNode(set, [old, pod('old2', { 'controller-revision-hash': 'h1' })], 'h2').ok, false);
  assert.deepEqual(findUpdatedPodsOnNode(set, [old, pod('gone', { 'controller-revision-hash': 'h1' }, { deleting: true })], 'h2'), { newPod: undefined, oldPod: old, ok: true });
});

test('podByCreationTimestampAndPhase: bound pods first, then oldest, then by name', () => {
  const pods = [pod('c', {}, { created: '2025-01-01T00:00:01Z', nodeName: 'n' }), pod('b', {}, { created: '2025-01-01T00:00:00Z' }), pod('a', {}, { created: '2025-01-01T00:00:01Z', nodeName: 'n' }), pod('d', {}, { created: '2025-01-01T00:00:00Z', nodeName: 'n' })];
  assert.deepEqual(pods.sort(byCreationTimestampAndPhase).map((p) => p.metadata!.name), ['d', 'a', 'c', 'b']);
});

// ---- the controller through a cluster ----------------------------------------------------------

function list<T>(c: Cluster, resource: string): (T & KubeObject)[] {
  return c.apiserver.list(resource, { namespace: 'default' }).items as (T & KubeObject)[];
}

test('the API server keeps deprecated.daemonset.template.generation: 1 on create, +1 on a template change only', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(DS, ds());
  const gen = () => c.client().get<DSObj>(DS, 'default', 'agent').metadata!.annotations!['deprecated.daemonset.template.generation'];
  assert.equal(gen(), '1');
  c.client().patch(DS, 'default', 'agent', 'merge', { spec: { minReadySeconds: 5 } });
  assert.equal(gen(), '1', 'not the template');
  c.client().patch(DS, 'default', 'agent', 'merge', { metadata: { annotations: { 'deprecated.daemonset.template.generation': '7' } } });
  assert.equal(gen(), '1', 'clients cannot set it');
  c.client().patch(DS, 'default', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } });
  assert.equal(gen(), '2');
  c.stop();
});

test('the controller creates one pod per node, unbound, for the scheduler to bind; a revision named <ds>-<hash>', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }, { name: 'node-2' }] });
  c.client().create(DS, ds());
  c.loop.advance(0);
  const created = list<Pod>(c, 'pods');
  assert.equal(created.length, 2);
  const [rev] = list<ControllerRevision>(c, 'controllerrevisions.apps');
  assert.equal(rev.metadata!.name, `agent-${rev.metadata!.labels!['controller-revision-hash']}`);
  assert.equal(rev.revision, 1);
  c.loop.advance(10_000);
  const bound = list<Pod>(c, 'pods').map((p) => [p.spec!.nodeName, targetNodeName(p)]);
  assert.ok(bound.every(([a, b]) => a === b), 'each bound where its affinity said');
  assert.deepEqual(bound.map(([a]) => a).sort(), ['node-1', 'node-2']);
  const scheduled = list<{ reason?: string; source?: { component?: string } }>(c, 'events').filter((e) => e.reason === 'Scheduled');
  assert.equal(scheduled.length, 2);
  assert.ok(scheduled.every((e) => e.source?.component === 'default-scheduler'));
  c.stop();
});

test('a second pod on a node (an adopted orphan) is deleted, the oldest kept', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  c.client().create(DS, ds());
  c.loop.advance(10_000);
  c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'agent' } }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx:1.25' }] } });
  c.loop.advance(40_000);
  const names = list<Pod>(c, 'pods').map((p) => p.metadata!.name);
  assert.equal(names.length, 1);
  assert.notEqual(names[0], 'stray');
  c.stop();
});

test('old revisions beyond revisionHistoryLimit go; the current one stays', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  c.client().create(DS, ds({ revisionHistoryLimit: 1 }));
  c.loop.advance(10_000);
  for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
    c.client().patch(DS, 'default', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
    c.loop.advance(60_000);
  }
  const revs = list<ControllerRevision>(c, 'controllerrevisions.apps').map((r) => r.revision).sort();
  assert.deepEqual(revs, [3, 4]);
  c.stop();
});
