import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { SharedIndexInformer, type ResourceEventHandler } from '../src/client/informer';
import { SharedInformerFactory } from '../src/client/informer_factory';
import { FakeClient, statusError } from './support/fake_client';

const pod = (name: string, extra: { ns?: string; node?: string; labels?: Record<string, string> } = {}): KubeObject => ({
  metadata: { namespace: extra.ns ?? 'default', name, labels: extra.labels },
  spec: { nodeName: extra.node },
});
const rvOf = (o: KubeObject) => o.metadata?.resourceVersion;
const nameOf = (o: KubeObject) => o.metadata?.name;

/** A handler that logs notifications as short strings. */
function recorder(): { log: string[]; handler: ResourceEventHandler } {
  const log: string[] = [];
  return {
    log,
    handler: {
      onAdd: (o, initial) => log.push(`add ${nameOf(o)}${initial ? ' (initial)' : ''}`),
      onUpdate: (a, b) => log.push(`update ${nameOf(a)} ${rvOf(a)}->${rvOf(b)}`),
      onDelete: (o, info) => log.push(`delete ${nameOf(o)}${info.finalStateUnknown ? ' (final state unknown)' : ''}`),
    },
  };
}

function setup(opts: ConstructorParameters<typeof SharedIndexInformer>[3] = {}) {
  const loop = new Loop();
  const client = new FakeClient(loop);
  const informer = new SharedIndexInformer(client, loop, 'pods', opts);
  return { loop, client, informer };
}

test('informer: start lists, fires initial adds, then applies watch events in order', () => {
  const { loop, client, informer } = setup();
  client.create('pods', pod('a'));
  client.create('pods', pod('b'));
  const { log, handler } = recorder();
  informer.addEventHandler(handler);
  assert.equal(informer.hasSynced(), false);
  informer.start();
  assert.equal(informer.hasSynced(), true, 'the list happens inside start()');
  assert.deepEqual(log, ['add a (initial)', 'add b (initial)']);
  assert.equal(informer.lastSyncResourceVersion(), '2');

  const a = client.get<KubeObject>('pods', 'default', 'a');
  client.update('pods', { ...a, spec: { nodeName: 'n1' } });
  client.create('pods', pod('c'));
  client.delete('pods', 'default', 'b');
  assert.equal(log.length, 2, 'watch events arrive as loop tasks');
  loop.settle();
  assert.deepEqual(log.slice(2), ['update a 1->3', 'add c', 'delete b']);
  assert.deepEqual(informer.indexer.listKeys(), ['default/a', 'default/c']);
  assert.equal(informer.lastSyncResourceVersion(), '5');
});

test('informer: the cache holds the frozen objects the client returned, not copies', () => {
  const { loop, client, informer } = setup();
  informer.start();
  const created = client.create('pods', pod('a'));
  loop.settle();
  const cached = informer.lister().namespace('default').get('a')!;
  assert.equal(cached, created);
  assert.ok(Object.isFrozen(cached) && Object.isFrozen(cached.metadata));
});

