import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Loop } from '../src/sim/loop';
import { RateLimitingQueue } from '../src/client/workqueue';
import { QueueWorker, type ReconcileResult } from '../src/client/queue_worker';

function setup(reconcile: (key: string) => ReconcileResult, workers = 1) {
  const loop = new Loop();
  const queue = new RateLimitingQueue(loop, { name: 'ctl' });
  const errors: Array<[string, unknown]> = [];
  const worker = new QueueWorker(loop, queue, reconcile, { name: 'ctl', workers, onError: (k, e) => errors.push([k, e]) });
  return { loop, queue, worker, errors };
}

test('queue worker: settle drains the queue, one loop task per key, labelled with the controller', () => {
  const seen: string[] = [];
  const { loop, queue } = setup((k) => void seen.push(k));
  queue.add('a');
  queue.add('b');
  queue.add('a');
  assert.deepEqual(loop.pendingLabels(), ['ctl@0ms']);
  assert.equal(loop.settle(), true);
  assert.deepEqual(seen, ['a', 'b']);
  assert.equal(loop.now, 0);
});

test('queue worker: an empty queue leaves no task pending', () => {
  const { loop, queue } = setup(() => undefined);
  assert.equal(loop.pendingForeground, 0);
  queue.add('a');
  loop.settle();
  assert.equal(loop.pendingForeground, 0);
  assert.equal(queue.len(), 0);
});

test('queue worker: a thrown error requeues rate-limited (5ms, 10ms, 20ms) and is reported', () => {
  const times: number[] = [];
  let failures = 3;
  const boom = new Error('boom');
  const { loop, queue, worker, errors } = setup((k) => {
    times.push(loop.now);
    if (failures-- > 0) throw boom;
    assert.equal(k, 'a');
  });
  queue.add('a');
  assert.equal(loop.settle(), true);
  assert.deepEqual(times, [0, 5, 15, 35]);
  assert.equal(errors.length, 3);
  assert.deepEqual(errors[0], ['a', boom]);
  assert.equal(queue.numRequeues('a'), 0, 'success forgets the failures');
  assert.equal(worker.lastErrors.size, 0);
});

const resultCases: Array<{ name: string; result: ReconcileResult; wantTimes: number[]; wantRequeuesAtSecond?: number }> = [
  { name: 'requeueAfterMs forgets, then adds after the delay', result: { requeueAfterMs: 30_000 }, wantTimes: [0, 30_000], wantRequeuesAtSecond: 0 },
  { name: 'requeue: true adds rate-limited', result: { requeue: true }, wantTimes: [0, 5], wantRequeuesAtSecond: 1 },
  { name: 'no result forgets', result: undefined, wantTimes: [0] },
];
for (const c of resultCases) {
  test(`queue worker: ${c.name}`, () => {
    const times: number[] = [];
    const requeues: number[] = [];
    const { loop, queue } = setup((k) => {
      times.push(loop.now);
      requeues.push(queue.numRequeues(k));
      return times.length === 1 ? c.result : undefined;
    });
    queue.add('a');
    loop.settle();
    assert.deepEqual(times, c.wantTimes);
    if (c.wantRequeuesAtSecond !== undefined) assert.equal(requeues[1], c.wantRequeuesAtSecond);
    assert.equal(queue.numRequeues('a'), 0);
  });
}

test('queue worker: requeueAfterMs forgets earlier failures', () => {
  let n = 0;
  const { loop, queue } = setup(() => {
    n++;
    if (n <= 2) throw new Error('fail');
    if (n === 3) return { requeueAfterMs: 1000 };
  });
  queue.add('a');
  loop.advance(15); // two failures: 5ms, 10ms later
  assert.equal(n, 3);
  assert.equal(queue.numRequeues('a'), 0);
  loop.settle();
  assert.equal(n, 4);
  assert.equal(loop.now, 1015);
});

test('queue worker: a key added while reconciling is reconciled again afterwards, never concurrently', () => {
  const { loop, queue } = setup((k) => {
    log.push(`start ${k}`);
    if (log.length === 1) queue.add('a');
    log.push(`end ${k}`);
  }, 4);
  const log: string[] = [];
  queue.add('a');
  loop.settle();
  assert.deepEqual(log, ['start a', 'end a', 'start a', 'end a']);
});

test('queue worker: with several workers keys still come one task at a time, in order', () => {
  const seen: string[] = [];
  const { loop, queue } = setup((k) => void seen.push(k), 2);
  for (const k of ['a', 'b', 'c']) queue.add(k);
  assert.equal(loop.pendingForeground, 2, 'at most one task per worker');
  loop.settle();
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.equal(loop.pendingForeground, 0);
});

test('queue worker: other tasks run between two keys', () => {
  const order: string[] = [];
  const { loop, queue } = setup((k) => void order.push(k));
  queue.add('a');
  queue.add('b');
  loop.post(() => order.push('other'));
  loop.settle();
  assert.deepEqual(order, ['a', 'other', 'b']);
});

test('queue worker: stop cancels pending work and shuts the queue down', () => {
  const seen: string[] = [];
  const { loop, queue, worker } = setup((k) => void seen.push(k));
  queue.add('a');
  worker.stop();
  assert.equal(loop.pendingForeground, 0);
  queue.add('b');
  loop.settle();
  assert.deepEqual(seen, []);
});

test('queue worker: start: false waits for start()', () => {
  const loop = new Loop();
  const queue = new RateLimitingQueue(loop);
  const seen: string[] = [];
  const worker = new QueueWorker(loop, queue, (k) => void seen.push(k), { name: 'ctl', start: false });
  queue.add('a');
  loop.settle();
  assert.deepEqual(seen, []);
  worker.start();
  loop.settle();
  assert.deepEqual(seen, ['a']);
});
