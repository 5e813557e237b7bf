import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { Loop } from '../src/sim/loop';
import { Code, Status } from '../src/scheduler/framework/status';
import { ActionType, type ClusterEvent, type QueuedPodInfo } from '../src/scheduler/framework/interface';
import { PodInfo } from '../src/scheduler/framework/types';
import { PriorityQueue } from '../src/scheduler/backend/queue/scheduling_queue';
import { calculateBackoffDuration } from '../src/scheduler/backend/queue/backoff';
import { Nominator } from '../src/scheduler/backend/queue/nominator';
import * as events from '../src/scheduler/backend/queue/events';

interface PodOpts {
  priority?: number;
  gates?: string[];
  labels?: Record<string, string>;
  nominated?: string;
  affinityTo?: Record<string, string>;
  ns?: string;
  nodeName?: string;
}

function pod(name: string, o: PodOpts = {}): Pod {
  return {
    metadata: { name, namespace: o.ns ?? 'default', uid: `uid-${name}`, labels: o.labels },
    spec: {
      containers: [{ name: 'c', image: 'busybox' }],
      priority: o.priority ?? 0,
      nodeName: o.nodeName,
      schedulingGates: o.gates?.map((n) => ({ name: n })),
      affinity: o.affinityTo
        ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: o.affinityTo }, topologyKey: 'kubernetes.io/hostname' }] } }
        : undefined,
    },
    status: o.nominated ? { nominatedNodeName: o.nominated } : {},
  };
}

/** Upstream PrioritySort (fact 73): higher priority first, then the earlier timestamp. */
function prioritySort(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.pod.spec?.priority ?? 0;
  const pb = b.podInfo.pod.spec?.priority ?? 0;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}

/** Upstream SchedulingGates PreEnqueue. */
function preEnqueue(p: Pod): { status: Status; plugin: string } {
  const gates = p.spec?.schedulingGates ?? [];
  if (gates.length === 0) return { status: Status.success(), plugin: '' };
  return { status: Status.of(Code.UnschedulableAndUnresolvable, `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`), plugin: 'SchedulingGates' };
}

/** Registrations shaped like the v1.32 plugins'. */
const pluginEvents = new Map<string, ClusterEvent[]>([
  ['SchedulingGates', []],
  ['NodeResourcesFit', [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable, label: 'fit-node' }, { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown, label: 'fit-pod' }]],
  ['TaintToleration', [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint, label: 'taint-node' }]],
  ['NodeAffinity', [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'affinity-node' }]],
  ['InterPodAffinity', [{ resource: 'Pod', actionType: ActionType.All, label: 'ipa-pod' }, { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'ipa-node' }]],
  ['PodTopologySpread', [{ resource: 'Pod', actionType: ActionType.All, label: 'pts-pod' }]],
]);

function newQueue(extra: { onPodActivated?: () => void } = {}) {
  const loop = new Loop();
  const q = new PriorityQueue({ loop, less: prioritySort, preEnqueue, podInitialBackoffMs: 1000, podMaxBackoffMs: 10_000, pluginEvents, ...extra });
  return { loop, q };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name!);

/** Pops the pod and fails it with the given rejecting plugins (none: an error). */
function fail(q: PriorityQueue, rejectors: string[], between?: () => void): QueuedPodInfo {
  const qpi = q.pop()!;
  const cycle = q.schedulingCycle();
  between?.();
  for (const r of rejectors) qpi.unschedulablePlugins.add(r);
  assert.equal(q.addUnschedulableIfNotPresent(qpi, cycle), undefined);
  return qpi;
}

