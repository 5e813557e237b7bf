// ScorePlugin.scoreNodes, the batch form of Score the framework prefers, must agree with Score node
// for node (framework/interface.ts). Checked here for every plugin that has one, over random
// snapshots: nodes with random allocatable, PreferNoSchedule taints and images, random existing pods,
// and a random incoming pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { Cache } from '../src/scheduler/backend/cache/cache';
import { Snapshot } from '../src/scheduler/backend/cache/snapshot';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { PreScorePlugin, ScorePlugin } from '../src/scheduler/framework/interface';
import type { NodeInfo } from '../src/scheduler/framework/types';
import { ImageLocality } from '../src/scheduler/plugins/imagelocality';
import { NodeAffinity } from '../src/scheduler/plugins/nodeaffinity';
import { BalancedAllocation } from '../src/scheduler/plugins/noderesources/balanced_allocation';
import { Fit } from '../src/scheduler/plugins/noderesources/fit';
import { TaintToleration } from '../src/scheduler/plugins/tainttoleration';
import { FakeHandle, snapshotFromNodes } from './support/fake_handle';
import { scoreValue } from './support/score';

const RESOURCES = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 2 },
  { name: 'example.com/gpu', weight: 3 },
];
const IMAGES = ['nginx:1.25', 'redis:7', 'busybox:1.36'];
/** On no node: ImageLocality then scores every node at once. */
const ABSENT_IMAGE = 'absent:1';
const TAINT_KEYS = ['a', 'b', 'c'];

const taintArb: fc.Arbitrary<Taint> = fc.record({ key: fc.constantFrom(...TAINT_KEYS), value: fc.constantFrom('x', 'y'), effect: fc.constantFrom('PreferNoSchedule', 'NoSchedule') });
const tolerationArb: fc.Arbitrary<Toleration> = fc.record({ key: fc.constantFrom(...TAINT_KEYS), operator: fc.constant('Exists'), effect: fc.constantFrom('PreferNoSchedule', '') });

const nodeArb = (i: number): fc.Arbitrary<Node> =>
  fc.record({ cpu: fc.integer({ min: 0, max: 8000 }), mem: fc.integer({ min: 0, max: 1 << 20 }), gpu: fc.integer({ min: 0, max: 4 }), taints: fc.array(taintArb, { maxLength: 3 }), images: fc.subarray(IMAGES) }).map(
    ({ cpu, mem, gpu, taints, images }) => {
      const allocatable: Record<string, string> = { cpu: `${cpu}m`, memory: `${mem}`, pods: '110' };
      if (gpu > 0) allocatable['example.com/gpu'] = `${gpu}`;
      return {
        metadata: { name: `node-${i}` },
        spec: { taints },
        status: { allocatable, capacity: allocatable, images: images.map((name, k) => ({ names: [`docker.io/library/${name}`, name], sizeBytes: (k + 1) * 200 * 1024 * 1024 })) },
      };
    },
  );

const podArb = (name: string, nodeName?: string): fc.Arbitrary<Pod> =>
  fc.record({ cpu: fc.option(fc.integer({ min: 0, max: 4000 })), mem: fc.option(fc.integer({ min: 0, max: 1 << 19 })), gpu: fc.integer({ min: 0, max: 2 }), tolerations: fc.array(tolerationArb, { maxLength: 2 }), image: fc.constantFrom(...IMAGES, ABSENT_IMAGE) }).map(
    ({ cpu, mem, gpu, tolerations, image }) => {
      const requests: Record<string, string> = {};
      if (cpu !== null) requests.cpu = `${cpu}m`;
      if (mem !== null) requests.memory = `${mem}`;
      if (gpu > 0) requests['example.com/gpu'] = `${gpu}`;
      return { metadata: { name, namespace: 'default', uid: name }, spec: { nodeName, tolerations, containers: [{ name: 'c', image, resources: { requests } }] } };
    },
  );

const snapshotArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))),
    existing: fc.array(fc.integer({ min: 0, max: n - 1 }).chain((i) => podArb(`old-${i}`, `node-${i}`)), { maxLength: 6 }),
    pod: podArb('incoming'),
  }),
);

