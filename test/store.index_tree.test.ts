import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, TreeIndex } from '../src/store/index_tree';

interface Item {
  key: string;
}

function keysWithPrefix(tree: TreeIndex<Item>, prefix: string): string[] {
  const out: string[] = [];
  tree.forEachPrefix(prefix, (item) => void out.push(item.key));
  return out;
}

/** A deterministic shuffle (no Math.random in the repo's code paths; a fixed LCG here). */
function shuffled<T>(xs: T[], seed = 7): T[] {
  const a = [...xs];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

test('index tree: random inserts come out in order, across many chunks', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `/registry/pods/ns${i % 7}/p-${i}`);
  const tree = new TreeIndex<Item>();
  for (const key of shuffled(keys)) tree.insert({ key });
  assert.equal(tree.size, keys.length);
  assert.deepEqual(keysWithPrefix(tree, ''), [...keys].sort());
  assert.deepEqual(keysWithPrefix(tree, '/registry/pods/ns3/'), keys.filter((k) => k.startsWith('/registry/pods/ns3/')).sort());
  assert.equal(tree.get('/registry/pods/ns1/p-1')?.key, '/registry/pods/ns1/p-1');
  assert.equal(tree.get('/registry/pods/ns1/p-2'), undefined);
});

const prefixCases: [string, string[]][] = [
  ['', ['a', 'a/', 'a/b', 'a/c', 'ab', 'b']],
  ['a', ['a', 'a/', 'a/b', 'a/c', 'ab']],
  ['a/', ['a/', 'a/b', 'a/c']],
  ['a/b', ['a/b']],
  ['a/bb', []],
  ['c', []],
  ['0', []],
];

for (const [prefix, want] of prefixCases) {
  test(`index tree: prefix ${JSON.stringify(prefix)}`, () => {
    const tree = new TreeIndex<Item>();
    for (const key of ['b', 'a/c', 'a', 'ab', 'a/b', 'a/']) tree.insert({ key });
    assert.deepEqual(keysWithPrefix(tree, prefix), want);
  });
}

test('index tree: iteration stops when the callback returns false', () => {
  const tree = new TreeIndex<Item>();
  for (const key of ['a', 'b', 'c']) tree.insert({ key });
  const seen: string[] = [];
  tree.forEachPrefix('', (item) => {
    seen.push(item.key);
    return seen.length < 2;
  });
  assert.deepEqual(seen, ['a', 'b']);
});

test('index tree: duplicate keys are refused', () => {
  const tree = new TreeIndex<Item>();
  tree.insert({ key: 'a' });
  assert.throws(() => tree.insert({ key: 'a' }), /already indexed/);
});

test('index tree: removeWhere drops items and keeps order', () => {
  const tree = new TreeIndex<Item>();
  const keys = Array.from({ length: 3000 }, (_, i) => `k${String(i).padStart(5, '0')}`);
  for (const key of shuffled(keys)) tree.insert({ key });
  assert.equal(tree.removeWhere((item) => Number(item.key.slice(1)) % 3 !== 0), 2000);
  assert.deepEqual(keysWithPrefix(tree, ''), keys.filter((_, i) => i % 3 === 0));
  assert.equal(tree.get('k00001'), undefined);
  tree.insert({ key: 'k00001' });
  assert.deepEqual(keysWithPrefix(tree, 'k0000'), ['k00000', 'k00001', 'k00003', 'k00006', 'k00009']);
});

// UTF-8 byte order is code point order: U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80),
// although its UTF-16 code unit is above the surrogate D83D.
const orderCases: [string, string, number][] = [
  ['a', 'b', -1],
  ['a', 'ab', -1],
  ['b', 'ab', 1],
  ['x', 'x', 0],
  ['\uFFFD', '\u{1F600}', -1],
  ['\uE000', '\u{10000}', -1],
  ['\u{1F600}', '\u{1F601}', -1],
  ['\uD7FF', '\uE000', -1],
];

for (const [a, b, sign] of orderCases) {
  test(`index tree: compareKeys(${JSON.stringify(a)}, ${JSON.stringify(b)}) has sign ${sign}`, () => {
    assert.equal(Math.sign(compareKeys(a, b)), sign);
    assert.equal(Math.sign(compareKeys(b, a)), sign === 0 ? 0 : -sign);
    const utf8 = Buffer.compare(Buffer.from(a), Buffer.from(b));
    assert.equal(Math.sign(compareKeys(a, b)), utf8, 'agrees with byte order');
  });
}

test('index tree: keys above U+D800 are kept in byte order', () => {
  const keys = ['k/\u{1F600}', 'k/\uFFFD', 'k/a', 'k/\uE000', 'k/\u{10000}', 'k/z'];
  const tree = new TreeIndex<Item>();
  for (const key of keys) tree.insert({ key });
  const want = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepEqual(keysWithPrefix(tree, 'k/'), want);
});
