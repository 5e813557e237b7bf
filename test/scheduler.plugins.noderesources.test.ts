// NodeResourcesFit scoring strategies and NodeResourcesBalancedAllocation: upstream v1.32
// noderesources/{least_allocated,most_allocated,requested_to_capacity_ratio,balanced_allocation}_test.go,
// case for case and number for number (SEMANTICS facts 59-63, 87-90).
//
// Upstream's test helpers, as used here:
// - st.MakeNode().Capacity(m) sets capacity and allocatable to m ("cpu": "4000" is 4000 cores,
//   "memory": "10000" is 10000 bytes); makeNode(name, milliCPU, memory, extended) takes milli-cores.
// - st.MakePod().Req(m) adds one container requesting m; a pod built without Req has no containers
//   at all, so the fact-59 non-zero defaults (which apply per container) add nothing for it;
//   .Container(name) adds a container without requests, which gets them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeResourcesFitArgs, ResourceSpec, ScoringStrategy, UtilizationShapePoint } from '../src/scheduler/apis/config/types';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { MAX_NODE_SCORE, type NodeInfo } from '../src/scheduler/framework/types';
import { buildBrokenLinearFunction } from '../src/scheduler/plugins/helper/shape_score';
import { BalancedAllocation } from '../src/scheduler/plugins/noderesources/balanced_allocation';
import { Fit } from '../src/scheduler/plugins/noderesources/fit';
import { snapshotFromNodes } from './support/fake_handle';

const MIN_NODE_SCORE = 0;
const EXTENDED_RES = 'abc.com/xyz';
const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const EXTENDED_RESOURCE_SET: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
  { name: EXTENDED_RES, weight: 1 },
];

/** st.MakeNode().Name(name).Capacity(capacity). */
const capNode = (name: string, capacity: Record<string, string> = {}): Node => ({ metadata: { name }, status: { capacity, allocatable: capacity } });

/** Upstream noderesources makeNode: cpu in milli-cores, memory in bytes, extended resources as counts. */
function makeNode(name: string, milliCPU: number, memory: number, extended: Record<string, number> = {}): Node {
  const list: Record<string, string> = { cpu: `${milliCPU}m`, memory: `${memory}` };
  for (const [k, v] of Object.entries(extended)) list[k] = `${v}`;
  return capNode(name, list);
}

let podSeq = 0;
/** st.MakePod(): one container per entry of `reqs` (a `null` entry is a container without requests). */
function makePod(reqs: (Record<string, string> | null)[] = [], nodeName?: string): Pod {
  const n = podSeq++;
  return {
    metadata: { name: `p${n}`, namespace: 'default', uid: `uid-${n}` },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: reqs.map((r, i) => ({ name: `c${i}`, image: 'pause', ...(r ? { resources: { requests: r } } : {}) })),
    },
  };
}

function fitFor(type: ScoringStrategy['type'], resources: ResourceSpec[], shape?: UtilizationShapePoint[]): Fit {
  const args: NodeResourcesFitArgs = {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: { type, resources, ...(shape ? { requestedToCapacityRatio: { shape } } : {}) },
  };
  return new Fit(args);
}

interface ScoreCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  existing?: Pod[];
  resources: ResourceSpec[];
  want: number[];
  wantCode?: Code;
}

function runFit(fit: Fit, c: ScoreCase): { scores: number[]; codes: Code[] } {
  const infos: NodeInfo[] = snapshotFromNodes(c.nodes, c.existing ?? []);
  const state = new CycleState();
  assert.ok(fit.preScore(state, c.pod, infos).isSuccess());
  const out = infos.map((ni) => fit.score(state, c.pod, ni));
  return { scores: out.map((o) => (typeof o === 'number' ? o : 0)), codes: out.map((o) => (typeof o === 'number' ? Code.Success : o.code)) };
}

function scoreCases(type: ScoringStrategy['type'], cases: ScoreCase[], shape?: UtilizationShapePoint[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const got = runFit(fitFor(type, c.resources, shape), c);
      assert.deepEqual(got.scores, c.want);
      assert.deepEqual(got.codes, c.want.map(() => c.wantCode ?? Code.Success));
    });
  }
}

