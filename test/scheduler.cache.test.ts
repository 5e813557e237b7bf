import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Cache, newSnapshot } from '../src/scheduler/backend/cache/cache';
import { Snapshot } from '../src/scheduler/backend/cache/snapshot';
import { NodeTree, zoneKey } from '../src/scheduler/backend/cache/node_tree';
import { NodeInfo, PodInfo } from '../src/scheduler/framework/types';
import { podInfoFor } from '../src/scheduler/backend/cache/pod_info';

interface NodeOpts {
  zone?: string;
  region?: string;
  labels?: Record<string, string>;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  cpu?: string;
}

function node(name: string, o: NodeOpts = {}): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, ...o.labels };
  if (o.zone) labels['topology.kubernetes.io/zone'] = o.zone;
  if (o.region) labels['topology.kubernetes.io/region'] = o.region;
  return {
    metadata: { name, labels },
    status: { allocatable: { cpu: o.cpu ?? '4', memory: '8Gi', pods: '110' }, images: o.images },
  };
}

function pod(name: string, nodeName: string, o: { cpu?: string; pvc?: string; antiAffinity?: boolean } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: name } },
    spec: {
      nodeName,
      containers: [{ name: 'c', image: 'busybox', resources: o.cpu ? { requests: { cpu: o.cpu } } : undefined }],
      volumes: o.pvc ? [{ name: 'v', persistentVolumeClaim: { claimName: o.pvc } }] : undefined,
      affinity: o.antiAffinity
        ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' }] } }
        : undefined,
    },
  };
}

const listNames = (s: Snapshot) => s.list().map((ni) => ni.name);

// nodeTree.list(): zones in the order first seen, nodes interleaved round-robin across zones.
const orderCases: Array<{ name: string; nodes: Array<[string, string?]>; remove?: string[]; want: string[] }> = [
  { name: 'one zone keeps insertion order', nodes: [['a', 'z1'], ['b', 'z1'], ['c', 'z1']], want: ['a', 'b', 'c'] },
  { name: 'no zone labels: one group', nodes: [['a'], ['b']], want: ['a', 'b'] },
  {
    name: 'three zones of unequal size',
    nodes: [['a', 'z1'], ['b', 'z1'], ['c', 'z2'], ['d', 'z3'], ['e', 'z2'], ['f', 'z1']],
    want: ['a', 'c', 'd', 'b', 'e', 'f'],
  },
  { name: 'unlabelled nodes form their own zone', nodes: [['a', 'z1'], ['b'], ['c', 'z1'], ['d']], want: ['a', 'b', 'c', 'd'] },
  {
    name: 'removing the last node of a zone drops the zone',
    nodes: [['a', 'z1'], ['b', 'z2'], ['c', 'z1'], ['d', 'z3']],
    remove: ['b'],
    want: ['a', 'd', 'c'],
  },
];
for (const c of orderCases) {
  test(`node order (zone round-robin): ${c.name}`, () => {
    const cache = new Cache();
    for (const [n, z] of c.nodes) cache.addNode(node(n, { zone: z }));
    for (const n of c.remove ?? []) {
      const [, z] = c.nodes.find(([x]) => x === n)!;
      assert.equal(cache.removeNode(node(n, { zone: z })), undefined);
    }
    const snap = new Snapshot();
    assert.equal(cache.updateSnapshot(snap), undefined);
    assert.deepEqual(listNames(snap), c.want);
  });
}

test('zoneKey: region and zone, deprecated labels first, empty without either', () => {
  assert.equal(zoneKey(node('a')), '');
  assert.equal(zoneKey(node('a', { zone: 'z' })), ':\x00:z');
  assert.equal(zoneKey(node('a', { zone: 'z', region: 'r' })), 'r:\x00:z');
  assert.equal(zoneKey(node('a', { zone: 'z', labels: { 'failure-domain.beta.kubernetes.io/zone': 'old' } })), ':\x00:old');
});

