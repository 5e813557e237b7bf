// PodTopologySpread (SEMANTICS fact 68 scoring, fact 78 filter reasons): upstream's vectors from
// pkg/scheduler/framework/plugins/podtopologyspread/{filtering,scoring}_test.go, number for number.
// Upstream's feature-gate-off variants are left out: kubespec models v1.32, where MinDomains,
// NodeInclusionPolicy and MatchLabelKeys are all on.
import { scoreValue } from './support/score';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { PodInfo, type NodeScore } from '../src/scheduler/framework/types';
import {
  create,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  LABEL_HOSTNAME,
  LABEL_TOPOLOGY_ZONE,
  MAX_INT32,
  NAME,
  PodTopologySpread,
  PRE_FILTER_STATE_KEY,
  PRE_SCORE_STATE_KEY,
  PreFilterState,
  PreScoreState,
  topologyNormalizingWeight,
} from '../src/scheduler/plugins/podtopologyspread';
import type { PodTopologySpreadArgs, TopologySpreadConstraintArgs } from '../src/scheduler/apis/config/types';
import { buildNodeInfos, existsSelector, FakeHandle, makeNode, makePod } from './support/fake_handle_preemption';

const foo = existsSelector('foo');
const bar = existsSelector('bar');
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];
const tainted = (name: string, labels: Record<string, string>): Node => makeNode(name, labels, { spec: { taints } });
const zn = (name: string, zone: string): Node => makeNode(name, { zone, node: name });
const pod = (name: string, node: string, labels: Record<string, string> = { foo: '' }, ns?: string): Pod => {
  const b = makePod(name).node(node).labels(labels);
  if (ns) b.namespace(ns);
  return b.obj();
};

function setup(nodes: Node[], pods: Pod[], args: Partial<PodTopologySpreadArgs> = {}, objects: Record<string, KubeObject[]> = {}) {
  const nodeInfos = buildNodeInfos(nodes, pods);
  const handle = new FakeHandle({ nodeInfos, objects });
  const pl = create({ defaultConstraints: [], defaultingType: 'List', ...args }, handle) as PodTopologySpread;
  return { pl, handle, nodeInfos };
}

/** The critical paths as upstream's comparer sees them: tied match numbers sorted by topology value. */
function paths(s: PreFilterState, i: number): [string, number][] {
  const [a, b] = s.criticalPaths[i].paths.map((p) => [p.topologyValue, p.matchNum] as [string, number]);
  if (a[1] === b[1] && a[0] > b[0]) return [b, a];
  return [a, b];
}
const counts = (s: PreFilterState): Record<string, number>[] => s.tpValueToMatchNum.map((m) => Object.fromEntries(m));

