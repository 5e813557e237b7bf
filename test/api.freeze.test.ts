import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepCopy, deepFreeze } from '../src/api/freeze';
import { Rng } from '../src/sim/rng';

const viaJson = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

test('deepCopy has JSON semantics for the edge cases', async (t) => {
  const cases: { name: string; value: unknown }[] = [
    { name: 'undefined members are dropped', value: { a: 1, b: undefined } },
    { name: 'undefined array elements become null', value: [1, undefined, 3] },
    { name: 'non-finite numbers become null', value: { a: NaN, b: Infinity, c: [-Infinity] } },
    { name: 'functions are dropped in objects, null in arrays', value: { f: () => 1, a: [() => 2] } },
    { name: 'toJSON is honoured', value: { when: new Date(Date.UTC(2025, 0, 1)) } },
    { name: 'a "__proto__" member stays a member', value: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') },
    { name: 'scalars', value: 'text' },
    { name: 'null', value: null },
    { name: 'nested', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] } } },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = deepCopy(c.value);
      assert.deepEqual(JSON.stringify(got), JSON.stringify(viaJson(c.value)));
      assert.deepEqual(got, viaJson(c.value));
    });
  }
  assert.equal(deepCopy(undefined), undefined);
  const proto = deepCopy(JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(Object.keys(proto), ['__proto__']);
});

test('deepCopy of a frozen object is a mutable, independent copy', () => {
  const src = deepFreeze({ a: { b: [1, { c: 2 }] } });
  const copy = deepCopy(src);
  copy.a.b.push(3);
  (copy.a.b[1] as { c: number }).c = 5;
  assert.deepEqual(src, { a: { b: [1, { c: 2 }] } });
  assert.equal(Object.isFrozen(copy.a), false);
});

test('deepCopy equals the JSON round trip on random JSON values', () => {
  const rng = new Rng(7);
  const gen = (depth: number): unknown => {
    const r = rng.intn(10);
    if (depth > 4 || r < 3) return [null, true, false, 0, -1.5, 'x', '', 1e21][rng.intn(8)];
    if (r < 6) return Array.from({ length: rng.intn(4) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < rng.intn(5); i++) o[`k${rng.intn(6)}`] = rng.intn(5) === 0 ? undefined : gen(depth + 1);
    return o;
  };
  for (let i = 0; i < 500; i++) {
    const v = gen(0);
    assert.deepEqual(deepCopy(v), viaJson(v));
  }
});
