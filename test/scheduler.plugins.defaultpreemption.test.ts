// DefaultPreemption (SEMANTICS facts 72, 74-75): upstream's vectors from
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go (TestPostFilter,
// TestDryRunPreemption, TestSelectBestCandidate), number for number. Upstream seeds math/rand with 4
// for the candidate offset; here the offsets it draws (4, 1, 3) are scripted into the handle's RNG.
// Upstream's start times differ by nanoseconds (time.Unix(0, n)); here by seconds, same order.
// Extender cases are left out: the scheduler Handle has no extenders.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObject } from '../src/api/object';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { FilterPlugin, PreFilterPlugin, Victims } from '../src/scheduler/framework/interface';
import { Code, Status } from '../src/scheduler/framework/status';
import type { NodeInfo } from '../src/scheduler/framework/types';
import {
  create,
  DefaultPreemption,
  ERR_REASON_NO_VICTIMS,
  ERR_REASON_NOT_HELPFUL,
  filterPodsWithPDBViolation,
  fitErrorMessage,
  MSG_NOT_ELIGIBLE_PREEMPTION_POLICY,
  MSG_NOT_ELIGIBLE_TERMINATING_POD,
  NAME,
  pickOneNodeForPreemption,
} from '../src/scheduler/plugins/defaultpreemption';
import * as podTopologySpread from '../src/scheduler/plugins/podtopologyspread';
import * as interPodAffinity from '../src/scheduler/plugins/interpodaffinity';
import { buildNodeInfos, EPOCH_MS, existsSelector, FakeHandle, FitFilter, makeNode, makeNodeWithCapacity, makePod } from './support/fake_handle_preemption';
import { PodInfo } from '../src/scheduler/framework/types';

const neg = -100;
const low = 0;
const mid = 100;
const high = 1000;
const veryHigh = 10000;
const smallRes = { cpu: '100m', memory: '100' };
const mediumRes = { cpu: '200m', memory: '200' };
const largeRes = { cpu: '300m', memory: '300' };
const veryLargeRes = { cpu: '500m', memory: '500' };
const onePodRes = { pods: '1' };
const nodeRes = { cpu: '200m', memory: '400' };
const epoch = (s: number) => `1970-01-01T00:00:0${s}Z`;

/** st.MakePod().Name(n).UID(n).Node(node).Priority(p).Req(res)... */
function vp(name: string, node: string, priority: number | undefined, res?: Record<string, string>, start?: number, labels?: Record<string, string>): Pod {
  const b = makePod(name).uid(name);
  if (node) b.node(node);
  if (priority !== undefined) b.priority(priority);
  if (res) b.req(res);
  if (start !== undefined) b.startTime(epoch(start));
  if (labels) b.labels(labels);
  return b.obj();
}

const U = (): Status => Status.of(Code.Unschedulable);
const UU = (): Status => Status.of(Code.UnschedulableAndUnresolvable);

/** The TestPlugin of upstream: AddPod/RemovePod fail on nodes labelled error=true. */
const testPlugin: PreFilterPlugin = {
  name: () => 'test-plugin',
  preFilter: () => ({ status: Status.success() }),
  preFilterExtensions: () => ({
    addPod: (_s, pod, _pi, ni) => (ni.node?.metadata?.labels?.error === 'true' ? Status.error(`failed to add pod: ${pod.metadata?.name}`) : Status.success()),
    removePod: (_s, pod, _pi, ni) => (ni.node?.metadata?.labels?.error === 'true' ? Status.error(`failed to remove pod: ${pod.metadata?.name}`) : Status.success()),
  }),
};

const pdb = (name: string, matchLabels: Record<string, string>, disruptionsAllowed: number, disruptedPods?: Record<string, string>): KubeObject & PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels } },
  status: { disruptionsAllowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(disruptedPods ? { disruptedPods } : {}) },
});

interface Env {
  pl: DefaultPreemption;
  handle: FakeHandle;
  nodeInfos: NodeInfo[];
}

function env(opts: {
  nodes: Node[];
  pods: Pod[];
  pod?: Pod;
  pdbs?: PodDisruptionBudget[];
  filters?: FilterPlugin[];
  preFilters?: PreFilterPlugin[];
  args?: { minCandidateNodesPercentage: number; minCandidateNodesAbsolute: number };
  rng?: number[];
  nominated?: Record<string, Pod[]>;
}): Env {
  const nodeInfos = buildNodeInfos(opts.nodes, opts.pods);
  const handle = new FakeHandle({
    nodeInfos,
    objects: {
      pods: [...opts.pods, ...(opts.pod ? [opts.pod] : [])] as KubeObject[],
      'poddisruptionbudgets.policy': (opts.pdbs ?? []) as KubeObject[],
    },
    filterPlugins: opts.filters ?? [new FitFilter()],
    preFilterPlugins: opts.preFilters ?? [],
    rng: opts.rng ?? [0],
    nominated: opts.nominated,
    nowMs: 1000,
  });
  const pl = create(opts.args, handle) as DefaultPreemption;
  return { pl, handle, nodeInfos };
}

