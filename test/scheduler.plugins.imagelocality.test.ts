// ImageLocality: upstream v1.32 imagelocality/image_locality_test.go (TestImageLocalityPriority,
// TestNormalizedImageName), case for case (SEMANTICS facts 64, 91).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ContainerImage, Node, PodSpec } from 'kubernetes-types/core/v1';
import { Cache } from '../src/scheduler/backend/cache/cache';
import { Snapshot } from '../src/scheduler/backend/cache/snapshot';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { Handle } from '../src/scheduler/framework/interface';
import { MAX_NODE_SCORE } from '../src/scheduler/framework/types';
import { calculatePriority, ImageLocality, MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD, normalizedImageName } from '../src/scheduler/plugins/imagelocality';
import { FakeHandle, snapshotFromNodes } from './support/fake_handle';

const MB = 1024 * 1024;

const containers = (...images: string[]) => images.map((image, i) => ({ name: `c${i}`, image }));
const test40250: PodSpec = { containers: containers('gcr.io/40', 'gcr.io/250') };
const test40300: PodSpec = { containers: containers('gcr.io/40', 'gcr.io/300') };
const testMinMax: PodSpec = { containers: containers('gcr.io/10', 'gcr.io/4000') };
const test300600900: PodSpec = { containers: containers('gcr.io/300', 'gcr.io/600', 'gcr.io/900') };
const test3040: PodSpec = { containers: containers('gcr.io/30', 'gcr.io/40') };
const test30Init300: PodSpec = { containers: containers('gcr.io/30'), initContainers: containers('gcr.io/300') };

const img = (sizeMB: number, ...names: string[]): ContainerImage => ({ names, sizeBytes: sizeMB * MB });
const node403002000 = [img(40, 'gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'), img(300, 'gcr.io/300:latest', 'gcr.io/300:v1'), img(2000, 'gcr.io/2000:latest')];
const node25010 = [img(250, 'gcr.io/250:latest'), img(10, 'gcr.io/10:latest', 'gcr.io/10:v1')];
const node60040900 = [img(600, 'gcr.io/600:latest'), img(40, 'gcr.io/40:latest'), img(900, 'gcr.io/900:latest')];
const node300600900 = [img(300, 'gcr.io/300:latest'), img(600, 'gcr.io/600:latest'), img(900, 'gcr.io/900:latest')];
const node400030 = [img(4000, 'gcr.io/4000:latest'), img(30, 'gcr.io/30:latest')];
const node203040 = [img(20, 'gcr.io/20:latest'), img(30, 'gcr.io/30:latest'), img(40, 'gcr.io/40:latest')];
const nodeWithNoImages: ContainerImage[] = [];

const makeImageNode = (name: string, images: ContainerImage[]): Node => ({ metadata: { name }, status: { images } });

const cases: { name: string; pod: PodSpec; nodes: Node[]; want: number[] }[] = [
  {
    // node2: 100 × (250M/2 − 23M) / (1000M × 2 − 23M) = 5; node1: 40M/2 is below 23M.
    name: 'fact 91: two images spread on two nodes, prefer the larger image one',
    pod: test40250,
    nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node25010)],
    want: [0, 5],
  },
  {
    // node1: 100 × ((40M + 300M)/2 − 23M) / (1000M × 2 − 23M) = 7.
    name: 'fact 91: two images on one node, prefer this node',
    pod: test40300,
    nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node25010)],
    want: [7, 0],
  },
  {
    // node1: 4000M × 1/2 ≥ 1000M × 2, the max threshold.
    name: 'if exceed limit, use limit',
    pod: testMinMax,
    nodes: [makeImageNode('node1', node400030), makeImageNode('node2', node25010)],
    want: [MAX_NODE_SCORE, 0],
  },
  {
    // node1: 100 × (4000M/3 − 23M) / (1000M × 2 − 23M) = 66.
    name: 'fact 91: if exceed limit, use limit (with node which has no images present)',
    pod: testMinMax,
    nodes: [makeImageNode('node1', node400030), makeImageNode('node2', node25010), makeImageNode('node3', nodeWithNoImages)],
    want: [66, 0, 0],
  },
  {
    // node1: 100 × (600M × 2/3 + 900M × 2/3 − 23M) / (1000M × 3 − 23M) = 32; node2 adds 300M × 1/3: 36.
    name: 'pod with multiple large images, node2 is preferred',
    pod: test300600900,
    nodes: [makeImageNode('node1', node60040900), makeImageNode('node2', node300600900), makeImageNode('node3', nodeWithNoImages)],
    want: [32, 36, 0],
  },
  {
    // node1: 100 × (30M + 40M × 1/2 − 23M) / (1000M × 2 − 23M) = 1.
    name: 'pod with multiple small images',
    pod: test3040,
    nodes: [makeImageNode('node1', node203040), makeImageNode('node2', node400030)],
    want: [1, 0],
  },
  {
    // fact 64: init containers count, in the sum and in the max threshold: 100 × (300M/2 − 23M) / (2000M − 23M) = 6.
    name: 'include InitContainers: two images spread on two nodes, prefer the larger image one',
    pod: test30Init300,
    nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node203040)],
    want: [6, 0],
  },
];

