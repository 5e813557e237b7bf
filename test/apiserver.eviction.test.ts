import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, Eviction } from '../src/api/client_types';
import type { KubeObject } from '../src/api/object';
import { StatusError } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { ApiServer } from '../src/apiserver/apiserver';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

const PDBS = 'poddisruptionbudgets.policy';

function newServer() {
  const loop = new Loop();
  const log = new EventLog(loop);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn) });
  const server = new ApiServer({ loop, rng: new Rng(1), log, store, registry: ResourceRegistry.builtin(), admission: new AdmissionChain(), epochMs: Date.UTC(2025, 0, 1) });
  const client = server.client('kubectl');
  client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { loop, log, server, client };
}

interface PodState {
  phase?: string;
  ready?: boolean;
  node?: string;
  labels?: Record<string, string>;
  finalizers?: string[];
}

/** A pod as the kubelet would have it: phase and Ready condition set through the status subresource. */
function makePod(client: Client, name: string, s: PodState = {}): KubeObject {
  const created = client.create<KubeObject>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: s.labels ?? { app: 'web' }, ...(s.finalizers ? { finalizers: s.finalizers } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(s.node === '' ? {} : { nodeName: s.node ?? 'node-1' }) },
  });
  const phase = s.phase ?? 'Running';
  return client.updateStatus('pods', {
    ...created,
    status: { phase, conditions: [{ type: 'Ready', status: s.ready === false ? 'False' : 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  });
}

interface BudgetState {
  name?: string;
  allowed: number;
  current?: number;
  desired?: number;
  policy?: 'IfHealthyBudget' | 'AlwaysAllow';
  stale?: boolean;
  selector?: Record<string, string>;
}

/** A budget whose status looks as the disruption controller would have written it. */
function makeBudget(client: Client, b: BudgetState): KubeObject {
  const created = client.create<KubeObject>(PDBS, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: b.name ?? 'budget' },
    spec: { minAvailable: b.desired ?? 2, selector: { matchLabels: b.selector ?? { app: 'web' } }, ...(b.policy ? { unhealthyPodEvictionPolicy: b.policy } : {}) },
  });
  return client.updateStatus(PDBS, {
    ...created,
    status: {
      observedGeneration: b.stale ? 0 : 1,
      disruptionsAllowed: b.allowed,
      currentHealthy: b.current ?? 3,
      desiredHealthy: b.desired ?? 2,
      expectedPods: 3,
    },
  });
}

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected the request to be rejected');
}

const podOrGone = (client: Client, name: string): KubeObject | undefined => {
  try {
    return client.get('pods', 'default', name);
  } catch {
    return undefined;
  }
};

test('eviction evicts when the budget allows: one disruption used up, the pod noted, marked and deleted gracefully (fact 141)', () => {
  const { loop, client } = newServer();
  makePod(client, 'web-0');
  makeBudget(client, { allowed: 1 });
  loop.advance(42_000);
  client.evict('default', 'web-0', { metadata: { name: 'web-0' } });
  const pdb = client.get<KubeObject>(PDBS, 'default', 'budget');
  const status = pdb.status as Record<string, unknown>;
  assert.equal(status.disruptionsAllowed, 0);
  assert.deepEqual(status.disruptedPods, { 'web-0': '2025-01-01T00:00:42Z' });
  assert.deepEqual(status.conditions, [
    { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2025-01-01T00:00:42Z' },
  ]);
  const pod = client.get<KubeObject>('pods', 'default', 'web-0');
  assert.equal(pod.metadata!.deletionTimestamp, '2025-01-01T00:01:12Z', 'graceful: the default 30s');
  const conditions = (pod.status as { conditions: { type: string }[] }).conditions;
  assert.deepEqual(
    conditions.find((c) => c.type === 'DisruptionTarget'),
    { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: '2025-01-01T00:00:42Z' },
  );
});

test('a budget that allows no disruption answers 429 with the DisruptionBudget cause and writes nothing', () => {
  const { client, server } = newServer();
  makePod(client, 'web-0');
  makeBudget(client, { allowed: 0, current: 2, desired: 2 });
  const rev = server.store.rev;
  const s = statusOf(() => client.evict('default', 'web-0'));
  assert.deepEqual(s, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget budget needs 2 healthy pods and has 2 currently' }] },
    code: 429,
  });
  assert.equal(server.store.rev, rev);
  assert.equal(podOrGone(client, 'web-0')?.metadata?.deletionTimestamp, undefined);
});

