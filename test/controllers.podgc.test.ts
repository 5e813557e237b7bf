import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { isNotFound } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { namespaceLifecycle } from '../src/apiserver/admission/namespace_lifecycle';
import { ApiServer } from '../src/apiserver/apiserver';
import { bootstrap } from '../src/cluster/bootstrap';
import { ControllerContext } from '../src/controllers/context';
import { PodGCController, type PodGCOptions } from '../src/controllers/podgc';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

// ---- harness ----------------------------------------------------------------------------------

const EPOCH = Date.UTC(2025, 0, 1);
const S = 1000;
type PodObj = Pod & KubeObject;

function setup(opts: PodGCOptions = {}) {
  const loop = new Loop();
  const rng = new Rng(3);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn, { label: 'store watch sync' }) });
  const registry = ResourceRegistry.builtin();
  const apiserver = new ApiServer({ loop, rng, log: new EventLog(loop), store, registry, admission: new AdmissionChain().use(namespaceLifecycle), epochMs: EPOCH });
  bootstrap(apiserver.client('kube-apiserver'));
  const ctx = new ControllerContext((user) => apiserver.client(user), loop, rng, registry, EPOCH);
  const errors: unknown[] = [];
  const controller = new PodGCController(ctx, { onError: (_p, e) => errors.push(e), ...opts });
  controller.start();
  const client = apiserver.client('kubernetes-admin');
  const at = (seconds: number) => loop.advance(Math.round(seconds * S) - loop.now);
  /** Every state a pod passed through, as the watch saw it. */
  const history = new Map<string, Array<{ type: string; at: number; pod: PodObj }>>();
  client.watch<PodObj>('pods', {}, (ev) => {
    const p = ev.object as PodObj;
    const list = history.get(p.metadata!.name!) ?? [];
    list.push({ type: ev.type, at: loop.now, pod: p });
    history.set(p.metadata!.name!, list);
  });
  return { loop, client, controller, at, history, errors };
}
type Env = ReturnType<typeof setup>;

const ts = (ms: number) => new Date(EPOCH + Math.floor(ms / S) * S).toISOString().replace('.000Z', 'Z');

function node(env: Env, name: string, ready: 'True' | 'False' = 'True', taints: Taint[] = []): void {
  const now = ts(env.loop.now);
  env.client.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: taints.length ? { taints } : {},
    status: { conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now }] },
  });
}

/** A pod bound to `nodeName` (or unscheduled), in `phase`, as a kubelet would have reported it. */
function pod(env: Env, name: string, nodeName: string | undefined, phase = 'Running', extra: { finalizers?: string[]; reason?: string } = {}): PodObj {
  const p = env.client.create<PodObj>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx' }] },
  } as PodObj);
  if (phase === 'Pending') return p;
  return env.client.updateStatus<PodObj>('pods', {
    ...structuredClone(p),
    status: { phase, ...(extra.reason ? { reason: extra.reason } : {}), conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False', lastTransitionTime: ts(env.loop.now) }] },
  } as PodObj);
}

