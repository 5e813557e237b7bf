import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Loop, LoopLimitError } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { EventLog } from '../src/sim/eventlog';

test('tasks run in (time, insertion) order and time jumps to each', () => {
  const loop = new Loop();
  const seen: string[] = [];
  loop.schedule(20, () => seen.push(`b@${loop.now}`));
  loop.schedule(10, () => seen.push(`a@${loop.now}`));
  loop.schedule(20, () => seen.push(`c@${loop.now}`));
  loop.post(() => seen.push(`now@${loop.now}`));
  loop.advance(25);
  assert.deepEqual(seen, ['now@0', 'a@10', 'b@20', 'c@20']);
  assert.equal(loop.now, 25);
});

test('a task posted while another runs at the same instant runs after the ones already queued', () => {
  const loop = new Loop();
  const seen: string[] = [];
  loop.post(() => {
    seen.push('1');
    loop.post(() => seen.push('3'));
  });
  loop.post(() => seen.push('2'));
  loop.advance(0);
  assert.deepEqual(seen, ['1', '2', '3']);
});

test('advance stops exactly at the window end; later tasks wait', () => {
  const loop = new Loop();
  let ran = false;
  loop.schedule(100, () => (ran = true));
  loop.advance(99);
  assert.equal(ran, false);
  loop.advance(1);
  assert.equal(ran, true);
});

test('cancel is idempotent and cancelled tasks never run', () => {
  const loop = new Loop();
  let n = 0;
  const t = loop.schedule(5, () => n++);
  t.cancel();
  t.cancel();
  loop.advance(10);
  assert.equal(n, 0);
  assert.equal(loop.pendingForeground, 0);
});

test('settle ignores background work but runs it when it falls due on the way', () => {
  const loop = new Loop();
  const beats: number[] = [];
  loop.every(10_000, () => beats.push(loop.now)); // a heartbeat: background
  let done = -1;
  loop.schedule(25_000, () => (done = loop.now));
  assert.equal(loop.settle(), true);
  assert.equal(done, 25_000);
  assert.deepEqual(beats, [10_000, 20_000]);
  assert.equal(loop.now, 25_000, 'settle stops at the last foreground task, not at the next heartbeat');
  assert.equal(loop.settle(), true, 'nothing but heartbeats: already settled');
  assert.equal(loop.now, 25_000);
});

test('settle gives up at the horizon and says what is pending', () => {
  const loop = new Loop();
  loop.schedule(10 * 60_000, () => {}, { label: 'far away' });
  assert.equal(loop.settle(60_000), false);
  assert.deepEqual(loop.pendingLabels(), ['far away@600000ms']);
});

test('until moves time only as far as needed, and to the deadline on failure', () => {
  const loop = new Loop();
  let flag = false;
  loop.schedule(3_000, () => (flag = true));
  assert.equal(loop.until(() => flag, 10_000), true);
  assert.equal(loop.now, 3_000);
  assert.equal(loop.until(() => false, 5_000), false);
  assert.equal(loop.now, 8_000);
});

test('runFor reports the first instant the predicate stops holding', () => {
  const loop = new Loop();
  let ok = true;
  loop.schedule(4_000, () => (ok = false));
  assert.equal(loop.runFor(() => ok, 10_000), 4_000);
  const loop2 = new Loop();
  assert.equal(loop2.runFor(() => true, 10_000), undefined);
  assert.equal(loop2.now, 10_000);
});

test('every repeats until cancelled, first after one period', () => {
  const loop = new Loop();
  const at: number[] = [];
  const t = loop.every(1_000, () => at.push(loop.now), { background: false });
  loop.advance(3_500);
  t.cancel();
  loop.advance(5_000);
  assert.deepEqual(at, [1_000, 2_000, 3_000]);
});

test('a task that reschedules itself forever at the same instant is caught', () => {
  const loop = new Loop();
  const spin = () => loop.post(spin);
  loop.post(spin);
  assert.throws(() => loop.advance(0), LoopLimitError);
});

test('the RNG repeats under a seed and differs across seeds', () => {
  const draw = (seed: number) => {
    const r = new Rng(seed);
    return [r.int(0, 1000), r.intn(7), r.string(5, 'abc'), r.float()];
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
  const r = new Rng(1);
  for (let i = 0; i < 1000; i++) {
    const f = r.float();
    assert.ok(f >= 0 && f < 1);
  }
});

test('the event log stamps virtual time and serializes one JSON object a line', () => {
  const loop = new Loop();
  const log = new EventLog(loop);
  log.record('apiserver', 'create', { name: 'a' });
  loop.advance(1500);
  log.record('step', 'When', { text: 'x' });
  assert.equal(log.serialize(), '{"t":0,"source":"apiserver","type":"create","name":"a"}\n{"t":1500,"source":"step","type":"When","text":"x"}');
});