test('a budget whose status lags its spec answers 429 with Retry-After 10s', () => {
  const { client } = newServer();
  makePod(client, 'web-0');
  makeBudget(client, { allowed: 1, stale: true });
  const s = statusOf(() => client.evict('default', 'web-0'));
  assert.equal(s.code, 429);
  assert.deepEqual(s.details, {
    retryAfterSeconds: 10,
    causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget budget is still being processed by the server.' }],
  });
});

test('eviction outcomes by pod state and budget (canIgnorePDB, unhealthyPodEvictionPolicy)', async (t) => {
  const cases: { name: string; pod: PodState; budget?: BudgetState; outcome: 'deleting' | 'gone' | 429; budgetAllowedAfter?: number }[] = [
    { name: 'no budget: a running pod is deleted gracefully', pod: {}, outcome: 'deleting' },
    { name: 'a Pending pod ignores the budget', pod: { phase: 'Pending', node: '' }, budget: { allowed: 0 }, outcome: 'gone', budgetAllowedAfter: 0 },
    { name: 'a Succeeded pod ignores the budget (grace 0)', pod: { phase: 'Succeeded' }, budget: { allowed: 0 }, outcome: 'gone', budgetAllowedAfter: 0 },
    { name: 'a Failed pod ignores the budget', pod: { phase: 'Failed' }, budget: { allowed: 0 }, outcome: 'gone', budgetAllowedAfter: 0 },
    { name: 'a budget that selects other pods does not apply', pod: {}, budget: { allowed: 0, selector: { app: 'db' } }, outcome: 'deleting', budgetAllowedAfter: 0 },
    {
      name: 'IfHealthyBudget: an unready pod goes without using the budget when the budget is healthy',
      pod: { ready: false },
      budget: { allowed: 0, current: 2, desired: 2 },
      outcome: 'deleting',
      budgetAllowedAfter: 0,
    },
    { name: 'IfHealthyBudget: an unready pod is protected while the budget is short', pod: { ready: false }, budget: { allowed: 0, current: 1, desired: 2 }, outcome: 429 },
    {
      name: 'AlwaysAllow: an unready pod always goes',
      pod: { ready: false },
      budget: { allowed: 0, current: 1, desired: 2, policy: 'AlwaysAllow' },
      outcome: 'deleting',
      budgetAllowedAfter: 0,
    },
    { name: 'AlwaysAllow still protects a ready pod', pod: {}, budget: { allowed: 0, current: 2, desired: 2, policy: 'AlwaysAllow' }, outcome: 429 },
    { name: 'an unready pod with budget to spare uses it up', pod: { ready: false }, budget: { allowed: 1, current: 1, desired: 0 }, outcome: 'deleting', budgetAllowedAfter: 0 },
    { name: 'a ready pod uses up one disruption', pod: {}, budget: { allowed: 2, current: 3, desired: 1 }, outcome: 'deleting', budgetAllowedAfter: 1 },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      makePod(client, 'web-0', tc.pod);
      if (tc.budget) makeBudget(client, tc.budget);
      if (tc.outcome === 429) {
        assert.equal(statusOf(() => client.evict('default', 'web-0')).code, 429);
        return;
      }
      client.evict('default', 'web-0');
      const after = podOrGone(client, 'web-0');
      if (tc.outcome === 'gone') assert.equal(after, undefined);
      else assert.ok(after?.metadata?.deletionTimestamp, 'the pod is terminating');
      if (tc.budgetAllowedAfter !== undefined) {
        const pdb = client.get<KubeObject>(PDBS, 'default', tc.budget!.name ?? 'budget');
        assert.equal((pdb.status as { disruptionsAllowed: number }).disruptionsAllowed, tc.budgetAllowedAfter);
      }
    });
  }
});

