import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Node, NodeSelectorTerm, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { admitPod, matchesRequiredNodeAffinity, POD_OS_NOT_SUPPORTED, POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH } from '../src/kubelet/admission';

// The kubelet's own admission of a pod bound to its node (lifecycle/predicate.go, v1.32): reason
// OutOf<resource> with "Node didn't have enough resource: ..." or "Predicate <name> failed".

interface NodeOpts {
  name?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
}

function node(o: NodeOpts = {}): Node {
  return {
    metadata: { name: o.name ?? 'node-1', labels: { 'kubernetes.io/hostname': o.name ?? 'node-1', 'kubernetes.io/os': 'linux', ...(o.labels ?? {}) } },
    spec: o.taints ? { taints: o.taints } : {},
    status: { allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...(o.extra ?? {}) } },
  };
}

type Req = Record<string, string>;

interface PodOpts {
  requests?: Req;
  init?: { requests?: Req; sidecar?: boolean }[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  terms?: NodeSelectorTerm[];
  hostPorts?: { hostPort: number; protocol?: string; hostIP?: string }[];
  tolerations?: Toleration[];
  labels?: Record<string, string>;
  os?: string;
  overhead?: Req;
}

let seq = 0;
function pod(o: PodOpts = {}): Pod {
  const n = ++seq;
  const c: Container = { name: 'app', image: 'nginx', ...(o.requests ? { resources: { requests: o.requests } } : {}) };
  if (o.hostPorts) c.ports = o.hostPorts.map((p) => ({ containerPort: p.hostPort, hostPort: p.hostPort, ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.hostIP ? { hostIP: p.hostIP } : {}) }));
  return {
    metadata: { name: `p${n}`, namespace: 'default', uid: `uid-${n}`, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      nodeName: o.nodeName ?? 'node-1',
      containers: [c],
      ...(o.init
        ? {
            initContainers: o.init.map((i, k) => ({
              name: `init-${k}`,
              image: 'busybox',
              ...(i.sidecar ? { restartPolicy: 'Always' } : {}),
              ...(i.requests ? { resources: { requests: i.requests } } : {}),
            })),
          }
        : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.terms ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: o.terms } } } } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.os ? { os: { name: o.os } } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
    },
  };
}

const many = (n: number, o: PodOpts = {}) => Array.from({ length: n }, () => pod(o));
const GI = 1024 ** 3;
const MI = 1024 ** 2;
const resourceMsg = (name: string, requested: number, used: number, capacity: number) =>
  `Node didn't have enough resource: ${name}, requested: ${requested}, used: ${used}, capacity: ${capacity}`;

test('resources: OutOfpods, OutOfcpu, OutOfmemory, ... with the upstream message', () => {
  const cases: { name: string; node: NodeOpts; others: Pod[]; pod: PodOpts; reason?: string; message?: string }[] = [
    { name: 'fits', node: {}, others: many(3, { requests: { cpu: '1' } }), pod: { requests: { cpu: '1' } } },
    { name: 'pods: the last slot fits', node: { pods: '3' }, others: many(2), pod: {} },
    { name: 'pods: full', node: { pods: '3' }, others: many(3), pod: {}, reason: 'OutOfpods', message: resourceMsg('pods', 1, 3, 3) },
    { name: 'pods: over (a node shrunk)', node: { pods: '1' }, others: many(2), pod: {}, reason: 'OutOfpods', message: resourceMsg('pods', 1, 2, 1) },
    // cpu is in millicores, as upstream's MilliCPU.
    { name: 'cpu: exact fit', node: { cpu: '2' }, others: many(1, { requests: { cpu: '1500m' } }), pod: { requests: { cpu: '500m' } } },
    {
      name: 'cpu: 1m too much',
      node: { cpu: '2' },
      others: many(1, { requests: { cpu: '1500m' } }),
      pod: { requests: { cpu: '501m' } },
      reason: 'OutOfcpu',
      message: resourceMsg('cpu', 501, 1500, 2000),
    },
    { name: 'cpu: alone too big', node: { cpu: '1' }, others: [], pod: { requests: { cpu: '2' } }, reason: 'OutOfcpu', message: resourceMsg('cpu', 2000, 0, 1000) },
    {
      name: 'memory',
      node: { memory: '1Gi' },
      others: many(1, { requests: { memory: '512Mi' } }),
      pod: { requests: { memory: '600Mi' } },
      reason: 'OutOfmemory',
      message: resourceMsg('memory', 600 * MI, 512 * MI, GI),
    },
    { name: 'memory: exact fit', node: { memory: '1Gi' }, others: many(1, { requests: { memory: '512Mi' } }), pod: { requests: { memory: '512Mi' } } },
    {
      name: 'ephemeral-storage',
      node: {},
      others: [],
      pod: { requests: { 'ephemeral-storage': '101Gi' } },
      reason: 'OutOfephemeral-storage',
      message: resourceMsg('ephemeral-storage', 101 * GI, 0, 100 * GI),
    },
    // A pod requesting nothing fits a node whose cpu and memory are used up.
    { name: 'no requests on a full node', node: { cpu: '1', memory: '1Gi' }, others: many(1, { requests: { cpu: '1', memory: '1Gi' } }), pod: {} },
    // Others' usage counts even when this pod asks for something else.
    { name: 'only memory asked, cpu full', node: { cpu: '1' }, others: many(1, { requests: { cpu: '1' } }), pod: { requests: { memory: '1Mi' } } },
    {
      name: 'extended resource the node has',
      node: { extra: { 'example.com/gpu': '2' } },
      others: many(1, { requests: { 'example.com/gpu': '1' } }),
      pod: { requests: { 'example.com/gpu': '2' } },
      reason: 'OutOfexample.com/gpu',
      message: resourceMsg('example.com/gpu', 2, 1, 2),
    },
    // removeMissingExtendedResources: the kubelet ignores extended resources its node does not have.
    { name: 'extended resource the node does not have', node: {}, others: [], pod: { requests: { 'example.com/gpu': '8' } } },
  ];
  for (const k of cases) {
    const r = admitPod(pod(k.pod), node(k.node), k.others);
    if (!k.reason) assert.deepEqual(r, { admit: true }, k.name);
    else assert.deepEqual(r, { admit: false, reason: k.reason, message: k.message }, k.name);
  }
});