// Fact 73: PrioritySort — higher priority first, then the earlier queue timestamp; FIFO among equals.
const orderCases: Array<{ name: string; adds: Array<[at: number, name: string, priority: number]>; want: string[] }> = [
  { name: 'higher priority first', adds: [[0, 'low', 0], [0, 'high', 100], [0, 'mid', 10]], want: ['high', 'mid', 'low'] },
  { name: 'equal priority: earlier timestamp first', adds: [[0, 'a', 5], [10, 'b', 5], [5, 'c', 5]], want: ['a', 'c', 'b'] },
  { name: 'priority beats timestamp', adds: [[0, 'old', 0], [100, 'new', 1]], want: ['new', 'old'] },
  { name: 'same priority and timestamp: FIFO', adds: [[0, 'p1', 0], [0, 'p2', 0], [0, 'p3', 0], [0, 'p4', 0]], want: ['p1', 'p2', 'p3', 'p4'] },
  { name: 'negative priorities', adds: [[0, 'neg', -10], [0, 'zero', 0]], want: ['zero', 'neg'] },
];
for (const c of orderCases) {
  test(`queue order (fact 73): ${c.name}`, () => {
    const { loop, q } = newQueue();
    for (const [at, name, priority] of [...c.adds].sort((x, y) => x[0] - y[0])) {
      loop.advance(at - loop.now);
      q.add(pod(name, { priority }));
    }
    const got: string[] = [];
    for (let p = q.pop(); p; p = q.pop()) got.push(p.podInfo.pod.metadata!.name!);
    assert.deepEqual(got, c.want);
  });
}

test('pop increments attempts, sets the first-attempt time and clears the rejecting plugins', () => {
  const { loop, q } = newQueue();
  loop.advance(7);
  q.add(pod('p'));
  const first = fail(q, ['TaintToleration']);
  assert.equal(first.attempts, 1);
  assert.equal(first.initialAttemptTimestamp, 7);
  q.moveAllToActiveOrBackoffQueue(events.NodeTaintChange);
  loop.advance(5000);
  q.flushBackoffQCompleted();
  const again = q.pop()!;
  assert.equal(again.attempts, 2);
  assert.equal(again.initialAttemptTimestamp, 7);
  assert.equal(again.unschedulablePlugins.size, 0);
});

// Fact 72: initial 1s, max 10s; attempts double the backoff.
const backoffCases: Array<{ attempts: number; wantMs: number }> = [
  { attempts: 0, wantMs: 0 },
  { attempts: 1, wantMs: 1000 },
  { attempts: 2, wantMs: 2000 },
  { attempts: 3, wantMs: 4000 },
  { attempts: 4, wantMs: 8000 },
  { attempts: 5, wantMs: 10_000 },
  { attempts: 6, wantMs: 10_000 },
  { attempts: 60, wantMs: 10_000 },
];
for (const c of backoffCases) {
  test(`backoff (fact 72): ${c.attempts} attempts → ${c.wantMs} ms`, () => {
    assert.equal(calculateBackoffDuration(c.attempts, 1000, 10_000), c.wantMs);
  });
}

for (const c of backoffCases.filter((c) => c.attempts >= 1 && c.attempts <= 6)) {
  test(`backoff (fact 72): a pod failing with an error on attempt ${c.attempts} returns to activeQ after ${c.wantMs} ms`, () => {
    const { loop, q } = newQueue();
    q.start();
    q.add(pod('p'));
    const qpi = q.pop()!;
    qpi.attempts = c.attempts;
    q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle());
    assert.equal(q.whereIs(qpi.podInfo.pod), 'backoffQ');
    loop.advance(c.wantMs - 1);
    assert.equal(q.whereIs(qpi.podInfo.pod), 'backoffQ');
    loop.advance(1);
    assert.equal(q.whereIs(qpi.podInfo.pod), 'activeQ');
    q.stop();
  });
}