test('a pod already being deleted is evicted again (the new grace period may shorten it)', () => {
  const { client } = newServer();
  makePod(client, 'web-0', { finalizers: ['example.com/hold'] });
  makeBudget(client, { allowed: 0 });
  client.delete('pods', 'default', 'web-0');
  client.evict('default', 'web-0', { deleteOptions: { gracePeriodSeconds: 5 } });
  const pod = client.get<KubeObject>('pods', 'default', 'web-0');
  assert.equal(pod.metadata!.deletionGracePeriodSeconds, 5);
});

test('eviction request errors', async (t) => {
  const cases: { name: string; evict: (c: Client) => void; code: number; reason: string; message: RegExp | string; details?: unknown }[] = [
    { name: 'no such pod', evict: (c) => c.evict('default', 'ghost'), code: 404, reason: 'NotFound', message: 'pods "ghost" not found' },
    {
      name: 'the Eviction names another pod',
      evict: (c) => c.evict('default', 'web-0', { metadata: { name: 'web-1' } }),
      code: 400,
      reason: 'BadRequest',
      message: 'name in URL does not match name in Eviction object',
    },
    {
      name: 'the pod has two budgets',
      evict: (c) => {
        makeBudget(c, { name: 'a', allowed: 1 });
        makeBudget(c, { name: 'b', allowed: 1 });
        c.evict('default', 'web-0');
      },
      code: 500,
      reason: '',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    },
    {
      name: 'a uid precondition that does not hold',
      evict: (c) => c.evict('default', 'web-0', { deleteOptions: { preconditions: { uid: 'other' } } } as Eviction),
      code: 409,
      reason: 'Conflict',
      message: /^Operation cannot be fulfilled on Pod "web-0": the UID in the precondition \(other\) does not match the UID in record \(.+\)\. The object might have been deleted and then recreated$/,
      details: undefined,
    },
    {
      name: 'a resourceVersion precondition that does not hold (no budget)',
      evict: (c) => c.evict('default', 'web-0', { deleteOptions: { preconditions: { resourceVersion: '1' } } }),
      code: 409,
      reason: 'Conflict',
      message: /^Operation cannot be fulfilled on Pod "web-0": the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/,
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      makePod(client, 'web-0');
      const s = statusOf(() => tc.evict(client));
      assert.equal(s.code, tc.code);
      assert.equal(s.reason, tc.reason);
      if (typeof tc.message === 'string') assert.equal(s.message, tc.message);
      else assert.match(s.message, tc.message);
      assert.ok(podOrGone(client, 'web-0') && !podOrGone(client, 'web-0')!.metadata!.deletionTimestamp, 'the pod stays');
    });
  }
});

test('deleteOptions of the Eviction apply to the DELETE: gracePeriodSeconds 0 removes the pod at once', () => {
  const { client, log } = newServer();
  makePod(client, 'web-0');
  makeBudget(client, { allowed: 2 });
  client.evict('default', 'web-0', { deleteOptions: { gracePeriodSeconds: 0 } });
  assert.equal(podOrGone(client, 'web-0'), undefined);
  const writes = log.entries.slice(-3).map((e) => [e.type, e.kind]);
  assert.deepEqual(writes, [
    ['update-status', 'PodDisruptionBudget'],
    ['update-status', 'Pod'],
    ['remove', 'Pod'],
  ]);
});

test('successive evictions consume the budget until it refuses', () => {
  const { client } = newServer();
  for (const n of ['web-0', 'web-1', 'web-2']) makePod(client, n);
  makeBudget(client, { allowed: 2, current: 3, desired: 1 });
  client.evict('default', 'web-0');
  client.evict('default', 'web-1');
  const s = statusOf(() => client.evict('default', 'web-2'));
  assert.equal(s.code, 429);
  const status = client.get<KubeObject>(PDBS, 'default', 'budget').status as { disruptedPods: Record<string, string> };
  assert.deepEqual(Object.keys(status.disruptedPods).sort(), ['web-0', 'web-1']);
});
