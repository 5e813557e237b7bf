import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimerGroup } from '../src/kubelet/timer_group';
import { Loop } from '../src/sim/loop';

// The node machine's timers: freeze() stops their clock, thaw() lets each run on with what it had left.

const S = 1000;

function setup() {
  const loop = new Loop();
  const group = new TimerGroup(loop);
  const fired: Array<{ name: string; at: number }> = [];
  const add = (name: string, delayMs: number, opts = {}) => group.schedule(delayMs, () => fired.push({ name, at: loop.now }), opts);
  return { loop, group, fired, add };
}

test('unfrozen, a timer fires after its delay; a negative delay means now', () => {
  const cases = [
    { delay: 5 * S, at: 5 * S },
    { delay: 0, at: 0 },
    { delay: -3 * S, at: 0 },
  ];
  for (const k of cases) {
    const e = setup();
    e.add('t', k.delay);
    e.loop.advance(60 * S);
    assert.deepEqual(e.fired, [{ name: 't', at: k.at }], `delay ${k.delay}`);
  }
});

test('freeze stops the clock and thaw continues with the time left', () => {
  // Each timer is scheduled at 0; the group freezes at 4s and thaws at `thawAt`.
  const cases = [
    { name: 'due after the freeze', delay: 10 * S, thawAt: 100 * S, at: 106 * S },
    { name: 'due exactly at the freeze instant: advance ran it first', delay: 4 * S, thawAt: 50 * S, at: 4 * S },
    { name: 'due before the freeze: already fired', delay: 3 * S, thawAt: 50 * S, at: 3 * S },
    { name: 'thawed at once', delay: 10 * S, thawAt: 4 * S, at: 10 * S },
  ];
  for (const k of cases) {
    const e = setup();
    e.add('t', k.delay);
    e.loop.advance(4 * S);
    // A timer due at exactly 4s ran during the advance; a freeze at the same instant comes after it.
    e.group.freeze();
    assert.equal(e.group.isFrozen, true);
    e.loop.advance(k.thawAt - 4 * S);
    const before = e.fired.length;
    e.group.thaw();
    assert.equal(e.group.isFrozen, false);
    e.loop.advance(200 * S);
    assert.deepEqual(e.fired, [{ name: 't', at: k.at }], k.name);
    if (k.at > k.thawAt) assert.equal(before, 0, `${k.name}: nothing fired while frozen`);
  }
});

test('a timer due at the very instant of the freeze, not yet run, fires at thaw', () => {
  const e = setup();
  // The freeze task is queued first, so at 4s it runs before the group's timer.
  e.loop.schedule(4 * S, () => e.group.freeze());
  e.add('t', 4 * S);
  e.loop.advance(30 * S);
  assert.deepEqual(e.fired, []);
  e.group.thaw();
  e.loop.advance(0);
  assert.deepEqual(e.fired, [{ name: 't', at: 30 * S }]);
});

test('nothing fires while frozen, however long', () => {
  const e = setup();
  e.add('a', 1 * S);
  e.add('b', 2 * S);
  e.group.freeze();
  e.loop.advance(3600 * S);
  assert.deepEqual(e.fired, []);
  e.group.thaw();
  e.loop.advance(5 * S);
  assert.deepEqual(e.fired, [
    { name: 'a', at: 3601 * S },
    { name: 'b', at: 3602 * S },
  ]);
});

test('a timer scheduled while frozen starts counting at thaw', () => {
  const e = setup();
  e.group.freeze();
  e.loop.advance(10 * S);
  e.add('late', 5 * S);
  e.add('now', 0);
  e.loop.advance(100 * S);
  assert.deepEqual(e.fired, []);
  e.group.thaw(); // at 110s
  e.loop.advance(10 * S);
  assert.deepEqual(e.fired, [
    { name: 'now', at: 110 * S },
    { name: 'late', at: 115 * S },
  ]);
});

