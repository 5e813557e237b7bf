// InterPodAffinity (SEMANTICS fact 67 scoring, fact 78 filter reasons): upstream's vectors from
// pkg/scheduler/framework/plugins/interpodaffinity/{filtering,scoring}_test.go, number for number.
// Upstream's pods live in namespace ""; here they live in "default" (the builder's namespace), and
// the one term that names "" names "default" instead.
import { scoreValue } from './support/score';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code, Status } from '../src/scheduler/framework/status';
import { PodInfo, type NodeScore } from '../src/scheduler/framework/types';
import {
  create,
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  InterPodAffinity,
  NAME,
  pairKey,
  PRE_FILTER_STATE_KEY,
  PreFilterState,
} from '../src/scheduler/plugins/interpodaffinity';
import type { InterPodAffinityArgs } from '../src/scheduler/apis/config/types';
import { buildNodeInfos, FakeHandle, makeNode, makePod } from './support/fake_handle_preemption';

const NAMESPACES: Record<string, Record<string, string>> = {
  'subteam1.team1': { team: 'team1' },
  'subteam2.team1': { team: 'team1' },
  'subteam1.team2': { team: 'team2' },
  'subteam2.team2': { team: 'team2' },
};

function setup(nodes: Node[], pods: Pod[], args: Partial<InterPodAffinityArgs> = {}) {
  const nodeInfos = buildNodeInfos(nodes, pods);
  const handle = new FakeHandle({ nodeInfos, namespaces: NAMESPACES });
  const pl = create({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false, ...args }, handle) as InterPodAffinity;
  return { pl, nodeInfos };
}

const inSel = (key: string, ...values: string[]): LabelSelector => ({ matchExpressions: [{ key, operator: 'In', values }] });
const weighted = (weight: number, topologyKey: string, labelSelector: LabelSelector, extra: Partial<PodAffinityTerm> = {}) => ({
  weight,
  podAffinityTerm: { labelSelector, topologyKey, ...extra },
});
const nsSelTeam1: Partial<PodAffinityTerm> = { namespaces: ['subteam2.team2'], namespaceSelector: inSel('team', 'team1') };

// The affinities of TestPreferredAffinity.
const stayWithS1InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'region', inSel('security', 'S1'))] } };
const stayWithS2InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(6, 'region', inSel('security', 'S2'))] } };
const affinity3: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      weighted(8, 'region', {
        matchExpressions: [
          { key: 'security', operator: 'NotIn', values: ['S1'] },
          { key: 'security', operator: 'In', values: ['S2'] },
        ],
      }),
      weighted(2, 'region', {
        matchExpressions: [
          { key: 'security', operator: 'Exists' },
          { key: 'wrongkey', operator: 'DoesNotExist' },
        ],
      }),
    ],
  },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: inSel('security', 'S1', 'value2'), topologyKey: 'region' },
      {
        labelSelector: {
          matchExpressions: [
            { key: 'security', operator: 'Exists' },
            { key: 'wrongkey', operator: 'DoesNotExist' },
          ],
        },
        topologyKey: 'region',
      },
    ],
  },
};
const awayFromS1InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', inSel('security', 'S1'))] } };
const awayFromS2InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', inSel('security', 'S2'))] } };
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, 'region', inSel('security', 'S1'))] },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', inSel('security', 'S2'))] },
};
const affinityNamespaceSelector: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'region', inSel('security', 'S1'), nsSelTeam1)] },
};
const antiAffinityNamespaceSelector: Affinity = {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'region', inSel('security', 'S1'), nsSelTeam1)] },
};
const invalidAffinityLabels: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, 'region', inSel('security', '{{.bad-value.}}'))] },
};
const invalidAntiAffinityLabels: Affinity = {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'az', inSel('security', '{{.bad-value.}}'))] },
};

const rgChina = { region: 'China' };
const rgIndia = { region: 'India' };
const azAz1 = { az: 'az1' };
const azAz2 = { az: 'az2' };
const rgChinaAzAz1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };

/** A pod: (labels, node, affinity, namespace). */
function p(labels: Record<string, string> | undefined, node = '', affinity?: Affinity, ns?: string): Pod {
  const b = makePod();
  if (labels) b.labels(labels);
  if (node) b.node(node);
  if (affinity) b.affinity(affinity);
  if (ns) b.namespace(ns);
  return b.obj();
}
const n = (name: string, labels: Record<string, string>): Node => makeNode(name, labels);

function runScores(pl: InterPodAffinity, pod: Pod, nodeInfos: ReturnType<typeof buildNodeInfos>): { status: Status; scores?: [string, number][] } {
  const state = new CycleState();
  const status = pl.preScore(state, pod, nodeInfos);
  if (!status.isSuccess()) return { status };
  const scores: NodeScore[] = nodeInfos.map((ni) => ({ name: ni.name, score: scoreValue(pl.score(state, pod, ni)) }));
  assert.ok(pl.scoreExtensions().normalizeScore(state, pod, scores).isSuccess());
  return { status, scores: scores.map((s) => [s.name, s.score]) };
}

