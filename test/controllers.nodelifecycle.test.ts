import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { namespaceLifecycle } from '../src/apiserver/admission/namespace_lifecycle';
import { ApiServer } from '../src/apiserver/apiserver';
import { bootstrap } from '../src/cluster/bootstrap';
import type { CoreEvent } from '../src/client/event_types';
import { ControllerContext } from '../src/controllers/context';
import { NodeLifecycleController, type NodeLifecycleOptions } from '../src/controllers/nodelifecycle';
import { RateLimitedTimedQueue, TokenBucketLimiter } from '../src/controllers/nodelifecycle/rate_limited_queue';
import { computeZoneState } from '../src/controllers/nodelifecycle/zones';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

// ---- harness: a real API server, the controller, and nodes/leases/pods written by the test ------

const EPOCH = Date.UTC(2025, 0, 1);
const S = 1000;
type NodeObj = Node & KubeObject;
type PodObj = Pod & KubeObject;

function setup(opts: NodeLifecycleOptions = {}) {
  const loop = new Loop();
  const rng = new Rng(1);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn, { label: 'store watch sync' }) });
  const registry = ResourceRegistry.builtin();
  const apiserver = new ApiServer({ loop, rng, log: new EventLog(loop), store, registry, admission: new AdmissionChain().use(namespaceLifecycle), epochMs: EPOCH });
  bootstrap(apiserver.client('kube-apiserver'));
  const ctx = new ControllerContext((user) => apiserver.client(user), loop, rng, registry, EPOCH);
  const controller = new NodeLifecycleController(ctx, opts);
  controller.start();
  const client = apiserver.client('kubernetes-admin');
  const kubelet = (node: string) => apiserver.client(`kubelet/${node}`);
  /** Move the clock to `seconds` (absolute virtual time). */
  const at = (seconds: number) => loop.advance(Math.round(seconds * S) - loop.now);
  return { loop, client, kubelet, controller, at, apiserver };
}
type Env = ReturnType<typeof setup>;

const ts = (ms: number) => new Date(EPOCH + Math.floor(ms / S) * S).toISOString().replace('.000Z', 'Z');
const micro = (ms: number) => new Date(EPOCH + ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function condition(type: string, status: string, reason: string, now: string): NodeCondition {
  return { type, status, reason, message: `${reason}`, lastHeartbeatTime: now, lastTransitionTime: now };
}

/** A Node as a kubelet registers it: healthy conditions (or none), optional zone and labels. */
function createNode(env: Env, name: string, o: { zone?: string; conditions?: boolean; labels?: Record<string, string>; network?: boolean } = {}): NodeObj {
  const now = ts(env.loop.now);
  const conditions = [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', now),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', now),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', now),
    condition('Ready', 'True', 'KubeletReady', now),
    ...(o.network ? [condition('NetworkUnavailable', 'False', 'RouteCreated', now)] : []),
  ];
  const labels = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux', ...(o.zone ? { 'topology.kubernetes.io/zone': o.zone } : {}), ...o.labels };
  return env.kubelet(name).create<NodeObj>('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: {},
    status: o.conditions === false ? {} : { conditions },
  } as NodeObj);
}

function renewLease(env: Env, name: string): void {
  const renewTime = micro(env.loop.now);
  try {
    const lease = env.kubelet(name).get<KubeObject>('leases.coordination.k8s.io', 'kube-node-lease', name);
    env.kubelet(name).update('leases.coordination.k8s.io', { ...structuredClone(lease), spec: { ...(lease.spec as object), renewTime } });
  } catch {
    env.kubelet(name).create('leases.coordination.k8s.io', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
    });
  }
}

/** The kubelet posts its Ready condition again (a heartbeat), optionally with a new status. */
function postStatus(env: Env, name: string, ready: 'True' | 'False' = 'True', extra: Record<string, string> = {}): void {
  const node = env.client.get<NodeObj>('nodes', undefined, name);
  const now = ts(env.loop.now);
  const next: NodeObj = {
    ...structuredClone(node),
    status: {
      ...node.status,
      conditions: (node.status?.conditions ?? []).map((c) => {
        const want = c.type === 'Ready' ? ready : (extra[c.type] ?? (c.type === 'NetworkUnavailable' ? c.status : 'False'));
        const reason = c.type === 'Ready' ? (ready === 'True' ? 'KubeletReady' : 'KubeletNotReady') : c.reason;
        return { ...c, status: want, reason, lastHeartbeatTime: now, lastTransitionTime: want === c.status ? c.lastTransitionTime : now };
      }),
    },
  };
  env.kubelet(name).updateStatus('nodes', next);
}

