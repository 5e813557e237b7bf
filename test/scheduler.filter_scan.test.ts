// The Filter scan (upstream findNodesThatPassFilters, facts 69-70) runs in chunks filtered plugin by
// plugin (Framework.runFilterPluginsOnNodes). It must decide exactly what the node-by-node scan
// decides: the same statuses per node, the same feasible nodes in the same order, the same stop
// (enough feasible nodes, or the first error), hence the same round-robin advance. Checked here
// against a plain sequential reference over random plugins, rejections, errors, skips, nominated
// pods, start indexes and percentages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { Diagnosis } from '../src/scheduler/fit_error';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { PodNominator } from '../src/scheduler/framework/interface';
import type { Framework } from '../src/scheduler/framework/runtime/framework';
import { Code, Status } from '../src/scheduler/framework/status';
import { type NodeInfo, PodInfo } from '../src/scheduler/framework/types';
import { findNodesThatPassFilters, numFeasibleNodesToFind, type SchedulerCore } from '../src/scheduler/schedule_one';
import { base, framework, type Impl, node, ok, profile, set } from './support/fake_framework';

const pod = (name: string, priority = 0): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { priority, containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '100m' } } }] },
});

/** What one fake plugin says about one node: 0 pass, 1 Unschedulable, 2 UnschedulableAndUnresolvable, 3 Error. */
type Verdict = 0 | 1 | 2 | 3;

function verdictStatus(plugin: string, v: Verdict, nodeName: string): Status {
  switch (v) {
    case 0:
      return Status.success();
    case 1:
      return Status.of(Code.Unschedulable, `${plugin} rejects ${nodeName}`);
    case 2:
      return Status.of(Code.UnschedulableAndUnresolvable, `${plugin} never takes ${nodeName}`);
    default:
      return Status.error(`${plugin} failed on ${nodeName}`);
  }
}

interface FakeFilter {
  name: string;
  batch: boolean;
  verdicts: Verdict[];
}

/** While set, the names of the nodes any fake filter was called on. */
let filtered: Set<string> | undefined;

/** A fake Filter plugin from its verdicts per node index (node `n<i>`), with or without the batch form. */
function filterImpl(f: FakeFilter): Impl {
  const filter = (_s: CycleState, _p: Pod, ni: NodeInfo) => (filtered?.add(ni.name), verdictStatus(f.name, f.verdicts[Number(ni.name.slice(1))] ?? 0, ni.name));
  if (!f.batch) return { filter };
  return {
    filter,
    filterNodes: (s: CycleState, p: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]) => {
      let all = true;
      for (let i = 0; i < count; i++) {
        out[i] = filter(s, p, nodes[i]);
        if (!out[i].isSuccess()) all = false;
      }
      return all;
    },
  };
}