test('node tree: a zone change moves the node to its new zone', () => {
  const tree = new NodeTree();
  tree.addNode(node('a', { zone: 'z1' }));
  tree.addNode(node('b', { zone: 'z1' }));
  tree.addNode(node('c', { zone: 'z2' }));
  tree.updateNode(node('a', { zone: 'z1' }), node('a', { zone: 'z2' }));
  assert.deepEqual(tree.list(), ['b', 'c', 'a']);
  assert.equal(tree.numNodes, 3);
});

test('cache: assume counts the pod at once; the Add event confirms it; no double counting', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  const assumed = pod('p', 'n1', { cpu: '1' });
  assert.equal(cache.assumePod(assumed), undefined);
  assert.equal(cache.isAssumedPod(assumed), true);
  assert.match(String(cache.assumePod(assumed)), /is in the cache, so can't be assumed/);
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(snap.get('n1')!.requested.milliCPU, 1000);
  assert.equal(cache.finishBinding(assumed), undefined);
  assert.equal(cache.isAssumedPod(assumed), true, 'finishing the binding does not expire it (TTL 0)');
  cache.cleanupAssumedPods(1e12);
  assert.equal(cache.isAssumedPod(assumed), true);
  assert.equal(cache.addPod(assumed), undefined);
  assert.equal(cache.isAssumedPod(assumed), false);
  cache.updateSnapshot(snap);
  assert.equal(snap.get('n1')!.pods.length, 1);
  assert.equal(snap.get('n1')!.requested.milliCPU, 1000);
  assert.match(String(cache.addPod(assumed)), /already in added state/);
  assert.match(String(cache.forgetPod(assumed)), /wasn't assumed so cannot be forgotten/);
});

test('cache: assume reuses the queue PodInfo of the same pod with the assumed object', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  const queued = new PodInfo({ ...pod('p', ''), spec: { ...pod('p', '', { cpu: '3' }).spec!, nodeName: undefined } });
  const assumed = pod('p', 'n1', { cpu: '3' });
  cache.assumePod(assumed, queued);
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  const pi = snap.get('n1')!.pods[0];
  assert.equal(pi.pod, assumed);
  assert.equal(pi.requests, queued.requests);
  assert.ok(pi instanceof PodInfo);
  const bound = pod('p', 'n1', { cpu: '3' });
  cache.addPod(bound);
  cache.updateSnapshot(snap);
  assert.equal(snap.get('n1')!.pods[0].pod, bound);
  assert.equal(snap.get('n1')!.requested.milliCPU, 3000);
});

const forgetCases: Array<{ name: string; forget: Pod; wantErr?: RegExp; wantPods: number }> = [
  { name: 'forgetting the assumed pod removes it', forget: pod('p', 'n1', { cpu: '1' }), wantPods: 0 },
  { name: 'forgetting it on another node is refused', forget: pod('p', 'n2'), wantErr: /was assumed on n2 but assigned to n1/, wantPods: 1 },
  { name: 'forgetting an unknown pod is refused', forget: pod('q', 'n1'), wantErr: /wasn't assumed/, wantPods: 1 },
];
for (const c of forgetCases) {
  test(`cache forget: ${c.name}`, () => {
    const cache = new Cache();
    cache.addNode(node('n1'));
    cache.assumePod(pod('p', 'n1', { cpu: '1' }));
    const err = cache.forgetPod(c.forget);
    if (c.wantErr) assert.match(String(err), c.wantErr);
    else assert.equal(err, undefined);
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.equal(snap.get('n1')!.pods.length, c.wantPods);
    assert.equal(snap.get('n1')!.requested.milliCPU, c.wantPods * 1000);
  });
}

test('cache: an assumed pod with a TTL expires after its binding finished', () => {
  let now = 0;
  const cache = new Cache({ ttlMs: 30_000, now: () => now });
  cache.addNode(node('n1'));
  const p = pod('p', 'n1');
  cache.assumePod(p);
  now = 100_000;
  cache.cleanupAssumedPods();
  assert.equal(cache.isAssumedPod(p), true, 'binding not finished: never expires');
  cache.finishBinding(p);
  now += 30_000;
  cache.cleanupAssumedPods();
  assert.equal(cache.isAssumedPod(p), true);
  now += 1;
  cache.cleanupAssumedPods();
  assert.equal(cache.isAssumedPod(p), false);
  assert.equal(cache.podCount(), 0);
});

test('cache: update and remove of assigned pods keep the sums right', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  const v1 = pod('p', 'n1', { cpu: '1' });
  const v2 = pod('p', 'n1', { cpu: '2' });
  cache.addPod(v1);
  assert.equal(cache.updatePod(v1, v2), undefined);
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(snap.get('n1')!.requested.milliCPU, 2000);
  assert.equal(cache.removePod(v2), undefined);
  cache.updateSnapshot(snap);
  assert.equal(snap.get('n1')!.requested.milliCPU, 0);
  assert.match(String(cache.removePod(v2)), /is not found in scheduler cache/);
  assert.match(String(cache.updatePod(v1, v2)), /is not added to scheduler cache/);
  cache.assumePod(v1);
  assert.match(String(cache.updatePod(v1, v2)), /assumed pod .* should not be updated/);
});

