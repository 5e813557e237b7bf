// NodeAffinity: upstream node_affinity_test.go (TestNodeAffinity, TestNodeAffinityPriority), fact 66/78.
import { scoreValue } from './support/score';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeAffinity as V1NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';
import type { NodeAffinityArgs } from '../src/scheduler/apis/config/types';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { MAX_NODE_SCORE, NodeInfo, type NodeScore } from '../src/scheduler/framework/types';
import {
  create,
  ERR_REASON_CONFLICT,
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  NodeAffinity,
  requiredNodeAffinityMatches,
} from '../src/scheduler/plugins/nodeaffinity';
import { FakeHandle } from './support/fake_handle';

const required = (...terms: NodeSelectorTerm[]): Pod => ({
  spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } },
});
const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, ...(values ? { values } : {}) });
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });

interface FilterCase {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  args?: NodeAffinityArgs;
  runPreFilter: boolean;
  wantPreFilter?: { code: Code; reason?: string };
  wantNodeNames?: string[];
  wantFilter?: string;
}

const FILTER_CASES: FilterCase[] = [
  { name: 'missing labels', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, runPreFilter: true, wantFilter: ERR_REASON_POD },
  { name: 'same labels', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, labels: { foo: 'bar' }, runPreFilter: true },
  { name: 'node labels are superset', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, labels: { foo: 'bar', baz: 'blah' }, runPreFilter: true },
  {
    name: 'node labels are subset',
    pod: { spec: { containers: [], nodeSelector: { foo: 'bar', baz: 'blah' } } },
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: 'Pod with matchExpressions using In operator that matches the existing node',
    pod: required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }),
    labels: { foo: 'bar' },
    runPreFilter: true,
  },
  {
    name: 'Pod with matchExpressions using Gt operator that matches the existing node',
    pod: required({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] }),
    labels: { 'kernel-version': '0206' },
    runPreFilter: true,
  },
  {
    name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
    pod: required({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] }),
    labels: { 'mem-type': 'DDR3' },
    runPreFilter: true,
  },
  {
    name: 'Pod with matchExpressions using Exists operator that matches the existing node',
    pod: required({ matchExpressions: [expr('GPU', 'Exists')] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: true,
  },
  {
    name: "Pod with affinity that don't match node's labels won't schedule onto the node",
    pod: required({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] }),
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
    pod: required({ matchExpressions: [] }),
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  { name: 'Pod with no Affinity will schedule onto a node', pod: { spec: { containers: [] } }, labels: { foo: 'bar' }, runPreFilter: true, wantPreFilter: { code: Code.Skip } },
  {
    name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
    pod: { spec: { containers: [], affinity: { nodeAffinity: {} } } },
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantPreFilter: { code: Code.Skip },
  },
  {
    name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
    pod: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: true,
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    pod: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    pod: required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }, { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] }),
    labels: { foo: 'bar' },
    runPreFilter: true,
  },
  {
    name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
    pod: { spec: { ...required({ matchExpressions: [expr('foo', 'Exists')] }).spec!, nodeSelector: { foo: 'bar' } } },
    labels: { foo: 'bar' },
    runPreFilter: true,
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    pod: { spec: { ...required({ matchExpressions: [expr('foo', 'Exists')] }).spec!, nodeSelector: { foo: 'bar' } } },
    labels: { foo: 'barrrrrr' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    pod: required({ matchExpressions: [expr('foo', 'NotIn', ['invalid value: ___@#$%^'])] }),
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: 'Pod with matchFields using In operator that matches the existing node',
    pod: required({ matchFields: [nameIn('node1')] }),
    nodeName: 'node1',
    runPreFilter: true,
    wantNodeNames: ['node1'],
  },
  {
    name: 'Pod with matchFields using In operator that does not match the existing node',
    pod: required({ matchFields: [nameIn('node1')] }),
    nodeName: 'node2',
    runPreFilter: true,
    wantNodeNames: ['node1'],
    wantFilter: ERR_REASON_POD,
  },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    pod: required({ matchFields: [nameIn('node1'), nameIn('node2')] }, { matchExpressions: [expr('foo', 'In', ['bar'])] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    runPreFilter: true,
  },
  {
    name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
    pod: required({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantNodeNames: ['node1'],
    wantFilter: ERR_REASON_POD,
  },
  {
    name: 'Pod with one term: both matchFields and matchExpressions match',
    pod: required({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }),
    nodeName: 'node1',
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantNodeNames: ['node1'],
  },
  {
    name: 'Pod with two terms: both matchFields and matchExpressions do not match',
    pod: required({ matchFields: [nameIn('node1')] }, { matchExpressions: [expr('foo', 'In', ['not-match-to-bar'])] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: 'Pod with two terms of node.Name affinity',
    pod: required({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }),
    nodeName: 'node2',
    runPreFilter: true,
    wantNodeNames: ['node1', 'node2'],
  },
  {
    name: 'Pod with two conflicting mach field requirements',
    pod: required({ matchFields: [nameIn('node1'), nameIn('node2')] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    runPreFilter: true,
    wantPreFilter: { code: Code.UnschedulableAndUnresolvable, reason: ERR_REASON_CONFLICT },
    wantFilter: ERR_REASON_POD,
  },
  {
    name: "Matches added affinity and Pod's node affinity",
    pod: required({ matchExpressions: [expr('zone', 'In', ['foo'])] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn('node2')] }] } } },
    runPreFilter: true,
  },
  {
    name: "Matches added affinity but not Pod's node affinity",
    pod: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn('node2')] }] } } },
    runPreFilter: true,
    wantFilter: ERR_REASON_POD,
  },
  {
    name: "Doesn't match added affinity",
    pod: { spec: { containers: [] } },
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr('zone', 'In', ['bar'])] }] } } },
    runPreFilter: true,
    wantFilter: ERR_REASON_ENFORCED,
  },
  {
    name: 'Matches node selector correctly even if PreFilter is not called',
    pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } },
    labels: { foo: 'bar', baz: 'blah' },
    runPreFilter: false,
  },
  {
    name: 'Matches node affinity correctly even if PreFilter is not called',
    pod: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: false,
  },
];