for (const c of cases) {
  test(`ImageLocality (upstream TestImageLocalityPriority): ${c.name}`, () => {
    const infos = snapshotFromNodes(c.nodes);
    const pl = new ImageLocality(new FakeHandle({ nodes: infos }));
    const pod = { metadata: { name: 'p', namespace: 'default' }, spec: c.pod };
    const state = new CycleState();
    const got = infos.map((ni) => pl.score(state, pod, ni));
    assert.deepEqual(got, c.want);
  });
}

test('fact 64: the thresholds are 23 MiB and 1000 MiB per container', () => {
  assert.equal(MIN_THRESHOLD, 23 * MB);
  assert.equal(MAX_CONTAINER_THRESHOLD, 1000 * MB);
  assert.equal(calculatePriority(0, 2), 0);
  assert.equal(calculatePriority(10_000 * MB, 2), MAX_NODE_SCORE);
  assert.equal(calculatePriority(0, 0), 0);
});

const fakeDigest = (content: string) => `sha256:${createHash('sha256').update(content).digest('hex')}`;

test('fact 64: normalizedImageName (upstream TestNormalizedImageName)', () => {
  const cases: [string, string, string][] = [
    ['add :latest postfix 1', 'root', 'root:latest'],
    ['add :latest postfix 2', 'gcr.io:5000/root', 'gcr.io:5000/root:latest'],
    ['keep it as is 1', 'root:tag', 'root:tag'],
    ['keep it as is 2', `root@${fakeDigest('root')}`, `root@${fakeDigest('root')}`],
  ];
  for (const [name, input, want] of cases) assert.equal(normalizedImageName(input), want, name);
});

test('scoreNodes over a real snapshot: nodes with the image next to nodes without, and no node with it', () => {
  const nodes: Node[] = [
    { ...makeImageNode('with', [img(250, 'gcr.io/250:latest')]), spec: {} },
    makeImageNode('without-1', nodeWithNoImages),
    makeImageNode('without-2', [img(40, 'gcr.io/40:latest')]),
  ];
  const cache = new Cache();
  for (const n of nodes) cache.addNode(n);
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  const pl = new ImageLocality({ snapshotSharedLister: () => snapshot } as unknown as Handle);
  const byScore = (spec: PodSpec) => {
    const pod = { metadata: { name: 'p', namespace: 'default' }, spec };
    const infos = snapshot.list();
    const out = infos.map(() => -1);
    pl.scoreNodes(new CycleState(), pod, infos, out);
    return { batch: out, one: infos.map((ni) => pl.score(new CycleState(), pod, ni)) };
  };
  const present = byScore({ containers: containers('gcr.io/250') });
  assert.deepEqual(present.batch, present.one);
  assert.ok(present.batch.some((s) => s > 0) && present.batch.some((s) => s === 0), 'the node with the image scores above the others');
  const absent = byScore({ containers: containers('gcr.io/nowhere') });
  assert.deepEqual(absent.batch, absent.one);
  assert.deepEqual(absent.batch, [0, 0, 0]);
  // The image leaves the snapshot with its last node.
  assert.equal(snapshot.hasImage('gcr.io/250:latest'), true);
  cache.removeNode(nodes[0]);
  cache.updateSnapshot(snapshot);
  assert.equal(snapshot.hasImage('gcr.io/250:latest'), false);
});