test('informer: namespace and selectors are passed to list and watch', () => {
  const { loop, client, informer } = setup({ namespace: 'ns1', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1' });
  client.create('pods', pod('match', { ns: 'ns1', node: 'n1', labels: { app: 'web' } }));
  client.create('pods', pod('other-ns', { ns: 'ns2', node: 'n1', labels: { app: 'web' } }));
  client.create('pods', pod('other-label', { ns: 'ns1', node: 'n1', labels: { app: 'db' } }));
  informer.start();
  client.create('pods', pod('later', { ns: 'ns1', node: 'n1', labels: { app: 'web' } }));
  client.create('pods', pod('later-other', { ns: 'ns1', node: 'n2', labels: { app: 'web' } }));
  loop.settle();
  assert.deepEqual(informer.indexer.listKeys(), ['ns1/match', 'ns1/later']);
  const calls = client.calls.filter((c) => c.verb === 'list' || c.verb === 'watch');
  assert.deepEqual(
    calls.map((c) => [c.verb, c.namespace]),
    [
      ['list', 'ns1'],
      ['watch', 'ns1'],
    ],
  );
});

test('informer: custom indexes follow updates', () => {
  const { loop, client, informer } = setup({
    indexers: { 'spec.nodeName': (o) => [((o.spec as { nodeName?: string })?.nodeName ?? '')] },
  });
  informer.start();
  client.create('pods', pod('a', { node: 'n1' }));
  client.create('pods', pod('b', { node: 'n1' }));
  loop.settle();
  const lister = informer.lister();
  assert.deepEqual(lister.byIndex('spec.nodeName', 'n1').map(nameOf), ['a', 'b']);
  const b = client.get<KubeObject>('pods', 'default', 'b');
  client.update('pods', { ...b, spec: { nodeName: 'n2' } });
  loop.settle();
  assert.deepEqual(lister.byIndex('spec.nodeName', 'n1').map(nameOf), ['a']);
  assert.deepEqual(lister.byIndex('spec.nodeName', 'n2').map(nameOf), ['b']);
  assert.deepEqual(lister.byIndex('namespace', 'default').map(nameOf), ['a', 'b']);
});

test('informer: 410 Expired relists after the reflector backoff and fires the diff (SEMANTICS fact 174)', () => {
  const { loop, client, informer } = setup();
  for (const n of ['a', 'b', 'd']) client.create('pods', pod(n));
  informer.start();
  const { log, handler } = recorder();
  informer.addEventHandler(handler);
  log.length = 0;

  // The watch silently stops delivering; meanwhile a changes, b goes away, c appears.
  client.disconnectWatches('pods');
  const a = client.get<KubeObject>('pods', 'default', 'a');
  client.update('pods', { ...a, spec: { nodeName: 'n9' } });
  client.delete('pods', 'default', 'b');
  client.create('pods', pod('c'));
  loop.settle();
  assert.deepEqual(log, [], 'nothing seen while disconnected');

  client.expireWatches('pods');
  const t0 = loop.now;
  loop.settle();
  assert.equal(loop.now - t0, 800, 'first reflector backoff step, no jitter without an Rng');
  assert.equal(informer.lists, 2);
  // List order (the server's, by key) for updates and adds, then the deletes.
  assert.deepEqual(log, ['update a 1->4', 'add c', 'update d 3->3', 'delete b (final state unknown)']);
  assert.deepEqual(informer.indexer.listKeys(), ['default/a', 'default/c', 'default/d']);
  assert.equal(informer.indexer.getByKey('default/a'), client.get('pods', 'default', 'a'));

  // And the new watch works.
  log.length = 0;
  client.delete('pods', 'default', 'd');
  loop.settle();
  assert.deepEqual(log, ['delete d']);
  assert.equal(client.activeWatchers('pods'), 1);
});

test('informer: a watch from a compacted resourceVersion gets ERROR 410 and recovers by relisting', () => {
  const { loop, client, informer } = setup();
  client.create('pods', pod('a'));
  // The list succeeds, then history is compacted before the watch starts: the server answers 410.
  const realWatch = client.watch.bind(client);
  let first = true;
  client.watch = ((resource, opts, handler) => {
    if (first) {
      first = false;
      client.create('pods', pod('b'));
      client.compact();
    }
    return realWatch(resource, opts, handler);
  }) as typeof client.watch;
  const { log, handler } = recorder();
  informer.addEventHandler(handler);
  informer.start();
  loop.settle();
  assert.equal(informer.lists, 2);
  assert.equal((informer.lastError as { code: number }).code, 410);
  assert.deepEqual(log, ['add a (initial)', 'update a 1->1', 'add b']);
});

test('informer: a failing list is retried with backoff (800ms, 1.6s, ...) before the informer syncs', () => {
  const { loop, client, informer } = setup();
  client.create('pods', pod('a'));
  client.failNext('list', statusError(500, 'InternalError', 'etcd is down'));
  client.failNext('list', statusError(500, 'InternalError', 'etcd is down'));
  informer.start();
  assert.equal(informer.hasSynced(), false);
  assert.equal(loop.until(() => informer.hasSynced(), 10_000), true);
  assert.equal(loop.now, 800 + 1600);
});

test('informer: the relist backoff is jittered by a seeded Rng (up to 2x) and deterministic', () => {
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    const { loop, client, informer } = setup({ rng: new Rng(7) });
    client.failNext('list', statusError(500, 'InternalError', 'x'));
    informer.start();
    loop.until(() => informer.hasSynced(), 10_000);
    times.push(loop.now);
  }
  assert.equal(times[0], times[1]);
  assert.ok(times[0] >= 800 && times[0] <= 1600, `${times[0]}`);
});

test('informer: a handler added after the first list gets adds for the cached objects', () => {
  const { loop, client, informer } = setup();
  client.create('pods', pod('a'));
  informer.start();
  client.create('pods', pod('b'));
  loop.settle();
  const { log, handler } = recorder();
  const reg = informer.addEventHandler(handler);
  assert.deepEqual(log, ['add a (initial)', 'add b (initial)']);
  assert.equal(reg.hasSynced(), true);
  reg.remove();
  client.create('pods', pod('c'));
  loop.settle();
  assert.equal(log.length, 2, 'removed handlers hear nothing');
});

test('informer: resync calls onUpdate(obj, obj) for every object in the background', () => {
  const { loop, client, informer } = setup({ resyncPeriodMs: 30_000 });
  client.create('pods', pod('a'));
  const { log, handler } = recorder();
  informer.addEventHandler(handler);
  informer.start();
  assert.equal(loop.settle(), true, 'resync is background work: settle does not wait for it');
  loop.advance(60_000);
  assert.deepEqual(log, ['add a (initial)', 'update a 1->1', 'update a 1->1']);
});

test('informer: stop ends the watch and the timers', () => {
  const { loop, client, informer } = setup({ resyncPeriodMs: 1000 });
  const { log, handler } = recorder();
  informer.addEventHandler(handler);
  informer.start();
  client.create('pods', pod('a'));
  informer.stop();
  loop.advance(10_000);
  assert.deepEqual(log, [], 'events already queued for a stopped informer are dropped');
  assert.equal(client.activeWatchers('pods'), 0);
  informer.start();
  assert.equal(client.calls.filter((c) => c.verb === 'list').length, 1, 'a stopped informer does not start again');
});

test('informer factory: one informer per resource and selectors, shared by handlers', () => {
  const loop = new Loop();
  const client = new FakeClient(loop);
  client.create('pods', pod('a'));
  client.create('nodes', { metadata: { name: 'n1' } });
  const f = new SharedInformerFactory(client, loop);
  const p1 = f.forResource('pods');
  const p2 = f.forResource('pods');
  const sel = f.forResource('pods', { labelSelector: 'app=web' });
  assert.equal(p1, p2);
  assert.notEqual(p1, sel);
  // Options that select nothing name the same informer, whichever way it was first asked for.
  assert.equal(f.forResource('pods', {}), p1);
  const other = new SharedInformerFactory(client, loop);
  const cm = other.forResource('configmaps', { labelSelector: undefined });
  assert.equal(other.forResource('configmaps'), cm);
  const seen: string[] = [];
  p1.addEventHandler({ onAdd: (o) => seen.push(`ctl1 ${nameOf(o)}`) });
  p2.addEventHandler({ onAdd: (o) => seen.push(`ctl2 ${nameOf(o)}`) });
  f.forResource('nodes');
  f.start();
  assert.deepEqual(seen, ['ctl1 a', 'ctl2 a']);
  assert.deepEqual(
    [...f.waitForCacheSync()],
    [
      ['pods', true],
      ['pods(app=web)', true],
      ['nodes', true],
    ],
  );
  assert.equal(client.calls.filter((c) => c.verb === 'list' && c.resource === 'pods').length, 2);
  assert.equal(f.lister('nodes').get('n1')?.metadata?.name, 'n1');

  const late = f.forResource('configmaps');
  assert.equal(late.isStarted(), false, 'asked for after start(): waits for the next start()');
  f.start();
  assert.equal(late.hasSynced(), true);
  f.shutdown();
  assert.equal(client.activeWatchers('pods'), 0);
});