test('cache: a pod arriving before its node makes a placeholder that snapshots skip', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addPod(pod('early', 'n2', { cpu: '1' }));
  assert.equal(cache.nodeCount(), 2);
  const snap = new Snapshot();
  assert.equal(cache.updateSnapshot(snap), undefined);
  assert.deepEqual(listNames(snap), ['n1']);
  assert.equal(snap.get('n2'), undefined);
  cache.addNode(node('n2'));
  cache.updateSnapshot(snap);
  assert.deepEqual(listNames(snap), ['n1', 'n2']);
  assert.equal(snap.get('n2')!.requested.milliCPU, 1000);
});

test('cache: a node removed while pods remain is a ghost until its last pod goes', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addNode(node('n2'));
  cache.addPod(pod('a', 'n2'));
  cache.addPod(pod('b', 'n2'));
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(cache.removeNode(node('n2')), undefined);
  assert.equal(cache.updateSnapshot(snap), undefined);
  assert.deepEqual(listNames(snap), ['n1']);
  assert.equal(snap.get('n2'), undefined);
  assert.equal(cache.nodeCount(), 2, 'the ghost keeps its pods');
  cache.removePod(pod('a', 'n2'));
  assert.equal(cache.nodeCount(), 2);
  cache.removePod(pod('b', 'n2'));
  assert.equal(cache.nodeCount(), 1);
  assert.equal(cache.updateSnapshot(snap), undefined);
  assert.deepEqual(listNames(snap), ['n1']);
  assert.match(String(cache.removeNode(node('n2'))), /node n2 is not found/);
});

test('cache: a removed node that comes back gets its lingering pods', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addPod(pod('a', 'n1', { cpu: '1' }));
  cache.removeNode(node('n1'));
  cache.addNode(node('n1'));
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.deepEqual(listNames(snap), ['n1']);
  assert.equal(snap.get('n1')!.requested.milliCPU, 1000);
});

/** Counts which NodeInfos are copied into snapshots while `fn` runs. */
function copiesDuring(fn: () => void): string[] {
  const orig = NodeInfo.prototype.copyFrom;
  const copied: string[] = [];
  NodeInfo.prototype.copyFrom = function (this: NodeInfo, source: NodeInfo) {
    copied.push(source.name);
    return orig.call(this, source);
  };
  try {
    fn();
  } finally {
    NodeInfo.prototype.copyFrom = orig;
  }
  return copied;
}