/** A kubelet heartbeat every 10s (from `first`), by lease or by status, until `stop()`. */
function heartbeat(env: Env, name: string, first: number, via: 'lease' | 'status') {
  const timer = env.loop.every(10 * S, () => (via === 'lease' ? renewLease(env, name) : postStatus(env, name)), { firstDelayMs: Math.max(0, first * S - env.loop.now) });
  return { stop: () => timer.cancel() };
}

const getNode = (env: Env, name: string) => env.client.get<NodeObj>('nodes', undefined, name);
const cond = (n: NodeObj, type: string) => n.status?.conditions?.find((c) => c.type === type);
const taintsOf = (n: NodeObj, effect?: string) => (n.spec?.taints ?? []).filter((t) => !effect || t.effect === effect);
const taintKeys = (n: NodeObj, effect: string) => taintsOf(n, effect).map((t) => t.key).sort();

function events(env: Env, namespace: string): CoreEvent[] {
  return env.client.list<CoreEvent>('events', { namespace }).items;
}

function boundPod(env: Env, name: string, node: string): PodObj {
  const pod = env.client.create<PodObj>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }] },
  } as PodObj);
  const now = ts(env.loop.now);
  return env.kubelet(node).updateStatus<PodObj>('pods', {
    ...structuredClone(pod),
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      ],
    },
  } as PodObj);
}

/** The first instant (ms) at which `pred` holds, moving the clock forward at most `limitS` seconds. */
function whenHolds(env: Env, pred: () => boolean, limitS: number): number | undefined {
  return env.loop.until(pred, limitS * S) ? env.loop.now : undefined;
}

// ---- health: Unknown after the grace period ---------------------------------------------------

test('facts 4-5: a node goes Unknown on the first 5s monitor pass 50s after its last heartbeat was seen', () => {
  // Heartbeats land 2s after a pass; the controller sees the last one on the next pass (t=35s).
  const cases = [
    { name: 'Lease renewals only', via: 'lease' as const, last: 32, unknownAt: 85 },
    { name: 'Ready heartbeats only', via: 'status' as const, last: 32, unknownAt: 85 },
    { name: 'a heartbeat just after a pass', via: 'lease' as const, last: 36, unknownAt: 90 },
    { name: 'a heartbeat just before a pass', via: 'status' as const, last: 39, unknownAt: 90 },
  ];
  for (const c of cases) {
    const env = setup();
    createNode(env, 'n1', { network: true });
    if (c.via === 'lease') renewLease(env, 'n1');
    const hb = heartbeat(env, 'n1', c.last - 30, c.via);
    env.at(c.last + 1);
    hb.stop();
    const t = whenHolds(env, () => cond(getNode(env, 'n1'), 'Ready')!.status === 'Unknown', 120);
    assert.equal(t, c.unknownAt * S, `${c.name}: Unknown at ${t}`);
    const n = getNode(env, 'n1');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const x = cond(n, type)!;
      assert.deepEqual([x.status, x.reason, x.message, x.lastTransitionTime], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', ts(c.unknownAt * S)], `${c.name}: ${type}`);
    }
    assert.equal(cond(n, 'NetworkUnavailable')!.status, 'False', `${c.name}: NetworkUnavailable is left alone`);
    assert.equal(cond(n, 'Ready')!.lastHeartbeatTime, ts(c.via === 'status' ? c.last * S : 0), `${c.name}: the heartbeat time is the kubelet's`);
  }
});

test('fact 4: steady heartbeats by lease or status keep a node Ready indefinitely', () => {
  for (const via of ['lease', 'status'] as const) {
    const env = setup();
    createNode(env, 'n1');
    if (via === 'lease') renewLease(env, 'n1');
    heartbeat(env, 'n1', 3, via);
    const failedAt = env.loop.runFor(() => cond(getNode(env, 'n1'), 'Ready')!.status === 'True', 600 * S);
    assert.equal(failedAt, undefined, `${via}: stayed Ready`);
  }
});