describe('InterPodAffinity Score (TestPreferredAffinity, fact 67)', () => {
  const cases: { name: string; pod: Pod; pods?: Pod[]; nodes: Node[]; ignore?: boolean; want?: [string, number][]; wantStatus?: [Code, string?] }[] = [
    {
      name: 'all nodes are same priority as Affinity is nil',
      pod: p(S1),
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      wantStatus: [Code.Skip],
    },
    {
      name: "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
      pod: p(S1, '', stayWithS1InRegion),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(S1, 'node3')],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 100],
        ['node2', 0],
        ['node3', 0],
      ],
    },
    {
      name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod: p(undefined, '', stayWithS1InRegion),
      pods: [p(S1, 'node1')],
      nodes: [n('node1', rgChina), n('node2', rgChinaAzAz1), n('node3', rgIndia)],
      want: [
        ['node1', 100],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    {
      name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod: p(S1, '', stayWithS2InRegion),
      pods: [p(S2, 'node1'), p(S2, 'node1'), p(S2, 'node2'), p(S2, 'node3'), p(S2, 'node4'), p(S2, 'node5')],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', rgChina), n('node4', rgChina), n('node5', rgIndia)],
      want: [
        ['node1', 100],
        ['node2', 0],
        ['node3', 100],
        ['node4', 100],
        ['node5', 0],
      ],
    },
    {
      name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures',
      pod: p(S1, '', affinity3),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(S1, 'node3')],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 20],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    {
      name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegion), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 0],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    {
      name: 'Affinity symmetry with namespace selector',
      pod: p(S1, '', undefined, 'subteam1.team1'),
      pods: [p(S1, 'node1', affinityNamespaceSelector), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 100],
        ['node2', 0],
        ['node3', 0],
      ],
    },
    {
      name: 'AntiAffinity symmetry with namespace selector',
      pod: p(S1, '', undefined, 'subteam1.team1'),
      pods: [p(S1, 'node1', antiAffinityNamespaceSelector), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 0],
        ['node2', 100],
        ['node3', 100],
      ],
    },
    {
      name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: p(S1),
      pods: [p(S1, 'node1', hardAffinity), p(S2, 'node2', hardAffinity)],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)],
      want: [
        ['node1', 100],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    {
      name: 'Anti Affinity: pod that does not match existing pods in node will get high score',
      pod: p(S1, '', awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S2, 'node2')],
      nodes: [n('node1', azAz1), n('node2', rgChina)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others',
      pod: p(S1, '', awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S1, 'node2')],
      nodes: [n('node1', azAz1), n('node2', rgChina)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod: p(S1, '', awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S1, 'node1'), p(S2, 'node2')],
      nodes: [n('node1', azAz1), n('node2', rgIndia)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod: p(S2),
      pods: [p(S1, 'node1', awayFromS2InAz), p(S2, 'node2', awayFromS1InAz)],
      nodes: [n('node1', azAz1), n('node2', azAz2)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod: p(S1, '', stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S1, 'node2')],
      nodes: [n('node1', rgChina), n('node2', azAz1)],
      want: [
        ['node1', 100],
        ['node2', 0],
      ],
    },
    {
      name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod: p(S1, '', stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S1, 'node1'), p(S1, 'node2'), p(S1, 'node3'), p(S1, 'node3'), p(S1, 'node4'), p(S1, 'node5')],
      nodes: [n('node1', rgChinaAzAz1), n('node2', rgIndia), n('node3', rgChina), n('node4', rgChina), n('node5', rgIndia)],
      want: [
        ['node1', 100],
        ['node2', 0],
        ['node3', 100],
        ['node4', 100],
        ['node5', 0],
      ],
    },
    {
      name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod: p(S1, '', stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(undefined, 'node3', stayWithS1InRegionAwayFromS2InAz), p(undefined, 'node4', awayFromS1InAz)],
      nodes: [n('node1', rgChina), n('node2', azAz1), n('node3', rgIndia), n('node4', azAz2)],
      want: [
        ['node1', 100],
        ['node2', 0],
        ['node3', 100],
        ['node4', 0],
      ],
    },
    {
      name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod: p(S1),
      pods: [p(S1, 'node1'), p(undefined, 'node2', stayWithS1InRegionAwayFromS2InAz)],
      nodes: [n('node1', rgChina), n('node2', rgChina)],
      want: [
        ['node1', 0],
        ['node2', 0],
      ],
    },
    {
      name: 'invalid Affinity fails PreScore',
      pod: p(undefined, '', invalidAffinityLabels),
      nodes: [n('node1', rgChina), n('node2', rgChina)],
      wantStatus: [Code.Error, 'Invalid value: "{{.bad-value.}}"'],
    },
    {
      name: 'invalid AntiAffinity fails PreScore',
      pod: p(undefined, '', invalidAntiAffinityLabels),
      nodes: [n('node1', rgChina), n('node2', rgChina)],
      wantStatus: [Code.Error, 'Invalid value: "{{.bad-value.}}"'],
    },
    {
      name: 'Affinity with pods matching NamespaceSelector',
      pod: p(S1, '', affinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: [
        ['node1', 100],
        ['node2', 0],
      ],
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod: p(S1, '', affinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam2.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: [
        ['node1', 100],
        ['node2', 0],
      ],
    },
    {
      name: 'Anti-affinity with pods matching NamespaceSelector',
      pod: p(S1, '', antiAffinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Anti-affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod: p(S1, '', antiAffinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam2.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    {
      name: 'Ignore preferred terms of existing pods',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegionAwayFromS2InAz), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      ignore: true,
      wantStatus: [Code.Skip],
    },
    {
      name: 'Do not ignore preferred terms of existing pods',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegionAwayFromS2InAz), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: [
        ['node1', 0],
        ['node2', 100],
      ],
    },
    { name: 'No nodes to score', pod: p(S2), nodes: [], wantStatus: [Code.Skip] },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, tc.pods ?? [], { ignorePreferredTermsOfExistingPods: tc.ignore ?? false });
      const got = runScores(pl, tc.pod, nodeInfos);
      if (tc.wantStatus) {
        assert.equal(got.status.code, tc.wantStatus[0]);
        if (tc.wantStatus[1]) assert.ok(got.status.message().includes(tc.wantStatus[1]), got.status.message());
        return;
      }
      assert.ok(got.status.isSuccess(), got.status.message());
      assert.deepEqual(got.scores, tc.want);
    });
  }
});