describe('DefaultPreemption PostFilter (TestPostFilter, facts 74-75)', () => {
  const cases: {
    name: string;
    pod: Pod;
    pods: Pod[];
    nodes: Node[];
    pdbs?: PodDisruptionBudget[];
    statuses: Record<string, Status>;
    wantNominated?: string;
    wantStatus: [Code, string?];
  }[] = [
    {
      name: 'pod with higher priority can be made schedulable',
      pod: vp('p', '', high),
      pods: [vp('p1', 'node1', undefined)],
      nodes: [makeNodeWithCapacity('node1', onePodRes)],
      statuses: { node1: U() },
      wantNominated: 'node1',
      wantStatus: [Code.Success],
    },
    {
      name: 'pod with tied priority is still unschedulable',
      pod: vp('p', '', undefined),
      pods: [vp('p1', 'node1', undefined)],
      nodes: [makeNodeWithCapacity('node1', onePodRes)],
      statuses: { node1: U() },
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'],
    },
    {
      name: 'preemption should respect filteredNodesStatuses',
      pod: vp('p', '', high),
      pods: [vp('p1', 'node1', undefined)],
      nodes: [makeNodeWithCapacity('node1', onePodRes)],
      statuses: { node1: UU() },
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'],
    },
    {
      name: 'preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable',
      pod: vp('p', '', high),
      pods: [vp('p1', 'node1', undefined)],
      nodes: [makeNodeWithCapacity('node1', onePodRes)],
      statuses: {},
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'],
    },
    {
      name: 'pod can be made schedulable on one node',
      pod: vp('p', '', mid),
      pods: [vp('p1', 'node1', high), vp('p2', 'node2', low)],
      nodes: [makeNodeWithCapacity('node1', onePodRes), makeNodeWithCapacity('node2', onePodRes)],
      statuses: { node1: U(), node2: U() },
      wantNominated: 'node2',
      wantStatus: [Code.Success],
    },
    {
      name: 'pod can be made schedulable on minHighestPriority node',
      pod: vp('p', '', veryHigh),
      pods: [
        vp('p1', 'node1', high, undefined, undefined, { 'test.kubernetes.io/is-violating-pdb': 'non-violating' }),
        vp('p2', 'node1', low, undefined, undefined, { 'test.kubernetes.io/is-violating-pdb': 'violating' }),
        vp('p3', 'node2', mid, undefined, undefined, { 'test.kubernetes.io/is-violating-pdb': 'violating' }),
      ],
      pdbs: [
        pdb('violating-pdb', { 'test.kubernetes.io/is-violating-pdb': 'violating' }, 0),
        pdb('non-violating-pdb', { 'test.kubernetes.io/is-violating-pdb': 'non-violating' }, 2147483647),
      ],
      nodes: [makeNodeWithCapacity('node1', onePodRes), makeNodeWithCapacity('node2', onePodRes)],
      statuses: { node1: U(), node2: U() },
      wantNominated: 'node2',
      wantStatus: [Code.Success],
    },
    {
      name: 'no candidate nodes found, no enough resource after removing low priority pods',
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', undefined), vp('p2', 'node2', undefined)],
      nodes: [makeNodeWithCapacity('node1', nodeRes), makeNodeWithCapacity('node2', nodeRes)],
      statuses: { node1: U(), node2: U() },
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/2 nodes are available: 2 Insufficient cpu.'],
    },
    {
      name: 'no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource',
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', high), vp('p2', 'node2', undefined), vp('p3', 'node3', high)],
      nodes: [makeNodeWithCapacity('node1', onePodRes), makeNodeWithCapacity('node2', nodeRes), makeNodeWithCapacity('node3', onePodRes)],
      statuses: { node1: U(), node2: U(), node3: U() },
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.'],
    },
    {
      name: "no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don't have enough CPU resource",
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', undefined), vp('p2', 'node2', undefined)],
      nodes: ['node1', 'node2', 'node3', 'node4'].map((n) => makeNodeWithCapacity(n, nodeRes)),
      statuses: { node1: U(), node2: U(), node4: UU() },
      wantNominated: '',
      wantStatus: [Code.Unschedulable, 'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.'],
    },
    {
      name: 'only one node but failed with TestPlugin',
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', undefined)],
      nodes: [makeNodeWithCapacity('node1', largeRes, { error: 'true' })],
      statuses: { node1: U() },
      wantStatus: [Code.Error, 'preemption: running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p'],
    },
    {
      name: 'one failed with TestPlugin and the other pass',
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', undefined), vp('p2', 'node2', undefined, mediumRes)],
      nodes: [makeNodeWithCapacity('node1', largeRes, { error: 'true' }), makeNodeWithCapacity('node2', largeRes)],
      statuses: { node1: U(), node2: U() },
      wantNominated: 'node2',
      wantStatus: [Code.Success],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl } = env({ nodes: tc.nodes, pods: tc.pods, pod: tc.pod, pdbs: tc.pdbs, preFilters: [testPlugin] });
      const { result, status } = pl.postFilter(new CycleState(), tc.pod, new Map(Object.entries(tc.statuses)));
      assert.equal(status.code, tc.wantStatus[0], status.message());
      assert.deepEqual(status.reasons, tc.wantStatus[1] ? [tc.wantStatus[1]] : []);
      if (tc.wantNominated === undefined) assert.equal(result, undefined);
      else assert.deepEqual(result, { nominatingInfo: { nominatedNodeName: tc.wantNominated, mode: 'Override' } });
    });
  }

  test('not eligible: preemptionPolicy Never (no result, Unschedulable)', () => {
    const pod = makePod('p').uid('p').priority(high).preemptionPolicy('Never').obj();
    const { pl } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [vp('p1', 'node1', undefined)], pod });
    const { result, status } = pl.postFilter(new CycleState(), pod, new Map([['node1', U()]]));
    assert.equal(result, undefined);
    assert.equal(status.code, Code.Unschedulable);
    assert.deepEqual(status.reasons, [`preemption: ${MSG_NOT_ELIGIBLE_PREEMPTION_POLICY}`]);
    assert.equal(MSG_NOT_ELIGIBLE_PREEMPTION_POLICY, 'not eligible due to preemptionPolicy=Never.');
  });
});