function weightCases(type: ScoringStrategy['type']): void {
  const cases: { name: string; resources: ResourceSpec[]; field: string }[] = [
    { name: 'resource with negative weight', resources: [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }], field: 'scoringStrategy.resources[0].weight' },
    { name: 'resource with zero weight', resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }], field: 'scoringStrategy.resources[1].weight' },
    { name: 'resource weight larger than MaxNodeScore', resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }], field: 'scoringStrategy.resources[1].weight' },
  ];
  for (const c of cases) {
    test(`fact 60: ${c.name} is refused (${c.field})`, () => {
      assert.throws(() => fitFor(type, c.resources), (e: Error) => e.message.includes(c.field));
    });
  }
}

const req = (cpu: string, memory: string, extra: Record<string, string> = {}) => ({ cpu, memory, ...extra });
const POD_3000_5000 = () => makePod([req('1000', '2000'), req('2000', '3000')]);

describe('LeastAllocated (upstream TestLeastAllocatedScoringStrategy; facts 61, 87, 88)', () => {
  scoreCases('LeastAllocated', [
    {
      name: 'nothing scheduled, nothing requested',
      pod: makePod(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '4000', memory: '10000' })],
      resources: DEFAULT_RESOURCES,
      want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
    },
    {
      name: 'fact 87: nothing scheduled, resources requested, differently sized nodes: (25+50)/2 = 37 and 50',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: DEFAULT_RESOURCES,
      want: [37, 50],
    },
    {
      name: 'Resources not set, pods scheduled with error',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: [],
      want: [MIN_NODE_SCORE, MIN_NODE_SCORE],
      wantCode: Code.Error,
    },
    {
      name: 'no resources requested, pods scheduled',
      pod: makePod(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '4000', memory: '10000' })],
      existing: [makePod([], 'node1'), makePod([], 'node1'), makePod([], 'node2'), makePod([], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
    },
    {
      name: 'no resources requested, pods scheduled with resources (an explicit memory 0 gets no default)',
      pod: makePod(),
      nodes: [capNode('node1', { cpu: '10000', memory: '20000' }), capNode('node2', { cpu: '10000', memory: '20000' })],
      existing: [
        makePod([req('3000', '0')], 'node1'),
        makePod([req('3000', '0')], 'node1'),
        makePod([req('3000', '0')], 'node2'),
        makePod([req('3000', '5000')], 'node2'),
      ],
      resources: DEFAULT_RESOURCES,
      want: [70, 57],
    },
    {
      name: 'fact 88: resources requested, pods scheduled with resources: (40+75)/2 = 57 and (40+50)/2 = 45',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '10000', memory: '20000' }), capNode('node2', { cpu: '10000', memory: '20000' })],
      existing: [makePod([req('3000', '0')], 'node1'), makePod([req('3000', '5000')], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [57, 45],
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '10000', memory: '20000' }), capNode('node2', { cpu: '10000', memory: '50000' })],
      existing: [makePod([req('3000', '0')], 'node1'), makePod([req('3000', '5000')], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [57, 60],
    },
    {
      name: 'requested resources exceed node capacity',
      pod: makePod([req('3000', '0')]),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '4000', memory: '10000' })],
      existing: [makePod([req('3000', '0')], 'node1'), makePod([req('3000', '5000')], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [50, 25],
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      pod: makePod(),
      nodes: [capNode('node1'), capNode('node2')],
      existing: [makePod([req('3000', '0')], 'node1'), makePod([req('3000', '5000')], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [MIN_NODE_SCORE, MIN_NODE_SCORE],
    },
    {
      name: 'fact 87: different weight on CPU and memory (memory 2, cpu 1): (25+50×2)/3 = 41 and 50',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ],
      want: [41, 50],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' })],
      resources: EXTENDED_RESOURCE_SET,
      want: [50, 50],
    },
    {
      name: 'honor extended resource if the pod requests',
      pod: makePod([req('3000', '5000', { [EXTENDED_RES]: '2' })]),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '10' })],
      resources: EXTENDED_RESOURCE_SET,
      want: [50, 60],
    },
    {
      name: "if the node doesn't have a resource",
      pod: makePod([req('3000', '4000')]),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' })],
      resources: [
        { name: EXTENDED_RES, weight: 2 },
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
      want: [55, 55],
    },
  ]);
  weightCases('LeastAllocated');
});

