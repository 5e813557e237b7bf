import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { EventRecorder } from '../src/client/event_recorder';
import { SharedInformerFactory } from '../src/client/informer_factory';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import type { Profile } from '../src/scheduler/apis/config/types';
import { ConfigError } from '../src/scheduler/apis/config/config_error';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { Plugin, PodNominator } from '../src/scheduler/framework/interface';
import { Framework } from '../src/scheduler/framework/runtime/framework';
import { Code, Status } from '../src/scheduler/framework/status';
import { NodeInfo, PodInfo } from '../src/scheduler/framework/types';
import { FakeClient } from './support/fake_client';
import { base, bindPlugin, fakePlugin, framework, type Impl, lister, node, ok, profile, registry, set, sortPlugin } from './support/fake_framework';

// ---- fakes ----------------------------------------------------------------------------------

const pod = (name: string, priority = 0, cpu = '100m'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { priority, containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }] },
});

const namesOf = (ps: Plugin[]) => ps.map((p) => p.name());

// ---- building a profile ---------------------------------------------------------------------

test('multiPoint expansion: each plugin joins the points it implements, in upstream order', () => {
  const plugins = {
    A: { filter: ok, score: () => 0 },
    B: { filter: ok, score: () => 0, preFilter: () => ({ status: ok() }) },
    C: { filter: ok },
    D: { filter: ok },
  };
  const f = framework(
    profile({
      multiPoint: set([...base, { name: 'A', weight: 2 }, 'B', 'C']),
      filter: set(['C', 'D'], ['A']),
      score: set([{ name: 'B', weight: 5 }]),
    }),
    plugins,
  );
  // Filter: explicit entries also in multiPoint first (C), then multiPoint (B; A is disabled), then other explicit ones (D).
  assert.deepEqual(namesOf(f.filterPlugins), ['C', 'B', 'D']);
  // Score: the explicit B, then A from multiPoint.
  assert.deepEqual(namesOf(f.scorePlugins), ['B', 'A']);
  assert.deepEqual(namesOf(f.preFilterPlugins), ['B']);
  assert.deepEqual(namesOf(f.queueSortPlugins), ['Sort']);
  assert.deepEqual(namesOf(f.bindPlugins), ['Binder']);
  // The explicit Score entry's weight wins over multiPoint's; no weight is 1.
  assert.deepEqual([...f.scoreWeights], [
    ['B', 5],
    ['A', 2],
  ]);
});

test("a '*' disabled extension point gets no multiPoint plugins", () => {
  const f = framework(profile({ multiPoint: set([...base, 'A']), filter: set(['C'], ['*']) }), { A: { filter: ok }, C: { filter: ok } });
  assert.deepEqual(namesOf(f.filterPlugins), ['C']);
});

const buildErrors: { name: string; profile: Profile; plugins?: Record<string, Impl>; error: string }[] = [
  { name: 'unknown plugin at a point', profile: profile({ multiPoint: set(base), filter: set(['X']) }), error: 'FilterPlugin "X" does not exist' },
  { name: 'unknown plugin in multiPoint', profile: profile({ multiPoint: set([...base, 'X']) }), error: 'PreFilterPlugin "X" does not exist' },
  {
    name: 'a plugin that does not implement the point',
    profile: profile({ multiPoint: set(base), score: set(['C']) }),
    plugins: { C: { filter: ok } },
    error: 'plugin "C" does not extend ScorePlugin plugin',
  },
  {
    name: 'twice at one point',
    profile: profile({ multiPoint: set(base), filter: set(['C', 'C']) }),
    plugins: { C: { filter: ok } },
    error: 'plugin "C" already registered as "FilterPlugin"',
  },
  {
    name: 'twice in multiPoint',
    profile: profile({ multiPoint: set([...base, 'C', 'C']) }),
    plugins: { C: { filter: ok } },
    error: 'plugin "C" already registered as "FilterPlugin"',
  },
  { name: 'no queue sort', profile: profile({ multiPoint: set(['Binder']) }), error: 'only one queue sort plugin required for profile with scheduler name "p", but got 0' },
  { name: 'no binder', profile: profile({ multiPoint: set(['Sort']) }), error: 'at least one bind plugin is needed for profile with scheduler name "p"' },
  {
    name: 'repeated args',
    profile: profile({ multiPoint: set(base) }, [
      { name: 'Sort', args: {} },
      { name: 'Sort', args: {} },
    ]),
    error: 'repeated config for plugin Sort',
  },
];