describe('InterPodAffinity Score with hardPodAffinityWeight (TestPreferredAffinityWithHardPodAffinitySymmetricWeight)', () => {
  const hardPodAffinity: Affinity = {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: inSel('service', 'S1'), namespaces: ['default', 'subteam2.team2'], namespaceSelector: inSel('team', 'team1'), topologyKey: 'region' },
      ],
    },
  };
  const nodes = [n('node1', rgChina), n('node2', rgIndia), n('node3', azAz1)];
  const pods = [p(undefined, 'node1', hardPodAffinity), p(undefined, 'node2', hardPodAffinity)];
  const svc = { service: 'S1' };
  const cases: { name: string; pod: Pod; weight: number; want?: [string, number][] }[] = [
    {
      name: 'with default weight',
      pod: p(svc),
      weight: 1,
      want: [
        ['node1', 100],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    { name: 'with zero weight', pod: p(svc), weight: 0 },
    { name: 'with no matching namespace', pod: p(svc, '', undefined, 'subteam1.team2'), weight: 1 },
    {
      name: 'with matching NamespaceSelector',
      pod: p(svc, '', undefined, 'subteam1.team1'),
      weight: 1,
      want: [
        ['node1', 100],
        ['node2', 100],
        ['node3', 0],
      ],
    },
    {
      name: 'with matching Namespaces',
      pod: p(svc, '', undefined, 'subteam2.team2'),
      weight: 1,
      want: [
        ['node1', 100],
        ['node2', 100],
        ['node3', 0],
      ],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(nodes, pods, { hardPodAffinityWeight: tc.weight });
      const got = runScores(pl, tc.pod, nodeInfos);
      if (!tc.want) {
        assert.equal(got.status.code, Code.Skip);
        return;
      }
      assert.deepEqual(got.scores, tc.want);
    });
  }

  test('normalization spans min..max of the raw scores, not 0..max (v1.21+; fact 67 describes the older rule)', () => {
    // Raw 10 (India) vs 20 (China): upstream v1.32 gives 0 and 100 where the pre-1.21 rule gave 50 and 100.
    const { pl, nodeInfos } = setup([n('node1', rgChina), n('node2', rgIndia)], [p(S1, 'node1'), p(S1, 'node1'), p(S1, 'node2')]);
    const pod = p(undefined, '', { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(10, 'region', inSel('security', 'S1'))] } });
    assert.deepEqual(runScores(pl, pod, nodeInfos).scores, [
      ['node1', 100],
      ['node2', 0],
    ]);
  });
});