describe('MostAllocated (upstream TestMostAllocatedScoringStrategy; facts 59, 62, 89)', () => {
  scoreCases('MostAllocated', [
    {
      name: 'nothing scheduled, nothing requested',
      pod: makePod(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '4000', memory: '10000' })],
      resources: DEFAULT_RESOURCES,
      want: [MIN_NODE_SCORE, MIN_NODE_SCORE],
    },
    {
      name: 'fact 89: nothing scheduled, resources requested, differently sized nodes: (75+50)/2 = 62 and 50',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: DEFAULT_RESOURCES,
      want: [62, 50],
    },
    {
      name: 'Resources not set, pods scheduled with error',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: [],
      want: [MIN_NODE_SCORE, MIN_NODE_SCORE],
      wantCode: Code.Error,
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: makePod(),
      nodes: [capNode('node1', { cpu: '10000', memory: '20000' }), capNode('node2', { cpu: '10000', memory: '20000' })],
      existing: [
        makePod([req('3000', '0')], 'node1'),
        makePod([req('3000', '0')], 'node1'),
        makePod([req('3000', '0')], 'node2'),
        makePod([req('3000', '5000')], 'node2'),
      ],
      resources: DEFAULT_RESOURCES,
      want: [30, 42],
    },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '10000', memory: '20000' }), capNode('node2', { cpu: '10000', memory: '20000' })],
      existing: [makePod([req('3000', '0')], 'node1'), makePod([req('3000', '5000')], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [42, 55],
    },
    {
      name: 'fact 89: resources requested equal node capacity: 95 and 75',
      pod: makePod([req('2000', '4000'), req('3000', '5000')]),
      nodes: [capNode('node1', { cpu: '5000', memory: '10000' }), capNode('node2', { cpu: '10000', memory: '9000' })],
      resources: DEFAULT_RESOURCES,
      want: [95, 75],
    },
    {
      name: 'fact 89: different weight on CPU and memory (memory 2, cpu 1): 58 and 50',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ],
      want: [58, 50],
    },
    {
      name: 'facts 59, 89: no resources requested, pods scheduled, nonzero request for resource: 80 and 30',
      pod: makePod([null]),
      nodes: [capNode('node1', { cpu: '250m', memory: '1000Mi' }), capNode('node2', { cpu: '250m', memory: '1000Mi' })],
      existing: [makePod([null], 'node1'), makePod([null], 'node1')],
      resources: DEFAULT_RESOURCES,
      want: [80, 30],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      pod: POD_3000_5000(),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' })],
      resources: EXTENDED_RESOURCE_SET,
      want: [50, 50],
    },
    {
      name: 'honor extended resource if the pod request',
      pod: makePod([req('3000', '5000', { [EXTENDED_RES]: '2' })]),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '10' })],
      resources: EXTENDED_RESOURCE_SET,
      want: [50, 40],
    },
    {
      name: "if the node doesn't have a resource",
      pod: makePod([req('3000', '4000')]),
      nodes: [capNode('node1', { cpu: '6000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000', [EXTENDED_RES]: '4' })],
      resources: [
        { name: EXTENDED_RES, weight: 2 },
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
      want: [45, 45],
    },
  ]);
  weightCases('MostAllocated');
});

