import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrCompacted, ErrFutureRev, isCompactedError, isFutureRevError, KVStore } from '../src/store';
import type { Compare, KeyValue } from '../src/store';

/** kv as a tuple for compact tables: [key, value, createRevision, modRevision, version]. */
function row(kv: KeyValue<unknown>): [string, unknown, number, number, number] {
  return [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version];
}

/**
 * rev 1: put a=1; 2: put b=1; 3: put a=2; 4: put c/x=1; 5: put c/y=1; 6: delete b; 7: put b=2
 */
function fixture(): KVStore<string> {
  const s = new KVStore<string>();
  s.put('a', '1');
  s.put('b', '1');
  s.put('a', '2');
  s.put('c/x', '1');
  s.put('c/y', '1');
  s.deleteRange('b');
  s.put('b', '2');
  return s;
}

test('kvstore: a new store is at revision 0 and compacted at 0', () => {
  const s = new KVStore();
  assert.equal(s.rev, 0);
  assert.equal(s.compactRevision, 0);
  assert.deepEqual(s.range('', { prefix: true }), { kvs: [], count: 0, more: false, revision: 0 });
});

test('kvstore: put bumps the revision and returns the previous kv', () => {
  const s = new KVStore<string>();
  assert.deepEqual(s.put('a', 'x'), { revision: 1 });
  const r = s.put('a', 'y');
  assert.equal(r.revision, 2);
  assert.deepEqual(r.prevKv && row(r.prevKv), ['a', 'x', 1, 1, 1]);
  assert.deepEqual(row(s.range('a').kvs[0]), ['a', 'y', 1, 2, 2]);
  assert.equal(s.rev, 2);
});

test('kvstore: values are kept by reference and kvs are frozen', () => {
  const s = new KVStore<{ n: number }>();
  const value = Object.freeze({ n: 1 });
  s.put('k', value);
  const kv = s.range('k').kvs[0];
  assert.equal(kv.value, value);
  assert.ok(Object.isFrozen(kv));
  assert.equal(s.get('k'), kv, 'reads share the stored kv');
});

// [description, key, options, expected rows, count, more, revision]
const rangeCases: [string, string, Parameters<KVStore<string>['range']>[1], ReturnType<typeof row>[], number, boolean, number][] = [
  ['one key', 'a', {}, [['a', '2', 1, 3, 2]], 1, false, 7],
  ['a missing key', 'zz', {}, [], 0, false, 7],
  ['a key is not a prefix unless asked', 'c', {}, [], 0, false, 7],
  [
    'every key, in key order',
    '',
    { prefix: true },
    [
      ['a', '2', 1, 3, 2],
      ['b', '2', 7, 7, 1],
      ['c/x', '1', 4, 4, 1],
      ['c/y', '1', 5, 5, 1],
    ],
    4,
    false,
    7,
  ],
  [
    'a prefix',
    'c/',
    { prefix: true },
    [
      ['c/x', '1', 4, 4, 1],
      ['c/y', '1', 5, 5, 1],
    ],
    2,
    false,
    7,
  ],
  ['a limit cuts kvs, not count', '', { prefix: true, limit: 1 }, [['a', '2', 1, 3, 2]], 4, true, 7],
  ['limit 0 means none', 'c/', { prefix: true, limit: 0 }, [['c/x', '1', 4, 4, 1], ['c/y', '1', 5, 5, 1]], 2, false, 7],
  ['at revision 2', '', { prefix: true, revision: 2 }, [['a', '1', 1, 1, 1], ['b', '1', 2, 2, 1]], 2, false, 2],
  ['at revision 5 (before the delete of b)', 'b', { revision: 5 }, [['b', '1', 2, 2, 1]], 1, false, 5],
  ['at revision 6 b is deleted', 'b', { revision: 6 }, [], 0, false, 6],
  ['at the current revision', 'b', { revision: 7 }, [['b', '2', 7, 7, 1]], 1, false, 7],
  ['revision 0 means now', 'b', { revision: 0 }, [['b', '2', 7, 7, 1]], 1, false, 7],
];

for (const [name, key, opts, rows, count, more, revision] of rangeCases) {
  test(`kvstore: range ${name}`, () => {
    const res = fixture().range(key, opts);
    assert.deepEqual(res.kvs.map(row), rows);
    assert.equal(res.count, count);
    assert.equal(res.more, more);
    assert.equal(res.revision, revision);
  });
}

test('kvstore: range at a future revision is ErrFutureRev', () => {
  const s = fixture();
  assert.throws(() => s.range('a', { revision: 8 }), (e) => e === ErrFutureRev && isFutureRevError(e));
  assert.throws(() => s.get('a', 8), ErrFutureRev);
  assert.equal(ErrFutureRev.message, 'mvcc: required revision is a future revision');
});

