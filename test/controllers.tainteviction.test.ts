import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { isNotFound } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { namespaceLifecycle } from '../src/apiserver/admission/namespace_lifecycle';
import { ApiServer } from '../src/apiserver/apiserver';
import { bootstrap } from '../src/cluster/bootstrap';
import type { CoreEvent } from '../src/client/event_types';
import { ControllerContext } from '../src/controllers/context';
import { TaintEvictionController, getMinTolerationTimeMs } from '../src/controllers/tainteviction';
import { getMatchingTolerations, toleratesTaint } from '../src/controllers/util/tolerations';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

// ---- harness ----------------------------------------------------------------------------------

const EPOCH = Date.UTC(2025, 0, 1);
const S = 1000;
type PodObj = Pod & KubeObject;

const UNREACHABLE: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const NOT_READY: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const OUT_OF_SERVICE: Taint = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
/** What DefaultTolerationSeconds admission gives every pod (fact 12). */
const DEFAULTS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function setup() {
  const loop = new Loop();
  const rng = new Rng(2);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn, { label: 'store watch sync' }) });
  const registry = ResourceRegistry.builtin();
  const apiserver = new ApiServer({ loop, rng, log: new EventLog(loop), store, registry, admission: new AdmissionChain().use(namespaceLifecycle), epochMs: EPOCH });
  bootstrap(apiserver.client('kube-apiserver'));
  const ctx = new ControllerContext((user) => apiserver.client(user), loop, rng, registry, EPOCH);
  const controller = new TaintEvictionController(ctx);
  controller.start();
  const client = apiserver.client('kubernetes-admin');
  const at = (seconds: number) => loop.advance(Math.round(seconds * S) - loop.now);
  client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} });
  client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' }, spec: {} });
  return { loop, client, controller, at };
}
type Env = ReturnType<typeof setup>;

const ts = (ms: number) => new Date(EPOCH + Math.floor(ms / S) * S).toISOString().replace('.000Z', 'Z');

function pod(env: Env, name: string, tolerations: Toleration[] | undefined, node = 'n1'): PodObj {
  return env.client.create<PodObj>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
  } as PodObj);
}

/** Sets the node's taints, stamping timeAdded now as the node lifecycle controller does. */
function taint(env: Env, node: string, ...taints: Taint[]): void {
  const stamped = taints.map((t) => ({ ...t, timeAdded: ts(env.loop.now) }));
  env.client.patch('nodes', undefined, node, 'merge', { spec: { taints: stamped.length ? stamped : null } });
}