describe('PodTopologySpread PreFilter state (TestPreFilterState)', () => {
  const fourNodes = [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')];
  const aabyy = [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-b1', 'node-b'), pod('p-y1', 'node-y'), pod('p-y2', 'node-y')];
  const aabyyyy = [...aabyy, pod('p-y3', 'node-y'), pod('p-y4', 'node-y')];
  const cases: {
    name: string;
    pod: Pod;
    nodes: Node[];
    pods?: Pod[];
    defaultConstraints?: TopologySpreadConstraintArgs[];
    objects?: Record<string, KubeObject[]>;
    skip?: boolean;
    selectors?: string[];
    policies?: [string, string][];
    paths?: [string, number][][];
    counts?: Record<string, number>[];
  }[] = [
    {
      name: 'clean cluster with one spreadConstraint',
      pod: makePod('p').label('foo', '').spreadConstraint(5, 'zone', 'DoNotSchedule', { matchLabels: { foo: 'bar' } }).obj(),
      nodes: fourNodes,
      selectors: ['foo=bar'],
      paths: [[['zone1', 0], ['zone2', 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: 'normal case with one spreadConstraint',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: fourNodes,
      pods: aabyy,
      paths: [[['zone2', 2], ['zone1', 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: 'normal case with null label selector',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule').obj(),
      nodes: fourNodes,
      pods: aabyy,
      paths: [[['zone1', 0], ['zone2', 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: 'normal case with one spreadConstraint, on a 3-zone cluster',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: [...fourNodes, zn('node-o', 'zone3'), zn('node-p', 'zone3')],
      pods: aabyy,
      paths: [[['zone3', 0], ['zone2', 2]]],
      counts: [{ zone1: 3, zone2: 2, zone3: 0 }],
    },
    {
      name: "namespace mismatch doesn't count",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: fourNodes,
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a', { foo: '' }, 'ns1'), pod('p-b1', 'node-b'), pod('p-y1', 'node-y', { foo: '' }, 'ns2'), pod('p-y2', 'node-y')],
      paths: [[['zone2', 1], ['zone1', 2]]],
      counts: [{ zone1: 2, zone2: 1 }],
    },
    {
      name: 'normal case with two spreadConstraints',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: fourNodes,
      pods: aabyyyy,
      paths: [
        [['zone1', 3], ['zone2', 4]],
        [['node-x', 0], ['node-b', 1]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 },
      ],
    },
    {
      name: 'soft spreadConstraints should be bypassed',
      pod: makePod('p')
        .label('foo', '')
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'ScheduleAnyway', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
        .obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
      pods: aabyyyy,
      paths: [
        [['zone1', 3], ['zone2', 4]],
        [['node-b', 1], ['node-a', 2]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { 'node-a': 2, 'node-b': 1, 'node-y': 4 },
      ],
    },
    {
      name: 'different labelSelectors - simple version',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
      pods: [pod('p-a', 'node-a'), pod('p-b', 'node-b', { bar: '' })],
      paths: [
        [['zone2', 0], ['zone1', 1]],
        [['node-a', 0], ['node-y', 0]],
      ],
      counts: [
        { zone1: 1, zone2: 0 },
        { 'node-a': 0, 'node-b': 1, 'node-y': 0 },
      ],
    },
    {
      name: 'different labelSelectors - complex pods',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
      pods: [
        pod('p-a1', 'node-a'),
        pod('p-a2', 'node-a', { foo: '', bar: '' }),
        pod('p-b1', 'node-b'),
        pod('p-y1', 'node-y'),
        pod('p-y2', 'node-y', { foo: '', bar: '' }),
        pod('p-y3', 'node-y'),
        pod('p-y4', 'node-y', { foo: '', bar: '' }),
      ],
      paths: [
        [['zone1', 3], ['zone2', 4]],
        [['node-b', 0], ['node-a', 1]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { 'node-a': 1, 'node-b': 0, 'node-y': 2 },
      ],
    },
    {
      name: 'two spreadConstraints, and with podAffinity',
      pod: makePod('p')
        .label('foo', '')
        .nodeAffinityNotIn('node', ['node-x'])
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
        .obj(),
      nodes: fourNodes,
      pods: aabyyyy,
      paths: [
        [['zone1', 3], ['zone2', 4]],
        [['node-b', 1], ['node-a', 2]],
      ],
      counts: [
        { zone1: 3, zone2: 4 },
        { 'node-a': 2, 'node-b': 1, 'node-y': 4 },
      ],
    },
    {
      name: 'default constraints and a service',
      pod: makePod('p').labels({ foo: 'bar', baz: 'kar' }).obj(),
      nodes: [],
      defaultConstraints: [
        { maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' },
        { maxSkew: 5, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
      ],
      objects: { services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { foo: 'bar' } } }] },
      selectors: ['foo=bar', 'foo=bar'],
      paths: [
        [['', MAX_INT32], ['', MAX_INT32]],
        [['', MAX_INT32], ['', MAX_INT32]],
      ],
      counts: [{}, {}],
    },
    {
      name: "default constraints and a service that doesn't match",
      pod: makePod('p').labels({ foo: 'bar' }).obj(),
      nodes: [],
      defaultConstraints: [{ maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
      objects: { services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { baz: 'kep' } } }] },
      skip: true,
    },
    {
      name: 'default constraints and a service, but pod has constraints',
      pod: makePod('p')
        .labels({ foo: 'bar', baz: 'tar' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', { matchLabels: { baz: 'tar' } })
        .spreadConstraint(2, 'planet', 'ScheduleAnyway', { matchLabels: { fot: 'rok' } })
        .obj(),
      nodes: [],
      defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
      objects: { services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { foo: 'bar' } } }] },
      selectors: ['baz=tar'],
      counts: [{}],
    },
    {
      name: 'default soft constraints and a service',
      pod: makePod('p').labels({ foo: 'bar' }).obj(),
      nodes: [],
      defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' }],
      objects: { services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { foo: 'bar' } } }] },
      skip: true,
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: [makeNode('node-a', { node: 'node-a', foo: '' }), makeNode('node-b', { node: 'node-b', foo: '' }), makeNode('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      policies: [['Honor', 'Ignore']],
      paths: [[['node-a', 1], ['node-b', 2]]],
      counts: [{ 'node-a': 1, 'node-b': 2 }],
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, 'Ignore').obj(),
      nodes: [makeNode('node-a', { node: 'node-a', foo: '' }), makeNode('node-b', { node: 'node-b', foo: '' }), makeNode('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      policies: [['Ignore', 'Ignore']],
      paths: [[['node-c', 0], ['node-a', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: [makeNode('node-a', { node: 'node-a', foo: '' }), makeNode('node-b', { node: 'node-b', foo: '' }), makeNode('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-b', { bar: '' }), pod('p-e', 'node-c', {})],
      paths: [[['node-a', 1], ['node-b', 2]]],
      counts: [{ 'node-a': 1, 'node-b': 2 }],
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, 'Ignore').obj(),
      nodes: [makeNode('node-a', { node: 'node-a', foo: '' }), makeNode('node-b', { node: 'node-b', foo: '' }), makeNode('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      paths: [[['node-c', 0], ['node-a', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: [makeNode('node-a', { node: 'node-a' }), makeNode('node-b', { node: 'node-b' }), tainted('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      paths: [[['node-c', 0], ['node-a', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, undefined, 'Honor').obj(),
      nodes: [makeNode('node-a', { node: 'node-a' }), makeNode('node-b', { node: 'node-b' }), tainted('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      policies: [['Honor', 'Honor']],
      paths: [[['node-a', 1], ['node-b', 2]]],
      counts: [{ 'node-a': 1, 'node-b': 2 }],
    },
    {
      name: 'NodeTaintsPolicy honored with tolerated taints',
      pod: makePod('p').label('foo', '').toleration('node.kubernetes.io/unschedulable').spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, undefined, 'Honor').obj(),
      nodes: [makeNode('node-a', { node: 'node-a' }), makeNode('node-b', { node: 'node-b' }), tainted('node-c', { node: 'node-c', bar: '' })],
      pods: [pod('p-a', 'node-a', { bar: '' }), pod('p-b', 'node-b', { bar: '' }), pod('p-c', 'node-b', { bar: '' }), pod('p-d', 'node-c', {})],
      paths: [[['node-c', 0], ['node-a', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: makePod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
        .obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: '' }),
        makeNode('node-b', { zone: 'zone1', node: 'node-b' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
      ],
      pods: [pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-x1', 'node-x')],
      paths: [
        [['zone1', 0], ['zone2', 1]],
        [['node-a', 0], ['node-x', 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { 'node-a': 0, 'node-b': 2, 'node-x': 1 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, 'Honor').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: '' }),
        tainted('node-b', { zone: 'zone1', node: 'node-b' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
      ],
      pods: [pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-x1', 'node-x')],
      paths: [
        [['zone1', 0], ['zone2', 1]],
        [['node-a', 0], ['node-x', 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { 'node-a': 0, 'node-b': 2, 'node-x': 1 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a' }),
        tainted('node-b', { zone: 'zone1', node: 'node-b', foo: '' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
        makeNode('node-y', { zone: 'zone2', node: 'node-y' }),
      ],
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-x1', 'node-x'), pod('p-y1', 'node-y')],
      paths: [
        [['zone1', 0], ['zone2', 1]],
        [['node-b', 0], ['node-x', 1]],
      ],
      counts: [
        { zone1: 0, zone2: 1 },
        { 'node-b': 0, 'node-x': 1 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      pod: makePod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, 'Ignore')
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
        .obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a' }),
        tainted('node-b', { zone: 'zone1', node: 'node-b', foo: '' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
        makeNode('node-y', { zone: 'zone2', node: 'node-y', foo: '' }),
      ],
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-x1', 'node-x'), pod('p-x2', 'node-x'), pod('p-y1', 'node-y')],
      paths: [
        [['zone1', 2], ['zone2', 3]],
        [['node-y', 1], ['node-x', 2]],
      ],
      counts: [
        { zone1: 2, zone2: 3 },
        { 'node-x': 2, 'node-y': 1 },
      ],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: makePod('p').labels({ foo: '', bar: 'a' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, undefined, ['bar']).obj(),
      nodes: fourNodes,
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a', { foo: '', bar: 'a' }), pod('p-b1', 'node-b'), pod('p-y1', 'node-y', { foo: '', bar: 'a' }), pod('p-y2', 'node-y', { bar: '' })],
      selectors: ['bar=a,foo'],
      paths: [[['zone1', 1], ['zone2', 1]]],
      counts: [{ zone1: 1, zone2: 1 }],
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      pod: makePod('p').labels({ foo: 'a' }).spreadConstraint(1, 'zone', 'DoNotSchedule', {}, undefined, undefined, undefined, ['foo']).obj(),
      nodes: fourNodes,
      pods: ['p-a1', 'p-a2', 'p-b1', 'p-y1', 'p-y2'].map((n) => pod(n, `node-${n[2]}`, { foo: 'a' })),
      selectors: ['foo=a'],
      paths: [[['zone2', 2], ['zone1', 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: 'key in matchLabelKeys is ignored when LabelSelector is nil',
      pod: makePod('p').labels({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', undefined, undefined, undefined, undefined, ['bar']).obj(),
      nodes: fourNodes,
      pods: ['p-a1', 'p-a2', 'p-b1', 'p-y1', 'p-y2'].map((n) => pod(n, `node-${n[2]}`, { foo: 'a' })),
      paths: [[['zone1', 0], ['zone2', 0]]],
      counts: [{ zone1: 0, zone2: 0 }],
    },
    {
      name: "key in matchLabelKeys is ignored when it isn't exist in pod.labels",
      pod: makePod('p').labels({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, undefined, ['bar']).obj(),
      nodes: fourNodes,
      pods: ['p-a1', 'p-a2', 'p-b1', 'p-y1', 'p-y2'].map((n) => pod(n, `node-${n[2]}`, { foo: 'a' })),
      selectors: ['foo'],
      paths: [[['zone2', 2], ['zone1', 3]]],
      counts: [{ zone1: 3, zone2: 2 }],
    },
    {
      name: 'two spreadConstraints with the same topologyKey',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'zone', 'DoNotSchedule', bar).obj(),
      nodes: fourNodes,
      pods: [pod('p-a1', 'node-a', { foo: '', bar: '' }), pod('p-b1', 'node-b'), pod('p-x1', 'node-x', { bar: '' }), pod('p-y1', 'node-y', { foo: '', bar: '' }), pod('p-y2', 'node-y', { bar: '' })],
      paths: [
        [['zone2', 1], ['zone1', 2]],
        [['zone1', 1], ['zone2', 3]],
      ],
      counts: [
        { zone1: 2, zone2: 1 },
        { zone1: 1, zone2: 3 },
      ],
    },
    { name: 'skip if not specified', pod: makePod('p').label('foo', '').obj(), nodes: [zn('node-a', 'zone1')], skip: true },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, tc.pods ?? [], { defaultConstraints: tc.defaultConstraints ?? [], defaultingType: 'List' }, tc.objects);
      const state = new CycleState();
      const { status } = pl.preFilter(state, tc.pod, nodeInfos);
      if (tc.skip) {
        assert.equal(status.code, Code.Skip);
        return;
      }
      assert.ok(status.isSuccess(), status.message());
      const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      if (tc.selectors) assert.deepEqual(s.constraints.map((c) => c.selector.toString()), tc.selectors);
      if (tc.policies) assert.deepEqual(s.constraints.map((c) => [c.nodeAffinityPolicy, c.nodeTaintsPolicy]), tc.policies);
      for (const c of s.constraints) assert.equal(c.minDomains, 1);
      if (tc.paths) assert.deepEqual(s.constraints.map((_, i) => paths(s, i)), tc.paths);
      assert.deepEqual(counts(s), tc.counts);
    });
  }
});

describe('PodTopologySpread AddPod / RemovePod (TestPreFilterStateAddPod, TestPreFilterStateRemovePod)', () => {
  const cases: {
    name: string;
    preemptor: Pod;
    pods: Pod[];
    nodes: Node[];
    nodeIdx: number;
    added?: Pod;
    removed?: Pod;
    paths: [string, number][][];
    counts: Record<string, number>[];
  }[] = [
    {
      name: 'node a and b both impact current min match',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a'),
      pods: [],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      paths: [[['node-b', 0], ['node-a', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 0 }],
    },
    {
      name: 'only node a impacts current min match',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a'),
      pods: [pod('p-b1', 'node-b')],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      paths: [[['node-a', 1], ['node-b', 1]]],
      counts: [{ 'node-a': 1, 'node-b': 1 }],
    },
    {
      name: "add a pod in a different namespace doesn't change topologyKeyToMinPodsMap",
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a', { foo: '' }, 'ns1'),
      pods: [pod('p-b1', 'node-b')],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      paths: [[['node-a', 0], ['node-b', 1]]],
      counts: [{ 'node-a': 0, 'node-b': 1 }],
    },
    {
      name: "add pod on non-critical node won't trigger re-calculation",
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-b2', 'node-b'),
      pods: [pod('p-b1', 'node-b')],
      nodeIdx: 1,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      paths: [[['node-a', 0], ['node-b', 2]]],
      counts: [{ 'node-a': 0, 'node-b': 2 }],
    },
    {
      name: 'node a and x both impact topologyKeyToMinPodsMap on zone and node',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a'),
      pods: [],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
      paths: [
        [['zone2', 0], ['zone1', 1]],
        [['node-x', 0], ['node-a', 1]],
      ],
      counts: [
        { zone1: 1, zone2: 0 },
        { 'node-a': 1, 'node-x': 0 },
      ],
    },
    {
      name: 'node a impacts topologyKeyToMinPodsMap on node, node x impacts topologyKeyToMinPodsMap on zone',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a'),
      pods: [pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-x1', 'node-x')],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      paths: [
        [['zone2', 1], ['zone1', 3]],
        [['node-a', 1], ['node-x', 1]],
      ],
      counts: [
        { zone1: 3, zone2: 1 },
        { 'node-a': 1, 'node-b': 2, 'node-x': 1 },
      ],
    },
    {
      name: 'Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on both zone and node',
      preemptor: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      added: pod('p-a1', 'node-a', { foo: '', bar: '' }),
      pods: [pod('p-b1', 'node-b', { bar: '' }), pod('p-x1', 'node-x', { foo: '', bar: '' }), pod('p-x2', 'node-x', { bar: '' })],
      nodeIdx: 0,
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      paths: [
        [['zone1', 1], ['zone2', 1]],
        [['node-a', 1], ['node-b', 1]],
      ],
      counts: [
        { zone1: 1, zone2: 1 },
        { 'node-a': 1, 'node-b': 1, 'node-x': 2 },
      ],
    },
    {
      name: 'add a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').nodeAffinityNotIn('foo', ['bar']).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      added: pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }),
      pods: [pod('p-a2', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b1', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 0,
      nodes: [makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: 'bar' }), makeNode('node-b', { zone: 'zone2', node: 'node-b', foo: '' })],
      paths: [[['zone2', 1], ['', MAX_INT32]]],
      counts: [{ zone2: 1 }],
    },
    {
      name: 'add a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      added: pod('p-b1', 'node-b', { foo: '', zone: 'zone2' }),
      pods: [pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b2', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 1,
      nodes: [makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: 'bar' }), makeNode('node-b', { zone: 'zone2', node: 'node-b', foo: '' })],
      paths: [[['zone1', 1], ['zone2', 2]]],
      counts: [{ zone1: 1, zone2: 2 }],
    },
    {
      name: 'add a label selector not matched pod when with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      added: pod('p-b1', 'node-b', { zone: 'zone2' }),
      pods: [pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b2', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 1,
      nodes: [makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: 'bar' }), makeNode('node-b', { zone: 'zone2', node: 'node-b', foo: '' })],
      paths: [[['zone1', 1], ['zone2', 1]]],
      counts: [{ zone1: 1, zone2: 1 }],
    },
    {
      name: 'add a pod when scheduling taint tolerated pod with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').toleration('node.kubernetes.io/unschedulable').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      added: pod('p-b1', 'node-b', { foo: '', zone: 'zone2' }),
      pods: [pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b2', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 1,
      nodes: [tainted('node-a', { zone: 'zone1', node: 'node-a' }), makeNode('node-b', { zone: 'zone2', node: 'node-b' })],
      paths: [[['zone1', 1], ['zone2', 2]]],
      counts: [{ zone1: 1, zone2: 2 }],
    },
    {
      name: 'remove a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').nodeAffinityNotIn('foo', ['bar']).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      removed: pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }),
      pods: [pod('p-a2', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b1', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 0,
      nodes: [makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: 'bar' }), makeNode('node-b', { zone: 'zone2', node: 'node-b', foo: '' })],
      paths: [[['zone2', 1], ['', MAX_INT32]]],
      counts: [{ zone2: 1 }],
    },
    {
      name: 'remove a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled',
      preemptor: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      removed: pod('p-b1', 'node-b', { foo: '', zone: 'zone2' }),
      pods: [pod('p-a1', 'node-a', { foo: '', zone: 'zone1' }), pod('p-b2', 'node-b', { foo: '', zone: 'zone2' })],
      nodeIdx: 1,
      nodes: [makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: 'bar' }), makeNode('node-b', { zone: 'zone2', node: 'node-b', foo: '' })],
      paths: [[['zone2', 0], ['zone1', 1]]],
      counts: [{ zone1: 1, zone2: 0 }],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, tc.pods);
      const state = new CycleState();
      assert.ok(pl.preFilter(state, tc.preemptor, nodeInfos).status.isSuccess());
      const ext = pl.preFilterExtensions();
      const ni = nodeInfos[tc.nodeIdx];
      const st = tc.added ? ext.addPod(state, tc.preemptor, new PodInfo(tc.added), ni) : ext.removePod(state, tc.preemptor, new PodInfo(tc.removed!), ni);
      assert.ok(st.isSuccess());
      const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      assert.deepEqual(s.constraints.map((_, i) => paths(s, i)), tc.paths);
      assert.deepEqual(counts(s), tc.counts);
    });
  }

  test('clone() isolates preemption what-ifs from the cycle state', () => {
    const { pl, nodeInfos } = setup([zn('node-a', 'zone1'), zn('node-b', 'zone1')], [pod('p-b1', 'node-b')]);
    const p = makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj();
    const state = new CycleState();
    pl.preFilter(state, p, nodeInfos);
    const copy = state.clone();
    pl.preFilterExtensions().addPod(copy, p, new PodInfo(pod('p-a1', 'node-a')), nodeInfos[0]);
    assert.deepEqual(counts(state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!), [{ 'node-a': 0, 'node-b': 1 }]);
    assert.deepEqual(counts(copy.read<PreFilterState>(PRE_FILTER_STATE_KEY)!), [{ 'node-a': 1, 'node-b': 1 }]);
  });
});

type Want = Record<string, Code>;
const U = Code.Unschedulable;
const UU = Code.UnschedulableAndUnresolvable;
const S = Code.Success;

describe('PodTopologySpread Filter (TestSingleConstraint, TestMultipleConstraints)', () => {
  const four = [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')];
  const spread2103 = [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-b1', 'node-b'), pod('p-y1', 'node-y'), pod('p-y2', 'node-y'), pod('p-y3', 'node-y')];
  const nodeOnly = (names: string[], extra: Record<string, Record<string, string>> = {}) => names.map((n) => makeNode(n, { node: n, ...(extra[n] ?? {}) }));
  const cases: { name: string; pod: Pod; nodes: Node[]; pods?: Pod[]; want: Want }[] = [
    {
      name: 'no existing pods',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: four,
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "no existing pods, incoming pod doesn't match itself",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', bar).obj(),
      nodes: four,
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: [pod('p-a1', 'node-a', { foo: '' }, 'ns1'), pod('p-b1', 'node-a', { foo: '' }, 'ns2'), pod('p-x1', 'node-x'), pod('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'existing pods do not match null selector',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule').obj(),
      nodes: four,
      pods: [pod('p-x1', 'node-x'), pod('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: [zn('node-a', 'zone1'), makeNode('node-b', { zon: 'zone1', node: 'node-b' }), zn('node-x', 'zone2'), zn('node-y', 'zone2')],
      pods: [pod('p-a1', 'node-a'), pod('p-b1', 'node-b'), pod('p-x1', 'node-x'), pod('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'rack', 'DoNotSchedule', foo).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
      want: { 'node-a': UU, 'node-x': UU },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
      pod: makePod('p').label('bar', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      pod: makePod('p').label('foo', '').nodeAffinityIn('node', ['node-a', 'node-y']).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: nodeOnly(['node-a', 'node-b']),
      pods: [makePod('p-a').node('node-a').label('foo', '').terminating().obj(), pod('p-b', 'node-b')],
      want: { 'node-a': S, 'node-b': U },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
      pod: makePod('p').label('foo', '').nodeAffinityNotIn('node', ['node-b']).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: [pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo, 4).obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-c']),
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-c1', 'node-c')],
      want: { 'node-a': U, 'node-b': U, 'node-c': S },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo, 2).obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-c']),
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a'), pod('p-b1', 'node-b'), pod('p-b2', 'node-b'), pod('p-c1', 'node-c')],
      want: { 'node-a': S, 'node-b': S, 'node-c': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', foo, 3).obj(),
      nodes: four,
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', foo, 1).obj(),
      nodes: four,
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-x', 'node-y'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }),
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore').obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-x', 'node-y'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }),
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-x', 'node-y'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }),
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore').obj(),
      nodes: nodeOnly(['node-a', 'node-b', 'node-x', 'node-y'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }),
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, undefined, 'Honor').obj(),
      nodes: [...nodeOnly(['node-a', 'node-b', 'node-x'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }), tainted('node-y', { node: 'node-y' })],
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: [...nodeOnly(['node-a', 'node-b', 'node-x'], { 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }), tainted('node-y', { node: 'node-y' })],
      pods: [pod('p-b1', 'node-a'), pod('p-b2', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    // TestMultipleConstraints
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: spread2103,
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: four,
      pods: [...spread2103, pod('p-y4', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: four,
      pods: [pod('p-a1', 'node-a'), pod('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: four,
      pods: [pod('p-a1', 'node-a'), pod('p-x1', 'node-x', { bar: '' }), pod('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: four,
      pods: [pod('p-a1', 'node-a'), pod('p-a2', 'node-a', { foo: '', bar: '' }), pod('p-y1', 'node-y'), pod('p-y2', 'node-y', { foo: '', bar: '' }), pod('p-y3', 'node-y')],
      want: { 'node-a': U, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
      pod: makePod('p').labels({ bar: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: four,
      pods: [pod('p-a1', 'node-a'), pod('p-x1', 'node-x', { bar: '' }), pod('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), makeNode('node-x', { zone: 'zone2' }), zn('node-y', 'zone2')],
      pods: [pod('p-a1', 'node-a'), pod('p-y3', 'node-y')],
      want: { 'node-a': U, 'node-b': S, 'node-x': UU, 'node-y': U },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: makePod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
        .obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: '' }),
        makeNode('node-b', { zone: 'zone1', node: 'node-b', foo: '' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
        makeNode('node-y', { zone: 'zone2', node: 'node-y' }),
      ],
      pods: [pod('p-a1', 'node-a'), pod('p-b1', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, 'Honor').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', node: 'node-a', foo: '' }),
        makeNode('node-b', { zone: 'zone1', node: 'node-b', foo: '' }),
        makeNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
        tainted('node-y', { zone: 'zone2', node: 'node-y' }),
      ],
      pods: [pod('p-a1', 'node-a'), pod('p-b1', 'node-b'), pod('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, tc.pods ?? []);
      const state = new CycleState();
      assert.ok(pl.preFilter(state, tc.pod, nodeInfos).status.isSuccess());
      const got: Want = {};
      for (const ni of nodeInfos) {
        const s = pl.filter(state, tc.pod, ni);
        got[ni.name] = s.code;
        // Fact 78: the exact reasons.
        if (s.code === U) assert.deepEqual(s.reasons, [ERR_REASON_CONSTRAINTS_NOT_MATCH]);
        if (s.code === UU) assert.deepEqual(s.reasons, [ERR_REASON_NODE_LABEL_NOT_MATCH]);
      }
      assert.deepEqual(got, tc.want);
    });
  }

  test('fact 78 reason strings', () => {
    assert.equal(ERR_REASON_CONSTRAINTS_NOT_MATCH, "node(s) didn't match pod topology spread constraints");
    assert.equal(ERR_REASON_NODE_LABEL_NOT_MATCH, "node(s) didn't match pod topology spread constraints (missing required label)");
  });

  test('counts follow NodeInfo changes between cycles (the per-node count memo is invalidated)', () => {
    const { pl, nodeInfos } = setup(four, spread2103);
    const p = makePod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj();
    let state = new CycleState();
    pl.preFilter(state, p, nodeInfos);
    assert.equal(pl.filter(state, p, nodeInfos[2]).code, S);
    nodeInfos[2].addPod(new PodInfo(pod('p-x1', 'node-x')));
    nodeInfos[2].addPod(new PodInfo(pod('p-x2', 'node-x')));
    state = new CycleState();
    pl.preFilter(state, p, nodeInfos);
    assert.equal(pl.filter(state, p, nodeInfos[1]).code, S, 'node-b (1 pod) is now the minimum domain');
    assert.equal(pl.filter(state, p, nodeInfos[2]).code, U);
  });
});

describe('PodTopologySpread Score (TestPodTopologySpreadScore, fact 68)', () => {
  const h = (n: string): Node => makeNode(n, { [LABEL_HOSTNAME]: n });
  const hz = (n: string, zone: string): Node => makeNode(n, { zone, [LABEL_HOSTNAME]: n });
  const nodeLbl = (n: string, extra: Record<string, string> = {}): Node => makeNode(n, { node: n, ...extra });
  const on = (spec: string): Pod[] =>
    spec.split(' ').map((s) => {
      const [name, node, ...lbl] = s.split(':');
      return pod(name, node, Object.fromEntries((lbl.length ? lbl : ['foo']).map((k) => [k, ''])));
    });
  const cases: {
    name: string;
    pod: Pod;
    pods?: Pod[];
    nodes: Node[];
    failed?: Node[];
    objects?: Record<string, KubeObject[]>;
    want: [string, number][];
  }[] = [
    {
      name: 'one constraint on node, no existing pods',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      nodes: [h('node-a'), h('node-b')],
      want: [
        ['node-a', 100],
        ['node-b', 100],
      ],
    },
    {
      name: 'one constraint on node, only one node is candidate',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b'),
      nodes: [h('node-a')],
      failed: [h('node-b')],
      want: [['node-a', 100]],
    },
    {
      name: 'one constraint on node, all nodes have the same number of matching pods',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-b1:node-b'),
      nodes: [h('node-a'), h('node-b')],
      want: [
        ['node-a', 100],
        ['node-b', 100],
      ],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-d1:node-d p-d2:node-d p-d3:node-d'),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      want: [
        ['node-a', 20],
        ['node-b', 60],
        ['node-c', 100],
        ['node-d', 0],
      ],
    },
    {
      name: 'one constraint on node, null selector',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway').obj(),
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-d1:node-d p-d2:node-d p-d3:node-d'),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      want: [
        ['node-a', 100],
        ['node-b', 100],
        ['node-c', 100],
        ['node-d', 100],
      ],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      pod: makePod('p').label('foo', '').spreadConstraint(2, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-d1:node-d p-d2:node-d p-d3:node-d'),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      want: [
        ['node-a', 33],
        ['node-b', 66],
        ['node-c', 100],
        ['node-d', 16],
      ],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      pod: makePod('p').label('foo', '').spreadConstraint(3, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-a3:node-a p-a4:node-a p-b1:node-b p-b2:node-b p-b3:node-b p-c1:node-c p-c2:node-c p-d1:node-d'),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      want: [
        ['node-a', 44],
        ['node-b', 66],
        ['node-c', 77],
        ['node-d', 100],
      ],
    },
    {
      name: "system defaulting, nodes don't have zone, pods match service",
      pod: makePod('p').label('foo', '').obj(),
      pods: on('p-a1:node-a p-a2:node-a p-a3:node-a p-a4:node-a p-b1:node-b p-b2:node-b p-b3:node-b p-c1:node-c p-c2:node-c p-d1:node-d'),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      objects: { services: [{ metadata: { name: 'svc', namespace: 'default' }, spec: { selector: { foo: '' } } }] },
      want: [
        ['node-a', 44],
        ['node-b', 66],
        ['node-c', 77],
        ['node-d', 100],
      ],
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-a3:node-a p-a4:node-a p-b1:node-b p-b2:node-b p-x1:node-x p-y1:node-y p-y2:node-y p-y3:node-y'),
      nodes: [h('node-a'), h('node-b'), h('node-x')],
      failed: [h('node-y')],
      want: [
        ['node-a', 33],
        ['node-b', 83],
        ['node-x', 100],
      ],
    },
    {
      name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-a3:node-a p-a4:node-a p-b1:node-b p-b2:node-b p-x1:node-x p-y1:node-y p-y2:node-y p-y3:node-y'),
      nodes: [h('node-a'), makeNode('node-b', { n: 'node-b' }), h('node-x')],
      failed: [h('node-y')],
      want: [
        ['node-a', 16],
        ['node-b', 0],
        ['node-x', 100],
      ],
    },
    {
      name: 'one constraint on zone, 3 out of 4 nodes are candidates',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-a3:node-a p-a4:node-a p-b1:node-b p-b2:node-b p-x1:node-x p-y1:node-y p-y2:node-y p-y3:node-y'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-y', 'zone2')],
      want: [
        ['node-a', 75],
        ['node-b', 75],
        ['node-x', 100],
      ],
    },
    {
      name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-x1:node-x p-x2:node-x p-y1:node-y p-y2:node-y p-y3:node-y p-y4:node-y'),
      nodes: [hz('node-a', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-b', 'zone1'), hz('node-y', 'zone2')],
      want: [
        ['node-a', 100],
        ['node-x', 63],
      ],
    },
    {
      name: 'two Constraints on zone, 2 out of 4 nodes are candidates',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, 'zone', 'ScheduleAnyway', bar).obj(),
      pods: on('p-a1:node-a:foo:bar p-a2:node-a:foo p-b1:node-b:foo:bar p-y1:node-y:foo p-y2:node-y:foo:bar p-y3:node-y:foo'),
      nodes: [makeNode('node-a', { zone: 'zone1' }), makeNode('node-x', { zone: 'zone2' })],
      failed: [makeNode('node-b', { zone: 'zone1' }), makeNode('node-y', { zone: 'zone2' })],
      want: [
        ['node-a', 85],
        ['node-x', 100],
      ],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', bar).obj(),
      pods: on('p-a1:node-a:foo p-b1:node-b:foo:bar p-y1:node-y:foo p-y2:node-y:bar'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2'), hz('node-y', 'zone2')],
      want: [
        ['node-a', 60],
        ['node-b', 20],
        ['node-x', 100],
        ['node-y', 60],
      ],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', bar).obj(),
      pods: on('p-b1:node-b:bar p-x1:node-x:foo p-y1:node-y:foo:bar'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2'), hz('node-y', 'zone2')],
      want: [
        ['node-a', 100],
        ['node-b', 60],
        ['node-x', 40],
        ['node-y', 0],
      ],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      pod: makePod('p').labels({ foo: '', bar: '' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', bar).obj(),
      pods: on('p-a1:node-a:foo p-b1:node-b:foo:bar p-y1:node-y:foo p-y2:node-y:bar'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-y', 'zone2')],
      want: [
        ['node-a', 50],
        ['node-b', 25],
        ['node-x', 100],
      ],
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      pods: [pod('p-a1', 'node-a', { foo: '' }, 'ns1'), ...on('p-a2:node-a p-b1:node-b p-b2:node-b')],
      nodes: [h('node-a'), h('node-b')],
      want: [
        ['node-a', 100],
        ['node-b', 33],
      ],
    },
    {
      name: 'terminating Pods should be excluded',
      pod: makePod('p').label('foo', '').spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      nodes: [h('node-a'), h('node-b')],
      pods: [makePod('p-a').node('node-a').label('foo', '').terminating().obj(), pod('p-b', 'node-b')],
      want: [
        ['node-a', 100],
        ['node-b', 0],
      ],
    },
    {
      name: 'minDomains has no effect when ScheduleAnyway',
      pod: makePod('p').label('foo', '').spreadConstraint(2, 'node', 'ScheduleAnyway', foo, 10).obj(),
      nodes: [nodeLbl('node-a'), nodeLbl('node-b'), nodeLbl('node-c')],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-b2:node-b p-c1:node-c'),
      want: [
        ['node-a', 75],
        ['node-b', 75],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeAffinityPolicy honoed with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', foo).obj(),
      nodes: [nodeLbl('node-a', { foo: '' }), nodeLbl('node-b', { foo: '' }), nodeLbl('node-c')],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 0],
        ['node-b', 33],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: makePod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, 'Ignore').obj(),
      nodes: [nodeLbl('node-a', { foo: '' }), nodeLbl('node-b', { foo: '' }), nodeLbl('node-c')],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 66],
        ['node-b', 100],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeAffinityPolicy honoed with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', foo).obj(),
      nodes: [nodeLbl('node-a', { foo: '' }), nodeLbl('node-b', { foo: '' }), nodeLbl('node-c')],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 0],
        ['node-b', 33],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: makePod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, 'Ignore').obj(),
      nodes: [nodeLbl('node-a', { foo: '' }), nodeLbl('node-b', { foo: '' }), nodeLbl('node-c')],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 66],
        ['node-b', 100],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, undefined, 'Honor').obj(),
      nodes: [nodeLbl('node-a'), nodeLbl('node-b'), tainted('node-c', { node: 'node-c' })],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 0],
        ['node-b', 33],
        ['node-c', 100],
      ],
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', foo).obj(),
      nodes: [nodeLbl('node-a'), nodeLbl('node-b'), tainted('node-c', { node: 'node-c' })],
      pods: on('p-a1:node-a p-a2:node-a p-b1:node-b p-c1:node-c'),
      want: [
        ['node-a', 66],
        ['node-b', 100],
        ['node-c', 100],
      ],
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      pod: makePod('p')
        .labels({ foo: '', bar: '' })
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', {}, undefined, undefined, undefined, ['foo'])
        .spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', {}, undefined, undefined, undefined, ['bar'])
        .obj(),
      pods: on('p-a1:node-a:foo p-b1:node-b:foo:bar p-y1:node-c:foo p-y2:node-c:bar'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-c', 'zone2'), hz('node-d', 'zone2')],
      want: [
        ['node-a', 60],
        ['node-b', 20],
        ['node-c', 60],
        ['node-d', 100],
      ],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: makePod('p')
        .labels({ foo: '', bar: '', baz: '' })
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
        .spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', bar, undefined, undefined, undefined, ['baz'])
        .obj(),
      pods: on('p-a1:node-a:foo p-b1:node-b:foo:bar:baz p-c1:node-c:foo p-c2:node-c:bar p-d3:node-c:bar:baz'),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-c', 'zone2'), hz('node-d', 'zone2')],
      want: [
        ['node-a', 60],
        ['node-b', 20],
        ['node-c', 60],
        ['node-d', 100],
      ],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const all = [...tc.nodes, ...(tc.failed ?? [])];
      const { pl, nodeInfos } = setup(all, tc.pods ?? [], { defaultingType: 'System' }, tc.objects);
      const filtered = nodeInfos.filter((ni) => tc.nodes.some((n) => n.metadata?.name === ni.name));
      const state = new CycleState();
      const st = pl.preScore(state, tc.pod, filtered);
      assert.ok(st.isSuccess(), st.message());
      const scores: NodeScore[] = filtered.map((ni) => {
        return { name: ni.name, score: scoreValue(pl.score(state, tc.pod, ni)) };
      });
      assert.ok(pl.scoreExtensions().normalizeScore(state, tc.pod, scores).isSuccess());
      assert.deepEqual(
        scores.map((s) => [s.name, s.score]),
        tc.want,
      );
    });
  }
});

describe('PodTopologySpread PreScore state (TestPreScoreStateEmptyNodes) and skips (TestPreScoreSkip)', () => {
  const rs1 = { metadata: { name: 'rs1', namespace: 'default' }, spec: { selector: foo } };
  const cases: {
    name: string;
    pod: Pod;
    nodes: Node[];
    args: Partial<PodTopologySpreadArgs>;
    objects?: Record<string, KubeObject[]>;
    want?: { selectors: string[]; skews: number[]; ignored: string[]; counts: Record<string, number>[]; weights: number[] };
  }[] = [
    {
      name: 'normal case',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', foo).obj(),
      nodes: ['node-a:zone1', 'node-b:zone1', 'node-x:zone2'].map((s) => makeNode(s.split(':')[0], { zone: s.split(':')[1], [LABEL_HOSTNAME]: s.split(':')[0] })),
      args: { defaultingType: 'List' },
      want: { selectors: ['foo', 'foo'], skews: [1, 1], ignored: [], counts: [{ zone1: 0, zone2: 0 }, {}], weights: [topologyNormalizingWeight(2), topologyNormalizingWeight(3)] },
    },
    {
      name: 'null selector',
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway').obj(),
      nodes: ['node-a:zone1', 'node-b:zone1', 'node-x:zone2'].map((s) => makeNode(s.split(':')[0], { zone: s.split(':')[1], [LABEL_HOSTNAME]: s.split(':')[0] })),
      args: { defaultingType: 'List' },
      want: { selectors: [''], skews: [1], ignored: [], counts: [{ zone1: 0, zone2: 0 }], weights: [topologyNormalizingWeight(2)] },
    },
    {
      name: "node-x doesn't have label zone",
      pod: makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', bar).obj(),
      nodes: [
        makeNode('node-a', { zone: 'zone1', [LABEL_HOSTNAME]: 'node-a' }),
        makeNode('node-b', { zone: 'zone1', [LABEL_HOSTNAME]: 'node-b' }),
        makeNode('node-x', { [LABEL_HOSTNAME]: 'node-x' }),
      ],
      args: { defaultingType: 'List' },
      want: { selectors: ['foo', 'bar'], skews: [1, 1], ignored: ['node-x'], counts: [{ zone1: 0 }, {}], weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(2)] },
    },
    {
      name: 'system default constraints and a replicaset',
      pod: makePod('p').labels({ foo: 'tar', baz: 'sup' }).ownerReference('rs1', 'apps/v1', 'ReplicaSet').obj(),
      nodes: [
        makeNode('node-a', { [LABEL_HOSTNAME]: 'node-a', [LABEL_TOPOLOGY_ZONE]: 'mars' }),
        makeNode('node-b', { [LABEL_HOSTNAME]: 'node-b', [LABEL_TOPOLOGY_ZONE]: 'mars' }),
        // Nodes with no zone are not excluded. They are considered a separate zone.
        makeNode('node-c', { [LABEL_HOSTNAME]: 'node-c' }),
        makeNode('node-d', { [LABEL_HOSTNAME]: 'node-d' }),
      ],
      args: { defaultingType: 'System' },
      objects: { 'replicasets.apps': [rs1] },
      want: { selectors: ['foo', 'foo'], skews: [3, 5], ignored: [], counts: [{}, { mars: 0, '': 0 }], weights: [topologyNormalizingWeight(4), topologyNormalizingWeight(2)] },
    },
    {
      name: 'default constraints and a replicaset',
      pod: makePod('p').labels({ foo: 'tar', baz: 'sup' }).ownerReference('rs1', 'apps/v1', 'ReplicaSet').obj(),
      nodes: [makeNode('node-a', { rack: 'rack1', [LABEL_HOSTNAME]: 'node-a', planet: 'mars' })],
      args: {
        defaultingType: 'List',
        defaultConstraints: [
          { maxSkew: 1, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
          { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      },
      objects: { 'replicasets.apps': [rs1] },
      want: { selectors: ['foo', 'foo'], skews: [1, 2], ignored: [], counts: [{}, { mars: 0 }], weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(1)] },
    },
    {
      name: 'default constraints and a replicaset, but pod has constraints',
      pod: makePod('p')
        .labels({ foo: 'bar', baz: 'sup' })
        .ownerReference('rs1', 'apps/v1', 'ReplicaSet')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', bar)
        .spreadConstraint(2, 'planet', 'ScheduleAnyway', { matchLabels: { baz: 'sup' } })
        .obj(),
      nodes: [makeNode('node-a', { planet: 'mars', galaxy: 'andromeda' })],
      args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'galaxy', whenUnsatisfiable: 'ScheduleAnyway' }] },
      objects: { 'replicasets.apps': [rs1] },
      want: { selectors: ['baz=sup'], skews: [2], ignored: [], counts: [{ mars: 0 }], weights: [topologyNormalizingWeight(1)] },
    },
    {
      name: "skip: the pod doesn't have soft topology spread Constraints",
      pod: makePod('p').obj(),
      nodes: [makeNode('node-a', { [LABEL_HOSTNAME]: 'node-a' }), makeNode('node-b', { [LABEL_HOSTNAME]: 'node-b' })],
      args: { defaultingType: 'List' },
    },
    {
      name: "skip: default constraints and a replicaset that doesn't match",
      pod: makePod('p').labels({ foo: 'bar', baz: 'sup' }).ownerReference('rs2', 'apps/v1', 'ReplicaSet').obj(),
      nodes: [makeNode('node-a', { planet: 'mars' })],
      args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' }] },
      objects: { 'replicasets.apps': [{ metadata: { name: 'rs1', namespace: 'default' }, spec: { selector: existsSelector('tar') } }] },
    },
    {
      name: 'skip: system defaults and a pod no Service or controller selects',
      pod: makePod('p').label('app', 'web').obj(),
      nodes: [makeNode('node-a', { [LABEL_HOSTNAME]: 'node-a' })],
      args: { defaultingType: 'System' },
      objects: { services: [{ metadata: { name: 'other', namespace: 'default' }, spec: { selector: { app: 'db' } } }] },
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, [], tc.args, tc.objects);
      const state = new CycleState();
      const st = pl.preScore(state, tc.pod, nodeInfos);
      if (!tc.want) {
        assert.equal(st.code, Code.Skip);
        return;
      }
      assert.ok(st.isSuccess(), st.message());
      const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY)!;
      assert.deepEqual(s.constraints.map((c) => c.selector.toString()), tc.want.selectors);
      assert.deepEqual(s.constraints.map((c) => c.maxSkew), tc.want.skews);
      assert.deepEqual(s.constraints.map((c) => [c.nodeAffinityPolicy, c.nodeTaintsPolicy, c.minDomains]), tc.want.skews.map(() => ['Honor', 'Ignore', 1]));
      assert.deepEqual([...s.ignoredNodes], tc.want.ignored);
      assert.deepEqual(s.topologyValueToPodCounts.map((m) => Object.fromEntries(m)), tc.want.counts);
      assert.deepEqual(s.topologyNormalizingWeight, tc.want.weights);
    });
  }

  test('no nodes in the snapshot: Skip', () => {
    const { pl } = setup([], []);
    const p = makePod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).obj();
    assert.equal(pl.preScore(new CycleState(), p, []).code, Code.Skip);
  });
});

describe('PodTopologySpread plugin contract', () => {
  test('name and events to register', () => {
    const { pl } = setup([], []);
    assert.equal(pl.name(), NAME);
    assert.equal(NAME, 'PodTopologySpread');
    assert.deepEqual(
      pl.eventsToRegister().map((e) => [e.resource, e.actionType]),
      [
        ['Pod', 1 | 128 | 2],
        ['Node', 1 | 2 | 8 | 16],
      ],
    );
  });

  test('create() defaults args to System defaulting', () => {
    const nodeInfos = buildNodeInfos([makeNode('n1', { [LABEL_HOSTNAME]: 'n1' })]);
    const handle = new FakeHandle({ nodeInfos, objects: { services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'a' } } }] } });
    const pl = create(undefined, handle) as PodTopologySpread;
    const state = new CycleState();
    assert.ok(pl.preScore(state, makePod('p').label('app', 'a').obj(), nodeInfos).isSuccess());
    assert.deepEqual(
      state.read<PreScoreState>(PRE_SCORE_STATE_KEY)!.constraints.map((c) => [c.topologyKey, c.maxSkew]),
      [
        [LABEL_HOSTNAME, 3],
        [LABEL_TOPOLOGY_ZONE, 5],
      ],
    );
  });
});