// Upstream UpdateSnapshot copies only NodeInfos whose generation is newer than the snapshot's.
const incrementalCases: Array<{ name: string; change: (c: Cache) => void; wantCopied: string[]; wantOrder?: string[] }> = [
  { name: 'nothing changed: nothing copied', change: () => {}, wantCopied: [] },
  { name: 'a pod added to one node', change: (c) => c.addPod(pod('x', 'n2')), wantCopied: ['n2'] },
  { name: 'two nodes changed: most recent first', change: (c) => (c.addPod(pod('x', 'n1')), c.addPod(pod('y', 'n3'))), wantCopied: ['n3', 'n1'] },
  { name: 'a node updated', change: (c) => c.updateNode(node('n1', { zone: 'a' }), node('n1', { zone: 'a', labels: { x: 'y' } })), wantCopied: ['n1'] },
  { name: 'an assumed pod', change: (c) => c.assumePod(pod('x', 'n3')), wantCopied: ['n3'] },
  { name: 'a node added: only it is copied, the list is rebuilt', change: (c) => c.addNode(node('n4', { zone: 'a' })), wantCopied: ['n4'], wantOrder: ['n1', 'n2', 'n3', 'n4'] },
  { name: 'a node removed: nothing copied, the list is rebuilt', change: (c) => c.removeNode(node('n2', { zone: 'b' })), wantCopied: [], wantOrder: ['n1', 'n3'] },
];
for (const c of incrementalCases) {
  test(`snapshot incremental update: ${c.name}`, () => {
    const cache = new Cache();
    cache.addNode(node('n1', { zone: 'a' }));
    cache.addNode(node('n2', { zone: 'b' }));
    cache.addNode(node('n3', { zone: 'a' }));
    const snap = new Snapshot();
    assert.deepEqual(copiesDuring(() => cache.updateSnapshot(snap)).sort(), ['n1', 'n2', 'n3']);
    const before = new Map(snap.list().map((ni) => [ni.name, ni]));
    c.change(cache);
    assert.deepEqual(copiesDuring(() => assert.equal(cache.updateSnapshot(snap), undefined)), c.wantCopied);
    assert.deepEqual(listNames(snap), c.wantOrder ?? ['n1', 'n2', 'n3']);
    for (const ni of snap.list()) if (before.has(ni.name)) assert.equal(ni, before.get(ni.name), `${ni.name} keeps its identity`);
  });
}

test('snapshot: the generation follows the cache and a second snapshot starts from scratch', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addPod(pod('a', 'n1'));
  const s1 = new Snapshot();
  cache.updateSnapshot(s1);
  assert.ok(s1.generation > 0);
  const s2 = new Snapshot();
  assert.deepEqual(copiesDuring(() => cache.updateSnapshot(s2)), ['n1']);
  assert.equal(s2.get('n1')!.pods.length, 1);
});

test('snapshot: affinity lists track nodes gaining and losing such pods', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addNode(node('n2'));
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.deepEqual(snap.havePodsWithRequiredAntiAffinityList().length, 0);
  cache.addPod(pod('anti', 'n2', { antiAffinity: true }));
  cache.updateSnapshot(snap);
  assert.deepEqual(snap.havePodsWithAffinityList().map((n) => n.name), ['n2']);
  assert.deepEqual(snap.havePodsWithRequiredAntiAffinityList().map((n) => n.name), ['n2']);
  cache.removePod(pod('anti', 'n2', { antiAffinity: true }));
  cache.updateSnapshot(snap);
  assert.deepEqual(snap.havePodsWithAffinityList().length, 0);
});

test('snapshot: PVCs used by pods on snapshot nodes', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.addPod(pod('a', 'n1', { pvc: 'data' }));
  cache.addPod(pod('b', 'n1', { pvc: 'data' }));
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(snap.isPVCUsedByPods('default/data'), true);
  cache.removePod(pod('a', 'n1', { pvc: 'data' }));
  cache.updateSnapshot(snap);
  assert.equal(snap.isPVCUsedByPods('default/data'), true);
  cache.removePod(pod('b', 'n1', { pvc: 'data' }));
  cache.updateSnapshot(snap);
  assert.equal(snap.isPVCUsedByPods('default/data'), false);
});

const MB = 1024 * 1024;
const img = (sizeMB: number, ...names: string[]) => ({ names, sizeBytes: sizeMB * MB });

