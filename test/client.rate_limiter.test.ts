import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  TokenBucket,
} from '../src/client/rate_limiter';

const clockAt = (now = 0) => ({ now });

test('exponential failure limiter: 5ms doubling per failure, capped at 1000s', () => {
  const l = new ItemExponentialFailureRateLimiter(5, 1000_000);
  const got = Array.from({ length: 20 }, () => l.when('k'));
  assert.deepEqual(got.slice(0, 6), [5, 10, 20, 40, 80, 160]);
  // 5ms * 2^17 = 655.36s, 2^18 would be 1310.72s: capped.
  assert.equal(got[17], 655_360);
  assert.equal(got[18], 1000_000);
  assert.equal(got[19], 1000_000);
  assert.equal(l.numRequeues('k'), 20);
  assert.equal(l.when('other'), 5, 'items are independent');
  l.forget('k');
  assert.equal(l.numRequeues('k'), 0);
  assert.equal(l.when('k'), 5);
});

test('exponential failure limiter: huge exponents do not overflow', () => {
  const l = new ItemExponentialFailureRateLimiter(5, 1000_000);
  for (let i = 0; i < 2000; i++) l.when('k');
  assert.equal(l.when('k'), 1000_000);
});

test('fast-slow limiter', () => {
  const l = new ItemFastSlowRateLimiter(5, 10_000, 3);
  assert.deepEqual([l.when('k'), l.when('k'), l.when('k'), l.when('k')], [5, 5, 5, 10_000]);
  assert.equal(l.numRequeues('k'), 4);
});

test('token bucket: full at start, debt after the burst, refills at qps', () => {
  const clock = clockAt();
  const b = new TokenBucket(10, 3, clock);
  assert.deepEqual([b.reserve(), b.reserve(), b.reserve()], [0, 0, 0]);
  assert.equal(b.reserve(), 100);
  assert.equal(b.reserve(), 200);
  clock.now = 300; // 3 tokens refilled, 2 owed
  assert.equal(b.reserve(), 0);
  assert.equal(b.reserve(), 100);
});

test('token bucket: allow takes a token only if there is one and never goes into debt', () => {
  const clock = clockAt();
  const b = new TokenBucket(1 / 300, 2, clock);
  assert.deepEqual([b.allow(), b.allow(), b.allow()], [true, true, false]);
  clock.now = 299_999;
  assert.equal(b.allow(), false);
  clock.now = 300_000;
  assert.equal(b.allow(), true);
  assert.equal(b.allow(), false);
});

test('bucket limiter: 10 qps burst 100 over all items', () => {
  const clock = clockAt();
  const l = new BucketRateLimiter(10, 100, clock);
  for (let i = 0; i < 100; i++) assert.equal(l.when(`k${i}`), 0);
  assert.equal(l.when('a'), 100);
  assert.equal(l.when('b'), 200);
  assert.equal(l.when('c'), 300, 'float noise is truncated to whole nanoseconds');
  assert.equal(l.numRequeues('a'), 0);
});

test('max-of limiter: the longest delay; every limiter counts every call', () => {
  const clock = clockAt();
  const l = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(5, 1000_000), new BucketRateLimiter(10, 2, clock));
  assert.equal(l.when('a'), 5);
  assert.equal(l.when('a'), 10);
  assert.equal(l.when('a'), 100, 'the bucket is empty after 2');
  assert.equal(l.numRequeues('a'), 3);
  l.forget('a');
  assert.equal(l.numRequeues('a'), 0);
});

test('default controller limiter: per-item exponential until the bucket runs dry after 100 retries', () => {
  const clock = clockAt();
  const l = defaultControllerRateLimiter(clock);
  const delays: number[] = [];
  for (let i = 0; i < 101; i++) delays.push(l.when(`item-${i}`));
  assert.ok(delays.slice(0, 100).every((d) => d === 5));
  assert.equal(delays[100], 100);
});