for (const c of buildErrors) {
  test(`building a profile fails: ${c.name}`, () => {
    assert.throws(
      () => framework(c.profile, c.plugins ?? {}),
      (e: unknown) => e instanceof ConfigError && e.message === `creating profile for scheduler name p: ${c.error}`,
    );
  });
}

test('a factory failure names the plugin; factories get their args and the handle', () => {
  let seen: unknown;
  const loop = new Loop();
  const client = new FakeClient(loop);
  const reg = registry({ Sort: sortPlugin, Binder: bindPlugin });
  reg.set('Boom', () => {
    throw new Error('bad args');
  });
  reg.set('Args', (args, handle) => {
    seen = [args, handle.profileName()];
    return fakePlugin('Args', { filter: ok });
  });
  const opts = {
    registry: reg,
    snapshot: lister([]),
    informers: new SharedInformerFactory(client, loop),
    client,
    eventRecorder: new EventRecorder(client, loop, { component: 'p' }),
    rng: new Rng(1),
    loop,
    epochMs: 0,
  };
  new Framework(profile({ multiPoint: set([...base, 'Args']) }, [{ name: 'Args', args: { x: 1 } }]), opts);
  assert.deepEqual(seen, [{ x: 1 }, 'p']);
  assert.throws(() => new Framework(profile({ multiPoint: set([...base, 'Boom']) }), opts), {
    message: 'creating profile for scheduler name p: initializing plugin "Boom": bad args',
  });
});

test('enqueue extensions: plugins that can reject register their events, others the wildcard', () => {
  const f = framework(profile({ multiPoint: set([...base, 'E', 'W', 'S']) }), {
    E: { filter: ok, eventsToRegister: () => [{ resource: 'Node', actionType: 1, label: 'NodeAdd' }] },
    W: { filter: ok },
    S: { score: () => 0 },
  });
  assert.deepEqual(
    f.enqueueExtensions.map((e) => [e.plugin, e.events.map((x) => x.label)]),
    [
      ['E', ['NodeAdd']],
      ['W', ['WildCardEvent']],
    ],
  );
});

// ---- running extension points ---------------------------------------------------------------

test('PreFilter: node sets intersect; an empty intersection names the plugins; Skip skips Filter', () => {
  const nodes = [node('n1'), node('n2'), node('n3')];
  const cases: { name: string; plugins: Record<string, Impl>; want: { names?: string[]; code: Code; msg: string; plugin?: string; skip: string[] } }[] = [
    {
      name: 'intersection',
      plugins: {
        P1: { preFilter: () => ({ result: { nodeNames: new Set(['n1', 'n2']) }, status: ok() }) },
        P2: { preFilter: () => ({ result: { nodeNames: new Set(['n2', 'n3']) }, status: ok() }) },
        P3: { preFilter: () => ({ status: Status.of(Code.Skip) }) },
      },
      want: { names: ['n2'], code: Code.Success, msg: '', skip: ['P3'] },
    },
    {
      name: 'empty intersection of two',
      plugins: {
        P1: { preFilter: () => ({ result: { nodeNames: new Set(['n1']) }, status: ok() }) },
        P2: { preFilter: () => ({ result: { nodeNames: new Set(['n3']) }, status: ok() }) },
      },
      want: { names: [], code: Code.UnschedulableAndUnresolvable, msg: "node(s) didn't satisfy plugin(s) [P1 P2] simultaneously", skip: [] },
    },
    {
      name: 'empty set from one plugin',
      plugins: { P1: { preFilter: () => ({ result: { nodeNames: new Set() }, status: ok() }) } },
      want: { names: [], code: Code.UnschedulableAndUnresolvable, msg: "node(s) didn't satisfy plugin P1", skip: [] },
    },
    {
      name: 'Unschedulable is kept while the rest run',
      plugins: {
        P1: { preFilter: () => ({ status: Status.of(Code.Unschedulable, 'no') }) },
        P2: { preFilter: () => ({ status: Status.of(Code.Skip) }) },
      },
      want: { code: Code.Unschedulable, msg: 'no', plugin: 'P1', skip: ['P2'] },
    },
    {
      name: 'UnschedulableAndUnresolvable stops at once',
      plugins: {
        P1: { preFilter: () => ({ status: Status.of(Code.UnschedulableAndUnresolvable, 'never') }) },
        P2: { preFilter: () => ({ status: Status.of(Code.Skip) }) },
      },
      want: { code: Code.UnschedulableAndUnresolvable, msg: 'never', plugin: 'P1', skip: [] },
    },
    {
      name: 'an error is wrapped',
      plugins: { P1: { preFilter: () => ({ status: Status.error('broken') }) } },
      want: { code: Code.Error, msg: 'running PreFilter plugin "P1": broken', plugin: 'P1', skip: [] },
    },
  ];
  for (const c of cases) {
    const f = framework(profile({ multiPoint: set([...base, ...Object.keys(c.plugins)]) }), c.plugins, { nodes });
    const state = new CycleState();
    const out = f.runPreFilterPlugins(state, pod('p'));
    assert.equal(out.status.code, c.want.code, c.name);
    assert.equal(out.status.message(), c.want.msg, c.name);
    if (c.want.plugin) assert.equal(out.status.plugin, c.want.plugin, c.name);
    if (c.want.names) assert.deepEqual(out.nodeNames ? [...out.nodeNames] : undefined, c.want.names, c.name);
    assert.deepEqual([...state.skipFilterPlugins], c.want.skip, c.name);
  }
});

