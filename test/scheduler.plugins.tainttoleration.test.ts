// TaintToleration: upstream taint_toleration_test.go (TestTaintTolerationScore, TestTaintTolerationFilter)
// with the v1.32 filter wording (fact 79), plus fact 14's toleration matching.
import { scoreValue } from './support/score';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { MAX_NODE_SCORE, NodeInfo, type NodeScore } from '../src/scheduler/framework/types';
import {
  create,
  errReasonUntoleratedTaint,
  findMatchingUntoleratedTaint,
  doNotScheduleTaintsFilter,
  NAME,
  TaintToleration,
  tolerationToleratesTaint,
} from '../src/scheduler/plugins/tainttoleration';
import { FakeHandle } from './support/fake_handle';

const nodeWithTaints = (name: string, taints: Taint[]): Node => ({ metadata: { name }, spec: { taints } });
const podWithTolerations = (name: string, tolerations: Toleration[]): Pod => ({ metadata: { name }, spec: { containers: [], tolerations } });

test('fact 14: tolerationToleratesTaint', () => {
  const cases: { name: string; t: Toleration; taint: Taint; want: boolean }[] = [
    { name: 'empty effect matches every effect', t: { key: 'k', operator: 'Equal', value: 'v' }, taint: { key: 'k', value: 'v', effect: 'NoExecute' }, want: true },
    { name: 'different effects', t: { key: 'k', value: 'v', effect: 'NoSchedule' }, taint: { key: 'k', value: 'v', effect: 'NoExecute' }, want: false },
    { name: 'empty key with Exists tolerates everything', t: { operator: 'Exists' }, taint: { key: 'any', value: 'x', effect: 'NoSchedule' }, want: true },
    { name: 'different keys', t: { key: 'a', operator: 'Exists' }, taint: { key: 'b', effect: 'NoSchedule' }, want: false },
    { name: 'Equal (default operator) compares values', t: { key: 'k', value: 'v1' }, taint: { key: 'k', value: 'v2', effect: 'NoSchedule' }, want: false },
    { name: 'Equal with both values empty', t: { key: 'k', operator: 'Equal' }, taint: { key: 'k', effect: 'NoSchedule' }, want: true },
    { name: 'Exists ignores the value', t: { key: 'k', operator: 'Exists' }, taint: { key: 'k', value: 'whatever', effect: 'NoSchedule' }, want: true },
    { name: 'an unknown operator tolerates nothing', t: { key: 'k', operator: 'Gt', value: '1' }, taint: { key: 'k', value: '2', effect: 'NoSchedule' }, want: false },
  ];
  for (const c of cases) assert.equal(tolerationToleratesTaint(c.t, c.taint), c.want, c.name);
});

test('findMatchingUntoleratedTaint returns the first included untolerated taint in node order', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', value: '1', effect: 'NoSchedule' },
    { key: 'b', value: '2', effect: 'NoExecute' },
  ];
  assert.deepEqual(findMatchingUntoleratedTaint(taints, [], doNotScheduleTaintsFilter), taints[1]);
  assert.deepEqual(findMatchingUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }], doNotScheduleTaintsFilter), taints[2]);
  assert.equal(findMatchingUntoleratedTaint(taints, [{ operator: 'Exists' }], doNotScheduleTaintsFilter), undefined);
});

test('TaintTolerationScore (upstream vectors, fact 65)', () => {
  const cases: { name: string; pod: Pod; nodes: Node[]; want: NodeScore[] }[] = [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]), nodeWithTaints('nodeB', [{ key: 'foo', value: 'blah', effect: 'PreferNoSchedule' }])],
      want: [
        { name: 'nodeA', score: MAX_NODE_SCORE },
        { name: 'nodeB', score: 0 },
      ],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      pod: podWithTolerations('pod1', [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MAX_NODE_SCORE },
        { name: 'nodeB', score: MAX_NODE_SCORE },
        { name: 'nodeC', score: MAX_NODE_SCORE },
      ],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MAX_NODE_SCORE },
        { name: 'nodeB', score: 50 },
        { name: 'nodeC', score: 0 },
      ],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      pod: podWithTolerations('pod1', [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MAX_NODE_SCORE },
        { name: 'nodeB', score: MAX_NODE_SCORE },
        { name: 'nodeC', score: 0 },
      ],
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      pod: podWithTolerations('pod1', []),
      nodes: [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }])],
      want: [
        { name: 'nodeA', score: MAX_NODE_SCORE },
        { name: 'nodeB', score: 0 },
      ],
    },
  ];
  for (const c of cases) {
    const p = create(undefined, new FakeHandle()) as TaintToleration;
    const state = new CycleState();
    const infos = c.nodes.map((n) => new NodeInfo(n));
    assert.ok(p.preScore(state, c.pod, infos).isSuccess(), c.name);
    const got: NodeScore[] = infos.map((ni) => {
      return { name: ni.name, score: scoreValue(p.score(state, c.pod, ni), c.name) };
    });
    assert.ok(p.scoreExtensions().normalizeScore(state, c.pod, got).isSuccess());
    assert.deepEqual(got, c.want, c.name);
  }
});

test('TaintTolerationFilter (upstream vectors, v1.32 reason of fact 79)', () => {
  const cases: { name: string; pod: Pod; node: Node; want?: string }[] = [
    {
      name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      pod: podWithTolerations('pod1', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
    },
    {
      name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      pod: podWithTolerations('pod1', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
    },
    {
      name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
      pod: podWithTolerations('pod1', [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ]),
      node: nodeWithTaints('nodeA', [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ]),
    },
    {
      name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {foo: bar}',
    },
    {
      name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
    },
    {
      name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      pod: podWithTolerations('pod1', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }]),
    },
    {
      name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }]),
    },
    {
      name: 'fact 75: an empty taint value prints as nothing after the colon',
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
  ];
  const p = create(undefined, new FakeHandle()) as TaintToleration;
  for (const c of cases) {
    const s = p.filter(new CycleState(), c.pod, new NodeInfo(c.node));
    if (c.want === undefined) {
      assert.ok(s.isSuccess(), c.name);
    } else {
      assert.equal(s.code, Code.UnschedulableAndUnresolvable, c.name);
      assert.deepEqual(s.reasons, [c.want], c.name);
      assert.equal(s.plugin, NAME);
    }
  }
  assert.equal(errReasonUntoleratedTaint({ key: 'k', value: 'v' }), 'node(s) had untolerated taint {k: v}');
});

test('TaintToleration registers node add/taint and pod toleration events', () => {
  const p = create(undefined, new FakeHandle()) as TaintToleration;
  assert.deepEqual(
    p.eventsToRegister().map((e) => e.resource),
    ['Node', 'Pod'],
  );
});