describe('DefaultPreemption evicts the victims of the chosen node (prepareCandidate)', () => {
  test('DisruptionTarget status patch, graceful delete, Preempted event, cleared lower-priority nominations', () => {
    const pod = makePod('p').uid('uid-p').priority(high).obj();
    const lowerNominated = makePod('n-low').uid('n-low').priority(low).nominatedNodeName('node1').obj();
    const higherNominated = makePod('n-high').uid('n-high').priority(veryHigh).nominatedNodeName('node1').obj();
    const victim = makePod('p1').uid('p1').node('node1').condition('Ready', 'True', '').obj();
    const { pl, handle } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [victim], pod, nominated: { node1: [lowerNominated, higherNominated] } });
    const { status } = pl.postFilter(new CycleState(), pod, new Map([['node1', U()]]));
    assert.ok(status.isSuccess());
    assert.deepEqual(handle.recordingClient.calls, [
      {
        verb: 'patch',
        namespace: 'default',
        name: 'p1',
        subresource: 'status',
        body: {
          status: {
            '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'DisruptionTarget' }],
            conditions: [
              {
                type: 'DisruptionTarget',
                status: 'True',
                reason: 'PreemptionByScheduler',
                message: 'default-scheduler: preempting to accommodate a higher priority pod',
                lastTransitionTime: new Date(EPOCH_MS + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              },
            ],
          },
        },
      },
      { verb: 'delete', namespace: 'default', name: 'p1' },
      { verb: 'patch', namespace: 'default', name: 'n-low', subresource: 'status', body: { status: { nominatedNodeName: null } } },
    ]);
    assert.deepEqual(
      handle.recordedEvents.events.map((e) => [e.object.metadata?.name, e.type, e.reason, e.message]),
      [['p1', 'Normal', 'Preempted', 'Preempted by pod uid-p on node node1']],
    );
  });

  test('the scheduler name in the condition message is the preemptor\'s spec.schedulerName', () => {
    const pod = makePod('p').uid('uid-p').priority(high).obj();
    pod.spec = { ...pod.spec!, schedulerName: 'my-scheduler' };
    const { pl, handle } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [vp('p1', 'node1', undefined)], pod });
    assert.ok(pl.postFilter(new CycleState(), pod, new Map([['node1', U()]])).status.isSuccess());
    const body = handle.recordingClient.calls[0].body as { status: { conditions: { message: string }[] } };
    assert.equal(body.status.conditions[0].message, 'my-scheduler: preempting to accommodate a higher priority pod');
  });

  test('a victim already deleted counts as preempted, without an event', () => {
    const pod = vp('p', '', high);
    const { pl, handle } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [vp('p1', 'node1', undefined)], pod });
    handle.recordingClient.missing.add('p1');
    const { result, status } = pl.postFilter(new CycleState(), pod, new Map([['node1', U()]]));
    assert.ok(status.isSuccess());
    assert.equal(result?.nominatingInfo?.nominatedNodeName, 'node1');
    assert.deepEqual(handle.recordedEvents.events, []);
  });

  test('a victim already terminating gets no second API call', () => {
    const pod = vp('p', '', high);
    const victim = makePod('p1').uid('p1').node('node1').terminating().obj();
    const { pl, handle } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [victim], pod });
    assert.ok(pl.postFilter(new CycleState(), pod, new Map([['node1', U()]])).status.isSuccess());
    assert.deepEqual(handle.recordingClient.calls, []);
  });

  test('an unchanged DisruptionTarget condition is not patched again', () => {
    const pod = vp('p', '', high);
    const victim: Pod = {
      ...makePod('p1').uid('p1').node('node1').obj(),
      status: {
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod', lastTransitionTime: '2024-01-01T00:00:00Z' }],
      },
    };
    const { pl, handle } = env({ nodes: [makeNodeWithCapacity('node1', onePodRes)], pods: [victim], pod });
    assert.ok(pl.postFilter(new CycleState(), pod, new Map([['node1', U()]])).status.isSuccess());
    assert.deepEqual(handle.recordingClient.calls, [{ verb: 'delete', namespace: 'default', name: 'p1' }]);
  });
});