test('Filter: skipped plugins do not run; the first rejection decides and names its plugin; errors are wrapped', () => {
  const calls: string[] = [];
  const plugins = {
    F1: { filter: () => (calls.push('F1'), ok()) },
    F2: { filter: (_s: never, _p: never, n: NodeInfo) => (calls.push('F2'), n.name === 'bad' ? Status.of(Code.Unschedulable, 'F2 says no') : ok()) },
    F3: { filter: (_s: never, _p: never, n: NodeInfo) => (calls.push('F3'), n.name === 'err' ? Status.error('oops') : ok()) },
  };
  const f = framework(profile({ multiPoint: set([...base, 'F1', 'F2', 'F3']) }), plugins);
  const state = new CycleState();
  state.skipFilterPlugins = new Set(['F1']);
  const rejected = f.runFilterPlugins(state, pod('p'), node('bad'));
  assert.deepEqual([rejected.code, rejected.message(), rejected.plugin], [Code.Unschedulable, 'F2 says no', 'F2']);
  assert.deepEqual(calls, ['F2']);
  const failed = f.runFilterPlugins(state, pod('p'), node('err'));
  assert.deepEqual([failed.code, failed.message(), failed.plugin], [Code.Error, 'running "F3" filter plugin: oops', 'F3']);
  assert.equal(f.runFilterPlugins(new CycleState(), pod('p'), node('good')).isSuccess(), true);
});

test('Filter with nominated pods: equal or higher priority nominated pods count in a first pass', () => {
  const fits = { filter: (_s: never, p: Pod, n: NodeInfo) => (n.requested.milliCPU + new PodInfo(p).requests.milliCPU <= n.allocatable.milliCPU ? ok() : Status.of(Code.Unschedulable, 'Insufficient cpu')) };
  const nominated: PodInfo[] = [];
  const nominator: PodNominator = { nominatedPodsForNode: (n) => (n === 'n1' ? nominated : []) };
  const f = framework(profile({ multiPoint: set([...base, 'Fit']) }), { Fit: fits }, { nominator });
  const n1 = node('n1', 1000);
  const incoming = pod('in', 10, '600m');
  nominated.push(new PodInfo(pod('low', 5, '600m')));
  assert.equal(f.runFilterPluginsWithNominatedPods(new CycleState(), incoming, n1).isSuccess(), true, 'a lower-priority nomination does not count');
  nominated.push(new PodInfo(pod('high', 10, '600m')));
  const s = f.runFilterPluginsWithNominatedPods(new CycleState(), incoming, n1);
  assert.deepEqual([s.code, s.message()], [Code.Unschedulable, 'Insufficient cpu'], 'an equal-priority nomination counts');
  assert.equal(n1.requested.milliCPU, 0, 'the node info itself is not changed');
  nominated.length = 0;
  nominated.push(new PodInfo(incoming));
  assert.equal(f.runFilterPluginsWithNominatedPods(new CycleState(), incoming, n1).isSuccess(), true, 'the pod itself is not counted');
});

