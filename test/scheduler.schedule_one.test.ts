import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { defaultTolerationSeconds } from '../src/apiserver/admission/default_toleration_seconds';
import { priority } from '../src/apiserver/admission/priority';
import { ApiServer } from '../src/apiserver/apiserver';
import { nodeObject } from '../src/kubelet/node_object';
import type { NodeSpec } from '../src/kubelet/node_spec';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';
import { loadConfig } from '../src/scheduler/apis/config/load';
import { Diagnosis, FitError } from '../src/scheduler/fit_error';
import { Code, Status } from '../src/scheduler/framework/status';
import { numFeasibleNodesToFind, selectHost, truncateMessage } from '../src/scheduler/schedule_one';
import { Scheduler } from '../src/scheduler/scheduler';
import type { KubeSchedulerConfiguration } from '../src/scheduler/apis/config/types';

const EPOCH = Date.UTC(2025, 0, 1);

// ---- FitError (facts 74-76) -------------------------------------------------------------------

function fitError(numAllNodes: number, statuses: [string, Status][], opts: { preFilterMsg?: string; postFilterMsg?: string; absent?: Status } = {}): string {
  const d = new Diagnosis();
  for (const [n, s] of statuses) d.nodeToStatus.set(n, s);
  if (opts.absent) d.absentNodesStatus = opts.absent;
  d.preFilterMsg = opts.preFilterMsg ?? '';
  d.postFilterMsg = opts.postFilterMsg ?? '';
  return new FitError({ metadata: { name: 'p' } }, numAllNodes, d).error();
}

const U = (...r: string[]) => Status.of(Code.Unschedulable, ...r);
const UU = (...r: string[]) => Status.of(Code.UnschedulableAndUnresolvable, ...r);
const nodes = (n: number, s: Status, prefix = 'n'): [string, Status][] => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, s]);

const fitErrorCases: { name: string; message: () => string; want: string }[] = [
  {
    name: 'fact 75: the typical full message',
    message: () =>
      fitError(3, [['cp', UU('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')], ...nodes(2, U('Insufficient cpu'))], {
        postFilterMsg: 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
      }),
    want: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  },
  {
    name: 'fact 75: the histogram is string-sorted, so "10 …" comes before "2 …"',
    message: () => fitError(12, [...nodes(10, U('Insufficient memory'), 'a'), ...nodes(2, U('Insufficient cpu'), 'b')]),
    want: '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu.',
  },
  {
    name: 'fact 74: every reason of a status counts',
    message: () => fitError(2, nodes(2, U('Insufficient cpu', 'Insufficient memory'))),
    want: '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.',
  },
  {
    name: 'fact 74: a PreFilter rejection replaces the histogram',
    message: () => fitError(3, [], { preFilterMsg: "node(s) didn't satisfy plugin NodeAffinity", absent: UU("node(s) didn't satisfy plugin NodeAffinity") }),
    want: "0/3 nodes are available: node(s) didn't satisfy plugin NodeAffinity.",
  },
  {
    name: 'fact 74: nodes absent from the map count with the absent-nodes status',
    message: () => fitError(5, nodes(2, U('Insufficient cpu')), { absent: UU("node(s) didn't satisfy plugin(s) [NodeAffinity]") }),
    want: "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
  },
  {
    name: 'absent nodes without an absent-nodes reason add nothing',
    message: () => fitError(4, nodes(1, U('node(s) were unschedulable'))),
    want: '0/4 nodes are available: 1 node(s) were unschedulable.',
  },
];

for (const c of fitErrorCases) {
  test(`FitError: ${c.name}`, () => {
    assert.equal(c.message(), c.want);
  });
}

test('fact 76: an event message is cut to 1024 bytes with a trailing " ..."', () => {
  assert.equal(truncateMessage('x'.repeat(1024)), 'x'.repeat(1024));
  const cut = truncateMessage('y'.repeat(1025));
  assert.equal(cut, `${'y'.repeat(1020)} ...`);
  assert.equal(Buffer.byteLength(cut), 1024);
});

// ---- numFeasibleNodesToFind (fact 69) -----------------------------------------------------------

