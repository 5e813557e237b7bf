import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Binding, WatchEvent } from '../src/api/client_types';
import type { KubeObject } from '../src/api/object';
import { StatusError } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { ApiServer } from '../src/apiserver/apiserver';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

/** A bare API server (no admission plugins) with the default namespace. */
function newServer() {
  const loop = new Loop();
  const log = new EventLog(loop);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn) });
  const server = new ApiServer({ loop, rng: new Rng(1), log, store, registry: ResourceRegistry.builtin(), admission: new AdmissionChain(), epochMs: Date.UTC(2025, 0, 1) });
  const client = server.client('kube-scheduler');
  client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { loop, log, server, client };
}

const pod = (name: string, extra: { spec?: object; metadata?: object } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...(extra.spec ?? {}) },
});

const binding = (name: string, node = 'node-1', extra: Partial<Binding['metadata']> = {}): Binding => ({
  apiVersion: 'v1',
  kind: 'Binding',
  metadata: { name, ...extra },
  target: { kind: 'Node', apiVersion: 'v1', name: node },
});

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected the request to be rejected');
}

test('fact 77/132: pods/binding sets spec.nodeName, merges annotations and sets PodScheduled=True in one write logged as bind', () => {
  const { loop, log, client } = newServer();
  loop.advance(7_000);
  client.create('pods', pod('web', { metadata: { annotations: { keep: 'me' } } }));
  const events: WatchEvent[] = [];
  client.watch('pods', { namespace: 'default', resourceVersion: client.get('pods', 'default', 'web').metadata!.resourceVersion }, (e) => events.push(e));
  loop.advance(3_000);
  client.bind('default', 'web', binding('web', 'node-2', { annotations: { 'scheduler.example.com/score': '7' } }));
  const bound = client.get<KubeObject>('pods', 'default', 'web');
  assert.equal((bound.spec as { nodeName?: string }).nodeName, 'node-2');
  assert.deepEqual(bound.metadata!.annotations, { keep: 'me', 'scheduler.example.com/score': '7' });
  assert.deepEqual((bound.status as { conditions: unknown[] }).conditions, [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:00:10Z' }]);
  const last = log.entries[log.entries.length - 1];
  assert.equal(last.type, 'bind');
  assert.equal(last.user, 'kube-scheduler');
  assert.equal(last.name, 'web');
  loop.settle();
  assert.deepEqual(events.map((e) => e.type), ['MODIFIED']);
});

test('pods/binding replaces an Unschedulable PodScheduled condition (UpdatePodCondition keeps no reason or message)', () => {
  const { loop, client } = newServer();
  const created = client.create<KubeObject>('pods', pod('web'));
  client.updateStatus('pods', {
    ...created,
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  });
  loop.advance(60_000);
  client.bind('default', 'web', binding('web'));
  const bound = client.get<KubeObject>('pods', 'default', 'web');
  assert.deepEqual((bound.status as { conditions: unknown[] }).conditions, [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:01:00Z' }]);
});

test('an update cannot do what the binding does: spec.nodeName stays immutable on the pod itself', () => {
  const { client } = newServer();
  const created = client.create<KubeObject>('pods', pod('web'));
  const s = statusOf(() => client.update('pods', { ...created, spec: { ...(created.spec as object), nodeName: 'node-1' } }));
  assert.equal(s.code, 422);
});

test('pods/binding refusals carry upstream status codes and messages', async (t) => {
  const cases: { name: string; setup?: (c: ReturnType<typeof newServer>['client']) => void; call: (c: ReturnType<typeof newServer>['client']) => void; code: number; reason: string; message: string; details?: unknown }[] = [
    {
      name: 'the pod is already assigned',
      setup: (c) => c.create('pods', pod('web', { spec: { nodeName: 'node-1' } })),
      call: (c) => c.bind('default', 'web', binding('web', 'node-2')),
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
      details: { name: 'web', kind: 'pods/binding' },
    },
    {
      name: 'the pod is being deleted',
      setup: (c) => {
        c.create('pods', pod('web', { metadata: { finalizers: ['example.com/hold'] } }));
        c.delete('pods', 'default', 'web');
      },
      call: (c) => c.bind('default', 'web', binding('web')),
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is being deleted, cannot be assigned to a host',
    },
    {
      name: 'the pod still has scheduling gates',
      setup: (c) => c.create('pods', pod('web', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } })),
      call: (c) => c.bind('default', 'web', binding('web')),
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web has non-empty .spec.schedulingGates',
    },
    {
      name: 'no such pod',
      call: (c) => c.bind('default', 'ghost', binding('ghost')),
      code: 404,
      reason: 'NotFound',
      message: 'pods "ghost" not found',
    },
    {
      name: 'the binding names another pod',
      setup: (c) => c.create('pods', pod('web')),
      call: (c) => c.bind('default', 'web', binding('db')),
      code: 400,
      reason: 'BadRequest',
      message: 'name in URL does not match name in Binding object',
    },
    {
      name: 'the binding is for another namespace',
      setup: (c) => c.create('pods', pod('web')),
      call: (c) => c.bind('default', 'web', binding('web', 'node-1', { namespace: 'other' })),
      code: 400,
      reason: 'BadRequest',
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    },
    {
      name: 'the target has no name (ValidatePodBinding, returned as a plain error: 500 Unknown)',
      setup: (c) => c.create('pods', pod('web')),
      call: (c) => c.bind('default', 'web', { metadata: { name: 'web' }, target: { name: '' } }),
      code: 500,
      reason: '',
      message: 'target.name: Required value',
    },
    {
      name: 'the target is not a Node',
      setup: (c) => c.create('pods', pod('web')),
      call: (c) => c.bind('default', 'web', { metadata: { name: 'web' }, target: { kind: 'Pod' as 'Node', name: 'x' } }),
      code: 500,
      reason: '',
      message: 'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
    },
    {
      name: 'a uid precondition that does not hold',
      setup: (c) => c.create('pods', pod('web')),
      call: (c) => c.bind('default', 'web', binding('web', 'node-1', { uid: 'not-the-uid' })),
      code: 409,
      reason: 'Conflict',
      message: '', // checked by prefix below: the stored uid is random
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      tc.setup?.(client);
      const s = statusOf(() => tc.call(client));
      assert.equal(s.code, tc.code);
      assert.equal(s.reason, tc.reason);
      if (tc.message) assert.equal(s.message, tc.message);
      else {
        const uid = client.get('pods', 'default', 'web').metadata!.uid;
        assert.equal(
          s.message,
          `Operation cannot be fulfilled on pods "web": StorageError: invalid object, Code: 4, Key: /registry/pods/default/web, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${uid}`,
        );
      }
      if (tc.details) assert.deepEqual(s.details, tc.details);
    });
  }
});

test('a binding whose uid precondition holds binds; a refused binding writes nothing', () => {
  const { client, server } = newServer();
  const created = client.create<KubeObject>('pods', pod('web'));
  client.bind('default', 'web', binding('web', 'node-1', { uid: created.metadata!.uid }));
  const rev = server.store.rev;
  assert.throws(() => client.bind('default', 'web', binding('web', 'node-2')), StatusError);
  assert.equal(server.store.rev, rev);
  assert.equal((client.get<KubeObject>('pods', 'default', 'web').spec as { nodeName: string }).nodeName, 'node-1');
});