describe('RequestedToCapacityRatio (upstream TestRequestedToCapacityRatioScoringStrategy)', () => {
  const shape: UtilizationShapePoint[] = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];
  scoreCases(
    'RequestedToCapacityRatio',
    [
      {
        name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
        pod: makePod(),
        nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '4000', memory: '10000' })],
        existing: [makePod([], 'node1'), makePod([], 'node1')],
        resources: DEFAULT_RESOURCES,
        want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
      },
      {
        name: 'nothing scheduled, resources requested, differently sized nodes: round((25+50)/2) = 38 and 50',
        pod: POD_3000_5000(),
        nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
        existing: [makePod([], 'node1'), makePod([], 'node1')],
        resources: DEFAULT_RESOURCES,
        want: [38, 50],
      },
      {
        name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
        pod: makePod(),
        nodes: [capNode('node1', { cpu: '4000', memory: '10000' }), capNode('node2', { cpu: '6000', memory: '10000' })],
        existing: [makePod([req('3000', '5000')], 'node1'), makePod([req('3000', '5000')], 'node2')],
        resources: DEFAULT_RESOURCES,
        want: [38, 50],
      },
    ],
    shape,
  );

  test('upstream TestBrokenLinearFunction', () => {
    const cases: { points: { utilization: number; score: number }[]; assertions: [number, number][] }[] = [
      {
        points: [
          { utilization: 10, score: 1 },
          { utilization: 90, score: 9 },
        ],
        assertions: [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]],
      },
      {
        points: [
          { utilization: 0, score: 2 },
          { utilization: 40, score: 10 },
          { utilization: 100, score: 0 },
        ],
        assertions: [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]],
      },
      {
        points: [
          { utilization: 0, score: 2 },
          { utilization: 40, score: 2 },
          { utilization: 100, score: 2 },
        ],
        assertions: [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]],
      },
    ];
    for (const c of cases) {
      const f = buildBrokenLinearFunction(c.points);
      for (const [p, want] of c.assertions) assert.equal(f(p), want, `points=${JSON.stringify(c.points)}, p=${p}`);
    }
  });

  const binPacking = (resources: ResourceSpec[]) => (c: Omit<ScoreCase, 'resources'>) => ({ ...c, resources });
  const shape01: UtilizationShapePoint[] = [
    { utilization: 0, score: 0 },
    { utilization: 100, score: 1 },
  ];
  const ext1 = { 'intel.com/foo': 4 };
  const ext2 = { 'intel.com/foo': 8 };
  const mem = 10000 * 1024 * 1024;
  describe('upstream TestResourceBinPackingSingleExtended', () => {
    const single = binPacking([{ name: 'intel.com/foo', weight: 1 }]);
    const nodes = () => [makeNode('node1', 4000, mem, ext2), makeNode('node2', 4000, mem, ext1)];
    scoreCases(
      'RequestedToCapacityRatio',
      [
        single({ name: 'nothing scheduled, nothing requested', pod: makePod(), nodes: nodes(), want: [0, 0] }),
        single({ name: 'resources requested, pods scheduled with less resources', pod: makePod([{ 'intel.com/foo': '2' }]), nodes: nodes(), existing: [makePod()], want: [2, 5] }),
        single({
          name: 'resources requested, pods scheduled with resources, on node with existing pod running',
          pod: makePod([{ 'intel.com/foo': '2' }]),
          nodes: nodes(),
          existing: [makePod([{ 'intel.com/foo': '2' }], 'node2')],
          want: [2, 10],
        }),
        single({ name: 'resources requested, pods scheduled with more resources', pod: makePod([{ 'intel.com/foo': '4' }]), nodes: nodes(), existing: [makePod()], want: [5, 10] }),
      ],
      shape01,
    );
  });
  describe('upstream TestResourceBinPackingMultipleExtended', () => {
    const multiple = binPacking([
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ]);
    const res1 = { 'intel.com/foo': 4, 'intel.com/bar': 8 };
    const res2 = { 'intel.com/foo': 8, 'intel.com/bar': 4 };
    const nodes = () => [makeNode('node1', 4000, mem, res2), makeNode('node2', 4000, mem, res1)];
    const pod1 = { 'intel.com/foo': '2', 'intel.com/bar': '2' };
    const pod2 = { 'intel.com/foo': '4', 'intel.com/bar': '2' };
    scoreCases(
      'RequestedToCapacityRatio',
      [
        multiple({ name: 'nothing scheduled, nothing requested', pod: makePod(), nodes: nodes(), want: [0, 0] }),
        multiple({ name: 'resources requested, pods scheduled with less resources', pod: makePod([pod1]), nodes: nodes(), existing: [makePod()], want: [4, 3] }),
        multiple({
          name: 'resources requested, pods scheduled with resources, on node with existing pod running',
          pod: makePod([pod1]),
          nodes: nodes(),
          existing: [makePod([pod2], 'node2')],
          want: [4, 7],
        }),
        multiple({ name: 'resources requested, pods scheduled with more resources', pod: makePod([pod2]), nodes: nodes(), existing: [makePod()], want: [5, 5] }),
      ],
      shape01,
    );
  });
});

