import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/store';
import type { WatchOptions, WatchResponse } from '../src/store';

/** Records every response a watcher gets. */
function recorder<V = string>(): { responses: WatchResponse<V>[]; handler: (r: WatchResponse<V>) => void } {
  const responses: WatchResponse<V>[] = [];
  return { responses, handler: (r) => void responses.push(r) };
}

/** A response as [revision, "TYPE key=value@modRevision"...], for compact assertions. */
function brief(r: WatchResponse<unknown>): [number, ...string[]] {
  return [r.revision, ...r.events.map((e) => `${e.type} ${e.kv.key}=${String(e.kv.value)}@${e.kv.modRevision}`)];
}

test('watch: a live watcher gets each matching write as it commits', () => {
  const s = new Store<string>();
  s.put('a', 'before');
  const rec = recorder();
  const w = s.watch('a', {}, rec.handler);
  assert.equal(w.id, 1);
  s.put('a', 'x');
  assert.deepEqual(rec.responses.map(brief), [[2, 'PUT a=x@2']], 'delivered synchronously');
  s.put('ab', 'not a prefix watch');
  s.put('b', 'other');
  s.deleteRange('a');
  assert.deepEqual(rec.responses.map(brief), [
    [2, 'PUT a=x@2'],
    [5, 'DELETE a=undefined@5'],
  ]);
  assert.equal(rec.responses[0].watchId, 1);
  assert.deepEqual({ ...rec.responses[1].events[0].kv }, { key: 'a', value: undefined, createRevision: 0, modRevision: 5, version: 0 });
  assert.equal(rec.responses[1].events[0].prevKv, undefined);
});

test('watch: a prefix watcher gets a whole txn in one response, in change order', () => {
  const s = new Store<string>();
  const rec = recorder();
  s.watch('p/', { prefix: true }, rec.handler);
  s.txn({
    compare: [],
    success: [
      { type: 'put', key: 'p/b', value: '1' },
      { type: 'put', key: 'q', value: '1' },
      { type: 'put', key: 'p/a', value: '1' },
      { type: 'delete', key: 'p/b' },
    ],
    failure: [],
  });
  assert.deepEqual(rec.responses.map(brief), [[1, 'PUT p/b=1@1', 'PUT p/a=1@1', 'DELETE p/b=undefined@1']]);
});

test('watch: prevKv fills the previous kv of updates and deletes only when asked', () => {
  const s = new Store<string>();
  const withPrev = recorder();
  const without = recorder();
  s.watch('k', { prevKv: true }, withPrev.handler);
  s.watch('k', {}, without.handler);
  s.put('k', 'a');
  s.put('k', 'b');
  s.deleteRange('k');
  const prevs = withPrev.responses.map((r) => r.events[0].prevKv?.value);
  assert.deepEqual(prevs, [undefined, 'a', 'b']);
  assert.ok(!('prevKv' in withPrev.responses[0].events[0]), 'a create has no prevKv');
  assert.equal(withPrev.responses[2].events[0].prevKv?.modRevision, 2);
  assert.ok(without.responses.every((r) => !('prevKv' in r.events[0])));
  assert.ok(Object.isFrozen(withPrev.responses[0].events[0]), 'events are shared, so frozen');
});

test('watch: events are shared between watchers that ask for the same form', () => {
  const s = new Store<string>();
  const one = recorder();
  const two = recorder();
  s.watch('', { prefix: true }, one.handler);
  s.watch('k', {}, two.handler);
  s.put('k', 'v');
  assert.equal(one.responses[0].events[0], two.responses[0].events[0]);
});

test('watch: a past start revision catches up from history, then goes live, with no gap', () => {
  const s = new Store<string>();
  s.put('a', '1'); // 1
  s.put('b', '1'); // 2
  s.put('a', '2'); // 3
  const rec = recorder();
  s.watch('a', { startRevision: 2 }, rec.handler);
  assert.deepEqual(s.watcherCounts, { synced: 0, unsynced: 1 });
  s.put('a', '3'); // 4: while unsynced
  assert.deepEqual(rec.responses, [], 'nothing before the catch-up runs');
  assert.equal(s.syncWatchers(), 0);
  assert.deepEqual(rec.responses.map(brief), [[4, 'PUT a=2@3', 'PUT a=3@4']], 'one batched response at the current revision');
  assert.deepEqual(s.watcherCounts, { synced: 1, unsynced: 0 });
  s.put('a', '4'); // 5
  assert.deepEqual(rec.responses.map(brief).slice(1), [[5, 'PUT a=4@5']]);
  s.syncWatchers();
  assert.equal(rec.responses.length, 2, 'a second sync sends nothing again');
});