test('facts 57-58: Score, NormalizeScore and weights; skipped plugins do not score', () => {
  const nodes = [node('n1'), node('n2'), node('n3')];
  const raw: Record<string, number> = { n1: 1, n2: 4, n3: 2 };
  const plugins = {
    Raw: { score: (_s: never, _p: never, n: NodeInfo) => raw[n.name] * 10 },
    Norm: {
      score: (_s: never, _p: never, n: NodeInfo) => raw[n.name],
      scoreExtensions: () => ({
        normalizeScore: (_s: never, _p: never, scores: { score: number }[]) => {
          const max = Math.max(...scores.map((x) => x.score));
          for (const x of scores) x.score = Math.trunc((x.score * 100) / max);
          return ok();
        },
      }),
    },
    Skipped: { score: () => 100 },
  };
  const f = framework(profile({ multiPoint: set([...base, { name: 'Raw', weight: 2 }, { name: 'Norm', weight: 3 }, 'Skipped']) }), plugins);
  const state = new CycleState();
  state.skipScorePlugins = new Set(['Skipped']);
  const t = f.runScorePlugins(state, pod('p'), nodes);
  assert.ok(!(t instanceof Status));
  assert.deepEqual(namesOf(t.plugins), ['Raw', 'Norm']);
  assert.deepEqual(t.weights, [2, 3]);
  assert.deepEqual(t.scores.map((col) => [...col].map((x, i) => [nodes[i].name, x])), [
    [
      ['n1', 10],
      ['n2', 40],
      ['n3', 20],
    ],
    [
      ['n1', 25],
      ['n2', 100],
      ['n3', 50],
    ],
  ]);
  assert.deepEqual([...t.totals], [10 * 2 + 25 * 3, 40 * 2 + 100 * 3, 20 * 2 + 50 * 3]);
});

test('Score: a score outside [0, 100] after normalizing is an error', () => {
  const f = framework(profile({ multiPoint: set([...base, 'Big']) }), { Big: { score: () => 101 } });
  const s = f.runScorePlugins(new CycleState(), pod('p'), [node('n1')]);
  assert.ok(s instanceof Status);
  assert.equal(s.message(), 'applying score defaultWeights on Score plugins: plugin "Big" returns an invalid score 101, it should in the range of [0, 100] after normalizing');
});

test('Score: a plugin that fails on a node is an error naming it, by score or by scoreNodes', () => {
  const fails = { score: (_s: never, _p: never, n: NodeInfo) => (n.name === 'n2' ? Status.error('no data for n2') : 1) };
  const batchFails = { score: () => 1, scoreNodes: () => Status.error('batch broke') };
  for (const [plugins, want] of [
    [{ P: fails }, 'running Score plugins: plugin "P" failed with: no data for n2'],
    [{ P: batchFails }, 'running Score plugins: plugin "P" failed with: batch broke'],
  ] as const) {
    const f = framework(profile({ multiPoint: set([...base, 'P']) }), plugins);
    const s = f.runScorePlugins(new CycleState(), pod('p'), [node('n1'), node('n2')]);
    assert.ok(s instanceof Status);
    assert.equal(s.message(), want);
  }
});

test('Score: scoreNodes, when a plugin has it, is called once per cycle in place of score', () => {
  let perNode = 0;
  let batches = 0;
  const P = {
    score: () => {
      perNode++;
      return 0;
    },
    scoreNodes: (_s: never, _p: never, nodes: NodeInfo[], out: number[]) => {
      batches++;
      nodes.forEach((n, i) => (out[i] = Number(n.name.slice(1)) * 10));
      return undefined;
    },
  };
  const f = framework(profile({ multiPoint: set([...base, 'P']) }), { P });
  const t = f.runScorePlugins(new CycleState(), pod('p'), [node('n1'), node('n2')]);
  assert.ok(!(t instanceof Status));
  assert.deepEqual([...t.scores[0]], [10, 20]);
  assert.deepEqual([perNode, batches], [0, 1]);
});

test('PostFilter: the first success wins; otherwise reasons join and the first rejector is named', () => {
  const f = framework(profile({ multiPoint: set([...base, 'Q1', 'Q2']) }), {
    Q1: { postFilter: () => ({ status: Status.of(Code.Unschedulable, 'first') }) },
    Q2: { postFilter: () => ({ result: { nominatingInfo: { nominatedNodeName: 'n1', mode: 'Override' } }, status: Status.of(Code.Unschedulable, 'second') }) },
  });
  const r = f.runPostFilterPlugins(new CycleState(), pod('p'), new Map());
  assert.deepEqual([r.status.code, r.status.message(), r.status.plugin], [Code.Unschedulable, 'first, second', 'Q1']);
  assert.deepEqual(r.result?.nominatingInfo, { nominatedNodeName: 'n1', mode: 'Override' });
});