function plugins(infos: NodeInfo[]): [string, ScorePlugin & Partial<PreScorePlugin>][] {
  const strategies = [
    { type: 'LeastAllocated' as const, resources: RESOURCES },
    { type: 'MostAllocated' as const, resources: RESOURCES },
    { type: 'RequestedToCapacityRatio' as const, resources: RESOURCES, requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } },
  ];
  return [
    ...strategies.map((scoringStrategy): [string, Fit] => [`NodeResourcesFit/${scoringStrategy.type}`, new Fit({ scoringStrategy, ignoredResources: [], ignoredResourceGroups: [] })]),
    ['NodeResourcesBalancedAllocation', new BalancedAllocation({ resources: RESOURCES.map((r) => ({ ...r, weight: 1 })) })],
    ['TaintToleration', new TaintToleration()],
    ['ImageLocality', new ImageLocality(new FakeHandle({ nodes: infos }))],
  ];
}

test('scoreNodes gives what score gives, node for node, for every plugin that implements it', () => {
  fc.assert(
    fc.property(snapshotArb, ({ nodes, existing, pod }) => {
      const infos = snapshotFromNodes(nodes, existing);
      for (const [name, pl] of plugins(infos)) {
        assert.ok(pl.scoreNodes, `${name} has scoreNodes`);
        const state = new CycleState();
        if (pl.preScore) assert.ok(pl.preScore(state, pod, infos).isSuccess(), name);
        const one = infos.map((ni) => scoreValue(pl.score(state, pod, ni), name));
        const batch = new Array<number>(infos.length).fill(0);
        assert.equal(pl.scoreNodes(state, pod, infos, batch), undefined, name);
        assert.deepEqual([...batch], one, name);
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

test('the resource plugins score a real snapshot\'s nodes as score does: cpu and memory only, columnar runs broken by copies', () => {
  const TWO = [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 3 },
  ];
  const resourcePlugins = (): [string, ScorePlugin & Partial<PreScorePlugin>][] => [
    ...(['LeastAllocated', 'MostAllocated'] as const).map((type): [string, Fit] => [
      `NodeResourcesFit/${type}`,
      new Fit({ scoringStrategy: { type, resources: TWO }, ignoredResources: [], ignoredResourceGroups: [] }),
    ]),
    ['NodeResourcesBalancedAllocation', new BalancedAllocation({ resources: TWO.map((r) => ({ ...r, weight: 1 })) })],
  ];
  fc.assert(
    fc.property(snapshotArb, fc.nat(), ({ nodes, existing, pod }, cut) => {
      const cache = new Cache();
      for (const n of nodes) cache.addNode(n);
      for (const p of existing) cache.addPod(p);
      const snapshot = new Snapshot();
      cache.updateSnapshot(snapshot);
      const listed = snapshot.list();
      // A copy reads no columns: the list switches from the snapshot's columns to objects and back.
      const at = cut % (listed.length + 1);
      const mixed = [...listed.slice(at), listed[0].clone(), ...listed.slice(0, at)];
      for (const infos of [listed, mixed]) {
        for (const [name, pl] of resourcePlugins()) {
          const state = new CycleState();
          if (pl.preScore) assert.ok(pl.preScore(state, pod, infos).isSuccess(), name);
          const one = infos.map((ni) => scoreValue(pl.score(state, pod, ni), name));
          const batch = new Array<number>(infos.length).fill(-1);
          assert.equal(pl.scoreNodes!(state, pod, infos, batch), undefined, name);
          assert.deepEqual([...batch], one, name);
        }
      }
    }),
    { seed: 11, numRuns: 200 },
  );
});

test('scoreNodes fails as score does when PreScore did not run (TaintToleration)', () => {
  const infos = snapshotFromNodes([{ metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '110' } } }]);
  const pl = new TaintToleration();
  const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const one = pl.score(new CycleState(), pod, infos[0]);
  const batch = pl.scoreNodes(new CycleState(), pod, infos, [0]);
  assert.ok(typeof one !== 'number' && batch);
  assert.equal(batch.message(), one.message());
});

test('normalizeScoreValues rewrites the numbers as normalizeScore rewrites the NodeScores, for every plugin that implements it', () => {
  const normalizers = [
    ['TaintToleration', new TaintToleration()],
    ['NodeAffinity', new NodeAffinity(undefined)],
  ] as const;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 12 }), (raw) => {
      for (const [name, pl] of normalizers) {
        const ext = pl.scoreExtensions();
        assert.ok(ext.normalizeScoreValues, `${name} has normalizeScoreValues`);
        const list = raw.map((score, i) => ({ name: `n${i}`, score }));
        const values = [...raw];
        const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [] } };
        assert.ok(ext.normalizeScore(new CycleState(), pod, list).isSuccess());
        assert.ok(ext.normalizeScoreValues(new CycleState(), pod, values).isSuccess());
        assert.deepEqual(values, list.map((s) => s.score), name);
      }
    }),
    { seed: 3, numRuns: 200 },
  );
});