function exists(env: Env, name: string): boolean {
  try {
    env.client.get('pods', 'default', name);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** The virtual second the pod disappeared (undefined: still there after `limitS`). */
function goneAt(env: Env, name: string, limitS: number): number | undefined {
  return env.loop.until(() => !exists(env, name), limitS * S) ? env.loop.now / S : undefined;
}

/** The pod's last state before it was removed. */
function lastState(env: Env, name: string): PodObj {
  const h = env.history.get(name)!;
  assert.equal(h[h.length - 1].type, 'DELETED');
  return h[h.length - 2].pod;
}

// ---- orphaned pods (fact 22) ------------------------------------------------------------------

test('fact 22: pods of a deleted node are force-deleted once the node was missing for the 40s quarantine', () => {
  // Passes run at 0, 20, 40, ...; the first pass that misses the node starts the quarantine.
  const cases = [
    { name: 'node deleted at 5s: missed at 20s', deleteAt: 5, gone: 60 },
    { name: 'node deleted at 25s: missed at 40s', deleteAt: 25, gone: 80 },
    { name: 'node deleted at 40s: the 40s pass still saw it', deleteAt: 40, gone: 100 },
  ];
  for (const c of cases) {
    const env = setup();
    node(env, 'n1');
    pod(env, 'p', 'n1');
    pod(env, 'done', 'n1', 'Succeeded');
    env.at(c.deleteAt);
    env.client.delete('nodes', undefined, 'n1');
    env.at(c.gone - 0.001);
    assert.equal(exists(env, 'p'), true, `${c.name}: still there just before`);
    assert.equal(goneAt(env, 'p', 100), c.gone, c.name);
    const last = lastState(env, 'p');
    assert.equal(last.status!.phase, 'Failed', `${c.name}: marked Failed first`);
    const dt = last.status!.conditions!.find((x) => x.type === 'DisruptionTarget')!;
    assert.deepEqual([dt.status, dt.reason, dt.message, dt.lastTransitionTime], ['True', 'DeletionByPodGC', 'PodGC: node no longer exists', ts(c.gone * S)], c.name);
    assert.equal(last.status!.conditions!.find((x) => x.type === 'Ready')!.status, 'True', `${c.name}: other conditions kept`);
    // A pod already terminal is deleted as it is, without a status write.
    assert.equal(exists(env, 'done'), false);
    assert.deepEqual(env.history.get('done')!.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED'], `${c.name}: no status patch for a terminal pod`);
  }
});

test('fact 22: a node that comes back within the quarantine keeps its pods', () => {
  const env = setup();
  node(env, 'n1');
  pod(env, 'p', 'n1');
  env.at(5);
  env.client.delete('nodes', undefined, 'n1');
  env.at(45);
  node(env, 'n1');
  env.at(200);
  assert.equal(exists(env, 'p'), true);
  assert.equal(env.history.get('p')!.length, 2, 'never written to');
});

test('fact 22: a pod bound to a node that never existed goes after the quarantine too', () => {
  const env = setup();
  env.at(1);
  pod(env, 'ghostly', 'ghost');
  assert.equal(goneAt(env, 'ghostly', 200), 60);
});

// ---- terminating pods on out-of-service nodes (fact 19) -------------------------------------

test('fact 19: terminating pods are force-deleted only on NotReady nodes with the out-of-service taint', () => {
  const OOS: Taint = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
  const cases: { name: string; ready: 'True' | 'False'; taints: Taint[]; terminating: boolean; gone: number | undefined }[] = [
    { name: 'NotReady + out-of-service', ready: 'False', taints: [OOS], terminating: true, gone: 40 },
    { name: 'NotReady + out-of-service:NoSchedule (any effect)', ready: 'False', taints: [{ ...OOS, effect: 'NoSchedule' }], terminating: true, gone: 40 },
    { name: 'Ready + out-of-service', ready: 'True', taints: [OOS], terminating: true, gone: undefined },
    { name: 'NotReady without the taint', ready: 'False', taints: [], terminating: true, gone: undefined },
    { name: 'not terminating', ready: 'False', taints: [OOS], terminating: false, gone: undefined },
  ];
  for (const c of cases) {
    const env = setup();
    node(env, 'n1', c.ready, c.taints);
    pod(env, 'p', 'n1');
    env.at(30);
    if (c.terminating) env.client.delete('pods', 'default', 'p'); // graceful: it stays Terminating
    assert.equal(goneAt(env, 'p', 200), c.gone, c.name);
    if (c.gone !== undefined) {
      const last = lastState(env, 'p');
      assert.equal(last.status!.phase, 'Failed', `${c.name}: marked Failed first`);
      assert.equal(last.status!.conditions!.find((x) => x.type === 'DisruptionTarget'), undefined, `${c.name}: no condition for this pass`);
    }
  }
});

// ---- terminated pods over the threshold -------------------------------------------------------

test('gcTerminated: the oldest terminated pods beyond the threshold go, evicted ones first', () => {
  const env = setup({ terminatedPodThreshold: 2 });
  node(env, 'n1');
  env.at(1);
  pod(env, 'old', 'n1', 'Succeeded');
  env.at(2);
  pod(env, 'mid', 'n1', 'Failed');
  env.at(3);
  pod(env, 'new', 'n1', 'Succeeded');
  pod(env, 'evicted', 'n1', 'Failed', { reason: 'Evicted' });
  pod(env, 'running', 'n1', 'Running');
  env.at(20);
  assert.deepEqual(['old', 'mid', 'new', 'evicted', 'running'].filter((n) => exists(env, n)), ['mid', 'new', 'running']);
});

test('gcTerminated is off with a threshold of 0', () => {
  const env = setup({ terminatedPodThreshold: 0 });
  node(env, 'n1');
  for (let i = 0; i < 5; i++) pod(env, `done-${i}`, 'n1', 'Succeeded');
  env.at(100);
  assert.equal(env.client.list('pods', { namespace: 'default' }).items.length, 5);
});

// ---- unscheduled terminating pods -------------------------------------------------------------

test('gcUnscheduledTerminating: a terminating pod that never got a node is marked Failed and force-deleted', () => {
  const env = setup();
  pod(env, 'p', undefined, 'Pending', { finalizers: ['example.com/hold'] });
  env.at(5);
  env.client.delete('pods', 'default', 'p');
  env.at(19);
  assert.equal(env.client.get<PodObj>('pods', 'default', 'p').status!.phase, 'Pending');
  env.at(20);
  const p = env.client.get<PodObj>('pods', 'default', 'p');
  assert.equal(p.status!.phase, 'Failed');
  assert.equal(p.metadata!.deletionGracePeriodSeconds, 0);
  env.client.patch('pods', 'default', 'p', 'merge', { metadata: { finalizers: null } });
  env.at(21);
  assert.equal(exists(env, 'p'), false);
  assert.deepEqual(env.errors, []);
});

test('stop cancels the periodic pass and the quarantine timers', () => {
  const env = setup();
  node(env, 'n1');
  pod(env, 'p', 'n1');
  env.at(5);
  env.client.delete('nodes', undefined, 'n1');
  env.at(21);
  env.controller.stop();
  env.at(300);
  assert.equal(exists(env, 'p'), true);
  assert.equal(env.loop.pendingForeground, 0);
});
