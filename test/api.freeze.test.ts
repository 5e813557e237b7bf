import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deepCopy, deepFreeze, frozenCopy } from '../src/api/freeze';
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

test('frozenCopy: a deep-frozen copy that reuses frozen parts and leaves its input alone', async (t) => {
  await t.test('every object and array of the result is frozen; the input is not', () => {
    const input = { metadata: { name: 'a', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } };
    const out = frozenCopy(input);
    assert.deepEqual(out, input);
    assert.notEqual(out, input);
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      assert.ok(Object.isFrozen(v), JSON.stringify(v));
      for (const x of Object.values(v)) walk(x);
    };
    walk(out);
    assert.equal(Object.isFrozen(input), false);
    assert.equal(Object.isFrozen(input.spec.containers[0]), false);
  });
  await t.test('frozen parts are shared, not copied', () => {
    const stored = deepFreeze({ containers: [{ name: 'c' }], volumes: [] as unknown[] });
    const out = frozenCopy({ metadata: { name: 'a' }, spec: stored, status: { phase: 'Pending' } });
    assert.equal(out.spec, stored);
    const bound = frozenCopy({ ...stored, nodeName: 'n1' });
    assert.equal(bound.containers, stored.containers);
    assert.equal(bound.nodeName, 'n1');
  });
  await t.test('member order, undefined members, scalars and null are kept', () => {
    const out = frozenCopy({ b: 1, a: undefined, c: null, d: [undefined, 'x'] }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['b', 'a', 'c', 'd']);
    assert.ok('a' in out);
    assert.deepEqual(out.d, [undefined, 'x']);
    assert.equal(frozenCopy('text'), 'text');
    assert.equal(frozenCopy(null), null);
    assert.equal(frozenCopy(undefined), undefined);
  });
  await t.test('a "__proto__" member stays a member', () => {
    const out = frozenCopy(JSON.parse('{"__proto__": {"x": 1}, "y": 2}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ['__proto__', 'y']);
    assert.ok(Object.isFrozen(out.__proto__));
  });
  await t.test('copies of objects made by spreading share one V8 map', () => {
    // Run in a child with --allow-natives-syntax: %HaveSameMap is V8's own answer. The spread
    // objects are what defaulting and the subresources build. Frozen in place (deepFreeze), 197 of
    // the 200 had a map of their own on Node 20; that is V8's business, so only frozenCopy is checked.
    const script = `
      const { frozenCopy } = require(${JSON.stringify(require.resolve('../src/api/freeze'))});
      const make = (i) => ({ ...{ containers: [], dnsPolicy: 'ClusterFirst', n: i }, nodeName: 'n' + i });
      const a = [];
      for (let i = 0; i < 200; i++) a.push(frozenCopy(make(i)));
      const distinct = (xs) => xs.filter((x, i) => !xs.slice(0, i).some((y) => %HaveSameMap(x, y))).length;
      console.log(distinct(a));`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--require', 'ts-node/register', '-e', script], { encoding: 'utf8' });
    assert.equal(Number(out.trim()), 1);
  });
});
