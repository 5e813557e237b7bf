import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '../src/api/client_types';
import type { KubeObject } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { ApiServer } from '../src/apiserver/apiserver';
import { ControllerContext } from '../src/controllers/context';
import { DisruptionController, scaledValueFromIntOrPercent } from '../src/controllers/disruption';
import { goLabelSelectorString } from '../src/controllers/disruption/selector_string';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

const PDBS = 'poddisruptionbudgets.policy';
const EPOCH = Date.UTC(2025, 0, 1);

/** A real API server and loop with the disruption controller running (and nothing else). */
function harness() {
  const loop = new Loop();
  const rng = new Rng(1);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn) });
  const registry = ResourceRegistry.builtin();
  const server = new ApiServer({ loop, rng, log: new EventLog(loop), store, registry, admission: new AdmissionChain(), epochMs: EPOCH });
  const client = server.client('user');
  client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const dc = new DisruptionController(new ControllerContext((u) => server.client(u), loop, rng, registry, EPOCH));
  dc.start();
  return { loop, server, client, dc };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };

function workload(client: Client, resource: string, kind: string, name: string, replicas: number, owner?: KubeObject): KubeObject {
  return client.create(resource, {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, ...(owner ? { ownerReferences: [controllerRef(owner)] } : {}) },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template, ...(kind === 'StatefulSet' ? { serviceName: name } : {}) },
  });
}

function controllerRef(owner: KubeObject) {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true };
}

/** A running pod (Ready unless told), optionally controlled by `owner`. */
type Ref = { apiVersion: string; kind: string; name: string; uid: string };

function runningPod(client: Client, name: string, opts: { owner?: KubeObject; ref?: Ref; ready?: boolean; finalizers?: string[] } = {}): KubeObject {
  const owner = opts.owner ? controllerRef(opts.owner) : opts.ref ? { ...opts.ref, controller: true } : undefined;
  const created = client.create<KubeObject>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...(owner ? { ownerReferences: [owner] } : {}), ...(opts.finalizers ? { finalizers: opts.finalizers } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] },
  });
  return setReady(client, created, opts.ready ?? true);
}