test('kvstore: deleteRange of one key, a prefix, and nothing', () => {
  const s = fixture();
  const none = s.deleteRange('zz');
  assert.deepEqual(none, { revision: 7, deleted: 0, prevKvs: [] });
  assert.equal(s.rev, 7, 'deleting nothing does not bump the revision');
  const one = s.deleteRange('a');
  assert.equal(one.revision, 8);
  assert.deepEqual(one.prevKvs.map(row), [['a', '2', 1, 3, 2]]);
  const many = s.deleteRange('c/', { prefix: true });
  assert.equal(many.revision, 9);
  assert.equal(many.deleted, 2);
  assert.deepEqual(many.prevKvs.map((kv) => kv.key), ['c/x', 'c/y']);
  assert.deepEqual(s.range('', { prefix: true }).kvs.map((kv) => kv.key), ['b']);
  assert.deepEqual(s.range('c/', { prefix: true, revision: 8 }).count, 2, 'history keeps the deleted keys');
  assert.deepEqual(s.deleteRange('c/', { prefix: true }), { revision: 9, deleted: 0, prevKvs: [] });
});

test('kvstore: delete then recreate resets version and createRevision', () => {
  const s = new KVStore<string>();
  s.put('k', 'a');
  s.put('k', 'b');
  s.deleteRange('k');
  s.put('k', 'c');
  assert.deepEqual(row(s.range('k').kvs[0]), ['k', 'c', 4, 4, 1]);
  assert.deepEqual(row(s.range('k', { revision: 2 }).kvs[0]), ['k', 'b', 1, 2, 2]);
});

// Compares against the fixture at revision 7: a = {create 1, mod 3, version 2}; missing = all 0.
const compareCases: [Compare, boolean][] = [
  [{ key: 'a', target: 'mod', result: '=', value: 3 }, true],
  [{ key: 'a', target: 'mod', result: '=', value: 1 }, false],
  [{ key: 'a', target: 'mod', result: '!=', value: 1 }, true],
  [{ key: 'a', target: 'mod', result: '<', value: 4 }, true],
  [{ key: 'a', target: 'mod', result: '<', value: 3 }, false],
  [{ key: 'a', target: 'mod', result: '>', value: 2 }, true],
  [{ key: 'a', target: 'mod', result: '>', value: 3 }, false],
  [{ key: 'a', target: 'create', result: '=', value: 1 }, true],
  [{ key: 'a', target: 'create', result: '>', value: 1 }, false],
  [{ key: 'a', target: 'version', result: '=', value: 2 }, true],
  [{ key: 'a', target: 'version', result: '<', value: 2 }, false],
  [{ key: 'b', target: 'create', result: '=', value: 7 }, true],
  [{ key: 'b', target: 'version', result: '=', value: 1 }, true],
  [{ key: 'zz', target: 'create', result: '=', value: 0 }, true],
  [{ key: 'zz', target: 'mod', result: '=', value: 0 }, true],
  [{ key: 'zz', target: 'version', result: '>', value: 0 }, false],
];

for (const [cmp, want] of compareCases) {
  test(`kvstore: txn compare ${cmp.key}.${cmp.target} ${cmp.result} ${cmp.value} is ${want}`, () => {
    const s = fixture();
    const res = s.txn({
      compare: [cmp],
      success: [{ type: 'put', key: 'ok', value: 'success' }],
      failure: [{ type: 'put', key: 'ok', value: 'failure' }],
    });
    assert.equal(res.succeeded, want);
    assert.equal(s.range('ok').kvs[0].value, want ? 'success' : 'failure');
    assert.equal(res.revision, 8);
  });
}

test('kvstore: all compares must hold; no compares always succeed', () => {
  const s = fixture();
  const both: Compare[] = [
    { key: 'a', target: 'version', result: '=', value: 2 },
    { key: 'b', target: 'version', result: '=', value: 2 },
  ];
  assert.equal(s.txn({ compare: both, success: [], failure: [] }).succeeded, false);
  assert.equal(s.txn({ compare: [], success: [], failure: [] }).succeeded, true);
  assert.equal(s.rev, 7, 'empty txns write nothing');
});

