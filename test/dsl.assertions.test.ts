import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Loop } from '../src/sim/loop';
import { assertForm, fail, pass } from '../src/dsl/assertions';
import { AssertionFailure } from '../src/dsl/errors';

/** A loop where a flag turns true at `onAt` and false again at `offAt`. */
function world(onAt: number, offAt = Infinity) {
  const loop = new Loop();
  let flag = onAt === 0;
  if (onAt > 0) loop.schedule(onAt, () => (flag = true));
  if (offAt < Infinity) loop.schedule(offAt, () => (flag = false));
  const check = () => (flag ? pass : fail('the flag is down'));
  return { loop, check };
}

const cases: { name: string; onAt: number; offAt?: number; form: Parameters<typeof assertForm>[1]; ok: boolean; endsAt: number; message?: RegExp }[] = [
  { name: 'now: holds', onAt: 0, form: { type: 'now' }, ok: true, endsAt: 0 },
  { name: 'now: fails without moving time', onAt: 5_000, form: { type: 'now' }, ok: false, endsAt: 0, message: /the flag is down\n\(at T\+0s\)/ },
  { name: 'eventually: waits just long enough', onAt: 90_000, form: { type: 'eventually' }, ok: true, endsAt: 90_000 },
  { name: 'eventually: gives up at the timeout', onAt: 11 * 60_000, form: { type: 'eventually' }, ok: false, endsAt: 10 * 60_000, message: /still not true after 10m0s \(virtual time T\+0s → T\+10m0s\)/ },
  { name: 'within: bound respected', onAt: 30_000, form: { type: 'within', ms: 60_000 }, ok: true, endsAt: 30_000 },
  { name: 'within: too late', onAt: 61_000, form: { type: 'within', ms: 60_000 }, ok: false, endsAt: 60_000, message: /after 1m0s/ },
  { name: 'for: holds throughout', onAt: 0, form: { type: 'for', ms: 60_000 }, ok: true, endsAt: 60_000 },
  { name: 'for: breaks in the middle', onAt: 0, offAt: 20_000, form: { type: 'for', ms: 60_000 }, ok: false, endsAt: 20_000, message: /stopped holding at T\+20s, 20s into the 1m0s/ },
  { name: 'for: must hold at the start', onAt: 5_000, form: { type: 'for', ms: 60_000 }, ok: false, endsAt: 0 },
];

for (const c of cases) {
  test(`assertion forms — ${c.name}`, () => {
    const { loop, check } = world(c.onAt, c.offAt);
    if (c.ok) assertForm(loop, c.form, check, 10 * 60_000);
    else {
      assert.throws(
        () => assertForm(loop, c.form, check, 10 * 60_000),
        (e: unknown) => e instanceof AssertionFailure && (!c.message || c.message.test(e.message)) && !String(e.stack).includes('    at '),
      );
    }
    assert.equal(loop.now, c.endsAt);
  });
}