// Pods rejected by a plugin move back only on an event that plugin registered (or a wildcard one).
const moveCases: Array<{ rejector: string; event: ClusterEvent; moves: boolean }> = [
  { rejector: 'TaintToleration', event: events.NodeTaintChange, moves: true },
  { rejector: 'TaintToleration', event: events.NodeAdd, moves: true },
  { rejector: 'TaintToleration', event: events.NodeSpecUnschedulableChange, moves: true },
  { rejector: 'TaintToleration', event: events.NodeLabelChange, moves: false },
  { rejector: 'TaintToleration', event: events.AssignedPodDelete, moves: false },
  { rejector: 'NodeAffinity', event: events.NodeLabelChange, moves: true },
  { rejector: 'NodeAffinity', event: events.NodeAllocatableChange, moves: false },
  // Upstream #109437: NodeAdd registrations also receive taint updates.
  { rejector: 'NodeAffinity', event: events.NodeTaintChange, moves: true },
  { rejector: 'NodeResourcesFit', event: events.AssignedPodDelete, moves: true },
  { rejector: 'NodeResourcesFit', event: events.NodeAllocatableChange, moves: true },
  { rejector: 'NodeResourcesFit', event: events.NodeConditionChange, moves: false },
  { rejector: 'NodeResourcesFit', event: events.PvcAdd, moves: false },
  { rejector: 'NodeResourcesFit', event: events.UnschedulableTimeout, moves: true },
  { rejector: 'NodeResourcesFit', event: events.ForceActivate, moves: true },
  { rejector: 'UnknownPlugin', event: events.NodeAdd, moves: false },
];
for (const c of moveCases) {
  test(`move: rejected by ${c.rejector}, event ${c.event.label} → ${c.moves ? 'moves' : 'stays'}`, () => {
    const { q } = newQueue();
    q.add(pod('p'));
    const qpi = fail(q, [c.rejector]);
    assert.equal(q.whereIs(qpi.podInfo.pod), 'unschedulablePods');
    q.moveAllToActiveOrBackoffQueue(c.event);
    assert.equal(q.whereIs(qpi.podInfo.pod), c.moves ? 'backoffQ' : 'unschedulablePods');
    if (!c.moves) return;
    // Once the backoff ran out, the same event sends the pod straight to activeQ.
    const second = newQueue();
    second.q.add(pod('p'));
    fail(second.q, [c.rejector]);
    second.loop.advance(1000);
    second.q.moveAllToActiveOrBackoffQueue(c.event);
    assert.equal(second.q.whereIs(pod('p')), 'activeQ');
  });
}

test('move: preCheck limits which unschedulable pods an event considers', () => {
  const { q } = newQueue();
  q.add(pod('a'));
  q.add(pod('b'));
  fail(q, ['TaintToleration']);
  fail(q, ['TaintToleration']);
  q.moveAllToActiveOrBackoffQueue(events.NodeAdd, undefined, undefined, (p) => p.metadata!.name === 'b');
  const pending = q.pendingPods();
  assert.deepEqual(names(pending.unschedulable), ['a']);
  assert.deepEqual(names(pending.backoff), ['b']);
});

// Events that arrive while a pod is in flight decide where its failure sends it.
const inFlightCases: Array<{ name: string; rejectors: string[]; during: (q: PriorityQueue, p: Pod) => void; want: string }> = [
  { name: 'no event → unschedulablePods', rejectors: ['TaintToleration'], during: () => {}, want: 'unschedulablePods' },
  { name: 'matching event → backoffQ', rejectors: ['TaintToleration'], during: (q) => q.moveAllToActiveOrBackoffQueue(events.NodeTaintChange), want: 'backoffQ' },
  { name: 'unrelated event → unschedulablePods', rejectors: ['TaintToleration'], during: (q) => q.moveAllToActiveOrBackoffQueue(events.NodeLabelChange), want: 'unschedulablePods' },
  { name: 'error (no rejecting plugin) → backoffQ', rejectors: [], during: () => {}, want: 'backoffQ' },
  {
    name: 'its own spec update → backoffQ',
    rejectors: ['TaintToleration'],
    during: (q, p) => q.update(p, { ...p, metadata: { ...p.metadata, labels: { changed: 'yes' } } }),
    want: 'backoffQ',
  },
  {
    name: 'its own status-only update → unschedulablePods',
    rejectors: ['TaintToleration'],
    during: (q, p) => q.update(p, { ...p, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }),
    want: 'unschedulablePods',
  },
  {
    name: 'another pod’s update → unschedulablePods',
    rejectors: ['InterPodAffinity'],
    during: (q) => q.update(pod('other'), pod('other', { labels: { a: 'b' } })),
    want: 'unschedulablePods',
  },
  { name: 'ForceActivate of the pod → backoffQ', rejectors: ['TaintToleration'], during: (q, p) => q.activate([p]), want: 'backoffQ' },
];
for (const c of inFlightCases) {
  test(`in flight: ${c.name}`, () => {
    const { q } = newQueue();
    q.add(pod('p'));
    const qpi = fail(q, c.rejectors, () => c.during(q, pod('p')));
    assert.equal(q.whereIs(qpi.podInfo.pod), c.want);
  });
}