// ---- TestDryRunPreemption ------------------------------------------------------------------------

/** upstream tf.FakeFilterPlugin: the given code for every node (Success when unset). */
const fakeFilter = (code?: Code): FilterPlugin => ({ name: () => 'FakeFilter', filter: () => (code === undefined ? Status.success() : Status.of(code)) });
const trueFilter: FilterPlugin = { name: () => 'TrueFilter', filter: () => Status.success() };
const falseFilter: FilterPlugin = { name: () => 'FalseFilter', filter: () => Status.of(Code.Unschedulable) };
/** upstream tf.MatchFilterPlugin: fits only the node named like the pod. */
const matchFilter: FilterPlugin = { name: () => 'MatchFilter', filter: (_s, pod, ni) => (pod.metadata?.name === ni.name ? Status.success() : Status.of(Code.Unschedulable)) };

/** Nodes named "host/zone/region" get those labels (upstream's labelKeys), capacity veryLargeRes. */
function dryRunNodes(names: string[]): Node[] {
  const keys = ['hostname', 'zone', 'region'];
  return names.map((n) => {
    const parts = n.split('/');
    return makeNodeWithCapacity(parts[0], veryLargeRes, Object.fromEntries(parts.map((v, i) => [keys[i], v])));
  });
}

type Cand = [string, string[], number?];