// numNodes counts the snapshot's nodes having the image; names are kept as listed (unnormalized).
const imageCases: Array<{
  name: string;
  nodes: Node[];
  change?: (c: Cache) => void;
  want: Record<string, Record<string, [sizeMB: number, numNodes: number]>>;
  wantCacheImages: number;
}> = [
  {
    name: 'shared and unique images, several names per image',
    nodes: [node('n1', { images: [img(40, 'gcr.io/40:v1', 'gcr.io/40@sha256:1'), img(250, 'gcr.io/250')] }), node('n2', { images: [img(40, 'gcr.io/40:v1')] }), node('n3')],
    want: {
      n1: { 'gcr.io/40:v1': [40, 2], 'gcr.io/40@sha256:1': [40, 1], 'gcr.io/250': [250, 1] },
      n2: { 'gcr.io/40:v1': [40, 2] },
      n3: {},
    },
    wantCacheImages: 3,
  },
  {
    name: 'a node removed: its images count one node less everywhere',
    nodes: [node('n1', { images: [img(40, 'a')] }), node('n2', { images: [img(40, 'a')] })],
    change: (c) => c.removeNode(node('n2')),
    want: { n1: { a: [40, 1] } },
    wantCacheImages: 1,
  },
  {
    name: 'a node gains an image: unchanged nodes see the new count',
    nodes: [node('n1', { images: [img(10, 'a')] }), node('n2')],
    change: (c) => c.updateNode(node('n2'), node('n2', { images: [img(10, 'a')] })),
    want: { n1: { a: [10, 2] }, n2: { a: [10, 2] } },
    wantCacheImages: 1,
  },
  {
    name: 'the last node with an image loses it',
    nodes: [node('n1', { images: [img(10, 'a')] })],
    change: (c) => c.updateNode(node('n1', { images: [img(10, 'a')] }), node('n1')),
    want: { n1: {} },
    wantCacheImages: 0,
  },
];
for (const c of imageCases) {
  test(`image states: ${c.name}`, () => {
    const cache = new Cache();
    for (const n of c.nodes) cache.addNode(n);
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    c.change?.(cache);
    cache.updateSnapshot(snap);
    for (const [nodeName, images] of Object.entries(c.want)) {
      const got = Object.fromEntries([...snap.get(nodeName)!.imageStates].map(([k, v]) => [k, [v.size / MB, v.numNodes]]));
      assert.deepEqual(got, images, nodeName);
    }
    assert.equal(cache.imageCount(), c.wantCacheImages);
  });
}

test('newSnapshot builds through a cache: tree order, pods on listed nodes only', () => {
  const snap = newSnapshot(
    [pod('a', 'n1', { cpu: '1' }), pod('b', 'missing'), pod('c', 'n3', { cpu: '2' })],
    [node('n1', { zone: 'z1' }), node('n2', { zone: 'z1' }), node('n3', { zone: 'z2' })],
  );
  assert.deepEqual(listNames(snap), ['n1', 'n3', 'n2']);
  assert.equal(snap.get('n1')!.requested.milliCPU, 1000);
  assert.equal(snap.get('n3')!.requested.milliCPU, 2000);
  assert.equal(snap.get('missing'), undefined);
});

test('dump copies node infos and lists assumed pods', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  cache.assumePod(pod('p', 'n1'));
  const d = cache.dump();
  assert.deepEqual([...d.assumedPods], ['uid-p']);
  assert.equal(d.nodes.get('n1')!.pods.length, 1);
});

test('NodeInfo keeps its copies of the node name, spec.unschedulable and spec.taints in step with the node', () => {
  const taints = [{ key: 'a', effect: 'NoSchedule' }];
  const view = (ni: NodeInfo) => [ni.name, ni.unschedulable, ni.taints];
  const ni = new NodeInfo({ metadata: { name: 'n1' }, spec: { unschedulable: true, taints } });
  assert.deepEqual(view(ni), ['n1', true, taints]);
  assert.deepEqual(view(ni.clone()), ['n1', true, taints], 'a clone has them');
  ni.setNode({ metadata: { name: 'n1' }, spec: {} });
  assert.deepEqual(view(ni), ['n1', false, undefined], 'a new Node object replaces them');
  ni.clearNode();
  assert.deepEqual([...view(ni), ni.node], ['', false, undefined, undefined], 'without a node, as a NodeInfo never given one');
  assert.deepEqual(view(new NodeInfo()), ['', false, undefined]);
});