test('facts 4-5: a node that never posted status gets the 60s startup grace and NodeStatusNeverUpdated', () => {
  const cases = [
    { createdAt: 0, unknownAt: 60 },
    { createdAt: 3, unknownAt: 65 },
  ];
  for (const c of cases) {
    const env = setup();
    env.at(c.createdAt);
    createNode(env, 'bare', { conditions: false });
    const t = whenHolds(env, () => cond(getNode(env, 'bare'), 'Ready') !== undefined, 120);
    assert.equal(t, c.unknownAt * S);
    const n = getNode(env, 'bare');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const x = cond(n, type)!;
      assert.deepEqual(
        [x.status, x.reason, x.message, x.lastHeartbeatTime, x.lastTransitionTime],
        ['Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', n.metadata!.creationTimestamp, ts(c.unknownAt * S)],
        type,
      );
    }
  }
});

test('facts 4-5: a lease alone keeps a node that never posted status healthy', () => {
  const env = setup();
  createNode(env, 'bare', { conditions: false });
  renewLease(env, 'bare');
  heartbeat(env, 'bare', 8, 'lease');
  env.at(300);
  assert.equal(cond(getNode(env, 'bare'), 'Ready'), undefined);
});

// ---- events -----------------------------------------------------------------------------------

test('RegisteredNode, NodeNotReady (fact 9) and RemovingNode events on the Node, from node-controller', () => {
  const env = setup();
  createNode(env, 'n1');
  env.at(4.9);
  assert.equal(events(env, 'default').length, 0, 'nodes are registered by the monitor pass');
  env.at(5);
  env.at(70);
  env.client.delete('nodes', undefined, 'n1');
  env.at(80);
  const got = events(env, 'default').map((e) => [e.type, e.reason, e.message, e.involvedObject.kind, e.involvedObject.name, e.source.component, e.firstTimestamp]);
  assert.deepEqual(got, [
    ['Normal', 'RegisteredNode', 'Node n1 event: Registered Node n1 in Controller', 'Node', 'n1', 'node-controller', ts(5 * S)],
    ['Normal', 'NodeNotReady', 'Node n1 status is now: NodeNotReady', 'Node', 'n1', 'node-controller', ts(55 * S)],
    ['Normal', 'RemovingNode', 'Node n1 event: Removing Node n1 from Controller', 'Node', 'n1', 'node-controller', ts(75 * S)],
  ]);
});

test('fact 10: MarkPodsNotReady sets Ready=False through status and records NodeNotReady on each pod', () => {
  const env = setup();
  createNode(env, 'n1');
  createNode(env, 'n2');
  renewLease(env, 'n2');
  heartbeat(env, 'n2', 1, 'lease');
  const p1 = boundPod(env, 'a', 'n1');
  boundPod(env, 'other', 'n2');
  env.at(55); // n1: registered at 5s, never heard of again: Unknown at 55s
  const a = env.client.get<PodObj>('pods', 'default', 'a');
  const ready = a.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.lastTransitionTime], ['False', ts(55 * S)]);
  assert.equal(a.status!.conditions!.find((c) => c.type === 'Initialized')!.status, 'True', 'other conditions untouched');
  assert.equal(a.status!.phase, p1.status!.phase);
  const other = env.client.get<PodObj>('pods', 'default', 'other');
  assert.equal(other.status!.conditions!.find((c) => c.type === 'Ready')!.status, 'True');
  const podEvents = events(env, 'default').filter((e) => e.involvedObject.kind === 'Pod');
  assert.deepEqual(
    podEvents.map((e) => [e.type, e.reason, e.message, e.involvedObject.name, e.source.component]),
    [['Warning', 'NodeNotReady', 'Node is not ready', 'a', 'node-controller']],
  );
  // A pod bound to the not-ready node later is marked at once, by the pod worker.
  boundPod(env, 'late', 'n1');
  env.at(56);
  const late = env.client.get<PodObj>('pods', 'default', 'late');
  assert.equal(late.status!.conditions!.find((c) => c.type === 'Ready')!.status, 'False');
});

// ---- taints -----------------------------------------------------------------------------------