const feasibleCases: { nodes: number; profile?: number; global?: number; want: number }[] = [
  { nodes: 99, want: 99 },
  { nodes: 100, want: 100 },
  { nodes: 200, want: 100 }, // 49% → 98 → at least 100
  { nodes: 1000, want: 420 }, // 42%
  { nodes: 5000, want: 500 }, // 10%
  { nodes: 6000, want: 300 }, // 50 − 48 = 2 → at least 5%
  { nodes: 1000, global: 50, want: 500 },
  { nodes: 1000, global: 5, want: 100 },
  { nodes: 1000, profile: 70, global: 50, want: 700 },
  { nodes: 1000, profile: 0, global: 50, want: 420 }, // a profile's 0 means adaptive
  { nodes: 50, profile: 10, want: 50 },
  { nodes: 1000, global: 100, want: 1000 },
];

for (const c of feasibleCases) {
  test(`fact 69: numFeasibleNodesToFind(${c.nodes} nodes, profile ${c.profile ?? '-'}, global ${c.global ?? 0}) = ${c.want}`, () => {
    assert.equal(numFeasibleNodesToFind(c.profile, c.global ?? 0, c.nodes), c.want);
  });
}

// ---- selectHost (fact 71) -----------------------------------------------------------------------

const named = (...names: string[]) => names.map((name) => ({ name }));

test('fact 71: selectHost picks the highest total', () => {
  const rng = new Rng(1);
  assert.equal(selectHost(named('a', 'b', 'c'), [10, 30, 20], rng), 'b');
  assert.equal(selectHost(named('a'), [0], rng), 'a');
  assert.throws(() => selectHost([], [], rng), /empty priorityList/);
});

test('fact 71: ties are broken by the seeded RNG: the same seed picks the same nodes', () => {
  const picks = (seed: number) => {
    const rng = new Rng(seed);
    return Array.from({ length: 50 }, () => selectHost(named('a', 'b', 'c', 'd', 'e'), [7, 9, 9, 3, 9], rng));
  };
  assert.deepEqual(picks(42), picks(42));
  assert.notDeepEqual(picks(42), picks(43));
  assert.ok(picks(42).every((n) => n === 'b' || n === 'c' || n === 'e'));
});

test('fact 71: reservoir sampling is uniform over the top nodes', () => {
  const rng = new Rng(7);
  const counts = new Map<string, number>();
  const draws = 40_000;
  for (let i = 0; i < draws; i++) {
    const n = selectHost(named('a', 'b', 'c', 'd', 'x'), [5, 5, 5, 5, 1], rng);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  assert.equal(counts.get('x'), undefined);
  for (const n of ['a', 'b', 'c', 'd']) {
    const share = counts.get(n)! / draws;
    assert.ok(Math.abs(share - 0.25) < 0.015, `${n} chosen ${share}`);
  }
});

// ---- end to end: API server + Scheduler -----------------------------------------------------

/**
 * The built-in kinds plus those a real API server also serves and kube-scheduler watches: the
 * scheduler's CSINode informer (NodeVolumeLimits) needs storage.k8s.io/v1 csinodes.
 */
function servedRegistry(): ResourceRegistry {
  const registry = ResourceRegistry.builtin();
  if (!registry.byName('csinodes.storage.k8s.io')) registry.register({ group: 'storage.k8s.io', version: 'v1', kind: 'CSINode', plural: 'csinodes', namespaced: false });
  return registry;
}

function cluster(specs: NodeSpec[], config?: KubeSchedulerConfiguration, seed = 1) {
  const loop = new Loop();
  const rng = new Rng(seed);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn, { label: 'store watch sync' }) });
  const apiserver = new ApiServer({
    loop,
    rng,
    log: new EventLog(loop),
    store,
    registry: servedRegistry(),
    admission: new AdmissionChain().use(defaultTolerationSeconds).use(priority),
    epochMs: EPOCH,
  });
  const admin = apiserver.client('test');
  admin.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  specs.forEach((s, i) => admin.create('nodes', nodeObject(s, i, apiserver.timestamp())));
  const scheduler = new Scheduler({ client: apiserver.client('kube-scheduler'), loop, rng, epochMs: EPOCH, config });
  scheduler.start();
  // Every informer lists and watches: nothing is left to run (a resource the server does not serve would keep relisting).
  assert.ok(loop.settle(), `the cluster did not settle: ${loop.pendingLabels().join(', ')}`);
  assert.equal(loop.now, 0);
  const createPod = (name: string, cpu: string, extra: Partial<Pod['metadata']> = {}) =>
    admin.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', ...extra },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu, memory: '64Mi' } } }] },
    });
  const getPod = (name: string) => admin.get<KubeObject>('pods', 'default', name) as unknown as Pod;
  const events = (name: string) =>
    admin
      .list<KubeObject>('events', { namespace: 'default' })
      .items.filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => ({ type: e.type, reason: e.reason, message: e.message, source: (e.source as { component: string }).component }));
  return { loop, admin, scheduler, createPod, getPod, events };
}