test('watch: a start revision with no matching history sends nothing until the next change', () => {
  const s = new Store<string>();
  s.put('x', '1');
  s.put('x', '2');
  const rec = recorder();
  s.watch('a', { startRevision: 1 }, rec.handler);
  s.syncWatchers();
  assert.deepEqual(rec.responses, []);
  s.put('a', '1');
  assert.deepEqual(rec.responses.map(brief), [[3, 'PUT a=1@3']]);
});

// startRevision -> synced at once? (store at revision 3)
const startCases: [WatchOptions['startRevision'], boolean][] = [
  [undefined, true],
  [0, true],
  [1, false],
  [3, false],
  [4, true],
  [10, true],
];

for (const [startRevision, synced] of startCases) {
  test(`watch: start revision ${startRevision} at revision 3 is ${synced ? 'synced' : 'unsynced'}`, () => {
    const s = new Store<string>();
    for (let i = 0; i < 3; i++) s.put('k', String(i));
    s.watch('k', { startRevision }, () => {});
    assert.deepEqual(s.watcherCounts, synced ? { synced: 1, unsynced: 0 } : { synced: 0, unsynced: 1 });
  });
}

test('watch: a future start revision skips the changes before it (etcd)', () => {
  const s = new Store<string>();
  const rec = recorder();
  s.watch('k', { startRevision: 3 }, rec.handler);
  s.put('k', '1');
  s.put('k', '2');
  s.put('k', '3');
  s.put('k', '4');
  assert.deepEqual(rec.responses.map(brief), [
    [3, 'PUT k=3@3'],
    [4, 'PUT k=4@4'],
  ]);
});

test('watch: catch-ups go through the injected scheduler, once for many watchers', () => {
  const queued: (() => void)[] = [];
  const s = new Store<string>({ schedule: (fn) => void queued.push(fn) });
  s.put('a', '1');
  s.put('b', '1');
  const a = recorder();
  const b = recorder();
  s.watch('a', { startRevision: 1 }, a.handler);
  s.watch('b', { startRevision: 1 }, b.handler);
  assert.equal(queued.length, 1);
  s.put('b', '2');
  queued.shift()!();
  assert.deepEqual(a.responses.map(brief), [[3, 'PUT a=1@1']]);
  assert.deepEqual(b.responses.map(brief), [[3, 'PUT b=1@2', 'PUT b=2@3']]);
  s.watch('a', { startRevision: 2 }, () => {});
  assert.equal(queued.length, 1, 'a new catch-up is scheduled once the previous one ran');
});

test('watch: a compacted start revision gets one canceled response and is removed', () => {
  const s = new Store<string>();
  for (let i = 1; i <= 6; i++) s.put('k', String(i));
  s.compact(5);
  const rec = recorder();
  s.watch('k', { startRevision: 4, prevKv: true }, rec.handler);
  s.syncWatchers();
  assert.deepEqual(rec.responses, [{ watchId: 1, revision: 6, events: [], compactRevision: 5, canceled: true }]);
  assert.deepEqual(s.watcherCounts, { synced: 0, unsynced: 0 });
  s.put('k', '7');
  assert.equal(rec.responses.length, 1);
});

test('watch: starting exactly at the compacted revision still gets its events', () => {
  const s = new Store<string>();
  s.put('k', '1'); // 1
  s.put('d', '1'); // 2
  s.txn({ compare: [], success: [{ type: 'put', key: 'k', value: '3' }, { type: 'delete', key: 'd' }], failure: [] }); // 3
  s.put('k', '4'); // 4
  s.compact(3);
  const rec = recorder();
  s.watch('', { startRevision: 3, prefix: true }, rec.handler);
  s.syncWatchers();
  assert.deepEqual(rec.responses.map(brief), [[4, 'PUT k=3@3', 'DELETE d=undefined@3', 'PUT k=4@4']]);
});