test('resources: the first failure wins, in the order pods, cpu, memory, ephemeral-storage, extended', () => {
  const n = node({ cpu: '1', memory: '1Gi', pods: '1', extra: { 'example.com/a': '1', 'example.com/b': '1' } });
  const full = many(1, { requests: { cpu: '1', memory: '1Gi' } });
  const big = { cpu: '2', memory: '2Gi', 'ephemeral-storage': '200Gi', 'example.com/b': '2', 'example.com/a': '2' };
  assert.equal(admitPod(pod({ requests: big }), n, full).reason, 'OutOfpods');
  const roomy = node({ cpu: '1', memory: '1Gi', extra: { 'example.com/a': '1', 'example.com/b': '1' } });
  assert.equal(admitPod(pod({ requests: big }), roomy, full).reason, 'OutOfcpu');
  assert.equal(admitPod(pod({ requests: { ...big, cpu: '0' } }), roomy, full).reason, 'OutOfmemory');
  assert.equal(admitPod(pod({ requests: { ...big, cpu: '0', memory: '0' } }), roomy, full).reason, 'OutOfephemeral-storage');
  // Extended resources in name order.
  assert.equal(admitPod(pod({ requests: { 'example.com/b': '2', 'example.com/a': '2' } }), roomy, []).reason, 'OutOfexample.com/a');
});

test('resources: pod requests include init containers (max), sidecars (sum) and overhead', () => {
  const n = node({ cpu: '2' });
  const cases: { name: string; pod: PodOpts; requested?: number }[] = [
    { name: 'an init container bigger than the app sets the request', pod: { requests: { cpu: '500m' }, init: [{ requests: { cpu: '2500m' } }] }, requested: 2500 },
    { name: 'a smaller init container does not add', pod: { requests: { cpu: '2' }, init: [{ requests: { cpu: '1' } }] } },
    { name: 'a sidecar adds to the app', pod: { requests: { cpu: '1500m' }, init: [{ requests: { cpu: '600m' }, sidecar: true }] }, requested: 2100 },
    { name: 'overhead adds', pod: { requests: { cpu: '1900m' }, overhead: { cpu: '200m' } }, requested: 2100 },
  ];
  for (const k of cases) {
    const r = admitPod(pod(k.pod), n, []);
    if (k.requested === undefined) assert.equal(r.admit, true, k.name);
    else assert.deepEqual(r, { admit: false, reason: 'OutOfcpu', message: resourceMsg('cpu', k.requested, 0, 2000) }, k.name);
  }
});