test('in flight: an event before the pod was popped does not count for it', () => {
  const { q } = newQueue();
  q.add(pod('p'));
  q.add(pod('other'));
  const other = q.pop()!; // keeps the in-flight list alive across the event
  q.moveAllToActiveOrBackoffQueue(events.NodeTaintChange);
  const qpi = fail(q, ['TaintToleration']);
  assert.equal(q.whereIs(qpi.podInfo.pod), 'unschedulablePods');
  q.done(other.podInfo.pod.metadata!.uid!);
});

test('not popped from this queue: a move request since the cycle sends the pod to backoffQ', () => {
  const { loop, q } = newQueue();
  const stale: QueuedPodInfo = {
    podInfo: new PodInfo(pod('x')),
    timestamp: loop.now,
    attempts: 1,
    unschedulablePlugins: new Set(['TaintToleration']),
    pendingPlugins: new Set(),
    gated: false,
  };
  const cycle = q.schedulingCycle();
  q.moveAllToActiveOrBackoffQueue(events.NodeAdd);
  q.addUnschedulableIfNotPresent(stale, cycle);
  assert.equal(q.whereIs(stale.podInfo.pod), 'backoffQ');
  const later = { ...stale, podInfo: new PodInfo(pod('y')), unschedulablePlugins: new Set(['TaintToleration']) };
  q.addUnschedulableIfNotPresent(later, cycle + 1);
  assert.equal(q.whereIs(later.podInfo.pod), 'unschedulablePods');
});

test('addUnschedulableIfNotPresent refuses a pod already queued, and ends its flight anyway', () => {
  const { q } = newQueue();
  q.add(pod('p'));
  const qpi = q.pop()!;
  q.add(pod('p'));
  const err = q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle());
  assert.match(String(err), /already present in the active queue/);
  assert.equal(q.whereIs(pod('p')), 'activeQ');
});

// Fact 73: podMaxInUnschedulablePodsDuration = 5 min, checked every 30 s, strictly longer.
const flushCases: Array<{ failAtMs: number; checks: Array<[atMs: number, where: string]> }> = [
  { failAtMs: 0, checks: [[299_999, 'unschedulablePods'], [300_000, 'unschedulablePods'], [330_000, 'activeQ']] },
  { failAtMs: 15_000, checks: [[300_000, 'unschedulablePods'], [330_000, 'activeQ']] },
  { failAtMs: 30_000, checks: [[330_000, 'unschedulablePods'], [360_000, 'activeQ']] },
];
for (const c of flushCases) {
  test(`unschedulable leftover flush (fact 73): failed at ${c.failAtMs} ms`, () => {
    const { loop, q } = newQueue();
    q.start();
    loop.advance(c.failAtMs);
    q.add(pod('p'));
    fail(q, ['NodeAffinity']);
    for (const [at, where] of c.checks) {
      loop.advance(at - loop.now);
      assert.equal(q.whereIs(pod('p')), where, `at ${at} ms`);
    }
    q.stop();
  });
}