describe('DefaultPreemption dry run (TestDryRunPreemption)', () => {
  const cases: {
    name: string;
    nodeNames: string[];
    testPods: Pod[];
    initPods: Pod[];
    plugins?: 'fit' | 'false' | 'true' | 'match' | 'ipa' | 'pts';
    fakeFilterRC?: Code;
    pdbs?: PodDisruptionBudget[];
    args?: { minCandidateNodesPercentage: number; minCandidateNodesAbsolute: number };
    rng?: number[];
    expected: Cand[][];
    filterCalls: number[];
  }[] = [
    {
      name: 'a pod that does not fit on any node',
      plugins: 'false',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high)],
      initPods: [vp('p1', 'node1', mid), vp('p2', 'node2', mid)],
      expected: [[]],
      filterCalls: [2],
    },
    {
      name: 'a pod that fits with no preemption',
      plugins: 'true',
      fakeFilterRC: Code.Unschedulable,
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high)],
      initPods: [vp('p1', 'node1', mid), vp('p2', 'node2', mid)],
      expected: [[]],
      filterCalls: [2],
    },
    {
      name: 'a pod that fits on one node with no preemption',
      plugins: 'match',
      fakeFilterRC: Code.Unschedulable,
      nodeNames: ['node1', 'node2'],
      testPods: [vp('node1', '', high)],
      initPods: [vp('p1', 'node1', mid), vp('p2', 'node2', mid)],
      expected: [[]],
      filterCalls: [2],
    },
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [vp('p1', 'node1', mid, largeRes), vp('p2', 'node2', mid, largeRes)],
      expected: [
        [
          ['node1', ['p1']],
          ['node2', ['p2']],
        ],
      ],
      filterCalls: [4],
    },
    {
      name: 'a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', low, largeRes)],
      initPods: [vp('p1', 'node1', mid, largeRes), vp('p2', 'node2', mid, largeRes)],
      expected: [[]],
      filterCalls: [0],
    },
    {
      name: 'medium priority pod is preempted, but lower priority one stays as it is small',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [vp('p1.1', 'node1', low, smallRes), vp('p1.2', 'node1', mid, largeRes), vp('p2', 'node2', mid, largeRes)],
      expected: [
        [
          ['node1', ['p1.2']],
          ['node2', ['p2']],
        ],
      ],
      filterCalls: [5],
    },
    {
      name: 'mixed priority pods are preempted',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [
        vp('p1.1', 'node1', mid, smallRes),
        vp('p1.2', 'node1', low, smallRes),
        vp('p1.3', 'node1', mid, mediumRes),
        vp('p1.4', 'node1', high, smallRes),
        vp('p2', 'node2', high, largeRes),
      ],
      expected: [[['node1', ['p1.2', 'p1.3']]]],
      filterCalls: [4],
    },
    {
      name: 'mixed priority pods are preempted, pick later StartTime one when priorities are equal',
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [
        vp('p1.1', 'node1', low, smallRes, 5),
        vp('p1.2', 'node1', low, smallRes, 4),
        vp('p1.3', 'node1', mid, mediumRes, 3),
        vp('p1.4', 'node1', high, smallRes, 2),
        vp('p2', 'node2', high, largeRes, 1),
      ],
      expected: [[['node1', ['p1.1', 'p1.3']]]],
      filterCalls: [4],
    },
    {
      name: 'pod with anti-affinity is preempted',
      plugins: 'ipa',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p').uid('p').label('foo', '').priority(high).req(smallRes).obj()],
      initPods: [
        makePod('p1.1').uid('p1.1').node('node1').label('foo', '').priority(low).req(smallRes).requiredAffinity(true, 'foo', 'hostname', 'Exists').obj(),
        vp('p1.2', 'node1', mid, smallRes),
        vp('p1.3', 'node1', high, smallRes),
        vp('p2', 'node2', high, smallRes),
      ],
      expected: [[['node1', ['p1.1']]]],
      filterCalls: [3],
    },
    {
      name: 'preemption to resolve pod topology spread filter failure',
      plugins: 'pts',
      nodeNames: ['node-a/zone1', 'node-b/zone1', 'node-x/zone2'],
      testPods: [
        makePod('p')
          .uid('p')
          .label('foo', '')
          .priority(high)
          .spreadConstraint(1, 'zone', 'DoNotSchedule', existsSelector('foo'))
          .spreadConstraint(1, 'hostname', 'DoNotSchedule', existsSelector('foo'))
          .obj(),
      ],
      initPods: [
        vp('pod-a1', 'node-a', mid, undefined, undefined, { foo: '' }),
        vp('pod-a2', 'node-a', low, undefined, undefined, { foo: '' }),
        vp('pod-b1', 'node-b', low, undefined, undefined, { foo: '' }),
        vp('pod-x1', 'node-x', high, undefined, undefined, { foo: '' }),
        vp('pod-x2', 'node-x', high, undefined, undefined, { foo: '' }),
      ],
      expected: [
        [
          ['node-a', ['pod-a2']],
          ['node-b', ['pod-b1']],
        ],
      ],
      filterCalls: [5],
    },
    {
      name: 'get Unschedulable in the preemption phase when the filter plugins filtering the nodes',
      fakeFilterRC: Code.Unschedulable,
      nodeNames: ['node1', 'node2'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [vp('p1', 'node1', mid, largeRes), vp('p2', 'node2', mid, largeRes)],
      expected: [[]],
      filterCalls: [2],
    },
    {
      name: 'preemption with violation of same pdb',
      nodeNames: ['node1'],
      testPods: [vp('p', '', high, veryLargeRes)],
      initPods: [vp('p1.1', 'node1', mid, mediumRes, undefined, { app: 'foo' }), vp('p1.2', 'node1', mid, mediumRes, undefined, { app: 'foo' })],
      pdbs: [pdb('pdb', { app: 'foo' }, 1)],
      expected: [[['node1', ['p1.1', 'p1.2'], 1]]],
      filterCalls: [3],
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
      nodeNames: ['node1'],
      testPods: [vp('p', '', high, veryLargeRes)],
      initPods: [vp('p1.1', 'node1', mid, mediumRes, undefined, { app: 'foo' }), vp('p1.2', 'node1', mid, mediumRes, undefined, { app: 'foo' })],
      pdbs: [pdb('pdb', { app: 'foo' }, 1, { p2: '2025-01-01T00:00:00Z' })],
      expected: [[['node1', ['p1.1', 'p1.2'], 1]]],
      filterCalls: [3],
    },
    {
      name: 'preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods',
      nodeNames: ['node1'],
      testPods: [vp('p', '', high, veryLargeRes)],
      initPods: [vp('p1.1', 'node1', mid, mediumRes, undefined, { app: 'foo' }), vp('p1.2', 'node1', mid, mediumRes, undefined, { app: 'foo' })],
      pdbs: [pdb('pdb', { app: 'foo' }, 1, { 'p1.2': '2025-01-01T00:00:00Z' })],
      expected: [[['node1', ['p1.1', 'p1.2']]]], // NumPDBViolations 0
      filterCalls: [3],
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
      nodeNames: ['node1'],
      testPods: [vp('p', '', high, veryLargeRes)],
      initPods: [
        vp('p1.1', 'node1', mid, mediumRes, undefined, { app: 'foo' }),
        vp('p1.2', 'node1', mid, mediumRes, undefined, { app: 'foo' }),
        vp('p1.3', 'node1', mid, mediumRes, undefined, { app: 'foo' }),
      ],
      pdbs: [pdb('pdb', { app: 'foo' }, 1, { 'p1.3': '2025-01-01T00:00:00Z' })],
      expected: [[['node1', ['p1.1', 'p1.2', 'p1.3'], 1]]],
      filterCalls: [4],
    },
    {
      name: 'all nodes are possible candidates, but DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [1, 2, 3, 4, 5].map((i) => vp(`p${i}`, `node${i}`, mid, largeRes)),
      rng: [4],
      // offset=4 => node5 (yes), node1 (yes)
      expected: [
        [
          ['node1', ['p1']],
          ['node5', ['p5']],
        ],
      ],
      filterCalls: [4],
    },
    {
      name: 'some nodes are not possible candidates, DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [vp('p1', 'node1', mid, largeRes), vp('p2', 'node2', veryHigh, largeRes), vp('p3', 'node3', mid, largeRes), vp('p4', 'node4', mid, largeRes), vp('p5', 'node5', veryHigh, largeRes)],
      rng: [4],
      // offset=4 => node5 (no), node1 (yes), node2 (no), node3 (yes)
      expected: [
        [
          ['node1', ['p1']],
          ['node3', ['p3']],
        ],
      ],
      filterCalls: [4],
    },
    {
      name: 'preemption offset across multiple scheduling cycles and wrap around',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: ['tp1', 'tp2', 'tp3'].map((n) => vp(n, '', high, largeRes)),
      initPods: [1, 2, 3, 4, 5].map((i) => vp(`p${i}`, `node${i}`, mid, largeRes)),
      rng: [4, 1, 3],
      expected: [
        [
          ['node1', ['p1']],
          ['node5', ['p5']],
        ],
        [
          ['node2', ['p2']],
          ['node3', ['p3']],
        ],
        [
          ['node4', ['p4']],
          ['node5', ['p5']],
        ],
      ],
      filterCalls: [4, 4, 4],
    },
    {
      name: 'preemption looks past numCandidates until a non-PDB violating node is found',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 2 },
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [vp('p', '', high, largeRes)],
      initPods: [
        vp('p1', 'node1', mid, largeRes, undefined, { app: 'foo' }),
        vp('p2', 'node2', mid, largeRes, undefined, { app: 'foo' }),
        vp('p3', 'node3', mid, largeRes),
        vp('p4', 'node4', mid, largeRes),
        vp('p5', 'node5', mid, largeRes, undefined, { app: 'foo' }),
      ],
      pdbs: [pdb('pdb', { app: 'foo' }, 0)],
      rng: [4],
      // offset=4 => node5 (yes, pdb), node1 (yes, pdb), node2 (no, pdb), node3 (yes)
      expected: [
        [
          ['node1', ['p1'], 1],
          ['node3', ['p3']],
          ['node5', ['p5'], 1],
        ],
      ],
      filterCalls: [8],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const nodes = dryRunNodes(tc.nodeNames);
      const nodeInfos0 = buildNodeInfos(nodes, tc.initPods);
      const pts = podTopologySpread.create({ defaultConstraints: [], defaultingType: 'List' }, new FakeHandle({ nodeInfos: nodeInfos0 }));
      const ipa = interPodAffinity.create(undefined, new FakeHandle({ nodeInfos: nodeInfos0 }));
      const extra: Record<string, FilterPlugin[]> = {
        fit: [new FitFilter()],
        false: [falseFilter],
        true: [trueFilter],
        match: [matchFilter],
        ipa: [new FitFilter(), ipa as FilterPlugin],
        pts: [pts as FilterPlugin],
      };
      const preFilters: PreFilterPlugin[] = tc.plugins === 'ipa' ? [ipa as PreFilterPlugin] : tc.plugins === 'pts' ? [pts as PreFilterPlugin] : [];
      const handle = new FakeHandle({
        nodeInfos: nodeInfos0,
        objects: { 'poddisruptionbudgets.policy': (tc.pdbs ?? []) as KubeObject[] },
        filterPlugins: [fakeFilter(tc.fakeFilterRC), ...extra[tc.plugins ?? 'fit']],
        preFilterPlugins: preFilters,
        rng: tc.rng ?? [0],
      });
      const pl = create(tc.args, handle) as DefaultPreemption;
      const sorted = [...nodeInfos0].sort((a, b) => (a.name < b.name ? -1 : 1));
      let prev = 0;
      tc.testPods.forEach((pod, cycle) => {
        const state = new CycleState();
        assert.ok(handle.runPreFilter(state, pod).isSuccess());
        const [offset, num] = pl.getOffsetAndNumCandidates(sorted.length);
        const { candidates } = pl.evaluator.dryRunPreemption(state, pod, sorted, tc.pdbs ?? [], offset, num);
        const got: Cand[] = candidates
          .map((c): Cand => {
            const names = c.victims.pods.map((p) => p.metadata!.name!).sort();
            return c.victims.numPDBViolations ? [c.name, names, c.victims.numPDBViolations] : [c.name, names];
          })
          .sort((a, b) => (a[0] < b[0] ? -1 : 1));
        assert.deepEqual(got, tc.expected[cycle], `cycle ${cycle}`);
        assert.equal(handle.filterCalls - prev, tc.filterCalls[cycle], `cycle ${cycle}: filter calls`);
        prev = handle.filterCalls;
      });
    });
  }
});