test('fact 7: NoSchedule taints follow the node conditions and spec.unschedulable', () => {
  const cases: { name: string; conditions?: Record<string, string>; ready?: 'True' | 'False'; unschedulable?: boolean; want: string[] }[] = [
    { name: 'healthy', want: [] },
    { name: 'memory pressure', conditions: { MemoryPressure: 'True' }, want: ['node.kubernetes.io/memory-pressure'] },
    { name: 'disk and pid pressure', conditions: { DiskPressure: 'True', PIDPressure: 'True' }, want: ['node.kubernetes.io/disk-pressure', 'node.kubernetes.io/pid-pressure'] },
    { name: 'network unavailable', conditions: { NetworkUnavailable: 'True' }, want: ['node.kubernetes.io/network-unavailable'] },
    { name: 'not ready', ready: 'False', want: ['node.kubernetes.io/not-ready'] },
    { name: 'cordoned', unschedulable: true, want: ['node.kubernetes.io/unschedulable'] },
  ];
  for (const c of cases) {
    const env = setup();
    createNode(env, 'n1', { network: true });
    env.client.patch('nodes', undefined, 'n1', 'merge', { spec: { taints: [{ key: 'example.com/mine', effect: 'NoSchedule' }] } });
    env.at(1);
    postStatus(env, 'n1', c.ready ?? 'True', c.conditions ?? {});
    if (c.unschedulable) env.client.patch('nodes', undefined, 'n1', 'merge', { spec: { unschedulable: true } });
    env.at(2);
    const n = getNode(env, 'n1');
    assert.deepEqual(taintKeys(n, 'NoSchedule'), ['example.com/mine', ...c.want].sort(), c.name);
    for (const t of taintsOf(n, 'NoSchedule')) if (t.key !== 'example.com/mine') assert.equal(t.timeAdded, ts(1 * S), `${c.name}: ${t.key} carries timeAdded`);
    // Back to healthy and schedulable: the controller's NoSchedule taints go, the user's stays.
    postStatus(env, 'n1', 'True', { NetworkUnavailable: 'False' });
    env.client.patch('nodes', undefined, 'n1', 'merge', { spec: { unschedulable: null } });
    env.at(3);
    assert.deepEqual(taintKeys(getNode(env, 'n1'), 'NoSchedule'), ['example.com/mine'], `${c.name}: cleared`);
  }
});

test('fact 8: NoExecute taints are added on the pass after Unknown, swapped on False<->Unknown, removed on True', () => {
  const env = setup();
  createNode(env, 'n1');
  createNode(env, 'n2'); // a healthy neighbour keeps the zone out of full disruption
  renewLease(env, 'n2');
  heartbeat(env, 'n2', 1, 'lease');
  env.at(55);
  let n = getNode(env, 'n1');
  assert.equal(cond(n, 'Ready')!.status, 'Unknown');
  assert.deepEqual(taintKeys(n, 'NoSchedule'), ['node.kubernetes.io/unreachable'], 'NoSchedule at once');
  assert.deepEqual(taintKeys(n, 'NoExecute'), [], 'NoExecute waits for the next pass');
  env.at(60);
  n = getNode(env, 'n1');
  assert.deepEqual(taintsOf(n, 'NoExecute'), [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(60 * S) }]);

  // The kubelet comes back but reports NotReady: the next pass swaps the NoExecute taint at once.
  env.at(62);
  postStatus(env, 'n1', 'False');
  env.at(64);
  assert.deepEqual(taintKeys(getNode(env, 'n1'), 'NoSchedule'), ['node.kubernetes.io/not-ready'], 'NoSchedule swapped on the update');
  env.at(65);
  n = getNode(env, 'n1');
  assert.deepEqual(taintsOf(n, 'NoExecute'), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: ts(65 * S) }]);

  // Silent again: Unknown 50s after the status was seen (at 65s), swapped back at once on the next pass.
  env.at(115);
  assert.equal(cond(getNode(env, 'n1'), 'Ready')!.status, 'Unknown');
  env.at(120);
  assert.deepEqual(taintsOf(getNode(env, 'n1'), 'NoExecute'), [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(120 * S) }]);

  // Ready again: the next pass removes the NoExecute taint, the update the NoSchedule one.
  env.at(121);
  postStatus(env, 'n1', 'True');
  env.at(125);
  n = getNode(env, 'n1');
  assert.deepEqual(taintsOf(n), []);
  assert.equal(cond(n, 'Ready')!.status, 'True');
});

test('a NoExecute taint removed by hand from a node still Unknown is put back when the zone has a token', () => {
  const env = setup();
  createNode(env, 'n1');
  createNode(env, 'n2');
  renewLease(env, 'n2');
  heartbeat(env, 'n2', 1, 'lease');
  env.at(60);
  const n = getNode(env, 'n1');
  env.client.patch('nodes', undefined, 'n1', 'merge', { spec: { taints: taintsOf(n, 'NoSchedule') } });
  // Queued again on the 65s pass; the zone's token was spent at 60s, the next comes at 70s.
  env.at(69.9);
  assert.deepEqual(taintKeys(getNode(env, 'n1'), 'NoExecute'), []);
  env.at(70);
  assert.deepEqual(taintsOf(getNode(env, 'n1'), 'NoExecute'), [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(70 * S) }]);
});

