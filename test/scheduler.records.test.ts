// CycleRecord keeps a cycle's scores compactly (records outlive their cycle); what it gives back
// must be exactly what the cycle computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleRecord, SchedulingRecords } from '../src/scheduler/records';

function record(scores: number[][], weights: number[]): CycleRecord {
  const r = new CycleRecord('default', 'web', 'uid-1', 'default-scheduler', 1, 0);
  r.nodes = scores[0].map((_, i) => `node-${i + 1}`);
  weights.forEach((weight, k) => r.plugins.push({ name: `P${k}`, weight }));
  r.keepScores(scores);
  return r;
}

test('integer scores in [0, 100] are kept one byte each, and the totals are Σ weight × score', () => {
  const r = record(
    [
      [0, 100, 37],
      [100, 0, 50],
    ],
    [3, 2],
  );
  assert.ok(r.scores[0] instanceof Uint8Array);
  assert.deepEqual(r.scores.map((c) => Array.from(c)), [
    [0, 100, 37],
    [100, 0, 50],
  ]);
  assert.deepEqual(Array.from(r.totals), [200, 300, 211]);
  assert.equal(r.scoreOf('node-3', 'P1'), 50);
  assert.equal(r.scoreOf('node-3', 'total'), 211);
});

test('a score that is not a small integer keeps every column as given (copied)', () => {
  const cols = [
    [1.5, 2],
    [3, 4],
  ];
  const r = record(cols, [1, 1]);
  cols[0][1] = 99;
  assert.deepEqual(r.scores.map((c) => Array.from(c)), [
    [1.5, 2],
    [3, 4],
  ]);
  assert.deepEqual(Array.from(r.totals), [4.5, 6]);
});

test('explicit totals (extender scores) win over the recomputed sum', () => {
  const r = record([[10, 20]], [1]);
  r.totals = [110, 20];
  assert.deepEqual(Array.from(r.totals), [110, 20]);
  assert.deepEqual(r.rows().filter((x) => x.plugin === 'total').map((x) => x.score), [110, 20]);
});

test('only the integers 0-255 are kept as bytes: 256, -1, NaN and fractions keep the columns as given', () => {
  assert.ok(record([[0, 255]], [1]).scores[0] instanceof Uint8Array);
  for (const bad of [256, -1, NaN, 0.5, 1e9]) {
    const r = record([[7, bad]], [1]);
    assert.ok(!(r.scores[0] instanceof Uint8Array), String(bad));
    assert.deepEqual(Array.from(r.scores[0]), [7, bad]);
  }
});

test('records sharing the score buffers never see each other’s bytes, small or large', () => {
  // 30 records of 4 × 300 bytes cross several shared buffers; one of 4 × 5,000 gets its own.
  const sizes = [...Array.from({ length: 30 }, () => 300), 5000, 300];
  const made = sizes.map((n, k) => {
    const cols = Array.from({ length: 4 }, (_, p) => Array.from({ length: n }, (_, i) => (i * 7 + p * 13 + k) % 101));
    return { cols, r: record(cols, [1, 1, 1, 1]) };
  });
  for (const { cols, r } of made) assert.deepEqual(r.scores.map((c) => Array.from(c)), cols);
});

test('a record read long after later records were kept still gives its own scores (views are made on first read)', () => {
  const early = record([[1, 2, 3], [4, 5, 6]], [1, 1]);
  const later = Array.from({ length: 40 }, (_, k) => record([Array.from({ length: 100 }, (_, i) => (i + k) % 100)], [1]));
  assert.deepEqual(early.scores.map((c) => Array.from(c)), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(early.scores, early.scores, 'the views are made once');
  later.forEach((r, k) => assert.equal(r.scoreOf('node-1', 'P0'), k % 100));
  const none = record([[]], [1]);
  assert.deepEqual(none.scores.map((c) => Array.from(c)), [[]]);
});

test('scored nodes kept as the cycle’s node list give their names in scan order; names set later replace them', () => {
  const r = new CycleRecord('default', 'web', 'uid-1', 'default-scheduler', 1, 0);
  const scanned = [{ name: 'node-3' }, { name: 'node-1' }, { name: 'node-2' }];
  r.keepNodes(scanned);
  r.plugins.push({ name: 'P0', weight: 2 });
  r.keepScores([[10, 20, 30]]);
  assert.equal(r.scored, true);
  assert.deepEqual(r.nodes, ['node-3', 'node-1', 'node-2']);
  assert.equal(r.scoreOf('node-1', 'P0'), 20);
  assert.equal(r.scoreOf('node-2', 'total'), 60);
  r.nodes = ['node-9'];
  assert.deepEqual(r.nodes, ['node-9']);
  r.keepNodes([]);
  assert.equal(r.scored, false);
  assert.deepEqual(r.nodes, []);
});

test('SchedulingRecords keeps the last cycles of the most recently recorded pods', () => {
  const recs = new SchedulingRecords({ cyclesPerPod: 2, maxPods: 2 });
  let cycle = 0;
  const rec = (name: string, selected?: string) => {
    const r = new CycleRecord('default', name, `uid-${name}`, 'default-scheduler', ++cycle, cycle * 10);
    r.selectedNode = selected;
    recs.add(r);
    return r;
  };
  rec('a', 'node-1');
  rec('b');
  rec('a');
  rec('a');
  // a was recorded again after b, so c pushes b out; a keeps its last two cycles only.
  rec('c', 'node-2');
  assert.deepEqual(recs.cycles('default', 'b'), []);
  assert.deepEqual(recs.cycles('default', 'a').map((r) => r.cycle), [3, 4]);
  assert.equal(recs.forPod('default', 'a'), undefined, 'the placing cycle of a was dropped with its older cycles');
  assert.equal(recs.lastCycle('default', 'a')?.cycle, 4);
  assert.equal(recs.forPod('default', 'c')?.selectedNode, 'node-2');
  assert.deepEqual(recs.all().map((r) => `${r.name}${r.cycle}`), ['a3', 'a4', 'c5']);
  // Reading does not change which pod is the least recent: d pushes a out, not c.
  recs.cycles('default', 'a');
  rec('d');
  assert.deepEqual(recs.all().map((r) => r.name), ['c', 'd']);
  recs.clear();
  assert.deepEqual(recs.all(), []);
});