describe('DefaultPreemption candidate choice (TestSelectBestCandidate)', () => {
  const cases: { name: string; nodeNames: string[]; pod: Pod; pods: Pod[]; expected: string[] }[] = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodeNames: ['node1', 'node2'],
      pod: vp('p', '', high, largeRes),
      pods: [vp('p1', 'node1', mid, largeRes, 0), vp('p2', 'node2', mid, largeRes, 0)],
      expected: ['node1', 'node2'],
    },
    {
      name: 'node with min highest priority pod is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, mediumRes, 0),
        vp('p1.2', 'node1', mid, largeRes, 0),
        vp('p2.1', 'node2', mid, mediumRes, 0),
        vp('p2.2', 'node2', low, mediumRes, 0),
        vp('p3.1', 'node3', low, mediumRes, 0),
        vp('p3.2', 'node3', low, mediumRes, 0),
      ],
      expected: ['node3'],
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, mediumRes, 0),
        vp('p1.2', 'node1', mid, largeRes, 0),
        vp('p2.1', 'node2', mid, largeRes, 0),
        vp('p2.2', 'node2', low, mediumRes, 0),
        vp('p3.1', 'node3', mid, mediumRes, 0),
        vp('p3.2', 'node3', mid, mediumRes, 0),
      ],
      expected: ['node2'],
    },
    {
      name: 'when highest priority and sum are the same, minimum number of pods is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, smallRes, 0),
        vp('p1.2', 'node1', neg, smallRes, 0),
        vp('p1.3', 'node1', mid, smallRes, 0),
        vp('p1.4', 'node1', neg, smallRes, 0),
        vp('p2.1', 'node2', mid, largeRes, 0),
        vp('p2.2', 'node2', neg, mediumRes, 0),
        vp('p3.1', 'node3', mid, mediumRes, 0),
        vp('p3.2', 'node3', neg, smallRes, 0),
        vp('p3.3', 'node3', low, smallRes, 0),
      ],
      expected: ['node2'],
    },
    {
      name: 'sum of adjusted priorities is considered',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, smallRes, 0),
        vp('p1.2', 'node1', neg, smallRes, 0),
        vp('p1.3', 'node1', neg, smallRes, 0),
        vp('p2.1', 'node2', mid, largeRes, 0),
        vp('p2.2', 'node2', neg, mediumRes, 0),
        vp('p3.1', 'node3', mid, mediumRes, 0),
        vp('p3.2', 'node3', neg, smallRes, 0),
        vp('p3.3', 'node3', low, smallRes, 0),
      ],
      expected: ['node2'],
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      nodeNames: ['node1', 'node2', 'node3', 'node4'],
      pod: vp('p', '', veryHigh, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, smallRes, 0),
        vp('p1.2', 'node1', low, smallRes, 0),
        vp('p1.3', 'node1', low, smallRes, 0),
        vp('p2.1', 'node2', high, largeRes, 0),
        vp('p3.1', 'node3', mid, mediumRes, 0),
        vp('p3.2', 'node3', low, smallRes, 0),
        vp('p3.3', 'node3', low, smallRes, 0),
        vp('p3.4', 'node3', low, mediumRes, 0),
        vp('p4.1', 'node4', mid, mediumRes, 0),
        vp('p4.2', 'node4', mid, smallRes, 0),
        vp('p4.3', 'node4', mid, smallRes, 0),
        vp('p4.4', 'node4', neg, smallRes, 0),
      ],
      expected: ['node1'],
    },
    {
      name: "same priority, same number of victims, different start time for each node's pod",
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, mediumRes, 2),
        vp('p1.2', 'node1', mid, mediumRes, 2),
        vp('p2.1', 'node2', mid, mediumRes, 3),
        vp('p2.2', 'node2', mid, mediumRes, 3),
        vp('p3.1', 'node3', mid, mediumRes, 1),
        vp('p3.2', 'node3', mid, mediumRes, 1),
      ],
      expected: ['node2'],
    },
    {
      name: 'same priority, same number of victims, different start time for all pods',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', mid, mediumRes, 4),
        vp('p1.2', 'node1', mid, mediumRes, 2),
        vp('p2.1', 'node2', mid, mediumRes, 5),
        vp('p2.2', 'node2', mid, mediumRes, 1),
        vp('p3.1', 'node3', mid, mediumRes, 3),
        vp('p3.2', 'node3', mid, mediumRes, 6),
      ],
      expected: ['node3'],
    },
    {
      name: 'different priority, same number of victims, different start time for all pods',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: vp('p', '', high, veryLargeRes),
      pods: [
        vp('p1.1', 'node1', low, mediumRes, 4),
        vp('p1.2', 'node1', mid, mediumRes, 2),
        vp('p2.1', 'node2', mid, mediumRes, 6),
        vp('p2.2', 'node2', low, mediumRes, 1),
        vp('p3.1', 'node3', low, mediumRes, 3),
        vp('p3.2', 'node3', mid, mediumRes, 5),
      ],
      expected: ['node2'],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = env({ nodes: tc.nodeNames.map((n) => makeNodeWithCapacity(n, veryLargeRes)), pods: tc.pods, pod: tc.pod });
      const state = new CycleState();
      const [offset, num] = pl.getOffsetAndNumCandidates(nodeInfos.length);
      const { candidates } = pl.evaluator.dryRunPreemption(state, tc.pod, nodeInfos, [], offset, num);
      const best = pl.evaluator.selectCandidate(candidates);
      assert.ok(best && tc.expected.includes(best.name), `got ${best?.name}, want one of ${tc.expected}`);
    });
  }

  test('pickOneNodeForPreemption: fewest PDB violations first', () => {
    const v = (numPDBViolations: number, ...prios: number[]): Victims => ({ pods: prios.map((p, i) => vp(`v${i}`, '', p)), numPDBViolations });
    const m = new Map<string, Victims>([
      ['a', v(1, low)],
      ['b', v(0, high, high)],
    ]);
    assert.equal(pickOneNodeForPreemption(m, 0), 'b');
  });
});

