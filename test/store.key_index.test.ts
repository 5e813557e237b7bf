import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyIndex } from '../src/store/key_index';

/**
 * The key index of etcd's key_index_test.go (newTestKeyIndex):
 *   put(2.0); put(4.0); tombstone(6.0); put(8.0); put(10.0); tombstone(12.0);
 *   put(14.0); put(14.1); tombstone(16.0)
 */
function newTestKeyIndex(): KeyIndex<string> {
  const ki = new KeyIndex<string>('foo');
  ki.put(2, 0, 'v2');
  ki.put(4, 0, 'v4');
  ki.tombstone(6, 0);
  ki.put(8, 0, 'v8');
  ki.put(10, 0, 'v10');
  ki.tombstone(12, 0);
  ki.put(14, 0, 'v14.0');
  ki.put(14, 1, 'v14.1');
  ki.tombstone(16, 0);
  return ki;
}

test('key index: generations after puts and tombstones', () => {
  assert.equal(newTestKeyIndex().toString(), '{2.0, 4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}');
});

// [atRev, expected [value, createRevision, modRevision, version] or undefined]
const getCases: [number, [string, number, number, number] | undefined][] = [
  [17, undefined],
  [16, undefined],
  // generation 3
  [15, ['v14.1', 14, 14, 2]],
  [14, ['v14.1', 14, 14, 2]],
  [13, undefined],
  [12, undefined],
  // generation 2: a delete reset the version
  [11, ['v10', 8, 10, 2]],
  [10, ['v10', 8, 10, 2]],
  [9, ['v8', 8, 8, 1]],
  [8, ['v8', 8, 8, 1]],
  [7, undefined],
  [6, undefined],
  // generation 1
  [5, ['v4', 2, 4, 2]],
  [4, ['v4', 2, 4, 2]],
  [3, ['v2', 2, 2, 1]],
  [2, ['v2', 2, 2, 1]],
  [1, undefined],
  [0, undefined],
];

for (const [atRev, want] of getCases) {
  test(`key index: get(${atRev}) finds the latest put at or before it in the live generation`, () => {
    const kv = newTestKeyIndex().get(atRev);
    if (want === undefined) {
      assert.equal(kv, undefined);
    } else {
      assert.deepEqual(kv && [kv.value, kv.createRevision, kv.modRevision, kv.version], want);
      assert.equal(kv?.key, 'foo');
    }
  });
}

// After compact(4) (etcd's TestKeyIndexGet), revision 2 is gone: reads below 4 find nothing.
const getAfterCompact4: [number, string | undefined][] = [
  [15, 'v14.1'],
  [11, 'v10'],
  [9, 'v8'],
  [5, 'v4'],
  [4, 'v4'],
  [3, undefined],
  [2, undefined],
];

for (const [atRev, want] of getAfterCompact4) {
  test(`key index: after compact(4), get(${atRev}) = ${want}`, () => {
    const ki = newTestKeyIndex();
    ki.compact(4);
    assert.equal(ki.get(atRev)?.value, want);
  });
}