describe('NodeResourcesBalancedAllocation (upstream v1.32 TestNodeResourcesBalancedAllocation; facts 63, 90)', () => {
  const cpuOnly = (nodeName: string) => makePod([req('1000m', '0'), req('2000m', '0')], nodeName);
  const cpuAndMemory = (nodeName: string) => makePod([req('1000m', '2000'), req('2000m', '3000')], nodeName);
  const cpuAndMemoryAndGPU = (nodeName: string) => makePod([req('1000m', '2000'), req('2000m', '3000', { 'nvidia.com/gpu': '3' })], nodeName);
  const gpu8 = { 'nvidia.com/gpu': 8 };
  const cases: (ScoreCase & { runPreScore?: boolean })[] = [
    {
      name: 'nothing scheduled, nothing requested',
      pod: makePod(),
      nodes: [makeNode('node1', 4000, 10000), makeNode('node2', 4000, 10000)],
      resources: DEFAULT_RESOURCES,
      want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
    },
    {
      name: 'fact 90: nothing scheduled, resources requested, differently sized nodes: std 0.125 → 87, and 100',
      pod: cpuAndMemory('node2'),
      nodes: [makeNode('node1', 4000, 10000), makeNode('node2', 6000, 10000)],
      resources: DEFAULT_RESOURCES,
      want: [87, MAX_NODE_SCORE],
    },
    {
      name: 'no resources requested, pods without container scheduled',
      pod: makePod(),
      nodes: [makeNode('node1', 4000, 10000), makeNode('node2', 4000, 10000)],
      existing: [makePod([], 'node1'), makePod([], 'node1'), makePod([], 'node2'), makePod([], 'node2')],
      resources: DEFAULT_RESOURCES,
      want: [MAX_NODE_SCORE, MAX_NODE_SCORE],
    },
    {
      name: 'no resources requested, pods with container scheduled (real requests: no fact-59 defaults)',
      pod: makePod(),
      nodes: [makeNode('node1', 250, 1000 * 1024 * 1024), makeNode('node2', 250, 1000 * 1024 * 1024)],
      existing: [makePod([null], 'node1'), makePod([null], 'node1')],
      resources: DEFAULT_RESOURCES,
      want: [100, 100],
    },
    {
      name: 'fact 90: no resources requested, pods scheduled with resources: (0.6, 0) → 70, (0.6, 0.25) → 82',
      pod: makePod(),
      nodes: [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 20000)],
      existing: [cpuOnly('node1'), cpuOnly('node1'), cpuOnly('node2'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [70, 82],
    },
    {
      name: 'fact 90: resources requested, pods scheduled with resources: 82 and 95',
      pod: cpuAndMemory('node2'),
      nodes: [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 20000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [82, 95],
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: cpuAndMemory('node2'),
      nodes: [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 50000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [82, 80],
    },
    {
      name: 'requested resources at node capacity',
      pod: cpuOnly('node1'),
      nodes: [makeNode('node1', 6000, 10000), makeNode('node2', 6000, 10000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [50, 75],
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      pod: makePod(),
      nodes: [makeNode('node1', 0, 0), makeNode('node2', 0, 0)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [100, 100],
    },
    {
      name: 'include scalar resource on a node for balanced resource allocation (population std of 3 fractions)',
      pod: makePod([{ memory: '0', 'nvidia.com/gpu': '1' }]),
      nodes: [makeNode('node1', 3500, 40000, gpu8), makeNode('node2', 3500, 40000, gpu8)],
      existing: [cpuAndMemory('node2'), cpuAndMemoryAndGPU('node1')],
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
      want: [70, 65],
    },
    {
      name: 'node without the scalar resource results to a higher score',
      pod: makePod(),
      nodes: [makeNode('node1', 3500, 40000, gpu8), makeNode('node2', 3500, 40000)],
      existing: [cpuOnly('node1'), cpuOnly('node2')],
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
      want: [100, 100],
    },
    {
      name: 'resources requested, pods scheduled with resources if PreScore not called',
      pod: cpuAndMemory('node2'),
      nodes: [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 20000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      resources: DEFAULT_RESOURCES,
      want: [82, 95],
      runPreScore: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const pl = new BalancedAllocation({ resources: c.resources });
      const infos = snapshotFromNodes(c.nodes, c.existing ?? []);
      const state = new CycleState();
      if (c.runPreScore !== false) assert.ok(pl.preScore(state, c.pod, infos).isSuccess());
      const got = infos.map((ni) => pl.score(state, c.pod, ni));
      assert.deepEqual(got, c.want);
    });
  }

  test('fact 63 (v1.32): a best-effort pod is still scored (the PreScore Skip of issue #129138 came later)', () => {
    const pl = new BalancedAllocation({ resources: DEFAULT_RESOURCES });
    const state = new CycleState();
    const infos = snapshotFromNodes([makeNode('node1', 4000, 10000)], [cpuOnly('node1')]);
    assert.equal(pl.preScore(state, makePod([null]), infos).code, Code.Success);
    // (3000/4000, 0/10000): std 0.375 → 62.
    assert.equal(pl.score(state, makePod([null]), infos[0]), 62);
  });
});
