import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Loop } from '../src/sim/loop';
import { DelayingQueue, RateLimitingQueue, WorkQueue } from '../src/client/workqueue';
import { ItemExponentialFailureRateLimiter } from '../src/client/rate_limiter';

/** Runs a script of queue operations and returns what each `get` returned. */
function run(ops: string[]): (string | undefined)[] {
  const q = new WorkQueue('test');
  const got: (string | undefined)[] = [];
  for (const op of ops) {
    const [verb, key] = op.split(' ');
    if (verb === 'add') q.add(key);
    else if (verb === 'get') got.push(q.get());
    else if (verb === 'done') q.done(key);
    else if (verb === 'shutdown') q.shutDown();
    else throw new Error(op);
  }
  return got;
}

const queueCases: Array<{ name: string; ops: string[]; want: (string | undefined)[] }> = [
  { name: 'FIFO order', ops: ['add a', 'add b', 'add c', 'get', 'get', 'get'], want: ['a', 'b', 'c'] },
  { name: 'a key added twice is queued once', ops: ['add a', 'add b', 'add a', 'get', 'get', 'get'], want: ['a', 'b', undefined] },
  {
    name: 'a key added while processing is not handed out again before done',
    ops: ['add a', 'get', 'add a', 'get'],
    want: ['a', undefined],
  },
  {
    name: 'done re-queues a key that got dirty while processing',
    ops: ['add a', 'get', 'add a', 'add a', 'done a', 'get', 'get'],
    want: ['a', 'a', undefined],
  },
  { name: 'done of a clean key does not re-queue it', ops: ['add a', 'get', 'done a', 'get'], want: ['a', undefined] },
  {
    name: 'a dirty key goes to the back of the queue on done',
    ops: ['add a', 'get', 'add a', 'add b', 'done a', 'get', 'get'],
    want: ['a', 'b', 'a'],
  },
  { name: 'adds after shutdown are ignored, queued keys drain', ops: ['add a', 'shutdown', 'add b', 'get', 'get'], want: ['a', undefined] },
];

for (const c of queueCases) {
  test(`workqueue: ${c.name}`, () => {
    assert.deepEqual(run(c.ops), c.want);
  });
}

test('workqueue: len counts queued keys, not processing ones', () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  assert.equal(q.len(), 2);
  q.get();
  assert.equal(q.len(), 1);
  q.add('a'); // dirty while processing
  assert.equal(q.len(), 1);
  q.done('a');
  assert.equal(q.len(), 2);
});

test('workqueue: onReady fires each time a key lands on the queue', () => {
  const q = new WorkQueue();
  let ready = 0;
  q.onReady(() => ready++);
  q.add('a');
  q.add('a');
  assert.equal(ready, 1);
  q.get();
  q.add('a');
  assert.equal(ready, 1, 'a processing key only becomes dirty');
  q.done('a');
  assert.equal(ready, 2);
});

test('delaying queue: addAfter adds in virtual time, ordered by ready time', () => {
  const loop = new Loop();
  const q = new DelayingQueue(loop, 'd');
  q.addAfter('late', 50);
  q.addAfter('early', 10);
  q.addAfter('now', 0);
  assert.equal(q.len(), 1, 'a zero delay adds at once');
  assert.equal(q.get(), 'now');
  loop.advance(9);
  assert.equal(q.len(), 0);
  loop.advance(1);
  assert.equal(q.get(), 'early');
  loop.advance(39);
  assert.equal(q.len(), 0);
  loop.advance(1);
  assert.equal(q.get(), 'late');
  assert.equal(loop.pendingForeground, 0, 'no timer left once nothing waits');
});

const dedupCases = [
  { name: 'the earlier of two waits wins (earlier second)', first: 100, second: 20, readyAt: 20 },
  { name: 'the earlier of two waits wins (earlier first)', first: 20, second: 100, readyAt: 20 },
];
for (const c of dedupCases) {
  test(`delaying queue: ${c.name}`, () => {
    const loop = new Loop();
    const q = new DelayingQueue(loop);
    q.addAfter('k', c.first);
    q.addAfter('k', c.second);
    assert.equal(q.waitingCount(), 1);
    loop.advance(c.readyAt - 1);
    assert.equal(q.len(), 0);
    loop.advance(1);
    assert.equal(q.len(), 1);
    assert.equal(q.get(), 'k');
    q.done('k');
    loop.advance(200);
    assert.equal(q.len(), 0, 'the later wait was dropped, not kept as a second add');
  });
}

test('delaying queue: keys due at the same time come in the order they were scheduled', () => {
  const loop = new Loop();
  const q = new DelayingQueue(loop);
  for (const k of ['c', 'a', 'b']) q.addAfter(k, 30);
  loop.advance(30);
  assert.deepEqual([q.get(), q.get(), q.get()], ['c', 'a', 'b']);
});

test('delaying queue: fractional delays round up to the next millisecond', () => {
  const loop = new Loop();
  const q = new DelayingQueue(loop);
  q.addAfter('k', 0.2);
  loop.advance(0);
  assert.equal(q.len(), 0);
  loop.advance(1);
  assert.equal(q.len(), 1);
});

test('delaying queue: settle waits for delayed keys; shutDown drops them', () => {
  const loop = new Loop();
  const q = new DelayingQueue(loop);
  q.addAfter('k', 1000);
  assert.equal(loop.settle(), true);
  assert.equal(loop.now, 1000);
  assert.equal(q.len(), 1);
  q.addAfter('j', 1000);
  q.shutDown();
  assert.equal(loop.pendingForeground, 0);
  q.addAfter('j', 5);
  assert.equal(q.waitingCount(), 0);
});

test('rate limiting queue: addRateLimited waits 5ms, 10ms, 20ms... and forget resets', () => {
  const loop = new Loop();
  const q = new RateLimitingQueue(loop, { name: 'rl' });
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = loop.now;
    q.addRateLimited('k');
    assert.equal(q.len(), 0);
    loop.until(() => q.len() > 0, 10_000);
    delays.push(loop.now - start);
    q.get();
    q.done('k');
  }
  assert.deepEqual(delays, [5, 10, 20, 40, 80]);
  assert.equal(q.numRequeues('k'), 5);
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
  q.addRateLimited('k');
  loop.advance(5);
  assert.equal(q.len(), 1);
});

test('rate limiting queue: a custom limiter is used', () => {
  const loop = new Loop();
  const q = new RateLimitingQueue(loop, { rateLimiter: new ItemExponentialFailureRateLimiter(1000, 5000) });
  q.addRateLimited('k');
  loop.advance(999);
  assert.equal(q.len(), 0);
  loop.advance(1);
  assert.equal(q.len(), 1);
});