test('watch: a compaction while a watcher waits for its catch-up cancels it', () => {
  const s = new Store<string>();
  for (let i = 1; i <= 4; i++) s.put('k', String(i));
  const rec = recorder();
  s.watch('k', { startRevision: 2 }, rec.handler);
  s.compact(3);
  s.syncWatchers();
  assert.deepEqual(rec.responses, [{ watchId: 1, revision: 4, events: [], compactRevision: 3, canceled: true }]);
});

test('watch: cancel is idempotent and stops delivery at once', () => {
  const s = new Store<string>();
  const rec = recorder();
  const w = s.watch('k', {}, rec.handler);
  s.put('k', '1');
  w.cancel();
  w.cancel();
  s.put('k', '2');
  assert.equal(rec.responses.length, 1);
  assert.deepEqual(s.watcherCounts, { synced: 0, unsynced: 0 });
});

test('watch: a watcher canceled by an earlier handler of the same txn gets nothing more', () => {
  const s = new Store<string>();
  const rec = recorder();
  let victim = { cancel: () => {} };
  s.watch('k', {}, () => victim.cancel());
  victim = s.watch('k', {}, rec.handler);
  s.put('k', '1');
  assert.deepEqual(rec.responses, []);
});

test('watch: canceling an unsynced watcher drops its catch-up', () => {
  const s = new Store<string>();
  s.put('k', '1');
  const rec = recorder();
  const w = s.watch('k', { startRevision: 1 }, rec.handler);
  w.cancel();
  s.syncWatchers();
  s.put('k', '2');
  assert.deepEqual(rec.responses, []);
  assert.deepEqual(s.watcherCounts, { synced: 0, unsynced: 0 });
});

test('watch: writes from handlers reach every watcher in revision order', () => {
  const s = new Store<number>();
  const log: [string, number][] = [];
  // Each event on n below 5 writes n + 1: a cascade of nested writes.
  s.watch('n', {}, (r) => {
    log.push(['first', r.revision]);
    const n = r.events[0].kv.value as number;
    if (n < 5) {
      const res = s.put('n', n + 1);
      log.push(['wrote', res.revision]);
    }
  });
  s.watch('', { prefix: true }, (r) => void log.push(['second', r.revision]));
  s.put('n', 1);
  assert.deepEqual(log, [
    ['first', 1],
    ['wrote', 2],
    ['second', 1],
    ['first', 2],
    ['wrote', 3],
    ['second', 2],
    ['first', 3],
    ['wrote', 4],
    ['second', 3],
    ['first', 4],
    ['wrote', 5],
    ['second', 4],
    ['first', 5],
    ['second', 5],
  ]);
  assert.equal(s.rev, 5);
});

test('watch: a catch-up run from a handler is ordered before later live events', () => {
  const s = new Store<string>();
  s.put('k', '0'); // 1
  const late = recorder();
  s.watch('trigger', {}, () => {
    s.watch('k', { startRevision: 1 }, late.handler);
    s.syncWatchers();
    s.put('k', 'after');
  });
  s.put('trigger', 'go'); // 2, then k=after at 3
  assert.deepEqual(late.responses.map(brief), [[2, 'PUT k=0@1'], [3, 'PUT k=after@3']]);
});

test('watch: a throwing handler does not starve the others; the write still commits', () => {
  const s = new Store<string>();
  const rec = recorder();
  s.watch('k', {}, () => {
    throw new Error('handler failed');
  });
  s.watch('k', {}, rec.handler);
  assert.throws(() => s.put('k', 'v'), /handler failed/);
  assert.equal(s.range('k').kvs[0].value, 'v');
  assert.equal(rec.responses.length, 1);
  assert.throws(() => s.deleteRange('k'), /handler failed/);
  assert.deepEqual(rec.responses.map(brief), [[1, 'PUT k=v@1'], [2, 'DELETE k=undefined@2']], 'the watchers stay registered');
});