test('NodeAffinity PreFilter and Filter (upstream TestNodeAffinity)', () => {
  for (const c of FILTER_CASES) {
    const node: Node = { metadata: { name: c.nodeName ?? '', labels: c.labels } };
    const p = create(c.args, new FakeHandle()) as NodeAffinity;
    const state = new CycleState();
    if (c.runPreFilter) {
      const { result, status } = p.preFilter(state, c.pod, []);
      assert.equal(status.code, c.wantPreFilter?.code ?? Code.Success, `${c.name}: prefilter code`);
      if (c.wantPreFilter?.reason) assert.deepEqual(status.reasons, [c.wantPreFilter.reason], c.name);
      assert.deepEqual(result?.nodeNames ? [...result.nodeNames].sort() : undefined, c.wantNodeNames, `${c.name}: prefilter result`);
    }
    const s = p.filter(state, c.pod, new NodeInfo(node));
    if (c.wantFilter === undefined) assert.ok(s.isSuccess(), `${c.name}: ${s.message()}`);
    else {
      assert.equal(s.code, Code.UnschedulableAndUnresolvable, c.name);
      assert.deepEqual(s.reasons, [c.wantFilter], c.name);
    }
  }
});

const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label3 = { az: 'az1' };
const label4 = { abc: 'az11', def: 'az22' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };
const affinity1: V1NodeAffinity = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } }] };
const affinity2: V1NodeAffinity = {
  preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
    { weight: 4, preference: { matchExpressions: [expr('key', 'In', ['value'])] } },
    { weight: 5, preference: { matchExpressions: [expr('foo', 'In', ['bar']), expr('key', 'In', ['value']), expr('az', 'In', ['az1'])] } },
  ],
};
const withAffinity = (a: V1NodeAffinity): Pod => ({ spec: { containers: [], affinity: { nodeAffinity: a } } });
const nodes = (...pairs: [string, Record<string, string>][]): Node[] => pairs.map(([name, labels]) => ({ metadata: { name, labels } }));

