import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { isNotFound } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import type { Client, WatchEvent } from '../src/client/types';
import {
  CONDITION_TYPES,
  NamespaceConditionUpdater,
  NamespaceContentRemaining,
  NamespaceDeletionContentFailure,
  NamespaceDeletionDiscoveryFailure,
  NamespaceDeletionGVParsingFailure,
  NamespaceFinalizersRemaining,
} from '../src/controllers/namespace/conditions';
import { statusOf } from './support/cluster';

// ---- helpers ------------------------------------------------------------------------------------

/** A cluster whose clock stands at a whole second, so deletionTimestamp is exact. */
function setup() {
  const cluster = Cluster.start({ seed: 7 });
  cluster.loop.advance(1000 - (cluster.loop.now % 1000));
  const t0 = cluster.loop.now;
  const client = cluster.client();
  /** Advance the clock to `t0 + seconds`. */
  const at = (seconds: number) => cluster.loop.advance(t0 + Math.round(seconds * 1000) - cluster.loop.now);
  return { cluster, client, t0, at };
}

const namespace = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...((extra.metadata as object) ?? {}) },
  ...(extra.spec ? { spec: extra.spec } : {}),
});

const configMap = (ns: string, name: string, finalizers?: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(finalizers ? { finalizers } : {}) },
});

/** A pod bound to a node: deleting it is graceful, and without a kubelet nothing finishes it. */
const boundPod = (ns: string, name: string, grace: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { nodeName: 'node-1', terminationGracePeriodSeconds: grace, containers: [{ name: 'app', image: 'nginx:1.25' }] },
});

type Ns = KubeObject & { status: NamespaceStatus; spec: { finalizers?: string[] } };