const gatedCases: Array<{ name: string; act: (q: PriorityQueue, p: Pod) => void; want: string }> = [
  { name: 'stays gated on cluster events', act: (q) => q.moveAllToActiveOrBackoffQueue(events.NodeAdd), want: 'gated' },
  { name: 'stays gated on the unschedulable timeout', act: (q) => q.moveAllToActiveOrBackoffQueue(events.UnschedulableTimeout), want: 'gated' },
  { name: 'stays gated when updated with its gates', act: (q, p) => q.update(p, pod('g', { gates: ['a'], labels: { x: 'y' } })), want: 'gated' },
  { name: 'stays gated when one of two gates is removed', act: (q) => q.update(pod('g', { gates: ['a', 'b'] }), pod('g', { gates: ['b'] })), want: 'gated' },
  { name: 'goes to activeQ when its gates are removed', act: (q, p) => q.update(p, pod('g')), want: 'active' },
  { name: 'leaves the queue when deleted', act: (q, p) => q.delete(p), want: 'none' },
];
for (const c of gatedCases) {
  test(`gated pod: ${c.name}`, () => {
    const { loop, q } = newQueue();
    q.start();
    const p = pod('g', { gates: ['a'] });
    q.add(p);
    assert.equal(q.pop(), undefined);
    c.act(q, p);
    loop.advance(400_000);
    const pending = q.pendingPods();
    const where = pending.gated.length ? 'gated' : pending.active.length ? 'active' : pending.unschedulable.length ? 'unschedulable' : 'none';
    assert.equal(where, c.want);
    if (where === 'gated') assert.deepEqual([...q.queuedPodInfo(p)!.unschedulablePlugins], ['SchedulingGates']);
    q.stop();
  });
}

test('update: an unschedulable pod that really changed is retried, a status-only change is not', () => {
  const { loop, q } = newQueue();
  q.add(pod('p'));
  fail(q, ['NodeAffinity']);
  q.update(pod('p'), { ...pod('p'), status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } });
  assert.equal(q.whereIs(pod('p')), 'unschedulablePods');
  q.update(pod('p'), pod('p', { labels: { new: 'label' } }));
  assert.equal(q.whereIs(pod('p')), 'backoffQ');
  assert.deepEqual(q.queuedPodInfo(pod('p'))!.podInfo.pod.metadata!.labels, { new: 'label' });
  loop.advance(1000);
  q.flushBackoffQCompleted();
  assert.equal(q.whereIs(pod('p')), 'activeQ');
});

test('assignedPodAdded moves only pods whose required affinity it matches', () => {
  const { q } = newQueue();
  q.add(pod('wants-db', { affinityTo: { app: 'db' } }));
  q.add(pod('wants-web', { affinityTo: { app: 'web' } }));
  fail(q, ['InterPodAffinity']);
  fail(q, ['InterPodAffinity']);
  q.assignedPodAdded(pod('db-0', { labels: { app: 'db' }, nodeName: 'n1' }));
  const pending = q.pendingPods();
  assert.deepEqual(names(pending.backoff), ['wants-db']);
  assert.deepEqual(names(pending.unschedulable), ['wants-web']);
});

test('assignedPodAdded moves PodTopologySpread-rejected pods of the same namespace only', () => {
  const { q } = newQueue();
  q.add(pod('same', { ns: 'a' }));
  q.add(pod('other', { ns: 'b' }));
  fail(q, ['PodTopologySpread']);
  fail(q, ['PodTopologySpread']);
  q.assignedPodAdded(pod('x', { ns: 'a', nodeName: 'n1' }));
  assert.deepEqual(names(q.pendingPods().backoff), ['same']);
});