const threeNodes: NodeSpec[] = [
  { name: 'node-1', cpu: '2', zone: 'a' },
  { name: 'node-2', cpu: '2', zone: 'b' },
  { name: 'node-3', cpu: '2', zone: 'c' },
];

test('fact 77: pods created through the API are bound, with a Scheduled event from default-scheduler', () => {
  const c = cluster(threeNodes);
  for (let i = 0; i < 6; i++) c.createPod(`web-${i}`, '500m');
  c.loop.settle();
  const placed = new Map<string, number>();
  for (let i = 0; i < 6; i++) {
    const p = c.getPod(`web-${i}`);
    const node = p.spec?.nodeName;
    assert.ok(node, `web-${i} is bound`);
    placed.set(node, (placed.get(node) ?? 0) + 1);
    assert.deepEqual(c.events(`web-${i}`), [{ type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/web-${i} to ${node}`, source: 'default-scheduler' }]);
    const record = c.scheduler.records.forPod('default', `web-${i}`)!;
    assert.equal(record.selectedNode, node);
    assert.equal(record.bound, true);
  }
  // LeastAllocated and spreading keep the pods even across three equal nodes.
  assert.deepEqual([...placed.values()].sort(), [2, 2, 2]);
});

test('facts 57-58: a scoring cycle records each plugin score per node and the weighted total', () => {
  const c = cluster(threeNodes);
  c.createPod('first', '1');
  c.loop.settle();
  const r = c.scheduler.records.forPod('default', 'first')!;
  assert.equal(r.scored, true);
  assert.equal(r.numAllNodes, 3);
  assert.equal(r.feasibleNodes, 3);
  assert.deepEqual([...r.nodes].sort(), ['node-1', 'node-2', 'node-3']);
  const fit = r.plugins.find((p) => p.name === 'NodeResourcesFit');
  assert.deepEqual(fit, { name: 'NodeResourcesFit', weight: 1 });
  for (const n of r.nodes) {
    // Fact 61: (2000 − 1000) × 100 / 2000 = 50 for cpu; memory barely used.
    assert.equal(r.scoreOf(n, 'NodeResourcesFit'), Math.trunc((50 + Math.trunc(((8 * 1024 - 64) * 100) / (8 * 1024))) / 2));
    const total = r.plugins.reduce((sum, p) => sum + p.weight * r.scoreOf(n, p.name)!, 0);
    assert.equal(r.scoreOf(n, 'total'), total);
  }
  const rows = r.rows();
  assert.equal(rows.length, 3 * (r.plugins.length + 1));
  assert.deepEqual(rows.filter((x) => x.plugin === 'total').map((x) => x.node), ['node-1', 'node-2', 'node-3']);
});

test('fact 68: the system default spreading sees the Services that select a pod (their informer is synced from the start)', () => {
  const c = cluster(threeNodes);
  c.admin.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  c.loop.settle();
  c.createPod('web-1', '100m', { labels: { app: 'web' } });
  c.createPod('plain', '100m');
  c.loop.settle();
  c.createPod('web-2', '100m', { labels: { app: 'web' } });
  c.loop.settle();
  const spread = c.scheduler.records.forPod('default', 'web-2')!;
  assert.ok(spread.plugins.some((p) => p.name === 'PodTopologySpread'), 'PodTopologySpread scored the selected pod');
  const first = c.getPod('web-1').spec!.nodeName!;
  // hostname and zone constraints, each weighted ln(3 + 2): the replica's node has raw
  // round(1.609 + 2 + 1.609 + 4) = 9, the others 6, so 100 × (9 + 6 − 9) / 9 = 66.
  assert.equal(spread.scoreOf(first, 'PodTopologySpread'), 66, 'the node with the other replica scores lowest');
  assert.notEqual(c.getPod('web-2').spec!.nodeName, first);
  // A pod nothing selects gets no default constraints, so the plugin skips it.
  const plain = c.scheduler.records.forPod('default', 'plain')!;
  assert.ok(!plain.plugins.some((p) => p.name === 'PodTopologySpread'));
});

test('fact 58: with one feasible node the cycle chooses it without scoring', () => {
  const c = cluster(threeNodes);
  c.createPod('big', '1500m');
  c.loop.settle();
  const host = c.getPod('big').spec!.nodeName!;
  c.createPod('bigger', '1900m');
  c.loop.settle();
  // Only the two empty nodes fit; fill one of them so that exactly one fits.
  const second = c.getPod('bigger').spec!.nodeName!;
  assert.notEqual(second, host);
  c.createPod('last', '1800m');
  c.loop.settle();
  const r = c.scheduler.records.forPod('default', 'last')!;
  assert.equal(r.feasibleNodes, 1);
  assert.equal(r.scored, false);
  assert.deepEqual(r.rows(), []);
  assert.equal(c.getPod('last').spec?.nodeName, r.selectedNode);
});

const noPreemption = () =>
  loadConfig(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    postFilter:
      disabled: [{name: DefaultPreemption}]
`);

test('facts 74, 76: an unschedulable pod gets FailedScheduling and PodScheduled=False with the FitError message', () => {
  const c = cluster(threeNodes, noPreemption());
  c.createPod('huge', '3');
  c.loop.settle();
  const msg = '0/3 nodes are available: 3 Insufficient cpu.';
  assert.deepEqual(c.events('huge'), [{ type: 'Warning', reason: 'FailedScheduling', message: msg, source: 'default-scheduler' }]);
  const p = c.getPod('huge');
  assert.equal(p.spec?.nodeName, undefined);
  const cond = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
  assert.deepEqual(
    { status: cond?.status, reason: cond?.reason, message: cond?.message, lastTransitionTime: cond?.lastTransitionTime },
    { status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: '2025-01-01T00:00:00Z' },
  );
  assert.equal(c.scheduler.records.forPod('default', 'huge'), undefined);
  assert.equal(c.scheduler.records.lastCycle('default', 'huge')?.failure, msg);
});

test('fact 76: a retry that fails the same way leaves the pod alone (UpdatePodCondition reports no change, updatePod skips the patch)', () => {
  const c = cluster(threeNodes, noPreemption());
  c.createPod('huge', '3');
  c.loop.settle();
  const first = c.getPod('huge');
  const cycles = () => c.scheduler.records.cycles('default', 'huge').length;
  assert.equal(cycles(), 1);
  // Fact 73: the unschedulable pod is retried once it has waited more than 5 minutes (flushed every 30s).
  c.loop.advance(5 * 60_000 + 30_000);
  c.loop.settle();
  assert.equal(cycles(), 2);
  const again = c.getPod('huge');
  assert.equal(again.metadata?.resourceVersion, first.metadata?.resourceVersion);
  assert.deepEqual(again.status?.conditions, first.status?.conditions);
});

test('fact 76: a new message rewrites the condition but keeps lastTransitionTime while the status stays False', () => {
  const c = cluster(threeNodes, noPreemption());
  c.createPod('huge', '3');
  c.loop.settle();
  c.loop.advance(60_000);
  c.admin.create('nodes', nodeObject({ name: 'node-4', cpu: '8', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }, 3, '2025-01-01T00:01:00Z'));
  c.loop.advance(1500);
  c.loop.settle();
  const cond = c.getPod('huge').status?.conditions?.find((x) => x.type === 'PodScheduled');
  assert.deepEqual(
    { status: cond?.status, message: cond?.message, lastTransitionTime: cond?.lastTransitionTime },
    {
      status: 'False',
      message: '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 3 Insufficient cpu.',
      lastTransitionTime: '2025-01-01T00:00:00Z',
    },
  );
});

test('fact 75: with the default profile the preemption result follows the filter reasons', () => {
  const c = cluster(threeNodes);
  c.createPod('huge', '3');
  c.loop.settle();
  const [ev] = c.events('huge');
  assert.equal(ev.reason, 'FailedScheduling');
  assert.equal(ev.message, '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
});

test('an unschedulable pod is scheduled once a node that fits is added', () => {
  const c = cluster(threeNodes, noPreemption());
  c.createPod('huge', '3');
  c.loop.settle();
  c.admin.create('nodes', nodeObject({ name: 'node-4', cpu: '8' }, 3, '2025-01-01T00:00:00Z'));
  // The node wakes the pod, which first waits out its 1s backoff (fact 72).
  c.loop.advance(1500);
  c.loop.settle();
  assert.equal(c.getPod('huge').spec?.nodeName, 'node-4');
  assert.deepEqual(
    c.events('huge').map((e) => e.reason),
    ['FailedScheduling', 'Scheduled'],
  );
});

test('fact 76: a pod being deleted is not scheduled', () => {
  const c = cluster(threeNodes, noPreemption());
  c.createPod('doomed', '3', { finalizers: ['example.com/hold'] });
  c.loop.settle();
  c.admin.delete('pods', 'default', 'doomed');
  c.loop.advance(1500);
  c.loop.settle();
  assert.deepEqual(
    c.events('doomed').map((e) => e.message),
    ['0/3 nodes are available: 3 Insufficient cpu.', 'skip schedule deleting pod: default/doomed'],
  );
});

test('without nodes the failure is "no nodes available to schedule pods"', () => {
  const c = cluster([], noPreemption());
  c.createPod('lonely', '1');
  c.loop.settle();
  assert.deepEqual(c.events('lonely'), [{ type: 'Warning', reason: 'FailedScheduling', message: 'no nodes available to schedule pods', source: 'default-scheduler' }]);
});

test('pods for another scheduler are left alone', () => {
  const c = cluster(threeNodes);
  c.admin.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'other', namespace: 'default' },
    spec: { schedulerName: 'my-scheduler', containers: [{ name: 'app', image: 'nginx' }] },
  });
  c.loop.settle();
  assert.equal(c.getPod('other').spec?.nodeName, undefined);
  assert.deepEqual(c.events('other'), []);
});

test('scheduling is deterministic under a seed', () => {
  const run = (seed: number) => {
    const specs: NodeSpec[] = Array.from({ length: 8 }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4' }));
    const c = cluster(specs, undefined, seed);
    for (let i = 0; i < 20; i++) c.createPod(`p-${i}`, '100m');
    c.loop.settle();
    return Array.from({ length: 20 }, (_, i) => c.getPod(`p-${i}`).spec?.nodeName);
  };
  const a = run(3);
  assert.deepEqual(run(3), a);
  assert.ok(a.every((n) => n !== undefined));
});

// ---- the round-robin filter scan (fact 70) ---------------------------------------------------

const noScoring = () =>
  loadConfig(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    score:
      disabled: [{name: '*'}]
`);

test('fact 70: without scoring the cycle stops at the first feasible node, and the scan start advances by the nodes checked (feasible + rejected)', () => {
  const specs: NodeSpec[] = ['n1', 'n2', 'n3', 'n4'].map((name) => ({ name, cpu: '2' }));
  const c = cluster(specs, noScoring());
  const place = (name: string, cpu: string) => {
    c.createPod(name, cpu);
    c.loop.settle();
    return { node: c.getPod(name).spec?.nodeName, next: c.scheduler.nextStartNodeIndex };
  };
  // One node checked per pod while every node fits: n1, n2, n3, n4 in turn.
  assert.deepEqual(place('a', '1500m'), { node: 'n1', next: 1 });
  assert.deepEqual(place('b', '1500m'), { node: 'n2', next: 2 });
  assert.deepEqual(place('c', '400m'), { node: 'n3', next: 3 });
  assert.deepEqual(place('d', '1500m'), { node: 'n4', next: 0 });
  // From n1: n1 and n2 are full (rejected), n3 fits: three nodes checked, so the next scan starts at n4.
  assert.deepEqual(place('e', '1500m'), { node: 'n3', next: 3 });
  assert.deepEqual(place('f', '100m'), { node: 'n4', next: 0 });
  const r = c.scheduler.records.forPod('default', 'e')!;
  assert.equal(r.scored, false);
  assert.equal(r.feasibleNodes, 1);
  assert.equal(r.evaluatedNodes, 3);
});

test('fact 70: with scoring every node is checked (fewer than 100 nodes), so the scan start stays put modulo N', () => {
  const specs: NodeSpec[] = ['n1', 'n2', 'n3'].map((name) => ({ name, cpu: '2' }));
  const c = cluster(specs, noPreemption());
  c.createPod('a', '100m');
  c.loop.settle();
  assert.equal(c.scheduler.nextStartNodeIndex, 0);
  assert.equal(c.scheduler.records.forPod('default', 'a')!.feasibleNodes, 3);
  c.createPod('big', '5');
  c.loop.settle();
  assert.equal(c.scheduler.nextStartNodeIndex, 0);
});