test('several freeze/thaw cycles add up: each timer only counts unfrozen time', () => {
  const e = setup();
  e.add('t', 10 * S);
  e.loop.advance(3 * S); // 3s counted
  e.group.freeze();
  e.loop.advance(20 * S);
  e.group.thaw(); // at 23s
  e.loop.advance(4 * S); // 7s counted
  e.group.freeze();
  e.loop.advance(50 * S);
  e.group.thaw(); // at 77s, 3s left
  e.loop.advance(2999);
  assert.deepEqual(e.fired, []);
  e.loop.advance(1);
  assert.deepEqual(e.fired, [{ name: 't', at: 80 * S }]);
});

test('freeze and thaw are idempotent', () => {
  const e = setup();
  e.add('t', 10 * S);
  e.group.thaw(); // not frozen: no effect
  e.loop.advance(2 * S);
  e.group.freeze();
  e.loop.advance(5 * S);
  e.group.freeze(); // a second freeze must not recompute what is left
  e.loop.advance(5 * S);
  e.group.thaw(); // at 12s, 8s left
  e.group.thaw();
  e.loop.advance(100 * S);
  assert.deepEqual(e.fired, [{ name: 't', at: 20 * S }]);
});

test('timers left with the same time keep their scheduling order after thaw', () => {
  const e = setup();
  // Scheduled in the order c, a, b, all due at 10s; plus one already overdue relative to them.
  e.add('c', 10 * S);
  e.add('a', 10 * S);
  e.add('b', 10 * S);
  e.add('first', 6 * S);
  e.loop.advance(5 * S);
  e.group.freeze();
  e.loop.advance(5 * S);
  e.group.thaw(); // at 10s: first has 1s left, the others 5s
  e.loop.advance(10 * S);
  assert.deepEqual(
    e.fired.map((f) => `${f.name}@${f.at / S}`),
    ['first@11', 'c@15', 'a@15', 'b@15'],
  );
});

test('cancel: before firing, while frozen, after firing, twice', () => {
  const e = setup();
  const a = e.add('a', 5 * S);
  const b = e.add('b', 5 * S);
  const c = e.add('c', 1 * S);
  a.cancel();
  e.loop.advance(2 * S);
  assert.deepEqual(e.fired.map((f) => f.name), ['c']);
  c.cancel(); // after it fired: no effect
  c.cancel();
  e.group.freeze();
  b.cancel(); // while frozen: it does not come back at thaw
  b.cancel();
  e.group.thaw();
  e.loop.advance(100 * S);
  assert.deepEqual(e.fired.map((f) => f.name), ['c']);
});

test('clear cancels every timer, frozen or not, and the group still works after', () => {
  for (const frozen of [false, true]) {
    const e = setup();
    e.add('a', 1 * S);
    e.add('b', 2 * S);
    if (frozen) e.group.freeze();
    e.group.clear();
    if (frozen) e.group.thaw();
    e.loop.advance(10 * S);
    assert.deepEqual(e.fired, [], `frozen=${frozen}`);
    e.add('c', 1 * S);
    e.loop.advance(10 * S);
    assert.deepEqual(e.fired, [{ name: 'c', at: 11 * S }], `frozen=${frozen}: schedules after clear`);
  }
});

test('a timer scheduled from a firing timer is part of the group (and freezes with it)', () => {
  const e = setup();
  e.group.schedule(1 * S, () => {
    e.fired.push({ name: 'outer', at: e.loop.now });
    e.add('inner', 4 * S);
  });
  e.loop.advance(2 * S);
  e.group.freeze();
  e.loop.advance(60 * S);
  e.group.thaw(); // at 62s, inner had 3s left
  e.loop.advance(10 * S);
  assert.deepEqual(e.fired, [
    { name: 'outer', at: 1 * S },
    { name: 'inner', at: 65 * S },
  ]);
});

test('frozen timers do not hold the loop: settle() ignores them; thawed ones count again', () => {
  const e = setup();
  e.add('fg', 10 * S);
  e.add('bg', 10 * S, { background: true });
  assert.equal(e.loop.pendingForeground, 1, 'only the foreground timer counts');
  e.group.freeze();
  assert.equal(e.loop.pendingForeground, 0);
  assert.equal(e.loop.settle(), true);
  e.group.thaw();
  assert.equal(e.loop.pendingForeground, 1, 'background stays background after thaw');
  assert.equal(e.loop.settle(), true);
  assert.deepEqual(e.fired.map((f) => f.name), ['fg']);
});