test('kvstore: a txn writes every op at one revision and reads its own writes', () => {
  const s = fixture();
  const res = s.txn({
    compare: [{ key: 'x', target: 'create', result: '=', value: 0 }],
    success: [
      { type: 'range', key: 'x' },
      { type: 'put', key: 'x', value: 'new' },
      { type: 'put', key: 'y', value: 'new' },
      { type: 'range', key: 'x' },
      { type: 'delete', key: 'c/', prefix: true },
      { type: 'range', key: 'c/', options: { prefix: true } },
      { type: 'range', key: 'c/', options: { prefix: true, revision: 7 } },
    ],
    failure: [],
  });
  assert.equal(res.succeeded, true);
  assert.equal(res.revision, 8);
  assert.equal(s.rev, 8);
  const [r0, p1, p2, r3, d4, r5, r6] = res.responses;
  assert.deepEqual(r0, { type: 'range', kvs: [], count: 0, more: false, revision: 7 });
  assert.deepEqual(p1, { type: 'put', revision: 8 });
  assert.deepEqual(p2, { type: 'put', revision: 8 });
  assert.ok(r3.type === 'range' && r3.revision === 8 && r3.kvs[0].value === 'new');
  assert.ok(d4.type === 'delete' && d4.deleted === 2 && d4.revision === 8);
  assert.ok(r5.type === 'range' && r5.count === 0);
  assert.ok(r6.type === 'range' && r6.count === 2, 'a txn can read the revision before itself');
  for (const key of ['x', 'y']) assert.deepEqual(row(s.range(key).kvs[0]), [key, 'new', 8, 8, 1]);
  assert.equal(s.range('c/x', { revision: 8 }).count, 0);
});

test('kvstore: a txn that only reads keeps the revision', () => {
  const s = fixture();
  const res = s.txn({ compare: [], success: [{ type: 'range', key: 'a' }, { type: 'delete', key: 'nope' }], failure: [] });
  assert.equal(res.revision, 7);
  assert.equal(s.rev, 7);
});

test('kvstore: a txn with a bad range is refused before it writes', () => {
  const s = fixture();
  s.compact(5);
  for (const revision of [4, 8]) {
    assert.throws(() =>
      s.txn({
        compare: [],
        success: [
          { type: 'put', key: 'z', value: 'z' },
          { type: 'range', key: 'a', options: { revision } },
        ],
        failure: [],
      }),
    );
  }
  assert.equal(s.rev, 7);
  assert.equal(s.range('z').count, 0);
});

test('kvstore: compaction errors', () => {
  const s = fixture();
  assert.throws(() => s.compact(0), ErrCompacted, 'nothing below 0 to compact');
  assert.throws(() => s.compact(8), ErrFutureRev);
  s.compact(4);
  assert.equal(s.compactRevision, 4);
  assert.throws(() => s.compact(4), (e) => e === ErrCompacted && isCompactedError(e));
  assert.throws(() => s.compact(3), ErrCompacted);
  assert.equal(ErrCompacted.message, 'mvcc: required revision has been compacted');
  assert.throws(() => s.range('a', { revision: 3 }), ErrCompacted);
  assert.throws(() => s.get('a', 1), ErrCompacted);
  s.compact(7);
  assert.throws(() => s.range('a', { revision: 6 }), ErrCompacted);
});

test('kvstore: the compacted revision itself stays readable', () => {
  const s = fixture();
  s.compact(6);
  assert.deepEqual(
    s.range('', { prefix: true, revision: 6 }).kvs.map(row),
    [
      ['a', '2', 1, 3, 2],
      ['c/x', '1', 4, 4, 1],
      ['c/y', '1', 5, 5, 1],
    ],
  );
  assert.deepEqual(s.range('', { prefix: true }).kvs.map((kv) => kv.key), ['a', 'b', 'c/x', 'c/y']);
});

test('kvstore: compaction drops keys deleted before it', () => {
  const s = new KVStore<string>();
  s.put('gone', 'x');
  s.deleteRange('gone');
  s.put('kept', 'y');
  s.compact(3);
  assert.deepEqual(s.range('', { prefix: true }).kvs.map((kv) => kv.key), ['kept']);
  s.put('gone', 'again');
  assert.deepEqual(row(s.range('gone').kvs[0]), ['gone', 'again', 4, 4, 1]);
});

test('kvstore: many keys stay ordered and countable', () => {
  const s = new KVStore<number>();
  for (let i = 0; i < 3000; i++) s.put(`/registry/pods/ns${i % 3}/p${(i * 7919) % 3000}`, i);
  const res = s.range('/registry/pods/ns1/', { prefix: true, limit: 10 });
  assert.equal(res.count, 1000);
  assert.equal(res.kvs.length, 10);
  assert.ok(res.more);
  const all = s.range('/registry/pods/', { prefix: true }).kvs.map((kv) => kv.key);
  assert.deepEqual(all, [...all].sort());
  assert.equal(all.length, 3000);
});

test('kvstore: one key put twice in a txn gets two changes at one revision', () => {
  const s = new KVStore<string>();
  s.put('k', 'a');
  s.txn({
    compare: [],
    success: [
      { type: 'put', key: 'k', value: 'b' },
      { type: 'put', key: 'k', value: 'c' },
    ],
    failure: [],
  });
  assert.deepEqual(row(s.range('k').kvs[0]), ['k', 'c', 1, 2, 3]);
  assert.equal(s.rev, 2);
});
