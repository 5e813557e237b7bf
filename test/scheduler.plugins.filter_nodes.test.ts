// FilterPlugin.filterNodes, the batch form of Filter the framework prefers, must agree with Filter
// node for node and say "all passed" only when every node passed (framework/interface.ts). Checked
// here for every plugin that has one, over random snapshots: cordoned nodes, NoSchedule/NoExecute/
// PreferNoSchedule taints, random allocatable and existing pods, and a random incoming pod with
// tolerations, requests and perhaps a node name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import type { FilterPlugin, PreFilterPlugin } from '../src/scheduler/framework/interface';
import { Status } from '../src/scheduler/framework/status';
import { NodeInfo } from '../src/scheduler/framework/types';
import { NodeName } from '../src/scheduler/plugins/nodename';
import { Fit } from '../src/scheduler/plugins/noderesources/fit';
import { NodeUnschedulable } from '../src/scheduler/plugins/nodeunschedulable';
import { TaintToleration } from '../src/scheduler/plugins/tainttoleration';
import { snapshotFromNodes } from './support/fake_handle';

const TAINT_KEYS = ['a', 'b', 'node.kubernetes.io/unschedulable'];

const taintArb: fc.Arbitrary<Taint> = fc.record({ key: fc.constantFrom(...TAINT_KEYS), value: fc.constantFrom('x', ''), effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule') });
const tolerationArb: fc.Arbitrary<Toleration> = fc.record({ key: fc.constantFrom(...TAINT_KEYS), operator: fc.constant('Exists'), effect: fc.constantFrom('NoSchedule', 'NoExecute', '') });

const nodeArb = (i: number): fc.Arbitrary<Node> =>
  fc.record({ cpu: fc.integer({ min: 0, max: 4000 }), pods: fc.integer({ min: 0, max: 3 }), unschedulable: fc.boolean(), taints: fc.option(fc.array(taintArb, { maxLength: 3 })) }).map(
    ({ cpu, pods, unschedulable, taints }) => {
      const allocatable = { cpu: `${cpu}m`, memory: '1Gi', pods: `${pods}` };
      // `taints` is absent, null (the API accepts `taints: null`) or a list.
      return { metadata: { name: `node-${i}` }, spec: { unschedulable, ...(i % 2 === 0 ? { taints: taints as Taint[] } : taints ? { taints } : {}) }, status: { allocatable, capacity: allocatable } };
    },
  );

const podArb = (name: string, nodeCount: number, nodeName?: string): fc.Arbitrary<Pod> =>
  fc.record({ cpu: fc.integer({ min: 0, max: 3000 }), tolerations: fc.array(tolerationArb, { maxLength: 2 }), wants: fc.option(fc.integer({ min: 0, max: nodeCount })) }).map(({ cpu, tolerations, wants }) => ({
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      // An incoming pod may name a node (one past the last: a node that does not exist).
      nodeName: nodeName ?? (wants === null ? undefined : `node-${wants}`),
      tolerations,
      containers: [{ name: 'c', image: 'nginx', resources: { requests: cpu > 0 ? { cpu: `${cpu}m` } : ({} as Record<string, string>) } }],
    },
  }));

const snapshotArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))),
    existing: fc.array(fc.integer({ min: 0, max: n - 1 }).chain((i) => podArb(`old-${i}`, n, `node-${i}`)), { maxLength: 6 }),
    pod: podArb('incoming', n),
  }),
);

function plugins(): [string, FilterPlugin & Partial<PreFilterPlugin>][] {
  return [
    ['NodeUnschedulable', new NodeUnschedulable()],
    ['NodeName', new NodeName()],
    ['TaintToleration', new TaintToleration()],
    ['NodeResourcesFit', new Fit({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }] }, ignoredResources: [], ignoredResourceGroups: [] })],
  ];
}

const view = (s: Status) => [s.code, s.reasons.join('; '), s.plugin];

function checkAgreement(pl: FilterPlugin, name: string, state: CycleState, pod: Pod, infos: NodeInfo[]): void {
  assert.ok(pl.filterNodes, `${name} has filterNodes`);
  const one = infos.map((ni) => pl.filter(state, pod, ni));
  // Pre-filled with a sentinel: "all passed" leaves out untouched, anything else must overwrite it.
  const sentinel = Status.error('untouched');
  const out = infos.map(() => sentinel);
  const all = pl.filterNodes(state, pod, infos, infos.length, out);
  assert.equal(all, one.every((s) => s.isSuccess()), `${name}: all passed`);
  if (!all) assert.deepEqual(out.map(view), one.map(view), name);
}

test('filterNodes gives what filter gives, node for node, for every plugin that implements it', () => {
  fc.assert(
    fc.property(snapshotArb, ({ nodes, existing, pod }) => {
      // A NodeInfo whose Node is gone (its pods linger) is in the batch too.
      const infos = [...snapshotFromNodes(nodes, existing), new NodeInfo()];
      for (const [name, pl] of plugins()) {
        const state = new CycleState();
        if (pl.preFilter) assert.ok(pl.preFilter(state, pod, infos).status.isSuccess(), name);
        checkAgreement(pl, name, state, pod, infos);
        // Only a prefix of the list is the batch: nodes past `count` are not looked at.
        const out: Status[] = [];
        pl.filterNodes!(state, pod, [...infos, undefined as unknown as NodeInfo], infos.length, out);
      }
    }),
    { seed: 5, numRuns: 300 },
  );
});

test('filterNodes fails as filter does when PreFilter did not run (NodeResourcesFit)', () => {
  const infos = snapshotFromNodes([{ metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '110' } } }]);
  const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const [, fit] = plugins()[3];
  checkAgreement(fit, 'NodeResourcesFit', new CycleState(), pod, infos);
  const out: Status[] = [];
  assert.equal(fit.filterNodes!(new CycleState(), pod, infos, 1, out), false);
  assert.equal(out[0].message(), fit.filter(new CycleState(), pod, infos[0]).message());
});