function setReady(client: Client, pod: KubeObject, ready: boolean): KubeObject {
  const current = client.get<KubeObject>('pods', 'default', pod.metadata!.name!);
  return client.updateStatus('pods', {
    ...current,
    status: { ...(current.status as object), phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  });
}

function budget(client: Client, spec: object, name = 'budget'): KubeObject {
  return client.create(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
}

const statusOf = (client: Client, name = 'budget') => client.get<KubeObject>(PDBS, 'default', name).status as Record<string, unknown>;

function events(client: Client, reason?: string): { reason: string; message: string; type: string; involvedObject: { kind: string; name: string } }[] {
  return client.list<KubeObject>('events', { namespace: 'default' }).items.filter((e) => !reason || e.reason === reason) as never;
}

test('intstr.GetScaledValueFromIntOrPercent rounds percentages up (as the disruption controller asks)', () => {
  const cases: [unknown, number, boolean, number][] = [
    [3, 10, true, 3],
    ['50%', 3, true, 2],
    ['50%', 3, false, 1],
    ['0%', 7, true, 0],
    ['100%', 7, true, 7],
    ['34%', 3, true, 2],
  ];
  for (const [v, total, up, want] of cases) assert.equal(scaledValueFromIntOrPercent(v, total, up), want, `${v} of ${total}`);
  assert.throws(() => scaledValueFromIntOrPercent('5', 10, true), /string is not a percentage/);
});

test('the Go rendering of a selector in event messages', () => {
  assert.equal(goLabelSelectorString({ matchLabels: { b: '2', a: '1' } }), '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{},}');
  assert.equal(
    goLabelSelectorString({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }),
    '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[web api],},},}',
  );
  assert.equal(goLabelSelectorString(undefined), 'nil');
});

test('PDB status by spec and pods: expected and desired counts, disruptionsAllowed, DisruptionAllowed', async (t) => {
  type Setup = (c: Client) => void;
  const rsPods = (replicas: number, ready: number, kind: 'ReplicaSet' | 'StatefulSet' | 'ReplicationController' = 'ReplicaSet'): Setup => (c) => {
    const owner =
      kind === 'ReplicationController'
        ? c.create<KubeObject>('replicationcontrollers', { apiVersion: 'v1', kind, metadata: { name: 'rc' }, spec: { replicas, selector: { app: 'web' }, template } })
        : workload(c, kind === 'ReplicaSet' ? 'replicasets.apps' : 'statefulsets.apps', kind, 'owner', replicas);
    for (let i = 0; i < Math.max(replicas, ready); i++) runningPod(c, `web-${i}`, { owner, ready: i < ready });
  };
  const cases: { name: string; spec: object; setup: Setup; want: { expectedPods: number; desiredHealthy: number; currentHealthy: number; disruptionsAllowed: number } }[] = [
    {
      name: 'minAvailable int: expected = matching pods',
      spec: { minAvailable: 2 },
      setup: (c) => ['a', 'b', 'c'].forEach((n) => runningPod(c, n)),
      want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 },
    },
    {
      name: 'minAvailable int with an unready pod',
      spec: { minAvailable: 2 },
      setup: (c) => ['a', 'b', 'c'].forEach((n, i) => runningPod(c, n, { ready: i < 2 })),
      want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
    },
    { name: 'maxUnavailable int: expected = the ReplicaSet scale', spec: { maxUnavailable: 1 }, setup: rsPods(3, 3), want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'maxUnavailable 50% of 4 (rounded up)', spec: { maxUnavailable: '50%' }, setup: rsPods(4, 4), want: { expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 } },
    { name: 'maxUnavailable 34% of 3 is 2', spec: { maxUnavailable: '34%' }, setup: rsPods(3, 3), want: { expectedPods: 3, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 } },
    { name: 'minAvailable 50% of 3 is 2 (rounded up)', spec: { minAvailable: '50%' }, setup: rsPods(3, 3), want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'StatefulSet scale', spec: { maxUnavailable: 1 }, setup: rsPods(5, 5, 'StatefulSet'), want: { expectedPods: 5, desiredHealthy: 4, currentHealthy: 5, disruptionsAllowed: 1 } },
    {
      name: 'ReplicationController scale',
      spec: { maxUnavailable: 0 },
      setup: rsPods(2, 2, 'ReplicationController'),
      want: { expectedPods: 2, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
    },
    {
      name: 'the scale is the spec: 5 wanted, 3 pods exist',
      spec: { maxUnavailable: 1 },
      setup: (c) => {
        const rs = workload(c, 'replicasets.apps', 'ReplicaSet', 'owner', 5);
        for (const n of ['a', 'b', 'c']) runningPod(c, n, { owner: rs });
      },
      want: { expectedPods: 5, desiredHealthy: 4, currentHealthy: 3, disruptionsAllowed: 0 },
    },
    {
      name: 'a Deployment scale, through its ReplicaSet',
      spec: { maxUnavailable: 1 },
      setup: (c) => {
        const d = workload(c, 'deployments.apps', 'Deployment', 'web', 4);
        const rs = workload(c, 'replicasets.apps', 'ReplicaSet', 'web-abc', 2, d);
        for (const n of ['a', 'b']) runningPod(c, n, { owner: rs });
      },
      want: { expectedPods: 4, desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0 },
    },
    {
      name: 'two ReplicaSets add up',
      spec: { minAvailable: '100%' },
      setup: (c) => {
        const a = workload(c, 'replicasets.apps', 'ReplicaSet', 'a', 2);
        const b = workload(c, 'replicasets.apps', 'ReplicaSet', 'b', 1);
        runningPod(c, 'a-0', { owner: a });
        runningPod(c, 'a-1', { owner: a });
        runningPod(c, 'b-0', { owner: b });
      },
      want: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
    },
    {
      name: 'terminating pods are not healthy',
      spec: { minAvailable: 1 },
      setup: (c) => {
        runningPod(c, 'a');
        runningPod(c, 'b', { finalizers: ['example.com/hold'] });
        c.delete('pods', 'default', 'b');
      },
      want: { expectedPods: 2, desiredHealthy: 1, currentHealthy: 1, disruptionsAllowed: 0 },
    },
    {
      name: 'nothing matches: everything 0 (and disruptions stay forbidden)',
      spec: { maxUnavailable: 1 },
      setup: () => {},
      want: { expectedPods: 0, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0 },
    },
    {
      name: 'unmanaged pods are not in the scale: expected 0 forbids disruptions',
      spec: { maxUnavailable: 1 },
      setup: (c) => ['a', 'b'].forEach((n) => runningPod(c, n)),
      want: { expectedPods: 0, desiredHealthy: 0, currentHealthy: 2, disruptionsAllowed: 0 },
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { loop, client } = harness();
      tc.setup(client);
      budget(client, tc.spec);
      loop.settle();
      const s = statusOf(client);
      assert.deepEqual({ expectedPods: s.expectedPods, desiredHealthy: s.desiredHealthy, currentHealthy: s.currentHealthy, disruptionsAllowed: s.disruptionsAllowed }, tc.want);
      assert.equal(s.observedGeneration, 1);
      const allowed = tc.want.disruptionsAllowed > 0;
      assert.deepEqual(s.conditions, [
        {
          type: 'DisruptionAllowed',
          status: allowed ? 'True' : 'False',
          reason: allowed ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ]);
    });
  }
});

test('the budget follows its pods: readiness changes and deletions move currentHealthy and the condition', () => {
  const { loop, client } = harness();
  const pods = ['a', 'b', 'c'].map((n) => runningPod(client, n));
  budget(client, { minAvailable: 2 });
  loop.settle();
  assert.equal(statusOf(client).disruptionsAllowed, 1);
  loop.advance(10_000);
  setReady(client, pods[0], false);
  loop.settle();
  let s = statusOf(client);
  assert.equal(s.currentHealthy, 2);
  assert.equal(s.disruptionsAllowed, 0);
  assert.deepEqual((s.conditions as { status: string; reason: string; lastTransitionTime: string }[]).map((c) => [c.status, c.reason, c.lastTransitionTime]), [
    ['False', 'InsufficientPods', '2025-01-01T00:00:10Z'],
  ]);
  client.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
  loop.settle();
  s = statusOf(client);
  assert.equal(s.expectedPods, 2);
  assert.equal(s.disruptionsAllowed, 0);
});

test('fact 172: a spec change is observed: observedGeneration follows generation', () => {
  const { loop, client } = harness();
  ['a', 'b', 'c'].forEach((n) => runningPod(client, n));
  budget(client, { minAvailable: 2 });
  loop.settle();
  client.patch(PDBS, 'default', 'budget', 'merge', { spec: { minAvailable: 1 } });
  loop.settle();
  const pdb = client.get<KubeObject>(PDBS, 'default', 'budget');
  assert.equal(pdb.metadata!.generation, 2);
  assert.equal((pdb.status as { observedGeneration: number }).observedGeneration, 2);
  assert.equal((pdb.status as { disruptionsAllowed: number }).disruptionsAllowed, 2);
});

test('a pod whose controller cannot be found makes the budget fail safe (SyncFailed)', () => {
  const { loop, client } = harness();
  runningPod(client, 'web-0', { ref: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '00000000-0000-4000-8000-000000000000' } });
  budget(client, { maxUnavailable: 1 });
  loop.settle();
  const s = statusOf(client);
  assert.equal(s.disruptionsAllowed, 0);
  assert.deepEqual(s.conditions, [
    { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "web-0"', lastTransitionTime: '2025-01-01T00:00:00Z' },
  ]);
  const [ev] = events(client, 'CalculateExpectedPodCountFailed');
  assert.equal(ev.message, 'Failed to calculate the number of expected pods: found no controllers for pod "web-0"');
  assert.equal(ev.type, 'Warning');
});

test('events: NoPods, UnmanagedPods, MultiplePodDisruptionBudgets', () => {
  const { loop, client } = harness();
  budget(client, { maxUnavailable: 1 });
  loop.settle();
  assert.equal(events(client, 'NoPods')[0]?.message, 'No matching pods found');
  runningPod(client, 'web-0');
  loop.settle();
  assert.equal(
    events(client, 'UnmanagedPods')[0]?.message,
    'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
  );
  budget(client, { minAvailable: 1 }, 'another');
  loop.settle();
  setReady(client, client.get('pods', 'default', 'web-0'), false);
  loop.settle();
  const [multi] = events(client, 'MultiplePodDisruptionBudgets');
  assert.equal(multi.message, 'Pod "default"/"web-0" matches multiple PodDisruptionBudgets.  Chose "another" arbitrarily.');
  assert.deepEqual([multi.involvedObject.kind, multi.involvedObject.name], ['Pod', 'web-0']);
});

test('an eviction holds the pod out of currentHealthy for DeletionTimeout (2m); a pod never deleted counts again after', () => {
  const { loop, client } = harness();
  ['a', 'b', 'c'].forEach((n) => runningPod(client, n));
  budget(client, { minAvailable: 1 });
  loop.settle();
  assert.equal(statusOf(client).disruptionsAllowed, 2);
  // The eviction's own bookkeeping, as if its DELETE had been lost: disruptedPods without a deletion.
  const pdb = client.get<KubeObject>(PDBS, 'default', 'budget');
  client.updateStatus(PDBS, { ...pdb, status: { ...(pdb.status as object), disruptionsAllowed: 1, disruptedPods: { a: '2025-01-01T00:00:00Z' } } });
  loop.advance(1_000);
  let s = statusOf(client);
  assert.deepEqual(s.disruptedPods, { a: '2025-01-01T00:00:00Z' });
  assert.equal(s.currentHealthy, 2, 'the evicted pod is not counted while its deletion is expected');
  assert.equal(s.disruptionsAllowed, 1);
  loop.advance(119_000);
  assert.deepEqual(statusOf(client).disruptedPods, { a: '2025-01-01T00:00:00Z' }, 'still within DeletionTimeout');
  loop.advance(1_000);
  s = statusOf(client);
  assert.equal(s.disruptedPods, undefined, 'the entry expired at 2m: the recheck removed it');
  assert.equal(s.currentHealthy, 3);
  assert.equal(s.disruptionsAllowed, 2);
  const [ev] = events(client, 'NotDeleted');
  assert.equal(ev.message, "Pod was expected by PDB default/default to be deleted but it wasn't");
  assert.equal(ev.involvedObject.name, 'a');
});

test('an eviction through the API and the controller agree: the evicted pod leaves disruptedPods once it is deleting', () => {
  const { loop, client } = harness();
  ['a', 'b', 'c'].forEach((n) => runningPod(client, n));
  budget(client, { minAvailable: 2 });
  loop.settle();
  client.evict('default', 'a');
  loop.settle();
  const s = statusOf(client);
  assert.equal(s.disruptedPods, undefined, 'the pod is terminating: no longer an expected deletion');
  assert.equal(s.currentHealthy, 2);
  assert.equal(s.disruptionsAllowed, 0);
});

test('a DisruptionTarget condition left on a pod nobody deleted is reset to False after 2 minutes', () => {
  const { loop, client, dc } = harness();
  const pod = runningPod(client, 'web-0');
  loop.advance(5_000);
  const current = client.get<KubeObject>('pods', 'default', 'web-0');
  const status = current.status as { conditions: object[] };
  client.updateStatus('pods', {
    ...current,
    status: {
      ...status,
      conditions: [...status.conditions, { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: '2025-01-01T00:00:05Z' }],
    },
  });
  loop.advance(119_000);
  const target = () =>
    (client.get<KubeObject>('pods', 'default', pod.metadata!.name!).status as { conditions: { type: string; status: string; lastTransitionTime: string }[] }).conditions.find(
      (c) => c.type === 'DisruptionTarget',
    );
  assert.equal(target()!.status, 'True');
  loop.advance(1_000);
  assert.deepEqual(target(), { type: 'DisruptionTarget', status: 'False', lastTransitionTime: '2025-01-01T00:02:05Z' });
  assert.equal(dc.lastErrors.size, 0);
});

test('stop leaves no work behind', () => {
  const { loop, client, dc } = harness();
  ['a', 'b'].forEach((n) => runningPod(client, n));
  budget(client, { minAvailable: 1 });
  dc.stop();
  assert.equal(loop.settle(), true);
});