function getNs(client: Client, name: string): Ns | undefined {
  try {
    return client.get<Ns>('namespaces', undefined, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** type -> [status, reason, message] of a namespace's conditions. */
function conditions(ns: { status?: NamespaceStatus } | undefined): Record<string, [string, string, string]> {
  const out: Record<string, [string, string, string]> = {};
  for (const c of ns?.status?.conditions ?? []) out[c.type] = [c.status, c.reason ?? '', c.message ?? ''];
  return out;
}

const OK: Record<string, [string, string, string]> = {
  NamespaceDeletionDiscoveryFailure: ['False', 'ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['False', 'ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

function count(client: Client, resource: string, ns: string): number {
  return client.list(resource, { namespace: ns }).items.length;
}

// ---- the condition updater (pure) -------------------------------------------------------------

test('namespace conditions (fact 154): failure variants with upstream reasons and messages, in upstream order', () => {
  const cases: { name: string; feed: (u: NamespaceConditionUpdater) => void; want: Record<string, [string, string, string]> }[] = [
    { name: 'nothing reported: every ok variant', feed: () => {}, want: OK },
    {
      name: 'discovery failure of some groups',
      feed: (u) => u.processDiscoverResourcesErr('unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: stale GroupVersion discovery', 1),
      want: {
        ...OK,
        NamespaceDeletionDiscoveryFailure: [
          'True',
          'DiscoveryFailed',
          'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: stale GroupVersion discovery',
        ],
      },
    },
    {
      name: 'group-version parsing failure',
      feed: (u) => u.processGroupVersionErr('unexpected GroupVersion string: a/b/c'),
      want: { ...OK, NamespaceDeletionGroupVersionParsingFailure: ['True', 'GroupVersionParsingFailed', 'unexpected GroupVersion string: a/b/c'] },
    },
    {
      name: 'content errors are counted and sorted',
      feed: (u) => {
        u.processDeleteContentErr('unexpected items still remain in namespace: a for gvr: /v1, Resource=pods');
        u.processDeleteContentErr('configmaps "x" is forbidden: no');
      },
      want: {
        ...OK,
        NamespaceDeletionContentFailure: [
          'True',
          'ContentDeletionFailed',
          'Failed to delete all resource types, 2 remaining: configmaps "x" is forbidden: no, unexpected items still remain in namespace: a for gvr: /v1, Resource=pods',
        ],
      },
    },
    {
      name: 'remaining content: core kinds print an empty group after the dot',
      feed: (u) =>
        u.processContentTotals({
          remaining: [
            { group: 'example.io', resource: 'widgets', count: 2 },
            { group: '', resource: 'pods', count: 2 },
          ],
          finalizers: new Map([['example.io/x', 2], ['kubernetes.io/pvc-protection', 1]]),
        }),
      want: {
        ...OK,
        NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: pods. has 2 resource instances, widgets.example.io has 2 resource instances'],
        NamespaceFinalizersRemaining: [
          'True',
          'SomeFinalizersRemain',
          'Some content in the namespace has finalizers remaining: example.io/x in 2 resource instances, kubernetes.io/pvc-protection in 1 resource instances',
        ],
      },
    },
  ];
  for (const c of cases) {
    const u = new NamespaceConditionUpdater('2025-01-01T00:00:05Z');
    c.feed(u);
    const status: NamespaceStatus = { phase: 'Terminating' };
    assert.equal(u.update(status), true, c.name);
    assert.deepEqual(conditions({ status }), c.want, c.name);
    assert.deepEqual(status.conditions!.map((x) => x.type), CONDITION_TYPES, `${c.name}: upstream order`);
  }
});

test('namespace conditions: lastTransitionTime moves only when the status flips; no change reports false', () => {
  const status: NamespaceStatus = { phase: 'Terminating' };
  const first = new NamespaceConditionUpdater('2025-01-01T00:00:05Z');
  first.processContentTotals({ remaining: [{ group: '', resource: 'configmaps', count: 1 }], finalizers: new Map([['a/b', 1]]) });
  first.update(status);

  const same = new NamespaceConditionUpdater('2025-01-01T00:00:10Z');
  same.processContentTotals({ remaining: [{ group: '', resource: 'configmaps', count: 1 }], finalizers: new Map([['a/b', 1]]) });
  assert.equal(same.update(status), false);

  const moreLeft = new NamespaceConditionUpdater('2025-01-01T00:00:20Z');
  moreLeft.processContentTotals({ remaining: [{ group: '', resource: 'configmaps', count: 2 }], finalizers: new Map([['a/b', 2]]) });
  assert.equal(moreLeft.update(status), true);

  const done = new NamespaceConditionUpdater('2025-01-01T00:00:30Z');
  assert.equal(done.update(status), true);
  const ltt = (type: string) => status.conditions!.find((c: NamespaceCondition) => c.type === type)!.lastTransitionTime;
  assert.equal(ltt(NamespaceContentRemaining), '2025-01-01T00:00:30Z', 'True -> False moves it');
  assert.equal(ltt(NamespaceFinalizersRemaining), '2025-01-01T00:00:30Z');
  assert.equal(ltt(NamespaceDeletionContentFailure), '2025-01-01T00:00:05Z', 'False all along keeps it');
  for (const t of [NamespaceDeletionDiscoveryFailure, NamespaceDeletionGVParsingFailure]) assert.equal(ltt(t), '2025-01-01T00:00:05Z');
  assert.deepEqual(conditions({ status }), OK);
});

// ---- the controller in a real cluster ---------------------------------------------------------

test('fact 153: plain content is deleted and the namespace removed 5s (namespaceDeletionGracePeriod) after its DELETE', () => {
  const { cluster, client, t0, at } = setup();
  assert.ok(cluster.controllers.names.includes('namespace-controller'));
  client.create('namespaces', namespace('team-a'));
  client.create('configmaps', configMap('team-a', 'one'));
  client.create('configmaps', configMap('team-a', 'two'));
  client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'team-a' }, stringData: { p: 'x' } });
  client.create('configmaps', configMap('default', 'elsewhere'));
  const last: WatchEvent[] = [];
  const w = client.watch('namespaces', {}, (ev) => last.push(ev));
  cluster.loop.settle();
  assert.equal(cluster.loop.now, t0, 'nothing to wait for before the DELETE');

  const deleted = client.delete('namespaces', undefined, 'team-a');
  assert.equal(deleted.metadata?.deletionTimestamp, '2025-01-01T00:00:01Z');
  assert.deepEqual(deleted.spec, { finalizers: ['kubernetes'] });
  assert.equal((deleted.status as NamespaceStatus).phase, 'Terminating');

  at(4.999);
  assert.equal(getNs(client, 'team-a')?.status.phase, 'Terminating');
  assert.equal(count(client, 'configmaps', 'team-a'), 2, 'the controller waits out the grace period');

  at(5);
  assert.equal(getNs(client, 'team-a'), undefined, 'gone in the same pass that emptied it');
  assert.equal(count(client, 'configmaps', 'team-a'), 0);
  assert.equal(count(client, 'secrets', 'team-a'), 0);
  assert.ok(client.get('configmaps', 'default', 'elsewhere'), 'other namespaces are untouched');
  assert.equal(cluster.store.range('/registry/namespaces/team-a').kvs.length, 0);

  // The last state (the DELETED event) carries the "ok" conditions written just before finalizing.
  cluster.loop.settle();
  const gone = last.filter((e) => (e.object as KubeObject).metadata?.name === 'team-a').map((e) => e.type);
  assert.deepEqual(gone.slice(-3), ['MODIFIED', 'MODIFIED', 'DELETED'], 'DELETE, then conditions, then removal by /finalize');
  assert.deepEqual(conditions(last.at(-1)!.object as Ns), OK);
  w.stop();
  assert.equal(cluster.loop.pendingForeground, 0, 'nothing keeps running once the namespace is gone');
  cluster.stop();
});

test('facts 153–155: finalizer-held content keeps the namespace Terminating, reported in conditions, new content is 403', () => {
  const { cluster, client, at } = setup();
  client.create('namespaces', namespace('team-b'));
  client.create('configmaps', configMap('team-b', 'plain'));
  client.create('configmaps', configMap('team-b', 'held-1', ['example.com/x']));
  client.create('configmaps', configMap('team-b', 'held-2', ['example.com/x', 'example.com/y']));
  cluster.loop.settle();
  client.delete('namespaces', undefined, 'team-b');

  // Fact 155: lifecycle admission refuses new content at once.
  const denied = statusOf(() => client.create('configmaps', configMap('team-b', 'late')));
  assert.equal(denied.code, 403);
  assert.equal(denied.reason, 'Forbidden');
  assert.equal(denied.message, 'configmaps "late" is forbidden: unable to create new content in namespace team-b because it is being terminated');
  assert.deepEqual((denied.details as { causes: unknown[] }).causes, [
    { reason: 'NamespaceTerminating', message: 'namespace team-b is being terminated', field: 'metadata.namespace' },
  ]);

  at(5);
  const ns = getNs(client, 'team-b')!;
  assert.equal(ns.status.phase, 'Terminating');
  assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
  assert.deepEqual(conditions(ns), {
    ...OK,
    NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 2 resource instances'],
    NamespaceFinalizersRemaining: [
      'True',
      'SomeFinalizersRemain',
      'Some content in the namespace has finalizers remaining: example.com/x in 2 resource instances, example.com/y in 1 resource instances',
    ],
  });
  const held = client.get('configmaps', 'team-b', 'held-1');
  assert.ok(held.metadata?.deletionTimestamp, 'held objects are marked for deletion');
  assert.throws(() => client.get('configmaps', 'team-b', 'plain'), isNotFound);

  // Each pass that changes the conditions comes back 5s later through the namespace's update
  // event; a pass that changes nothing comes back after 15/2+1 = 8s (finalizers' estimate 15s).
  // Passes: +5 (written), +10 (written: held-2 lost example.com/y), +15 (unchanged), +23, ...
  client.patch('configmaps', 'team-b', 'held-2', 'merge', { metadata: { finalizers: ['example.com/x'] } });
  at(12);
  assert.deepEqual(conditions(getNs(client, 'team-b'))[NamespaceFinalizersRemaining], [
    'True',
    'SomeFinalizersRemain',
    'Some content in the namespace has finalizers remaining: example.com/x in 2 resource instances',
  ], 'the pass at +10 saw the change');
  at(16);
  for (const name of ['held-1', 'held-2']) client.patch('configmaps', 'team-b', name, 'merge', { metadata: { finalizers: null } });
  assert.equal(count(client, 'configmaps', 'team-b'), 0);
  at(22.999);
  assert.ok(getNs(client, 'team-b'), 'not before the next pass');
  at(23);
  assert.equal(getNs(client, 'team-b'), undefined);
  cluster.stop();
});

test('fact 154: CRD kinds are deleted too and named `<plural>.<group>` in the conditions', () => {
  const { cluster, client, at } = setup();
  client.create('customresourcedefinitions.apiextensions.k8s.io', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.io' },
    spec: {
      group: 'example.io',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
  client.create('namespaces', namespace('team-c'));
  for (const name of ['w1', 'w2']) {
    client.create('widgets.example.io', { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name, namespace: 'team-c', finalizers: ['example.io/x'] } });
  }
  client.create('widgets.example.io', { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w3', namespace: 'team-c' } });
  cluster.loop.settle();
  client.delete('namespaces', undefined, 'team-c');
  at(5);
  assert.equal(count(client, 'widgets.example.io', 'team-c'), 2);
  const c = conditions(getNs(client, 'team-c'));
  assert.deepEqual(c[NamespaceContentRemaining], ['True', 'SomeResourcesRemain', 'Some resources are remaining: widgets.example.io has 2 resource instances']);
  assert.deepEqual(c[NamespaceFinalizersRemaining], [
    'True',
    'SomeFinalizersRemain',
    'Some content in the namespace has finalizers remaining: example.io/x in 2 resource instances',
  ]);
  cluster.stop();
});

test('a bound pod: the controller waits its grace period (estimate/2+1 s steps), then reports it as unexpected content', () => {
  const cases: { name: string; forceDeleteAt: number; goneAt: number; failureSeen: boolean }[] = [
    // Passes: +5 (estimate 20: retry in 11s; status written: +10), +10 (-> +21), +21.
    { name: 'pod gone within its grace period: removed at the next estimate-paced pass', forceDeleteAt: 12, goneAt: 21, failureSeen: false },
    // +21 is past the 20s estimate: the pod is unexpected, NamespaceDeletionContentFailure, and the
    // retries back off 5ms, 10ms, 20ms ...: the 10th retry falls at +21 + 5ms*(2^10-1) = +26.115.
    { name: 'pod still there after its grace period: content failure, rate-limited retries', forceDeleteAt: 25, goneAt: 26.115, failureSeen: true },
  ];
  for (const c of cases) {
    const { cluster, client, at } = setup();
    client.create('namespaces', namespace('team-d'));
    client.create('pods', boundPod('team-d', 'web', 20));
    client.create('configmaps', configMap('team-d', 'settings'));
    cluster.loop.settle();
    client.delete('namespaces', undefined, 'team-d');

    at(5);
    const pod = client.get('pods', 'team-d', 'web');
    assert.equal(pod.metadata?.deletionTimestamp, '2025-01-01T00:00:26Z', `${c.name}: graceful delete, 20s`);
    assert.equal(count(client, 'configmaps', 'team-d'), 0);
    assert.deepEqual(conditions(getNs(client, 'team-d')), {
      ...OK,
      NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: pods. has 1 resource instances'],
    });

    at(Math.min(c.forceDeleteAt, 21.5));
    if (c.failureSeen) {
      assert.deepEqual(conditions(getNs(client, 'team-d'))[NamespaceDeletionContentFailure], [
        'True',
        'ContentDeletionFailed',
        'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: team-d for gvr: /v1, Resource=pods',
      ]);
    }
    at(c.forceDeleteAt);
    client.delete('pods', 'team-d', 'web', { gracePeriodSeconds: 0 });
    at(c.goneAt - 0.001);
    assert.ok(getNs(client, 'team-d'), `${c.name}: still there just before ${c.goneAt}s`);
    at(c.goneAt);
    assert.equal(getNs(client, 'team-d'), undefined, `${c.name}: gone at ${c.goneAt}s`);
    cluster.stop();
  }
});

test('other spec finalizers: the controller removes only `kubernetes`; the namespace waits for the rest', () => {
  const { cluster, client, at } = setup();
  client.create('namespaces', namespace('team-e', { spec: { finalizers: ['example.com/ns-hold', 'kubernetes'] } }));
  client.create('configmaps', configMap('team-e', 'settings'));
  cluster.loop.settle();
  client.delete('namespaces', undefined, 'team-e');
  at(5);
  const ns = getNs(client, 'team-e')!;
  assert.deepEqual(ns.spec.finalizers, ['example.com/ns-hold']);
  assert.equal(ns.status.phase, 'Terminating');
  assert.deepEqual(conditions(ns), OK);
  assert.equal(count(client, 'configmaps', 'team-e'), 0);
  assert.equal(cluster.loop.settle(), true, 'a finalized pass does not requeue');

  // Whoever owns the other finalizer gives it up through /finalize; that update removes it.
  client.patch('namespaces', undefined, 'team-e', 'json', [{ op: 'replace', path: '/spec/finalizers', value: [] }], { subresource: 'finalize' });
  assert.equal(getNs(client, 'team-e'), undefined);
  cluster.stop();
});

test('API server: spec.finalizers change only through /finalize, which removes a deleted namespace once nothing holds it', () => {
  const { cluster, client } = setup();
  // Stop the controller so the API server's own behaviour shows.
  cluster.controllers.stop();
  client.create('namespaces', namespace('x'));
  client.patch('namespaces', undefined, 'x', 'merge', { spec: { finalizers: [] } });
  assert.deepEqual(getNs(client, 'x')!.spec.finalizers, ['kubernetes'], 'an ordinary patch leaves spec.finalizers alone');

  const finalized = client.patch('namespaces', undefined, 'x', 'merge', { spec: { finalizers: [] } }, { subresource: 'finalize' });
  assert.deepEqual((finalized.spec as { finalizers?: string[] }).finalizers, []);
  assert.equal((finalized.status as NamespaceStatus).phase, 'Active', 'an Active namespace stays after /finalize');

  // Deleted with a metadata finalizer as well: emptying spec.finalizers is not enough...
  client.create('namespaces', namespace('y', { metadata: { finalizers: ['example.com/meta'] } }));
  client.delete('namespaces', undefined, 'y');
  client.patch('namespaces', undefined, 'y', 'strategic', { spec: { finalizers: [] } }, { subresource: 'finalize' });
  assert.equal(getNs(client, 'y')?.status.phase, 'Terminating');
  // ...a further DELETE while a finalizer remains changes nothing...
  const again = client.delete('namespaces', undefined, 'y');
  assert.deepEqual(again.metadata?.finalizers, ['example.com/meta']);
  // ...and the update that removes the last finalizer removes the namespace.
  client.patch('namespaces', undefined, 'y', 'merge', { metadata: { finalizers: null } });
  assert.equal(getNs(client, 'y'), undefined);

  // Deleted with only spec.finalizers: the /finalize update that empties them removes it at once.
  client.create('namespaces', namespace('z'));
  client.delete('namespaces', undefined, 'z');
  client.patch('namespaces', undefined, 'z', 'merge', { spec: { finalizers: [] } }, { subresource: 'finalize' });
  assert.equal(getNs(client, 'z'), undefined);
  cluster.stop();
});

test('the controller leaves namespaces that are not being deleted alone and stops cleanly', () => {
  const { cluster, client } = setup();
  client.create('namespaces', namespace('quiet'));
  client.create('configmaps', configMap('quiet', 'settings'));
  assert.equal(cluster.loop.settle(), true);
  cluster.loop.advance(10 * 60_000);
  assert.equal(count(client, 'configmaps', 'quiet'), 1);
  cluster.stop();
  assert.equal(cluster.loop.pendingForeground, 0);
});