test('predicates after resources: NodeAffinity, NodeName, NodePorts, TaintToleration', () => {
  const fail = (name: string) => ({ admit: false, reason: name, message: `Predicate ${name} failed` });
  const noExec: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
  const cases: { name: string; node?: NodeOpts; others?: Pod[]; pod: PodOpts; want: ReturnType<typeof fail> | { admit: true } }[] = [
    { name: 'nodeSelector matches', node: { labels: { disk: 'ssd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: { admit: true } },
    { name: 'nodeSelector does not match', node: { labels: { disk: 'hdd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: fail('NodeAffinity') },
    { name: 'nodeSelector label missing', pod: { nodeSelector: { disk: 'ssd' } }, want: fail('NodeAffinity') },
    { name: 'required affinity term fails', pod: { terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] }, want: fail('NodeAffinity') },
    { name: 'spec.nodeName of another node', pod: { nodeName: 'node-2' }, want: fail('NodeName') },
    {
      name: 'host port taken',
      others: [pod({ hostPorts: [{ hostPort: 8080 }] })],
      pod: { hostPorts: [{ hostPort: 8080 }] },
      want: fail('NodePorts'),
    },
    { name: 'NoExecute taint not tolerated', node: { taints: [noExec] }, pod: {}, want: fail('TaintToleration') },
    { name: 'NoExecute taint tolerated', node: { taints: [noExec] }, pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }, want: { admit: true } },
    {
      name: 'NoExecute taint, toleration of another value',
      node: { taints: [noExec] },
      pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoExecute' }] },
      want: fail('TaintToleration'),
    },
    // The kubelet only cares about NoExecute: the scheduler handles the others.
    { name: 'NoSchedule taint ignored', node: { taints: [{ key: 'k', effect: 'NoSchedule' }] }, pod: {}, want: { admit: true } },
    { name: 'PreferNoSchedule taint ignored', node: { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }, pod: {}, want: { admit: true } },
  ];
  for (const k of cases) assert.deepEqual(admitPod(pod(k.pod), node(k.node), k.others ?? []), k.want, k.name);
});

test('order: resources before NodeAffinity before NodeName before NodePorts before TaintToleration', () => {
  const n = node({ cpu: '1', taints: [{ key: 'k', effect: 'NoExecute' }] });
  const others = [pod({ hostPorts: [{ hostPort: 80 }] })];
  const all: PodOpts = { requests: { cpu: '2' }, nodeSelector: { x: 'y' }, nodeName: 'elsewhere', hostPorts: [{ hostPort: 80 }] };
  const steps: [PodOpts, string][] = [
    [all, 'OutOfcpu'],
    [{ ...all, requests: undefined }, 'NodeAffinity'],
    [{ ...all, requests: undefined, nodeSelector: undefined }, 'NodeName'],
    [{ ...all, requests: undefined, nodeSelector: undefined, nodeName: undefined }, 'NodePorts'],
    [{ tolerations: [] }, 'TaintToleration'],
  ];
  for (const [p, reason] of steps) assert.equal(admitPod(pod(p), n, others).reason, reason);
});

test('host ports conflict on the same port, protocol and overlapping host IP', () => {
  const cases: { name: string; taken: { hostPort: number; protocol?: string; hostIP?: string }; wanted: { hostPort: number; protocol?: string; hostIP?: string }; conflict: boolean }[] = [
    { name: 'same port, both any IP', taken: { hostPort: 80 }, wanted: { hostPort: 80 }, conflict: true },
    { name: 'other port', taken: { hostPort: 80 }, wanted: { hostPort: 81 }, conflict: false },
    { name: 'TCP vs UDP', taken: { hostPort: 53, protocol: 'UDP' }, wanted: { hostPort: 53 }, conflict: false },
    { name: 'UDP vs UDP', taken: { hostPort: 53, protocol: 'UDP' }, wanted: { hostPort: 53, protocol: 'UDP' }, conflict: true },
    { name: 'explicit TCP equals the default', taken: { hostPort: 80, protocol: 'TCP' }, wanted: { hostPort: 80 }, conflict: true },
    { name: 'two distinct IPs', taken: { hostPort: 80, hostIP: '127.0.0.1' }, wanted: { hostPort: 80, hostIP: '10.0.0.1' }, conflict: false },
    { name: 'same IP', taken: { hostPort: 80, hostIP: '127.0.0.1' }, wanted: { hostPort: 80, hostIP: '127.0.0.1' }, conflict: true },
    { name: 'taken on 0.0.0.0, wanted on an IP', taken: { hostPort: 80, hostIP: '0.0.0.0' }, wanted: { hostPort: 80, hostIP: '127.0.0.1' }, conflict: true },
    { name: 'taken on an IP, wanted on any', taken: { hostPort: 80, hostIP: '127.0.0.1' }, wanted: { hostPort: 80 }, conflict: true },
  ];
  for (const k of cases) {
    const r = admitPod(pod({ hostPorts: [k.wanted] }), node(), [pod({ hostPorts: [k.taken] })]);
    assert.equal(r.admit, !k.conflict, k.name);
    if (k.conflict) assert.equal(r.reason, 'NodePorts', k.name);
  }
  // A container port without hostPort takes nothing.
  const plain: Pod = pod();
  plain.spec!.containers[0].ports = [{ containerPort: 80 }];
  assert.equal(admitPod(pod({ hostPorts: [{ hostPort: 80 }] }), node(), [plain]).admit, true);
});

test('OS checks come first, with the upstream reasons and messages', () => {
  const cases: { name: string; pod: PodOpts; want: { admit: boolean; reason?: string; message?: string } }[] = [
    { name: 'os label linux', pod: { labels: { 'kubernetes.io/os': 'linux' } }, want: { admit: true } },
    {
      name: 'os label windows',
      pod: { labels: { 'kubernetes.io/os': 'windows' } },
      want: { admit: false, reason: POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH, message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" },
    },
    { name: 'spec.os linux', pod: { os: 'linux' }, want: { admit: true } },
    { name: 'spec.os windows', pod: { os: 'windows' }, want: { admit: false, reason: POD_OS_NOT_SUPPORTED, message: "Failed to admit pod as the OS field doesn't match node OS" } },
    // Before resources: a pod that is both too big and for windows is rejected for its OS.
    { name: 'windows and too big', pod: { os: 'windows', requests: { cpu: '100' } }, want: { admit: false, reason: POD_OS_NOT_SUPPORTED, message: "Failed to admit pod as the OS field doesn't match node OS" } },
  ];
  assert.equal(POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH, 'PodOSSelectorNodeLabelDoesNotMatch');
  assert.equal(POD_OS_NOT_SUPPORTED, 'PodOSNotSupported');
  for (const k of cases) assert.deepEqual(admitPod(pod(k.pod), node(), []), k.want, k.name);
});

test('matchesRequiredNodeAffinity: nodeSelector AND any of the required terms', () => {
  const n = node({ name: 'node-7', labels: { zone: 'a', size: '8', disk: 'ssd' } });
  const expr = (key: string, operator: string, values?: string[]): NodeSelectorTerm => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
  const cases: { name: string; pod: PodOpts; match: boolean }[] = [
    { name: 'nothing required', pod: {}, match: true },
    { name: 'In', pod: { terms: [expr('zone', 'In', ['a', 'b'])] }, match: true },
    { name: 'In, other value', pod: { terms: [expr('zone', 'In', ['b'])] }, match: false },
    { name: 'NotIn', pod: { terms: [expr('zone', 'NotIn', ['b'])] }, match: true },
    { name: 'NotIn, missing label matches', pod: { terms: [expr('rack', 'NotIn', ['r1'])] }, match: true },
    { name: 'Exists', pod: { terms: [expr('disk', 'Exists')] }, match: true },
    { name: 'DoesNotExist', pod: { terms: [expr('disk', 'DoesNotExist')] }, match: false },
    { name: 'Gt', pod: { terms: [expr('size', 'Gt', ['4'])] }, match: true },
    { name: 'Gt, equal', pod: { terms: [expr('size', 'Gt', ['8'])] }, match: false },
    { name: 'Lt', pod: { terms: [expr('size', 'Lt', ['16'])] }, match: true },
    { name: 'Gt with a non-integer value matches nothing', pod: { terms: [expr('size', 'Gt', ['big'])] }, match: false },
    { name: 'unknown operator matches nothing', pod: { terms: [expr('zone', 'Like', ['a'])] }, match: false },
    { name: 'terms are ORed', pod: { terms: [expr('zone', 'In', ['x']), expr('disk', 'In', ['ssd'])] }, match: true },
    {
      name: 'expressions in a term are ANDed',
      pod: { terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }] },
      match: false,
    },
    { name: 'an empty term matches no node', pod: { terms: [{}] }, match: false },
    { name: 'an empty term next to a matching one', pod: { terms: [{}, expr('zone', 'In', ['a'])] }, match: true },
    { name: 'matchFields metadata.name In', pod: { terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-7'] }] }] }, match: true },
    { name: 'matchFields metadata.name In, other node', pod: { terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-8'] }] }] }, match: false },
    { name: 'matchFields metadata.name NotIn', pod: { terms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-8'] }] }] }, match: true },
    { name: 'matchFields other field', pod: { terms: [{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['node-7'] }] }] }, match: false },
    { name: 'nodeSelector and a matching term', pod: { nodeSelector: { zone: 'a' }, terms: [expr('disk', 'Exists')] }, match: true },
    { name: 'nodeSelector fails though the term matches', pod: { nodeSelector: { zone: 'b' }, terms: [expr('disk', 'Exists')] }, match: false },
  ];
  for (const k of cases) assert.equal(matchesRequiredNodeAffinity(pod(k.pod), n), k.match, k.name);
});