test('reconcileNodeLabels: the beta os/arch labels follow the stable ones', () => {
  const env = setup();
  createNode(env, 'n1', { labels: { 'kubernetes.io/arch': 'arm64', 'beta.kubernetes.io/os': 'windows' } });
  env.at(1);
  const labels = getNode(env, 'n1').metadata!.labels!;
  assert.deepEqual(
    [labels['beta.kubernetes.io/os'], labels['beta.kubernetes.io/arch'], labels['kubernetes.io/os'], labels['kubernetes.io/arch']],
    ['linux', 'arm64', 'linux', 'arm64'],
  );
});

// ---- zones and rate limits (fact 11) ----------------------------------------------------------

/**
 * `zones`: nodes per zone; `fail`: how many nodes of each zone lose their kubelet at 30s (the
 * last lease renewal at 21s, seen at 25s: Unknown at 75s, queued for tainting at 80s).
 * Returns, per failed node, the virtual second its NoExecute taint appeared (undefined: never).
 */
function runZones(zones: Record<string, number>, fail: Record<string, number>, untilS: number, o: { recoverAt?: number } = {}) {
  const env = setup();
  const tainted = new Map<string, number>();
  env.client.watch<NodeObj>('nodes', {}, (ev) => {
    const n = ev.object as NodeObj;
    if (ev.type !== 'DELETED' && taintsOf(n, 'NoExecute').length && !tainted.has(n.metadata!.name!)) tainted.set(n.metadata!.name!, env.loop.now / S);
  });
  const beats = new Map<string, { stop(): void }>();
  const failed: string[] = [];
  for (const [zone, count] of Object.entries(zones)) {
    for (let i = 0; i < count; i++) {
      const name = `${zone}-${i}`;
      createNode(env, name, { zone });
      renewLease(env, name);
      beats.set(name, heartbeat(env, name, 1, 'lease'));
      if (i < (fail[zone] ?? 0)) failed.push(name);
    }
  }
  env.at(30);
  for (const name of failed) beats.get(name)!.stop();
  if (o.recoverAt !== undefined) {
    env.at(o.recoverAt);
    const name = failed[0];
    renewLease(env, name);
    postStatus(env, name, 'True');
    beats.set(name, heartbeat(env, name, o.recoverAt + 10, 'lease'));
  }
  env.at(untilS);
  return { env, times: failed.map((n) => tainted.get(n)), failed };
}

test('fact 11: NoExecute taints are rate limited per zone by the zone state', () => {
  const cases: { name: string; zones: Record<string, number>; fail: Record<string, number>; untilS: number; want: Array<number | undefined>; recoverAt?: number }[] = [
    // Normal zone (2 of 3 down is not > 2 unhealthy): 0.1/s, so 10s apart.
    { name: 'small cluster, 2 of 3 nodes down', zones: { a: 3 }, fail: { a: 2 }, untilS: 120, want: [80, 90] },
    // 3 of 4 (75% >= 55%) is a partial disruption; with <= 50 nodes the zone stops tainting.
    { name: 'small cluster, partial disruption', zones: { a: 4 }, fail: { a: 3 }, untilS: 300, want: [undefined, undefined, undefined] },
    // 34 of 60 (57%) in a large zone: the secondary rate 0.01/s (float32: a token each 100.1s on the 100ms grid).
    { name: 'large cluster, partial disruption', zones: { a: 60 }, fail: { a: 34 }, untilS: 200, want: [80, 180.1, ...Array(32).fill(undefined)] },
    // One zone fully down, another healthy: the down zone taints at the normal rate.
    { name: 'one zone fully disrupted', zones: { a: 2, b: 2 }, fail: { a: 2 }, untilS: 120, want: [80, 90] },
    // Every zone down: the controller blames itself and taints nothing.
    { name: 'every zone fully disrupted', zones: { a: 2, b: 1 }, fail: { a: 2, b: 1 }, untilS: 400, want: [undefined, undefined, undefined] },
  ];
  for (const c of cases) {
    const { times } = runZones(c.zones, c.fail, c.untilS);
    assert.deepEqual(times, c.want, c.name);
  }
});