function getPod(env: Env, name: string): PodObj | undefined {
  try {
    return env.client.get<PodObj>('pods', 'default', name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const deleting = (env: Env, name: string) => !!getPod(env, name)?.metadata?.deletionTimestamp;

function podEvents(env: Env, name: string): string[] {
  return env.client
    .list<CoreEvent>('events', { namespace: 'default' })
    .items.filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message} @${e.firstTimestamp} by ${e.source.component}`);
}

/** The virtual second at which the pod got its deletionTimestamp (undefined: not within `limitS`). */
function deletedAt(env: Env, name: string, limitS: number): number | undefined {
  return env.loop.until(() => deleting(env, name), limitS * S) ? env.loop.now / S : undefined;
}

// ---- tolerations (fact 14) --------------------------------------------------------------------

test('fact 14: ToleratesTaint', () => {
  const t: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  const cases: { tol: Toleration; want: boolean }[] = [
    { tol: { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute' }, want: true },
    { tol: { key: 'k', value: 'v' }, want: true }, // empty operator is Equal, empty effect is any
    { tol: { key: 'k', operator: 'Equal', value: 'w' }, want: false },
    { tol: { key: 'k', operator: 'Exists' }, want: true },
    { tol: { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, want: false },
    { tol: { operator: 'Exists' }, want: true },
    { tol: { operator: 'Exists', effect: 'NoExecute' }, want: true },
    { tol: { key: 'other', operator: 'Exists' }, want: false },
    { tol: { key: 'k', operator: 'Gt', value: '1' }, want: false },
  ];
  for (const c of cases) assert.equal(toleratesTaint(c.tol, t), c.want, JSON.stringify(c.tol));
});

test('fact 13: the tolerations used are the first match per taint; the least tolerationSeconds wins', () => {
  const cases: { name: string; taints: Taint[]; tolerations: Toleration[]; tolerated: boolean; minMs: number | null }[] = [
    { name: 'no tolerations', taints: [UNREACHABLE], tolerations: [], tolerated: false, minMs: null },
    { name: 'defaults', taints: [UNREACHABLE], tolerations: DEFAULTS, tolerated: true, minMs: 300_000 },
    { name: 'forever', taints: [UNREACHABLE], tolerations: [{ operator: 'Exists' }], tolerated: true, minMs: -1 },
    {
      name: 'first match, not the shortest',
      taints: [UNREACHABLE],
      tolerations: [{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 600 }, { operator: 'Exists', tolerationSeconds: 60 }],
      tolerated: true,
      minMs: 600_000,
    },
    {
      name: 'minimum across taints',
      taints: [UNREACHABLE, { key: 'x', effect: 'NoExecute' }],
      tolerations: [...DEFAULTS, { key: 'x', operator: 'Exists', tolerationSeconds: 20 }],
      tolerated: true,
      minMs: 20_000,
    },
    { name: 'zero seconds', taints: [UNREACHABLE], tolerations: [{ operator: 'Exists', tolerationSeconds: 0 }], tolerated: true, minMs: 0 },
    { name: 'one taint not tolerated', taints: [UNREACHABLE, OUT_OF_SERVICE], tolerations: DEFAULTS, tolerated: false, minMs: null },
  ];
  for (const c of cases) {
    const { allTolerated, used } = getMatchingTolerations(c.taints, c.tolerations);
    assert.equal(allTolerated, c.tolerated, c.name);
    if (c.minMs !== null) assert.equal(getMinTolerationTimeMs(used), c.minMs, c.name);
  }
});

// ---- eviction timing --------------------------------------------------------------------------

test('fact 13: when a pod on a tainted node is deleted', () => {
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; want: number | undefined }[] = [
    { name: 'no toleration: at once', taints: [UNREACHABLE], want: 10 },
    { name: 'default 300s toleration', taints: [UNREACHABLE], tolerations: DEFAULTS, want: 310 },
    { name: 'not-ready with the defaults', taints: [NOT_READY], tolerations: DEFAULTS, want: 310 },
    { name: 'tolerationSeconds 0', taints: [UNREACHABLE], tolerations: [{ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }], want: 10 },
    { name: 'toleration without seconds: never', taints: [UNREACHABLE], tolerations: [{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute' }], want: undefined },
    { name: 'a NoSchedule toleration does not count', taints: [UNREACHABLE], tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }], want: 10 },
    { name: 'fact 19: out-of-service, not tolerated by the defaults', taints: [OUT_OF_SERVICE], tolerations: DEFAULTS, want: 10 },
    { name: 'two taints, the shorter toleration', taints: [UNREACHABLE, { key: 'x', effect: 'NoExecute' }], tolerations: [...DEFAULTS, { key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 }], want: 30 },
  ];
  for (const c of cases) {
    const env = setup();
    pod(env, 'p', c.tolerations);
    pod(env, 'elsewhere', undefined, 'n2');
    env.at(10);
    taint(env, 'n1', ...c.taints);
    assert.equal(deletedAt(env, 'p', 3600), c.want, c.name);
    assert.equal(deleting(env, 'elsewhere'), false, `${c.name}: pods of other nodes stay`);
    if (c.want === undefined) {
      assert.deepEqual(podEvents(env, 'p'), [], c.name);
      continue;
    }
    const p = getPod(env, 'p')!;
    assert.equal(p.metadata!.deletionGracePeriodSeconds, 30, `${c.name}: an ordinary graceful DELETE`);
    const dt = p.status!.conditions!.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual(
      dt && [dt.status, dt.reason, dt.message, dt.lastTransitionTime],
      ['True', 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint', ts(c.want * S)],
      c.name,
    );
    assert.deepEqual(podEvents(env, 'p'), [`Normal TaintManagerEviction Marking for deletion Pod default/p @${ts(c.want * S)} by taint-eviction-controller`], c.name);
  }
});

test('fact 13: a pending deletion is cancelled when the taint goes, with an event', () => {
  const env = setup();
  pod(env, 'p', DEFAULTS);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(200);
  taint(env, 'n1');
  assert.equal(deletedAt(env, 'p', 3600), undefined);
  assert.deepEqual(podEvents(env, 'p'), [`Normal TaintManagerEviction Cancelling deletion of Pod default/p @${ts(200 * S)} by taint-eviction-controller`]);
  assert.equal(env.loop.pendingForeground, 0, 'no timer left behind');
});

test('fact 13: swapping unreachable for not-ready keeps the deadline', () => {
  const env = setup();
  pod(env, 'p', DEFAULTS);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(100);
  taint(env, 'n1', NOT_READY);
  assert.equal(deletedAt(env, 'p', 3600), 310);
  assert.equal(podEvents(env, 'p').length, 1, 'only the deletion event');
});

test('fact 13: an untolerated taint added later deletes at once, cancelling the pending deletion', () => {
  const env = setup();
  pod(env, 'p', DEFAULTS);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(50);
  taint(env, 'n1', UNREACHABLE, OUT_OF_SERVICE);
  assert.equal(deletedAt(env, 'p', 3600), 50);
  assert.deepEqual(podEvents(env, 'p').map((e) => e.split(' @')[0]), [
    'Normal TaintManagerEviction Cancelling deletion of Pod default/p',
    'Normal TaintManagerEviction Marking for deletion Pod default/p',
  ]);
});

test('fact 13: a pod that lands on a tainted node gets its full toleration from then', () => {
  const env = setup();
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(100);
  pod(env, 'late', DEFAULTS);
  assert.equal(deletedAt(env, 'late', 3600), 400);
});

test('fact 13: deleting the pod cancels its pending deletion', () => {
  const env = setup();
  pod(env, 'p', DEFAULTS);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(20);
  env.client.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 });
  env.at(400);
  assert.deepEqual(podEvents(env, 'p'), [`Normal TaintManagerEviction Cancelling deletion of Pod default/p @${ts(20 * S)} by taint-eviction-controller`]);
  assert.equal(env.controller.evictionQueue.keys().length, 0);
});

test('fact 13: many pods on one node, each on its own toleration', () => {
  const env = setup();
  const seconds = [5, 60, 300, 301];
  for (const s of seconds) pod(env, `p${s}`, [{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: s }]);
  pod(env, 'bare', undefined);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(10);
  assert.equal(deleting(env, 'bare'), true);
  for (const s of seconds) {
    env.at(10 + s - 0.001);
    assert.equal(deleting(env, `p${s}`), false, `p${s} before`);
    env.at(10 + s);
    assert.equal(deleting(env, `p${s}`), true, `p${s} at`);
  }
});

test('stop leaves no timer behind', () => {
  const env = setup();
  pod(env, 'p', DEFAULTS);
  env.at(10);
  taint(env, 'n1', UNREACHABLE);
  env.at(11);
  env.controller.stop();
  env.at(400);
  assert.equal(deleting(env, 'p'), false);
  assert.equal(env.loop.pendingForeground, 0);
});