test('NodeAffinity Score and NormalizeScore (upstream TestNodeAffinityPriority, fact 66)', () => {
  const cases: { name: string; pod: Pod; nodes: Node[]; want: NodeScore[]; args?: NodeAffinityArgs; runPreScore: boolean; wantSkip?: boolean }[] = [
    {
      name: 'all nodes are same priority as NodeAffinity is nil',
      pod: { metadata: { annotations: {} }, spec: { containers: [] } },
      nodes: nodes(['node1', label1], ['node2', label2], ['node3', label3]),
      want: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: true,
      wantSkip: true,
    },
    {
      name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
      pod: withAffinity(affinity1),
      nodes: nodes(['node1', label4], ['node2', label2], ['node3', label3]),
      want: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: true,
    },
    {
      name: 'only node1 matches the preferred scheduling requirements of pod',
      pod: withAffinity(affinity1),
      nodes: nodes(['node1', label1], ['node2', label2], ['node3', label3]),
      want: [
        { name: 'node1', score: MAX_NODE_SCORE },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: true,
    },
    {
      name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ',
      pod: withAffinity(affinity2),
      nodes: nodes(['node1', label1], ['node5', label5], ['node2', label2]),
      want: [
        { name: 'node1', score: 18 },
        { name: 'node5', score: MAX_NODE_SCORE },
        { name: 'node2', score: 36 },
      ],
      runPreScore: true,
    },
    {
      name: 'added affinity',
      pod: { spec: { containers: [] } },
      nodes: nodes(['node1', label1], ['node2', label2]),
      want: [
        { name: 'node1', score: MAX_NODE_SCORE },
        { name: 'node2', score: 0 },
      ],
      args: { addedAffinity: affinity1 },
      runPreScore: true,
    },
    {
      name: 'added affinity and pod has default affinity',
      pod: withAffinity(affinity1),
      nodes: nodes(['node1', label1], ['node2', label2], ['node3', label5]),
      want: [
        { name: 'node1', score: 40 },
        { name: 'node2', score: 60 },
        { name: 'node3', score: MAX_NODE_SCORE },
      ],
      args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [expr('key', 'In', ['value'])] } }] } },
      runPreScore: true,
    },
    {
      name: 'calculate the priorities correctly even if PreScore is not called',
      pod: withAffinity(affinity2),
      nodes: nodes(['node1', label1], ['node5', label5], ['node2', label2]),
      want: [
        { name: 'node1', score: 18 },
        { name: 'node5', score: MAX_NODE_SCORE },
        { name: 'node2', score: 36 },
      ],
      runPreScore: false,
    },
  ];
  for (const c of cases) {
    const p = create(c.args, new FakeHandle()) as NodeAffinity;
    const state = new CycleState();
    const infos = c.nodes.map((n) => new NodeInfo(n));
    if (c.runPreScore) {
      const s = p.preScore(state, c.pod, infos);
      assert.equal(s.code, c.wantSkip ? Code.Skip : Code.Success, c.name);
    }
    const got = infos.map((ni) => {
      return { name: ni.name, score: scoreValue(p.score(state, c.pod, ni), c.name) };
    });
    assert.ok(p.normalizeScore(state, c.pod, got).isSuccess());
    assert.deepEqual(got, c.want, c.name);
  }
});

test('requiredNodeAffinityMatches (shared with the kubelet and DaemonSets)', () => {
  const node: Node = { metadata: { name: 'n1', labels: { zone: 'a', size: '10' } } };
  const cases: { name: string; pod: Pod; want: boolean }[] = [
    { name: 'no constraints', pod: { spec: { containers: [] } }, want: true },
    { name: 'nodeSelector match', pod: { spec: { containers: [], nodeSelector: { zone: 'a' } } }, want: true },
    { name: 'nodeSelector mismatch', pod: { spec: { containers: [], nodeSelector: { zone: 'b' } } }, want: false },
    { name: 'Lt', pod: required({ matchExpressions: [expr('size', 'Lt', ['11'])] }), want: true },
    { name: 'Gt with a non-integer label value', pod: required({ matchExpressions: [expr('zone', 'Gt', ['1'])] }), want: false },
    { name: 'DoesNotExist', pod: required({ matchExpressions: [expr('gpu', 'DoesNotExist')] }), want: true },
    { name: 'matchFields NotIn', pod: required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }), want: false },
    { name: 'a bad term does not stop a good one', pod: required({ matchExpressions: [expr('zone', 'Bogus', ['a'])] }, { matchExpressions: [expr('zone', 'In', ['a'])] }), want: true },
  ];
  for (const c of cases) assert.equal(requiredNodeAffinityMatches(c.pod, node), c.want, c.name);
});

test('NodeAffinity refuses an addedAffinity that does not parse', () => {
  assert.throws(
    () => create({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr('zone', 'In', [])] }] } } }, new FakeHandle()),
    /parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution/,
  );
});