// compact(atRev) on a fresh copy of the test index: drops what is below atRev except the latest
// revision at or before it, and drops a generation whose only remaining revision is its tombstone.
const compactCases: [number, string][] = [
  [1, '{2.0, 4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [2, '{2.0, 4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [3, '{2.0, 4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [4, '{4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [5, '{4.0, 6.0(t)} {8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [6, '{8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [7, '{8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [8, '{8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [9, '{8.0, 10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [10, '{10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [11, '{10.0, 12.0(t)} {14.0, 14.1, 16.0(t)} {empty}'],
  [12, '{14.0, 14.1, 16.0(t)} {empty}'],
  [13, '{14.0, 14.1, 16.0(t)} {empty}'],
  [14, '{14.1, 16.0(t)} {empty}'],
  [15, '{14.1, 16.0(t)} {empty}'],
  [16, '{empty}'],
  [17, '{empty}'],
];

for (const [atRev, want] of compactCases) {
  test(`key index: compact(${atRev})`, () => {
    const ki = newTestKeyIndex();
    ki.compact(atRev);
    assert.equal(ki.toString(), want);
    assert.equal(ki.isEmpty(), want === '{empty}');
  });
}

test('key index: compacting step by step gives the same as compacting at once', () => {
  const stepwise = newTestKeyIndex();
  for (const [atRev, want] of compactCases) {
    if (stepwise.isEmpty()) break;
    stepwise.compact(atRev);
    assert.equal(stepwise.toString(), want, `after compact(${atRev})`);
  }
});

test('key index: compaction keeps the live state readable at the compacted revision', () => {
  const ki = new KeyIndex<string>('k');
  ki.put(1, 0, 'a');
  ki.put(3, 0, 'b');
  ki.put(5, 0, 'c');
  ki.compact(4);
  assert.equal(ki.toString(), '{3.0, 5.0}');
  assert.equal(ki.get(4)?.value, 'b');
  assert.equal(ki.get(5)?.value, 'c');
  assert.equal(ki.get(4)?.version, 2, 'versions survive compaction');
});

test('key index: a recreated key starts a new generation with version 1', () => {
  const ki = new KeyIndex<string>('k');
  ki.put(1, 0, 'a');
  ki.put(2, 0, 'b');
  assert.deepEqual({ ...ki.tombstone(3, 0) }, { key: 'k', value: undefined, createRevision: 0, modRevision: 3, version: 0 });
  assert.equal(ki.latest(), undefined);
  const kv = ki.put(4, 0, 'c');
  assert.deepEqual({ ...kv }, { key: 'k', value: 'c', createRevision: 4, modRevision: 4, version: 1 });
  assert.ok(Object.isFrozen(kv));
  assert.equal(ki.latest(), kv);
});

test('key index: revisions must grow; tombstones need a live key', () => {
  const ki = new KeyIndex<string>('k');
  assert.throws(() => ki.tombstone(1, 0), /does not exist/);
  ki.put(2, 1, 'a');
  assert.throws(() => ki.put(2, 1, 'b'), /not after 2\.1/);
  assert.throws(() => ki.put(1, 5, 'b'), /not after 2\.1/);
  ki.put(2, 2, 'b');
  assert.throws(() => new KeyIndex('x').compact(1), /no history/);
});

// The worked example of key_index.ts's class comment, checked.
const docExample: [number, string][] = [
  [2, '{2.0, 3.0(t)} {4.0, 5.0(t)} {empty}'],
  [3, '{4.0, 5.0(t)} {empty}'],
  [4, '{4.0, 5.0(t)} {empty}'],
  [5, '{empty}'],
  [6, '{empty}'],
];

for (const [atRev, want] of docExample) {
  test(`key index: documented example, compact(${atRev})`, () => {
    const ki = new KeyIndex<string>('foo');
    ki.put(1, 0, 'a');
    ki.put(2, 0, 'b');
    ki.tombstone(3, 0);
    ki.put(4, 0, 'c');
    ki.tombstone(5, 0);
    assert.equal(ki.toString(), '{1.0, 2.0, 3.0(t)} {4.0, 5.0(t)} {empty}');
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((r) => ki.get(r)?.value), ['a', 'b', undefined, 'c', undefined, undefined]);
    ki.compact(atRev);
    assert.equal(ki.toString(), want);
  });
}

test('key index: sub revisions show in the debugging form', () => {
  const ki = new KeyIndex<string>('k');
  ki.put(1, 0, 'a');
  ki.put(2, 3, 'b');
  ki.tombstone(2, 4);
  assert.equal(ki.toString(), '{1.0, 2.3, 2.4(t)} {empty}');
  ki.compact(2);
  assert.equal(ki.toString(), '{empty}');
});