test('assignedPodUpdated: a scale-down reaches NodeResourcesFit-rejected pods', () => {
  const { q } = newQueue();
  q.add(pod('p'));
  fail(q, ['NodeResourcesFit']);
  const big: Pod = { ...pod('a', { nodeName: 'n1' }), spec: { ...pod('a', { nodeName: 'n1' }).spec!, containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }] } };
  const small: Pod = { ...big, spec: { ...big.spec!, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] } };
  q.assignedPodUpdated(small, big);
  assert.equal(q.whereIs(pod('p')), 'unschedulablePods', 'a scale-up helps no one');
  q.assignedPodUpdated(big, small);
  assert.equal(q.whereIs(pod('p')), 'backoffQ');
});

test('onPodActivated is called whenever pods enter activeQ', () => {
  let calls = 0;
  const { loop, q } = newQueue({ onPodActivated: () => calls++ });
  q.add(pod('a'));
  q.add(pod('g', { gates: ['x'] }));
  assert.equal(calls, 1);
  fail(q, ['TaintToleration']);
  loop.advance(2000);
  q.moveAllToActiveOrBackoffQueue(events.NodeTaintChange);
  assert.equal(calls, 2);
});

test('delete removes the pod from whichever sub-queue holds it and its nomination', () => {
  const { q } = newQueue();
  q.add(pod('a', { nominated: 'n1' }));
  q.add(pod('b'));
  fail(q, ['TaintToleration']);
  assert.equal(q.nominator.nominatedPodsForNode('n1').length, 1);
  q.delete(pod('a'));
  q.delete(pod('b'));
  assert.deepEqual(q.pendingPods(), { active: [], backoff: [], unschedulable: [], gated: [] });
  assert.equal(q.nominator.nominatedPodsForNode('n1').length, 0);
});

const nominatorCases: Array<{ name: string; run: (n: Nominator) => void; want: Record<string, string[]> }> = [
  { name: 'override nominates to the named node', run: (n) => n.addNominatedPod(new PodInfo(pod('a')), 'n1'), want: { n1: ['a'] } },
  { name: 'noop uses status.nominatedNodeName', run: (n) => n.addNominatedPod(new PodInfo(pod('a', { nominated: 'n2' }))), want: { n2: ['a'] } },
  { name: 'noop without a nominated node records nothing', run: (n) => n.addNominatedPod(new PodInfo(pod('a'))), want: {} },
  {
    name: 're-nominating moves the pod',
    run: (n) => {
      n.addNominatedPod(new PodInfo(pod('a')), 'n1');
      n.addNominatedPod(new PodInfo(pod('a')), 'n2');
    },
    want: { n1: [], n2: ['a'] },
  },
  {
    name: 'an empty override clears the nomination',
    run: (n) => {
      n.addNominatedPod(new PodInfo(pod('a')), 'n1');
      n.addNominatedPod(new PodInfo(pod('a')), { mode: 'Override', nominatedNodeName: '' });
    },
    want: { n1: [] },
  },
  {
    name: 'an update without nominatedNodeName keeps the in-memory nomination',
    run: (n) => {
      n.addNominatedPod(new PodInfo(pod('a')), 'n1');
      n.updateNominatedPod(pod('a'), new PodInfo(pod('a', { labels: { v: '2' } })));
    },
    want: { n1: ['a'] },
  },
  {
    name: 'an update that sets nominatedNodeName follows it',
    run: (n) => {
      n.addNominatedPod(new PodInfo(pod('a')), 'n1');
      n.updateNominatedPod(pod('a'), new PodInfo(pod('a', { nominated: 'n3' })));
    },
    want: { n1: [], n3: ['a'] },
  },
  {
    name: 'several pods per node keep nomination order; delete removes one',
    run: (n) => {
      for (const x of ['a', 'b', 'c']) n.addNominatedPod(new PodInfo(pod(x)), 'n1');
      n.deleteNominatedPodIfExists(pod('b'));
    },
    want: { n1: ['a', 'c'] },
  },
];
for (const c of nominatorCases) {
  test(`nominator: ${c.name}`, () => {
    const n = new Nominator();
    c.run(n);
    for (const [node, want] of Object.entries(c.want)) {
      assert.deepEqual(
        n.nominatedPodsForNode(node).map((pi) => pi.pod.metadata!.name),
        want,
      );
    }
  });
}