const scenarioArb = fc.integer({ min: 1, max: 140 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    filters: fc.array(
      fc.record({
        batch: fc.boolean(),
        // Mostly passing, so that scans both stop early and run to the end.
        verdicts: fc.array(fc.constantFrom<Verdict>(0, 0, 0, 0, 0, 0, 1, 2, 3), { minLength: n, maxLength: n }),
        skipped: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    start: fc.integer({ min: 0, max: n - 1 }),
    percentage: fc.constantFrom(0, 1, 10, 50, 100),
    scoring: fc.boolean(),
    nominatedOn: fc.subarray(Array.from({ length: n }, (_, i) => i), { maxLength: Math.min(3, n) }),
  }),
);

/** The node-by-node scan of upstream findNodesThatPassFilters, for comparison. */
function sequentialScan(fwk: Framework, state: CycleState, p: Pod, nodes: NodeInfo[], start: number, numNodesToFind: number) {
  const diagnosis = new Diagnosis();
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const ni = nodes[(start + i) % nodes.length];
    const s = fwk.runFilterPluginsWithNominatedPods(state, p, ni);
    if (s.isSuccess()) {
      feasible.push(ni);
      if (feasible.length >= numNodesToFind) break;
      continue;
    }
    if (s.code === Code.Error) return { error: s, feasible, diagnosis };
    diagnosis.nodeToStatus.set(ni.name, s);
    diagnosis.addPluginStatus(s);
  }
  return { feasible, diagnosis };
}

const summary = (d: Diagnosis) => ({ statuses: [...d.nodeToStatus].map(([n, s]) => [n, s.code, s.message(), s.plugin]), plugins: [...d.unschedulablePlugins].sort() });

test('facts 69-70: the chunked, plugin-by-plugin Filter scan decides what the node-by-node scan decides', () => {
  fc.assert(
    fc.property(scenarioArb, ({ n, filters, start, percentage, scoring, nominatedOn }) => {
      const fakes: FakeFilter[] = filters.map((f, k) => ({ name: `F${k}`, batch: f.batch, verdicts: f.verdicts }));
      const impls: Record<string, Impl> = Object.fromEntries(fakes.map((f) => [f.name, filterImpl(f)]));
      if (scoring) impls.S = { score: () => 0 };
      // A higher-priority pod nominated to a node makes that node take the two-pass path. The fake
      // filters above ignore it; this one takes one pod per node, so a node with a nominee fails in
      // the first pass only: the batch must take the two-pass verdict.
      impls.OnePodPerNode = { filter: (_s: CycleState, _p: Pod, ni: NodeInfo) => (ni.pods.length > 0 ? Status.of(Code.Unschedulable, 'node is full') : ok()) };
      const nominated = new PodInfo(pod('nominee', 100));
      const nominator: PodNominator = { nominatedPodsForNode: (name) => (nominatedOn.includes(Number(name.slice(1))) ? [nominated] : []) };
      const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`));
      const fwk = framework(profile({ multiPoint: set([...base, ...Object.keys(impls)]) }), impls, { nodes, nominator });
      const state = new CycleState();
      state.skipFilterPlugins = new Set(fakes.filter((_, k) => filters[k].skipped).map((f) => f.name));
      const core = { extenders: [], nextStartNodeIndex: start, percentageOfNodesToScore: percentage } as unknown as SchedulerCore;

      const diagnosis = new Diagnosis();
      filtered = new Set();
      const got = findNodesThatPassFilters(core, fwk, state, pod('incoming'), diagnosis, nodes);
      const filteredNodes = filtered.size;
      filtered = undefined;
      const numNodesToFind = scoring ? numFeasibleNodesToFind(undefined, percentage, n) : 1;
      const want = sequentialScan(fwk, state, pod('incoming'), nodes, start, numNodesToFind);
      // Filtering past the stop is bounded: at most twice the nodes the sequential scan looked at,
      // plus the nodes wanted.
      const examined = want.feasible.length + want.diagnosis.nodeToStatus.size + (want.error ? 1 : 0);
      assert.ok(filteredNodes <= 2 * examined + numNodesToFind, `${filteredNodes} nodes filtered, the sequential scan looked at ${examined}`);

      const gotFeasible = 'error' in got ? got.feasible : got;
      assert.deepEqual(gotFeasible.map((ni) => ni.name), want.feasible.map((ni) => ni.name), 'feasible nodes, in scan order');
      assert.deepEqual(summary(diagnosis), summary(want.diagnosis), 'statuses of the rejected nodes');
      assert.equal('error' in got ? got.error.message() : undefined, want.error?.message(), 'the first error');
    }),
    { seed: 7, numRuns: 400 },
  );
});

test('Framework.runFilterPluginsOnNodes: each node of a wrapping stretch gets the status runFilterPlugins gives it, across reuses of its buffers', () => {
  fc.assert(
    fc.property(scenarioArb, ({ n, filters, start }) => {
      const fakes: FakeFilter[] = filters.map((f, k) => ({ name: `F${k}`, batch: f.batch, verdicts: f.verdicts }));
      const fwk = framework(profile({ multiPoint: set([...base, ...fakes.map((f) => f.name)]) }), Object.fromEntries(fakes.map((f) => [f.name, filterImpl(f)])));
      const state = new CycleState();
      state.skipFilterPlugins = new Set(fakes.filter((_, k) => filters[k].skipped).map((f) => f.name));
      const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`));
      const p = pod('incoming');
      // The whole list from `start` (wrapping), then a shorter stretch: the second call must not
      // see the first one's leftovers.
      const statuses: Status[] = [];
      for (const count of [n, Math.floor(n / 2)]) {
        const all = fwk.runFilterPluginsOnNodes(state, p, nodes, start, count, statuses);
        let passed = 0;
        for (let j = 0; j < count; j++) {
          const ni = nodes[(start + j) % n];
          const want = fwk.runFilterPlugins(state, p, ni);
          if (want.isSuccess()) passed++;
          assert.deepEqual([statuses[j].code, statuses[j].message(), statuses[j].plugin], [want.code, want.message(), want.plugin], ni.name);
        }
        assert.equal(all, passed === count, 'the result says whether all passed');
      }
    }),
    { seed: 11, numRuns: 200 },
  );
});

test('Framework.runFilterPluginsOnNodes: a node rejected by a plugin is not shown to the plugins after it', () => {
  const seen: string[] = [];
  const impls: Record<string, Impl> = {
    First: { filter: (_s: never, _p: never, ni: NodeInfo) => (ni.name === 'n1' ? Status.of(Code.Unschedulable, 'no') : ok()) },
    Second: {
      filter: ok,
      filterNodes: (_s: never, _p: never, nodes: readonly NodeInfo[], count: number) => {
        for (let i = 0; i < count; i++) seen.push(nodes[i].name);
        return true;
      },
    },
  };
  const fwk = framework(profile({ multiPoint: set([...base, 'First', 'Second']) }), impls);
  const statuses: Status[] = [];
  assert.equal(fwk.runFilterPluginsOnNodes(new CycleState(), pod('p'), [node('n0'), node('n1'), node('n2')], 0, 3, statuses), false);
  assert.deepEqual(seen, ['n0', 'n2']);
  assert.deepEqual(statuses.map((s) => [s.code, s.plugin]), [[Code.Success, ''], [Code.Unschedulable, 'First'], [Code.Success, '']]);
});