test('a node removed while its pods remain leaves the snapshot, its NodeInfo keeping no name', () => {
  const cache = new Cache();
  const n: Node = { metadata: { name: 'n1' }, spec: { unschedulable: true, taints: [{ key: 'a', effect: 'NoSchedule' }] }, status: { allocatable: { cpu: '1', pods: '10' } } };
  cache.addNode(n);
  cache.addPod({ metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { nodeName: 'n1', containers: [{ name: 'c' }] } });
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  assert.equal(snapshot.get('n1')?.unschedulable, true);
  cache.removeNode(n);
  cache.updateSnapshot(snapshot);
  assert.equal(snapshot.get('n1'), undefined);
  assert.equal(snapshot.numNodes(), 0);
});

test('NodeInfo.copyFrom makes the target what clone() gives, sharing no list or sum with the source', () => {
  const source = new NodeInfo(node('n1'));
  source.addPod(new PodInfo(pod('a', 'n1', { cpu: '1' })));
  const target = new NodeInfo(node('other'));
  const snap = new Snapshot();
  const c = new Cache();
  c.addNode(node('n9'));
  c.updateSnapshot(snap);
  const attached = snap.get('n9')!;
  assert.ok(attached.columns, 'a snapshot entry starts attached to its columns');
  attached.copyFrom(source);
  assert.equal(attached.columns, undefined, 'copying detaches it');
  target.copyFrom(source);
  const view = (ni: NodeInfo) => [ni.name, ni.pods.length, ni.requested.milliCPU, ni.allocatable.milliCPU, ni.generation];
  assert.deepEqual(view(target), view(source.clone()));
  target.addPod(new PodInfo(pod('b', 'n1', { cpu: '1' })));
  assert.deepEqual([source.pods.length, source.requested.milliCPU], [1, 1000], 'the source is not changed through the copy');
});

test('podInfoFor: another object of the same pod keeps the derived data; another pod gets its own', () => {
  const first = pod('a', 'n1', { cpu: '1' });
  const prev = new PodInfo(first);
  const again = podInfoFor(first, prev);
  assert.equal(again, prev, 'the same object: the same PodInfo');
  const bound: Pod = { ...first, metadata: { ...first.metadata, resourceVersion: '9' } };
  const next = podInfoFor(bound, prev);
  assert.ok(next instanceof PodInfo);
  assert.equal(next.pod, bound);
  for (const k of ['requests', 'nonZeroRequests', 'requiredAffinityTerms', 'requiredAntiAffinityTerms', 'preferredAffinityTerms', 'preferredAntiAffinityTerms', 'priority'] as const) {
    assert.equal(next[k], prev[k], k);
  }
  const other = podInfoFor(pod('b', 'n1', { cpu: '2' }), prev);
  assert.notEqual(other.requests, prev.requests);
  assert.equal(other.requests.milliCPU, 2000);
});

test('cache: the informer Add of an assumed pod replaces the assumed PodInfo, keeping its derived data', () => {
  const cache = new Cache();
  cache.addNode(node('n1'));
  const assumed = pod('a', 'n1', { cpu: '1' });
  assert.equal(cache.assumePod(assumed), undefined);
  const assumedInfo = cache.dump().nodes.get('n1')!.pods[0];
  const confirmed: Pod = { ...assumed, metadata: { ...assumed.metadata, resourceVersion: '2' } };
  assert.equal(cache.addPod(confirmed), undefined);
  const [info] = cache.dump().nodes.get('n1')!.pods;
  assert.equal(info.pod, confirmed);
  assert.equal(info.requests, assumedInfo.requests);
  assert.equal(cache.dump().assumedPods.size, 0);
});