test('nominator: with a pod lookup, pods gone or already bound are not nominated', () => {
  const live = new Map<string, Pod>([
    ['default/pending', pod('pending')],
    ['default/bound', pod('bound', { nodeName: 'n9' })],
  ]);
  const n = new Nominator((ns, name) => live.get(`${ns}/${name}`));
  for (const x of ['pending', 'bound', 'gone']) n.addNominatedPod(new PodInfo(pod(x)), 'n1');
  assert.deepEqual(
    n.nominatedPodsForNode('n1').map((pi) => pi.pod.metadata!.name),
    ['pending'],
  );
});

const nodeEventCases: Array<{ name: string; change: (n: import('kubernetes-types/core/v1').Node) => import('kubernetes-types/core/v1').Node; want: string[] }> = [
  { name: 'heartbeat only', change: (n) => ({ ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:10Z' }] } }), want: [] },
  { name: 'Ready flips', change: (n) => ({ ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'False' }] } }), want: ['NodeConditionChange'] },
  { name: 'allocatable equal in other units', change: (n) => ({ ...n, status: { ...n.status, allocatable: { cpu: '4000m', memory: '8Gi' } } }), want: [] },
  { name: 'allocatable grows', change: (n) => ({ ...n, status: { ...n.status, allocatable: { cpu: '8', memory: '8Gi' } } }), want: ['NodeAllocatableChange'] },
  { name: 'label added', change: (n) => ({ ...n, metadata: { ...n.metadata, labels: { a: 'b' } } }), want: ['NodeLabelChange'] },
  { name: 'taint added', change: (n) => ({ ...n, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }), want: ['NodeTaintChange'] },
  { name: 'becomes unschedulable', change: (n) => ({ ...n, spec: { unschedulable: true } }), want: [] },
  { name: 'annotation added', change: (n) => ({ ...n, metadata: { ...n.metadata, annotations: { x: 'y' } } }), want: ['NodeAnnotationChange'] },
];
for (const c of nodeEventCases) {
  test(`nodeUpdateEvents: ${c.name}`, () => {
    const base = {
      metadata: { name: 'n1' },
      spec: {},
      status: { allocatable: { cpu: '4', memory: '8Gi' }, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:00Z' }] },
    };
    assert.deepEqual(
      events.nodeUpdateEvents(base, c.change(base)).map((e) => e.label),
      c.want,
    );
  });
}

test('nodeUpdateEvents: becoming schedulable again is NodeSpecUnschedulableChange (an UpdateNodeTaint action)', () => {
  const got = events.nodeUpdateEvents({ metadata: { name: 'n' }, spec: { unschedulable: true } }, { metadata: { name: 'n' }, spec: {} });
  assert.deepEqual(
    got.map((e) => e.label),
    ['NodeSpecUnschedulableChange'],
  );
  assert.equal(got[0].actionType, ActionType.UpdateNodeTaint);
});

test('podSchedulingPropertiesChange classifies pod updates as upstream', () => {
  const labels = (p: Pod, l: Record<string, string>): Pod => ({ ...p, metadata: { ...p.metadata, labels: l } });
  const base = pod('p');
  assert.deepEqual(events.podSchedulingPropertiesChange(labels(base, { a: 'b' }), base).map((e) => e.label), ['PodLabelChange']);
  assert.deepEqual(events.podSchedulingPropertiesChange(base, pod('p', { gates: ['g'] })).map((e) => e.label), ['PodSchedulingGateChange']);
  assert.deepEqual(events.podSchedulingPropertiesChange(base, base).map((e) => e.label), ['AssignedPodUpdate']);
});
