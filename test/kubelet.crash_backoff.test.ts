import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, CONTAINER_BACKOFF_INITIAL_MS, CONTAINER_BACKOFF_MAX_MS } from '../src/kubelet/crash_backoff';

// The kubelet's crash-loop back-off (client-go flowcontrol.Backoff, 10s → 300s, no jitter), fact 133.

const S = 1000;

/** A Backoff on a clock the test moves by hand. */
function clock() {
  let now = 0;
  const b = new Backoff(() => now);
  return {
    b,
    get now() {
      return now;
    },
    set: (ms: number) => {
      now = ms;
    },
  };
}

test('fact 133: the kubelet constants are 10s initial and 300s max', () => {
  assert.equal(CONTAINER_BACKOFF_INITIAL_MS, 10 * S);
  assert.equal(CONTAINER_BACKOFF_MAX_MS, 300 * S);
});

test('fact 133: each next() doubles from 10s and caps at 300s', () => {
  const c = clock();
  assert.equal(c.b.get('k'), 0, 'no entry: no back-off');
  const seen: number[] = [];
  for (let i = 0; i < 9; i++) {
    // Restarts come close together (well within 10 minutes of the last move).
    c.set(i * 5 * S);
    c.b.next('k', c.now);
    seen.push(c.b.get('k') / S);
  }
  assert.deepEqual(seen, [10, 20, 40, 80, 160, 300, 300, 300, 300]);
});

test('fact 133: entries are per id', () => {
  const c = clock();
  c.b.next('a', 0);
  c.b.next('a', 0);
  c.b.next('b', 0);
  assert.equal(c.b.get('a'), 20 * S);
  assert.equal(c.b.get('b'), 10 * S);
  assert.equal(c.b.get('c'), 0);
});

test('isInBackOffSince: true while less than the current back-off has passed since the event', () => {
  const cases = [
    { name: 'no entry', moves: 0, eventAt: 0, now: 0, want: false },
    { name: 'just exited, 10s armed', moves: 1, eventAt: 0, now: 0, want: true },
    { name: '9.999s after exit', moves: 1, eventAt: 0, now: 9_999, want: true },
    { name: 'exactly 10s after exit', moves: 1, eventAt: 0, now: 10 * S, want: false },
    { name: '20s armed, 19s after exit', moves: 2, eventAt: 0, now: 19 * S, want: true },
    { name: '20s armed, 20s after exit', moves: 2, eventAt: 0, now: 20 * S, want: false },
    { name: '300s armed, 299s after exit', moves: 7, eventAt: 0, now: 299 * S, want: true },
    { name: '300s armed, 300s after exit', moves: 7, eventAt: 0, now: 300 * S, want: false },
  ];
  for (const k of cases) {
    const c = clock();
    for (let i = 0; i < k.moves; i++) c.b.next('k', 0);
    c.set(k.now);
    assert.equal(c.b.isInBackOffSince('k', k.eventAt), k.want, k.name);
  }
});

test('endsAt is the event time plus the current back-off (the instant isInBackOffSince turns false)', () => {
  const c = clock();
  c.b.next('k', 0);
  c.b.next('k', 0);
  c.b.next('k', 0);
  assert.equal(c.b.endsAt('k', 7 * S), 47 * S);
  c.set(47 * S - 1);
  assert.equal(c.b.isInBackOffSince('k', 7 * S), true);
  c.set(47 * S);
  assert.equal(c.b.isInBackOffSince('k', 7 * S), false);
  assert.equal(c.b.endsAt('none', 5 * S), 5 * S, 'no entry: ends at the event itself');
});

test('fact 133: an exit more than 10 minutes after the entry last moved resets it to 10s', () => {
  // The entry moves at t=0 (three times, to 40s). A later exit at eventTime decides expiry:
  // expired when eventTime − lastUpdate > 600s (strictly).
  const cases = [
    { name: 'exit at 599s', eventAt: 599 * S, expired: false },
    { name: 'exit at exactly 600s', eventAt: 600 * S, expired: false },
    { name: 'exit at 600.001s', eventAt: 600 * S + 1, expired: true },
    { name: 'exit at 11m', eventAt: 660 * S, expired: true },
  ];
  for (const k of cases) {
    const c = clock();
    c.b.next('k', 0);
    c.b.next('k', 0);
    c.b.next('k', 0);
    assert.equal(c.b.get('k'), 40 * S);
    c.set(k.eventAt);
    // An expired entry means no back-off: the container restarts at once.
    assert.equal(c.b.isInBackOffSince('k', k.eventAt), !k.expired, `${k.name}: in back-off`);
    c.b.next('k', k.eventAt);
    assert.equal(c.b.get('k'), k.expired ? 10 * S : 80 * S, `${k.name}: next back-off`);
  }
});

test('fact 133: expiry is measured from the last move, not the first', () => {
  const c = clock();
  c.b.next('k', 0); // 10s, lastUpdate 0
  c.set(500 * S);
  c.b.next('k', 500 * S); // 20s, lastUpdate 500s
  c.set(1050 * S);
  // 1050 − 500 = 550s ≤ 600s: still the same entry.
  c.b.next('k', 1050 * S);
  assert.equal(c.b.get('k'), 40 * S);
});

test('the expiry uses the event time: an old exit read late still counts against the entry', () => {
  const c = clock();
  c.b.next('k', 0);
  // The container exited at 5s; the kubelet looks at it 20 minutes later.
  c.set(1200 * S);
  assert.equal(c.b.isInBackOffSince('k', 5 * S), false, 'more than 10s passed since the exit');
  c.b.next('k', 5 * S);
  assert.equal(c.b.get('k'), 20 * S, 'eventTime − lastUpdate = 5s: not expired, so it doubles');
});

test('gc drops entries not moved on for more than 2 × max; reset drops one at once', () => {
  const c = clock();
  c.b.next('old', 0);
  c.set(100 * S);
  c.b.next('new', 100 * S);
  c.set(600 * S);
  c.b.gc();
  assert.equal(c.b.get('old'), 10 * S, 'exactly 600s: kept');
  c.set(600 * S + 1);
  c.b.gc();
  assert.equal(c.b.get('old'), 0, 'past 600s: dropped');
  assert.equal(c.b.get('new'), 10 * S);
  c.b.reset('new');
  assert.equal(c.b.get('new'), 0);
  assert.equal(c.b.isInBackOffSince('new', c.now), false);
  c.b.next('new', c.now);
  assert.equal(c.b.get('new'), 10 * S, 'after reset it starts from the initial back-off');
});

test('custom initial and max durations', () => {
  let now = 0;
  const b = new Backoff(() => now, 1 * S, 60 * S);
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    b.next('k', now);
    seen.push(b.get('k') / S);
  }
  assert.deepEqual(seen, [1, 2, 4, 8, 16, 32, 60, 60]);
  now = 121 * S;
  b.next('k', now);
  assert.equal(b.get('k'), 1 * S, 'expires after 2 × its own max');
});