describe('DefaultPreemption eligibility (PodEligibleToPreemptOthers)', () => {
  const terminatingByPreemption = (name: string, priority: number) =>
    makePod(name).uid(name).node('node1').priority(priority).terminating().condition('DisruptionTarget', 'True', 'PreemptionByScheduler').obj();
  const nominated = makePod('p').uid('p').priority(high).nominatedNodeName('node1').obj();
  const cases: { name: string; pod: Pod; pods: Pod[]; nominatedStatus?: Status; want: [boolean, string] }[] = [
    { name: 'preemptionPolicy Never', pod: makePod('p').priority(high).preemptionPolicy('Never').obj(), pods: [], want: [false, MSG_NOT_ELIGIBLE_PREEMPTION_POLICY] },
    { name: 'no nominated node', pod: makePod('p').priority(high).obj(), pods: [terminatingByPreemption('t', low)], want: [true, ''] },
    {
      name: 'a lower-priority pod terminating by preemption on the nominated node',
      pod: nominated,
      pods: [terminatingByPreemption('t', low)],
      nominatedStatus: Status.of(Code.Unschedulable),
      want: [false, MSG_NOT_ELIGIBLE_TERMINATING_POD],
    },
    {
      name: 'the nominated node is UnschedulableAndUnresolvable: preempt again',
      pod: nominated,
      pods: [terminatingByPreemption('t', low)],
      nominatedStatus: Status.of(Code.UnschedulableAndUnresolvable),
      want: [true, ''],
    },
    {
      name: 'the nominated node is absent from the statuses: counts as UnschedulableAndUnresolvable',
      pod: nominated,
      pods: [terminatingByPreemption('t', low)],
      want: [true, ''],
    },
    {
      name: 'a terminating pod not deleted by preemption does not block',
      pod: nominated,
      pods: [makePod('t').uid('t').node('node1').priority(low).terminating().obj()],
      nominatedStatus: Status.of(Code.Unschedulable),
      want: [true, ''],
    },
    {
      name: 'a terminating pod of equal priority does not block',
      pod: nominated,
      pods: [terminatingByPreemption('t', high)],
      nominatedStatus: Status.of(Code.Unschedulable),
      want: [true, ''],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl } = env({ nodes: [makeNode('node1')], pods: tc.pods });
      assert.deepEqual(pl.podEligibleToPreemptOthers(tc.pod, tc.nominatedStatus), tc.want);
    });
  }
});