type F = Status | null;
const uar = Status.of(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const antiU = Status.of(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const existU = Status.of(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
const req = (anti: boolean, key: string, topologyKey: string, op: 'In' | 'NotIn' | 'Exists', values?: string[]) => ({ anti, key, topologyKey, op, values });
type Req = ReturnType<typeof req>;
function pa(labels: Record<string, string> | undefined, node: string, reqs: Req[], ns?: string, name = ''): Pod {
  const b = makePod(name);
  if (labels) b.labels(labels);
  if (node) b.node(node);
  if (ns) b.namespace(ns);
  for (const r of reqs) b.requiredAffinity(r.anti, r.key, r.topologyKey, r.op, r.values);
  return b.obj();
}
/** createPodWithAffinityTerms. */
function withTerms(ns: string, labels: Record<string, string>, affinity: PodAffinityTerm[] | undefined, anti: PodAffinityTerm[] | undefined): Pod {
  return makePod()
    .namespace(ns)
    .labels(labels)
    .affinity({
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti },
    })
    .obj();
}

function assertFilter(pl: InterPodAffinity, pod: Pod, nodeInfos: ReturnType<typeof buildNodeInfos>, wantPreFilter: Status | undefined, want: F[]): void {
  const state = new CycleState();
  const pre = pl.preFilter(state, pod, nodeInfos).status;
  if (wantPreFilter) {
    assert.equal(pre.code, wantPreFilter.code);
    assert.deepEqual(pre.reasons, wantPreFilter.reasons);
    return;
  }
  assert.ok(pre.isSuccess(), pre.message());
  const got = nodeInfos.map((ni) => {
    const s = pl.filter(state, pod, ni);
    return s.isSuccess() ? null : [s.code, s.reasons];
  });
  assert.deepEqual(
    got,
    want.map((w) => (w ? [w.code, w.reasons] : null)),
  );
}

describe('InterPodAffinity Filter on one node (TestRequiredAffinitySingleNode)', () => {
  const podLabel = { service: 'securityscan' };
  const podLabel2 = { security: 'S1' };
  const existing = pa(podLabel, 'node1', []);
  const node1 = n('node1', { region: 'r1', zone: 'z11' });
  const svcTerm = (extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: inSel('service', 'securityscan', 'value2'), topologyKey: '', ...extra });
  const cases: { name: string; pod: Pod; pods?: Pod[]; pre?: Status; want?: F }[] = [
    { name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', pod: makePod().obj(), pre: Status.of(Code.Skip) },
    {
      name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod: pa(podLabel2, '', [req(false, 'service', 'region', 'In', ['securityscan', 'value2'])]),
      pods: [existing],
    },
    {
      name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod: pa(podLabel2, '', [req(false, 'service', 'region', 'NotIn', ['securityscan3', 'value3'])]),
      pods: [existing],
    },
    {
      name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod: withTerms('default', podLabel2, [svcTerm({ namespaces: ['DiffNameSpace'] })], undefined),
      pods: [pa(podLabel, 'node1', [], 'ns')],
      want: uar,
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: pa(podLabel, '', [req(false, 'service', '', 'In', ['antivirusscan', 'value2'])]),
      pods: [existing],
      want: uar,
    },
    {
      name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution',
      pod: withTerms(
        'default',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            topologyKey: 'region',
          },
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            topologyKey: 'region',
          },
        ],
        undefined,
      ),
      pods: [existing],
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: withTerms(
        'default',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            topologyKey: 'region',
          },
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan2'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            topologyKey: 'region',
          },
        ],
        undefined,
      ),
      pods: [existing],
      want: uar,
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod: pa(podLabel2, '', [req(false, 'service', 'region', 'In', ['securityscan', 'value2']), req(true, 'service', 'node', 'In', ['antivirusscan', 'value2'])]),
      pods: [existing],
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod: pa(podLabel2, '', [req(false, 'service', 'region', 'In', ['securityscan', 'value2']), req(true, 'service', 'node', 'In', ['antivirusscan', 'value2'])]),
      pods: [pa(podLabel, 'node1', [req(true, 'service', 'node', 'In', ['antivirusscan', 'value2'])])],
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: pa(podLabel2, '', [req(false, 'service', 'region', 'In', ['securityscan', 'value2']), req(true, 'service', 'zone', 'In', ['securityscan', 'value2'])]),
      pods: [existing],
      want: antiU,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pa(podLabel, '', [req(false, 'service', 'region', 'In', ['securityscan', 'value2']), req(true, 'service', 'node', 'In', ['antivirusscan', 'value2'])]),
      pods: [pa(podLabel, 'node1', [req(true, 'service', 'zone', 'In', ['securityscan', 'value2'])])],
      want: existU,
    },
    {
      name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod: pa(podLabel, '', [req(false, 'service', 'region', 'NotIn', ['securityscan', 'value2'])]),
      pods: [pa({ service: 'securityscan' }, 'node2', [])],
      want: uar,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pa(podLabel, '', []),
      pods: [pa(podLabel, 'node1', [req(true, 'service', 'zone', 'In', ['securityscan', 'value2'])])],
      want: existU,
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod: pa(podLabel, '', []),
      pods: [pa(podLabel, 'node1', [req(true, 'service', 'zone', 'NotIn', ['securityscan', 'value2'])])],
      pre: Status.of(Code.Skip),
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: pa(podLabel, '', [req(true, 'service', 'region', 'Exists'), req(true, 'security', 'region', 'Exists')]),
      pods: [pa(podLabel2, 'node1', [req(true, 'security', 'zone', 'Exists')])],
      want: antiU,
    },
    {
      name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pa(podLabel, '', [req(true, 'service', 'zone', 'Exists'), req(true, 'security', 'zone', 'Exists')]),
      pods: [pa(podLabel2, 'node1', [req(true, 'security', 'zone', 'Exists')])],
      want: antiU,
    },
    {
      name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pa(podLabel2, '', [req(true, 'security', 'zone', 'Exists')]),
      pods: [pa(podLabel, 'node1', [req(true, 'service', 'zone', 'Exists'), req(true, 'security', 'zone', 'Exists')])],
      want: existU,
    },
    {
      name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pa({ abc: '', xyz: '' }, '', [req(true, 'abc', 'zone', 'Exists'), req(true, 'def', 'zone', 'Exists')]),
      pods: [pa({ def: '', xyz: '' }, 'node1', [req(true, 'abc', 'zone', 'Exists'), req(true, 'def', 'zone', 'Exists')])],
      want: antiU,
    },
    {
      name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pa({ def: '', xyz: '' }, '', [req(true, 'abc', 'zone', 'Exists'), req(true, 'def', 'zone', 'Exists')]),
      pods: [pa({ abc: '', xyz: '' }, 'node1', [req(true, 'abc', 'zone', 'Exists'), req(true, 'def', 'zone', 'Exists')])],
      want: antiU,
    },
    {
      name: 'PodAffinity fails PreFilter with an invalid affinity label syntax',
      pod: pa(podLabel, '', [req(false, 'service', 'region', 'In', ['{{.bad-value.}}']), req(false, 'service', 'node', 'In', ['antivirusscan', 'value2'])]),
      pre: Status.of(
        Code.UnschedulableAndUnresolvable,
        `parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: "{{.bad-value.}}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ),
    },
    {
      name: 'affinity with NamespaceSelector',
      pod: withTerms('default', podLabel2, [svcTerm({ namespaceSelector: inSel('team', 'team1'), topologyKey: 'region' })], undefined),
      pods: [pa(podLabel, 'node1', [], 'subteam1.team1')],
    },
    {
      name: 'affinity with non-matching NamespaceSelector',
      pod: withTerms('default', podLabel2, [svcTerm({ namespaceSelector: inSel('team', 'team1'), topologyKey: 'region' })], undefined),
      pods: [pa(podLabel, 'node1', [], 'subteam1.team2')],
      want: uar,
    },
    {
      name: 'anti-affinity with matching NamespaceSelector',
      pod: withTerms('subteam1.team1', podLabel2, undefined, [svcTerm({ namespaceSelector: inSel('team', 'team1'), topologyKey: 'zone' })]),
      pods: [pa(podLabel, 'node1', [], 'subteam2.team1')],
      want: antiU,
    },
    {
      name: 'anti-affinity with matching all NamespaceSelector',
      pod: withTerms('subteam1.team1', podLabel2, undefined, [svcTerm({ namespaceSelector: {}, topologyKey: 'zone' })]),
      pods: [pa(podLabel, 'node1', [], 'subteam2.team1')],
      want: antiU,
    },
    {
      name: 'anti-affinity with non-matching NamespaceSelector',
      pod: withTerms('subteam1.team1', podLabel2, undefined, [svcTerm({ namespaceSelector: inSel('team', 'team1'), topologyKey: 'zone' })]),
      pods: [pa(podLabel, 'node1', [], 'subteam1.team2')],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup([node1], tc.pods ?? []);
      assertFilter(pl, tc.pod, nodeInfos, tc.pre, [tc.want ?? null]);
    });
  }
});

describe('InterPodAffinity Filter on several nodes (TestRequiredAffinityMultipleNodes)', () => {
  const rzh = (name: string, zone: string) => n(name, { region: 'r1', zone, hostname: name });
  const cases: { name: string; pod: Pod; pods: Pod[]; nodes: Node[]; pre?: Status; want: F[] }[] = [
    {
      name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      pod: pa(undefined, '', [req(false, 'foo', 'region', 'In', ['bar'])]),
      pods: [pa({ foo: 'bar' }, 'node1', [], undefined, 'p1')],
      nodes: [n('node1', rgChina), n('node2', rgChinaAzAz1), n('node3', rgIndia)],
      want: [null, null, uar],
    },
    {
      name: 'The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there\'s no existing pod that matches the rule anywhere.',
      pod: pa({ foo: 'bar', service: 'securityscan' }, '', [req(false, 'foo', 'zone', 'In', ['bar']), req(false, 'service', 'zone', 'In', ['securityscan'])]),
      pods: [pa({ foo: 'bar' }, 'nodeA', [], undefined, 'p1')],
      nodes: [n('nodeA', { zone: 'az1', hostname: 'h1' }), n('nodeB', { zone: 'az2', hostname: 'h2' })],
      want: [null, null],
    },
    {
      name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      pod: pa({ foo: 'bar', service: 'securityscan' }, '', [req(false, 'foo', 'zone', 'In', ['bar']), req(false, 'service', 'zone', 'In', ['securityscan'])]),
      pods: [pa({ foo: 'bar' }, 'nodeA', [], undefined, 'p1')],
      nodes: [n('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), n('nodeB', { zoneLabel: 'az2', hostname: 'h2' })],
      want: [uar, uar],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      pod: pa(undefined, '', [req(true, 'foo', 'region', 'In', ['abc'])]),
      pods: [pa({ foo: 'abc' }, 'nodeA', [])],
      nodes: [n('nodeA', { region: 'r1', hostname: 'nodeA' }), n('nodeB', { region: 'r1', hostname: 'nodeB' })],
      want: [antiU, antiU],
    },
    {
      name: 'This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
      pod: pa(undefined, '', [req(true, 'foo', 'region', 'In', ['abc']), req(true, 'service', 'zone', 'In', ['securityscan'])]),
      pods: [pa({ foo: 'abc', service: 'securityscan' }, 'nodeA', [])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [antiU, antiU],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
      pod: pa(undefined, '', [req(true, 'foo', 'region', 'In', ['abc'])]),
      pods: [pa({ foo: 'abc' }, 'nodeA', [])],
      nodes: [n('nodeA', rgChina), n('nodeB', rgChinaAzAz1), n('nodeC', rgIndia)],
      want: [antiU, antiU, null],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
      pod: pa({ foo: '123' }, '', [req(true, 'foo', 'region', 'In', ['bar'])], 'NS1'),
      pods: [pa({ foo: 'bar' }, 'nodeA', [], 'NS1'), pa(undefined, 'nodeC', [req(true, 'foo', 'region', 'In', ['123'])], 'NS2')],
      nodes: [n('nodeA', rgChina), n('nodeB', rgChinaAzAz1), n('nodeC', rgIndia)],
      want: [antiU, antiU, null],
    },
    {
      name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod: pa({ foo: '' }, '', []),
      pods: [pa(undefined, 'nodeA', [req(true, 'foo', 'invalid-node-label', 'Exists')])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z1')],
      pre: Status.of(Code.Skip),
      want: [null, null],
    },
    {
      name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod: pa(undefined, 'nodeA', [req(true, 'foo', 'invalid-node-label', 'Exists')]),
      pods: [pa({ foo: '' }, 'nodeA', [])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z1')],
      want: [null, null],
    },
    {
      name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
      pod: pa({ foo: '', bar: '' }, '', []),
      pods: [pa(undefined, 'nodeA', [req(true, 'foo', 'zone', 'Exists')]), pa(undefined, 'nodeA', [req(true, 'bar', 'region', 'Exists')])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [existU, existU],
    },
    {
      name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod: pa(undefined, '', [req(true, 'foo', 'zone', 'Exists'), req(true, 'bar', 'region', 'Exists')]),
      pods: [pa({ foo: '' }, 'nodeA', []), pa({ bar: '' }, 'nodeB', [])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [antiU, antiU],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pa({ foo: '', bar: '' }, '', []),
      pods: [pa(undefined, 'nodeA', [req(true, 'foo', 'invalid-node-label', 'Exists'), req(true, 'bar', 'zone', 'Exists')])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [existU, null],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pa(undefined, '', [req(true, 'foo', 'invalid-node-label', 'Exists'), req(true, 'bar', 'zone', 'Exists')]),
      pods: [pa({ foo: '', bar: '' }, 'nodeA', [], undefined, 'podA')],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [antiU, null],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pa({ foo: '', bar: '' }, '', []),
      pods: [pa(undefined, 'nodeA', [req(true, 'foo', 'region', 'Exists'), req(true, 'bar', 'zone', 'Exists')])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [existU, existU],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pa(undefined, '', [req(true, 'foo', 'region', 'Exists'), req(true, 'bar', 'zone', 'Exists')]),
      pods: [pa({ foo: '', bar: '' }, 'nodeA', [])],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [antiU, antiU],
    },
    {
      name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod: pa({ foo: '', bar: '' }, '', []),
      pods: [
        pa(undefined, 'nodeA', [req(true, 'foo', 'zone', 'Exists'), req(true, 'labelA', 'zone', 'Exists')]),
        pa(undefined, 'nodeB', [req(true, 'bar', 'zone', 'Exists'), req(true, 'labelB', 'zone', 'Exists')]),
      ],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2'), rzh('nodeC', 'z3')],
      want: [existU, existU, null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
      pod: pa(undefined, '', [req(false, 'foo', 'region', 'Exists'), req(false, 'bar', 'zone', 'Exists')]),
      pods: [pa({ foo: '', bar: '' }, 'nodeA', [], undefined, 'pod1')],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z1')],
      want: [null, null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
      pod: pa(undefined, '', [req(false, 'foo', 'region', 'Exists'), req(false, 'bar', 'zone', 'Exists')]),
      pods: [pa({ foo: '' }, 'nodeA', [], undefined, 'pod1'), pa({ bar: '' }, 'nodeB', [], undefined, 'pod2')],
      nodes: [rzh('nodeA', 'z1'), rzh('nodeB', 'z2')],
      want: [uar, uar],
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup(tc.nodes, tc.pods);
      assertFilter(pl, tc.pod, nodeInfos, tc.pre, tc.want);
    });
  }

  test('fact 78 reason strings and codes', () => {
    assert.equal(ERR_REASON_AFFINITY_RULES_NOT_MATCH, "node(s) didn't match pod affinity rules");
    assert.equal(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, "node(s) didn't match pod anti-affinity rules");
    assert.equal(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH, "node(s) didn't satisfy existing pods anti-affinity rules");
  });

  test('Filter without PreFilter state is an error (TestPreFilterDisabled)', () => {
    const { pl, nodeInfos } = setup([n('node1', {})], []);
    const s = pl.filter(new CycleState(), makePod().obj(), nodeInfos[0]);
    assert.equal(s.code, Code.Error);
    assert.equal(s.message(), 'error reading "PreFilterInterPodAffinity" from cycleState: not found');
  });
});

describe('InterPodAffinity AddPod / RemovePod (TestPreFilterStateAddRemovePod)', () => {
  const label1 = { region: 'r1', zone: 'z11' };
  const label2 = { region: 'r1', zone: 'z12' };
  const label3 = { region: 'r2', zone: 'z21' };
  const selector1 = { foo: 'bar' };
  const antiAffinityFooBar: PodAffinityTerm[] = [{ labelSelector: inSel('foo', 'bar'), topologyKey: 'region' }];
  const complex: PodAffinityTerm[] = [
    { labelSelector: inSel('foo', 'bar', 'buzz'), topologyKey: 'region' },
    { labelSelector: { matchExpressions: [{ key: 'service', operator: 'NotIn', values: ['bar', 'security', 'test'] }] }, topologyKey: 'zone' },
  ];
  const mk = (name: string, labels: Record<string, string> | undefined, node: string, affinity?: Affinity) => {
    const b = makePod(name).uid(name);
    if (labels) b.labels(labels);
    if (node) b.node(node);
    if (affinity) b.affinity(affinity);
    return b.obj();
  };
  const nodes = [n('nodeA', label1), n('nodeB', label2), n('nodeC', label3)];
  const cases: { name: string; pending: Pod; existing: Pod[]; added: Pod; anti: Record<string, number>; affinity: Record<string, number> }[] = [
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod',
      pending: mk('pending', selector1, '', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinityFooBar } }),
      existing: [mk('p1', selector1, 'nodeA'), mk('p2', undefined, 'nodeC', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinityFooBar } })],
      added: mk('addedPod', selector1, 'nodeB', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinityFooBar } }),
      anti: { [pairKey('region', 'r1')]: 2 },
      affinity: {},
    },
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod (complex terms)',
      pending: mk('pending', selector1, '', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } }),
      existing: [mk('p1', selector1, 'nodeA'), mk('p2', undefined, 'nodeC', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinityFooBar } })],
      added: mk('addedPod', selector1, 'nodeA', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } }),
      anti: { [pairKey('region', 'r1')]: 2, [pairKey('zone', 'z11')]: 2, [pairKey('zone', 'z21')]: 1 },
      affinity: {},
    },
    {
      name: 'preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod',
      pending: mk('pending', selector1, '', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } }),
      existing: [
        mk('p1', selector1, 'nodeA'),
        mk('p2', undefined, 'nodeC', {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiAffinityFooBar },
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex },
        }),
      ],
      added: mk('addedPod', selector1, 'nodeA', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } }),
      anti: {},
      affinity: { [pairKey('region', 'r1')]: 2, [pairKey('zone', 'z11')]: 2 },
    },
  ];
  const snapshotOf = (s: PreFilterState) => ({
    existing: Object.fromEntries(s.existingAntiAffinityCounts),
    affinity: Object.fromEntries(s.affinityCounts),
    anti: Object.fromEntries(s.antiAffinityCounts),
  });
  for (const tc of cases) {
    test(tc.name, () => {
      const stateFor = (pods: Pod[]) => {
        const { pl, nodeInfos } = setup(nodes, pods);
        const state = new CycleState();
        assert.ok(pl.preFilter(state, tc.pending, nodeInfos).status.isSuccess());
        return { pl, nodeInfos, state, s: state.read<PreFilterState>(PRE_FILTER_STATE_KEY)! };
      };
      const all = stateFor([...tc.existing, tc.added]).s;
      const { pl, nodeInfos, state, s } = stateFor(tc.existing);
      const original = snapshotOf(s.clone());
      const ni = nodeInfos.find((x) => x.name === tc.added.spec!.nodeName)!;
      assert.ok(pl.preFilterExtensions().addPod(state, tc.pending, new PodInfo(tc.added), ni).isSuccess());
      assert.deepEqual(Object.fromEntries(s.antiAffinityCounts), tc.anti);
      assert.deepEqual(Object.fromEntries(s.affinityCounts), tc.affinity);
      assert.deepEqual(snapshotOf(s), snapshotOf(all));
      assert.ok(pl.preFilterExtensions().removePod(state, tc.pending, new PodInfo(tc.added), ni).isSuccess());
      assert.deepEqual(snapshotOf(s), original);
    });
  }
});

describe('InterPodAffinity incoming counts (TestGetTPMapMatchingIncomingAffinityAntiAffinity)', () => {
  const nodeA = n('nodeA', { hostname: 'nodeA' });
  const normal = (...labels: string[]) => pa(Object.fromEntries(labels.map((l) => [l, ''])), 'nodeA', [], undefined, 'normal');
  const h = pairKey('hostname', 'nodeA');
  const cases: { name: string; existing: Pod[]; pod: Pod; affinity: Record<string, number>; anti: Record<string, number> }[] = [
    {
      name: 'no pod has label that violates incoming pod\'s affinity and anti-affinity',
      existing: [normal('bbb')],
      pod: pa(undefined, '', [req(false, 'aaa', 'hostname', 'Exists'), req(true, 'aaa', 'hostname', 'Exists')]),
      affinity: {},
      anti: {},
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existing: [normal('aaa')],
      pod: pa(undefined, '', [req(false, 'aaa', 'hostname', 'Exists'), req(true, 'aaa', 'hostname', 'Exists')]),
      affinity: { [h]: 1 },
      anti: { [h]: 1 },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existing: [normal('aaa', 'bbb')],
      pod: pa(undefined, '', [req(false, 'aaa', 'hostname', 'Exists'), req(false, 'bbb', 'hostname', 'Exists'), req(true, 'aaa', 'hostname', 'Exists')]),
      affinity: { [h]: 2 },
      anti: { [h]: 1 },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existing: [normal('aaa')],
      pod: pa(undefined, '', [
        req(false, 'aaa', 'hostname', 'Exists'),
        req(false, 'bbb', 'hostname', 'Exists'),
        req(true, 'aaa', 'hostname', 'Exists'),
        req(true, 'bbb', 'hostname', 'Exists'),
      ]),
      affinity: {},
      anti: { [h]: 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existing: [normal('aaa', 'bbb')],
      pod: pa(undefined, '', [
        req(false, 'aaa', 'hostname', 'Exists'),
        req(false, 'ccc', 'hostname', 'Exists'),
        req(true, 'aaa', 'hostname', 'Exists'),
        req(true, 'ccc', 'hostname', 'Exists'),
      ]),
      affinity: {},
      anti: { [h]: 1 },
    },
  ];
  for (const tc of cases) {
    test(tc.name, () => {
      const { pl, nodeInfos } = setup([nodeA], tc.existing);
      const state = new CycleState();
      assert.ok(pl.preFilter(state, tc.pod, nodeInfos).status.isSuccess());
      const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!;
      assert.deepEqual(Object.fromEntries(s.affinityCounts), tc.affinity);
      assert.deepEqual(Object.fromEntries(s.antiAffinityCounts), tc.anti);
    });
  }
});

describe('InterPodAffinity plugin contract', () => {
  test('name, default args and events to register', () => {
    const handle = new FakeHandle({});
    const pl = create(undefined, handle) as InterPodAffinity;
    assert.equal(pl.name(), NAME);
    assert.equal(NAME, 'InterPodAffinity');
    assert.deepEqual(pl.args, { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
    assert.deepEqual(
      pl.eventsToRegister().map((e) => [e.resource, e.actionType]),
      [
        ['Pod', 1 | 128 | 2],
        ['Node', 1 | 8 | 16],
      ],
    );
  });

  test("the incoming pod's namespaceSelector is unrolled into the namespaces it selects (mergeAffinityTermNamespacesIfNotEmpty)", () => {
    const pod = withTerms('default', { a: 'b' }, [{ labelSelector: inSel('a', 'b'), namespaceSelector: inSel('team', 'team1'), topologyKey: 'zone' }], undefined);
    const { pl, nodeInfos } = setup([n('n1', { zone: 'z' })], [pa({ a: 'b' }, 'n1', [], 'subteam1.team1')]);
    const state = new CycleState();
    pl.preFilter(state, pod, nodeInfos);
    assert.deepEqual([...state.read<PreFilterState>(PRE_FILTER_STATE_KEY)!.incoming.requiredAffinityTerms[0].namespaces].sort(), ['subteam1.team1', 'subteam2.team1']);
    assert.equal(pl.filter(state, pod, nodeInfos[0]).code, Code.Success);
  });
});