test('fact 11: leaving full disruption restarts the clocks and tainting resumes on a drained bucket', () => {
  // a-0 reports Ready right after the 200s pass; the 205s pass sees it, the zone is Normal again,
  // and the limiter swap from "never" starts on an empty bucket: a-1 is tainted 10s later.
  const { env, times, failed } = runZones({ a: 2 }, { a: 2 }, 260, { recoverAt: 200 });
  assert.deepEqual(times, [undefined, 215]);
  assert.equal(cond(getNode(env, failed[0]), 'Ready')!.status, 'True');
});

test('fact 11: leaving full disruption removes the taints it had added before', () => {
  // A zone of two loses one node (tainted at 80s), then the other: the whole cluster is down, so
  // the controller takes the NoExecute taint off again.
  const env = setup();
  createNode(env, 'a-0', { zone: 'a' });
  createNode(env, 'a-1', { zone: 'a' });
  renewLease(env, 'a-0');
  renewLease(env, 'a-1');
  const b0 = heartbeat(env, 'a-0', 1, 'lease');
  const b1 = heartbeat(env, 'a-1', 1, 'lease');
  env.at(30);
  b0.stop();
  env.at(80);
  assert.equal(taintKeys(getNode(env, 'a-0'), 'NoExecute').length, 1);
  env.at(90);
  b1.stop();
  env.at(145); // a-1: last renewal 81s, seen at 85s, Unknown at 135s: all zones fully disrupted
  assert.deepEqual(taintKeys(getNode(env, 'a-0'), 'NoExecute'), []);
  assert.deepEqual(taintKeys(getNode(env, 'a-1'), 'NoExecute'), []);
  assert.deepEqual([...env.controller.zones.values()], ['FullDisruption']);
});

test('computeZoneState (fact 11): thresholds', () => {
  const mk = (ready: number, notReady: number, missing = 0) => [
    ...Array(ready).fill({ type: 'Ready', status: 'True' }),
    ...Array(notReady).fill({ type: 'Ready', status: 'Unknown' }),
    ...Array(missing).fill(undefined),
  ];
  const cases = [
    { ready: 3, notReady: 0, want: 'Normal' },
    { ready: 1, notReady: 2, want: 'Normal' },
    { ready: 1, notReady: 3, want: 'PartialDisruption' },
    { ready: 9, notReady: 11, want: 'PartialDisruption' },
    { ready: 10, notReady: 10, want: 'Normal' },
    { ready: 0, notReady: 1, want: 'FullDisruption' },
    { ready: 0, notReady: 0, missing: 2, want: 'FullDisruption' },
    { ready: 0, notReady: 0, want: 'Normal' },
  ];
  for (const c of cases) assert.equal(computeZoneState(mk(c.ready, c.notReady, c.missing), 0.55).state, c.want, JSON.stringify(c));
});

test('RateLimitedTimedQueue: one value per token, unique until removed, retries after their wait', () => {
  const loop = new Loop();
  const q = new RateLimitedTimedQueue(new TokenBucketLimiter(Math.fround(0.1), 1, loop), loop);
  const done: Array<[string, number]> = [];
  let failB = true;
  const tick = () =>
    q.try((v) => {
      if (v.value === 'b' && failB) {
        failB = false;
        return [false, 50];
      }
      done.push([v.value, loop.now]);
      return [true, 0];
    });
  assert.equal(q.add('a', 'u1'), true);
  assert.equal(q.add('b', 'u2'), true);
  assert.equal(q.add('a', 'u1'), false, 'unique');
  for (let t = 0; t <= 30_000; t += 100) {
    loop.advance(t - loop.now);
    tick();
  }
  assert.deepEqual(done, [['a', 0], ['b', 20_000]], 'b failed at 10s and waited for the next token');
  assert.equal(q.add('a', 'u1'), false, 'processed values stay in the set');
  q.remove('a');
  assert.equal(q.add('a', 'u1'), true);
  q.swapLimiter(0);
  loop.advance(100_000);
  tick();
  assert.deepEqual(done.length, 2, 'a zero rate stops processing');
});

test('the controller stops cleanly: no pending work, no new writes', () => {
  const env = setup();
  createNode(env, 'n1');
  env.at(10);
  env.controller.stop();
  const before = env.client.list('events', { namespace: 'default' }).items.length;
  env.at(200);
  assert.equal(cond(getNode(env, 'n1'), 'Ready')!.status, 'True');
  assert.equal(env.client.list('events', { namespace: 'default' }).items.length, before);
  assert.equal(env.loop.pendingForeground, 0);
});

