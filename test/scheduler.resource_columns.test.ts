// The snapshot's resource columns (framework/resource_columns.ts) must hold exactly what the NodeInfo
// objects hold: NodeResourcesFit's Filter and the resource scorers read either, and must decide the
// same. Checked over random nodes and pods, against clones of the same NodeInfos (a clone has no
// columns, so it is read from its objects), and through the Snapshot's row bookkeeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Snapshot } from '../src/scheduler/backend/cache/snapshot';
import { ResourceColumns } from '../src/scheduler/framework/resource_columns';
import { NodeInfo, PodInfo } from '../src/scheduler/framework/types';
import { BalancedAllocation } from '../src/scheduler/plugins/noderesources/balanced_allocation';
import { Fit, fits } from '../src/scheduler/plugins/noderesources/fit';
import { snapshotFromNodes } from './support/fake_handle';

const RESOURCES = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 2 },
  { name: 'ephemeral-storage', weight: 1 },
  { name: 'example.com/gpu', weight: 3 },
];

const nodeArb = (i: number): fc.Arbitrary<Node> =>
  fc
    .record({
      cpu: fc.integer({ min: 0, max: 8000 }),
      // Beyond 2^31, where V8 boxes the numbers in objects.
      mem: fc.integer({ min: 0, max: 64 }).map((g) => g * 1024 * 1024 * 1024 + 7),
      eph: fc.integer({ min: 0, max: 100 }),
      pods: fc.integer({ min: 0, max: 4 }),
      gpu: fc.integer({ min: 0, max: 4 }),
    })
    .map(({ cpu, mem, eph, pods, gpu }) => {
      const allocatable: Record<string, string> = { cpu: `${cpu}m`, memory: `${mem}`, 'ephemeral-storage': `${eph}Gi`, pods: `${pods}` };
      if (gpu > 0) allocatable['example.com/gpu'] = `${gpu}`;
      return { metadata: { name: `node-${i}` }, status: { allocatable, capacity: allocatable } };
    });

const podArb = (name: string, nodeName?: string): fc.Arbitrary<Pod> =>
  fc
    .record({
      cpu: fc.option(fc.integer({ min: 0, max: 4000 })),
      memGi: fc.option(fc.integer({ min: 0, max: 40 })),
      eph: fc.option(fc.integer({ min: 0, max: 60 })),
      gpu: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ cpu, memGi, eph, gpu }) => {
      const requests: Record<string, string> = {};
      if (cpu !== null) requests.cpu = `${cpu}m`;
      if (memGi !== null) requests.memory = `${memGi}Gi`;
      if (eph !== null) requests['ephemeral-storage'] = `${eph}Gi`;
      if (gpu > 0) requests['example.com/gpu'] = `${gpu}`;
      return { metadata: { name, namespace: 'default', uid: name }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx', resources: { requests } }] } };
    });

const caseArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))),
    existing: fc.array(fc.integer({ min: 0, max: n - 1 }).chain((i) => podArb(`old-${i}`, `node-${i}`)), { maxLength: 10 }),
    pod: podArb('incoming'),
  }),
);

/** The NodeInfos as a Snapshot holds them (with columns), in the sources' order. */
function throughSnapshot(sources: readonly NodeInfo[]): NodeInfo[] {
  const snap = new Snapshot();
  for (const ni of sources) snap.setNodeInfo(ni);
  snap.rebuildLists(sources.map((ni) => ni.name));
  return [...snap.list()];
}

const scorers = [
  ...(['LeastAllocated', 'MostAllocated'] as const).map((type) => new Fit({ scoringStrategy: { type, resources: RESOURCES }, ignoredResources: [], ignoredResourceGroups: [] }).scorer),
  new Fit({
    scoringStrategy: { type: 'RequestedToCapacityRatio', resources: RESOURCES, requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } },
    ignoredResources: [],
    ignoredResourceGroups: [],
  }).scorer,
  new BalancedAllocation({ resources: RESOURCES.map((r) => ({ ...r, weight: 1 })) }).scorer,
];

test('Fit filter and the resource scorers decide the same from the columns as from the NodeInfo objects', () => {
  fc.assert(
    fc.property(caseArb, ({ nodes, existing, pod }) => {
      const snapshotted = throughSnapshot(snapshotFromNodes(nodes, existing));
      for (const sc of scorers) {
        const req = sc.podRequestList(pod);
        const batch = new Array<number>(snapshotted.length).fill(-1);
        assert.equal(sc.scoreAll(snapshotted, req, batch), undefined);
        assert.deepEqual(
          batch,
          snapshotted.map((ni) => sc.score(ni.clone(), req)),
          `${sc.scorerName} scoreAll`,
        );
      }
      for (const ni of snapshotted) {
        assert.ok(ni.columns, `${ni.name} is read from the columns`);
        const plain = ni.clone();
        assert.equal(plain.columns, undefined, 'a clone has no columns');
        assert.deepEqual(fits(pod, ni), fits(pod, plain), ni.name);
        for (const sc of scorers) {
          const req = sc.podRequestList(pod);
          assert.deepEqual(sc.score(ni, req), sc.score(plain, req), `${sc.scorerName} on ${ni.name}`);
        }
      }
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('a NodeInfo leaves the columns when it changes, and the Snapshot writes the new numbers back', () => {
  const node: Node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '1' } } };
  const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'p' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } };
  const source = new NodeInfo(node);
  const [ni] = throughSnapshot([source]);
  assert.deepEqual(fits(pod, ni), []);

  // A mutator on the snapshot's NodeInfo detaches it: its row is no longer trusted.
  ni.addPod(new PodInfo(pod));
  assert.equal(ni.columns, undefined);
  assert.deepEqual(
    fits(pod, ni).map((r) => r.reason),
    ['Too many pods'],
  );

  // The cache's copy changes and the snapshot copies it in again: the row is rewritten.
  const snap = new Snapshot();
  snap.setNodeInfo(source);
  snap.rebuildLists(['n1']);
  const row = snap.list()[0].row;
  source.addPod(new PodInfo(pod));
  snap.setNodeInfo(source);
  const again = snap.list()[0];
  assert.equal(again.row, row, 'the node keeps its row');
  assert.ok(again.columns);
  assert.equal(again.columns.podCount[row], 1);
  assert.deepEqual(
    fits(pod, again).map((r) => r.reason),
    ['Too many pods'],
  );
});

test('rows of deleted nodes are reused and the columns grow past their first size', () => {
  const cols = new ResourceColumns();
  const rows = Array.from({ length: 40 }, () => cols.acquire());
  assert.deepEqual(rows, Array.from({ length: 40 }, (_, i) => i));
  assert.ok(cols.podCount.length >= 40);
  cols.release(7);
  assert.equal(cols.acquire(), 7);
  assert.equal(cols.acquire(), 40);

  const snap = new Snapshot();
  const a = new NodeInfo({ metadata: { name: 'a' }, status: { allocatable: { pods: '3' } } });
  const b = new NodeInfo({ metadata: { name: 'b' }, status: { allocatable: { pods: '5' } } });
  snap.setNodeInfo(a);
  snap.rebuildLists(['a']);
  const rowA = snap.list()[0].row;
  snap.deleteNodeInfo('a');
  snap.setNodeInfo(b);
  snap.rebuildLists(['b']);
  const nb = snap.list()[0];
  assert.equal(nb.row, rowA, "b takes a's row");
  assert.equal(nb.columns?.allocatablePods[nb.row], 5);
});