test('Reserve/Unreserve order and Bind Skip chain', () => {
  const log: string[] = [];
  const f = framework(profile({ multiPoint: set(['Sort', 'R1', 'R2', 'B1', 'B2']) }), {
    R1: { reserve: () => (log.push('reserve R1'), ok()), unreserve: () => log.push('unreserve R1') },
    R2: { reserve: () => (log.push('reserve R2'), Status.of(Code.Unschedulable, 'full')), unreserve: () => log.push('unreserve R2') },
    B1: { bind: () => (log.push('bind B1'), Status.of(Code.Skip)) },
    B2: { bind: () => (log.push('bind B2'), ok()) },
  });
  const s = f.runReservePluginsReserve(new CycleState(), pod('p'), 'n1');
  assert.deepEqual([s.code, s.plugin], [Code.Unschedulable, 'R2']);
  f.runReservePluginsUnreserve(new CycleState(), pod('p'), 'n1');
  assert.equal(f.runBindPlugins(new CycleState(), pod('p'), 'n1').isSuccess(), true);
  assert.deepEqual(log, ['reserve R1', 'reserve R2', 'unreserve R2', 'unreserve R1', 'bind B1', 'bind B2']);
});

test('Permit: Wait holds the pod until allowed, or rejects it at the timeout (virtual time)', () => {
  const loop = new Loop();
  const f = framework(profile({ multiPoint: set([...base, 'Gate']) }), { Gate: { permit: () => ({ status: Status.of(Code.Wait), timeoutMs: 10_000 }) } }, { loop });
  const p1 = pod('p1');
  const s = f.runPermitPlugins(new CycleState(), p1, 'n1');
  assert.deepEqual([s.code, s.message()], [Code.Wait, 'one or more plugins asked to wait and no plugin rejected pod "p1"']);
  const outcomes: string[] = [];
  f.waitOnPermit(p1, (st) => outcomes.push(`${Code[st.code]} ${st.message()} ${st.plugin}`.trim()));
  loop.advance(5_000);
  assert.equal(outcomes.length, 0);
  f.getWaitingPod('uid-p1')!.allow('Gate');
  assert.deepEqual(outcomes, ['Success']);
  assert.equal(f.getWaitingPod('uid-p1'), undefined);

  const p2 = pod('p2');
  f.runPermitPlugins(new CycleState(), p2, 'n1');
  f.waitOnPermit(p2, (st) => outcomes.push(`${Code[st.code]} ${st.message()} ${st.plugin}`));
  loop.advance(10_000);
  assert.deepEqual(outcomes.slice(1), ['Unschedulable rejected due to timeout after waiting 10s at plugin Gate Gate']);
  assert.equal(f.runPermitPlugins(new CycleState(), pod('p3'), 'n1').code, Code.Wait);
  assert.equal(f.rejectWaitingPod('uid-p3'), true);
  assert.equal(f.rejectWaitingPod('uid-none'), false);
});

test('PreEnqueue: the first plugin that does not admit the pod decides', () => {
  const f = framework(profile({ multiPoint: set([...base, 'Gates']) }), { Gates: { preEnqueue: (p: Pod) => (p.metadata?.name === 'gated' ? Status.of(Code.Pending, 'waiting for scheduling gates: [g]') : ok()) } });
  assert.equal(f.runPreEnqueuePlugins(pod('free')).isSuccess(), true);
  const s = f.runPreEnqueuePlugins(pod('gated'));
  assert.deepEqual([s.code, s.plugin], [Code.Pending, 'Gates']);
});

test('Handle: virtual time, timestamps and informer-backed reads', () => {
  const loop = new Loop();
  const f = framework(profile({ multiPoint: set(base) }), {}, { loop });
  loop.advance(61_500);
  assert.equal(f.now(), 61_500);
  assert.equal(f.timestamp(), '2025-01-01T00:01:01Z');
  assert.equal(f.timestamp(0), '2025-01-01T00:00:00Z');
  assert.equal(f.profileName(), 'p');
  // Nothing started this factory: a read through an informer no one took up front is a bug, not
  // an empty list (the scheduler takes every plugin's informers before it starts them).
  assert.throws(() => f.list('poddisruptionbudgets.policy'), /the poddisruptionbudgets.policy informer was not taken before the informers started/);
  assert.deepEqual(f.podNominator().nominatedPodsForNode('n1'), []);
});