describe('DefaultPreemption helpers', () => {
  test('calculateNumCandidates and default args (fact 72)', () => {
    const { pl } = env({ nodes: [], pods: [] });
    assert.equal(pl.name(), NAME);
    assert.equal(NAME, 'DefaultPreemption');
    assert.deepEqual(pl.args, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    assert.equal(pl.calculateNumCandidates(50), 50);
    assert.equal(pl.calculateNumCandidates(1000), 100);
    assert.equal(pl.calculateNumCandidates(5000), 500);
    const p = create({ minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 }, new FakeHandle({})) as DefaultPreemption;
    assert.equal(p.calculateNumCandidates(5), 2);
    assert.equal(p.calculateNumCandidates(1), 1);
  });

  test('fitErrorMessage: string-sorted histogram, absent nodes counted, "10 …" before "2 …" (facts 74-75)', () => {
    const statuses = new Map<string, Status>();
    for (let i = 0; i < 10; i++) statuses.set(`a${i}`, Status.of(Code.UnschedulableAndUnresolvable, ERR_REASON_NO_VICTIMS));
    statuses.set('b0', Status.of(Code.Unschedulable, 'Insufficient cpu', 'Insufficient memory'));
    statuses.set('b1', Status.of(Code.Unschedulable, 'Insufficient cpu'));
    assert.equal(
      fitErrorMessage(14, statuses, [ERR_REASON_NOT_HELPFUL]),
      '0/14 nodes are available: 1 Insufficient memory, 10 No preemption victims found for incoming pod, 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
    );
    assert.equal(fitErrorMessage(0, new Map(), [ERR_REASON_NOT_HELPFUL]), '0/0 nodes are available:');
    assert.equal(ERR_REASON_NOT_HELPFUL, 'Preemption is not helpful for scheduling');
    assert.equal(ERR_REASON_NO_VICTIMS, 'No preemption victims found for incoming pod');
  });

  test('filterPodsWithPDBViolation keeps the order and counts budgets down', () => {
    const pods = ['a', 'b', 'c'].map((n) => new PodInfo(vp(n, 'node1', low, undefined, undefined, { app: 'x' })));
    const unlabeled = new PodInfo(vp('d', 'node1', low));
    const [violating, nonViolating] = filterPodsWithPDBViolation([...pods, unlabeled], [pdb('x', { app: 'x' }, 2)]);
    assert.deepEqual(violating.map((p) => p.pod.metadata?.name), ['c']);
    assert.deepEqual(nonViolating.map((p) => p.pod.metadata?.name), ['a', 'b', 'd']);
    const other = { ...pdb('y', { app: 'x' }, 0), metadata: { name: 'y', namespace: 'other' } };
    assert.deepEqual(filterPodsWithPDBViolation(pods, [other])[0], []);
  });
});
