import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { childPath, describeMismatches, matches, partialMatch, wildcardMatch } from '../src/api/match';

test('wildcardMatch: * matches any run, everything else literal', () => {
  const cases: [string, string, boolean][] = [
    ['', '', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['a*c', 'abbbc', true],
    ['a*c', 'ac', true],
    ['a*c', 'acb', false],
    ['*c', 'abc', true],
    ['a*', 'abc', true],
    ['a**b', 'ab', true],
    ['Back-off * restarting failed container=app pod=*', 'Back-off 10s restarting failed container=app pod=web_default(uid)', true],
    ['0/3 nodes are available: *.', '0/3 nodes are available: 3 Insufficient cpu.', true],
    ['0/3 nodes are available: *.', '0/3 nodes are available: 3 Insufficient cpu', false],
    ['a.c', 'abc', false],
    ['[x]', '[x]', true],
    ['*a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
  ];
  for (const [pattern, text, want] of cases) assert.equal(wildcardMatch(pattern, text), want, `${pattern} ~ ${text}`);
});

test('partialMatch: the rules, table-driven', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['maps match as subsets', { a: 1 }, { a: 1, b: 2 }, true],
    ['a missing key fails', { a: 1, c: 3 }, { a: 1 }, false],
    ['nested subsets', { spec: { replicas: 3 } }, { spec: { replicas: 3, paused: false }, status: {} }, true],
    ['empty map matches any map', {}, { a: 1 }, true],
    ['empty map matches absence', { status: {} }, {}, true],
    ['map vs scalar fails', { a: { b: 1 } }, { a: 'x' }, false],
    ['null matches absent', { a: null }, {}, true],
    ['null matches null', { a: null }, { a: null }, true],
    ['null rejects a value', { a: null }, { a: 'x' }, false],
    ['number vs same number', 3, 3, true],
    ['number vs its text', 3, '3', true],
    ['text vs number', '3', 3, true],
    ['3.0 text is not 3', '3.0', 3, false],
    ['bool vs its text', true, 'true', true],
    ['text vs bool', 'false', false, true],
    ['bool is not 1', true, 1, false],
    ['null is not empty text', null, '', false],
    ['quantities compare as text', '1Gi', '1024Mi', false],
    ['wildcard in text', 'nginx:*', 'nginx:1.25', true],
    ['wildcard vs number text', '1*', 10, true],
    ['wildcard never matches missing', { a: '*' }, {}, false],
    ['literal star equals itself', 'a*b', 'a*b', true],
    ['lists: every expected element, any order', [1, 2], [2, 3, 1], true],
    ['lists: distinct partners', [1, 1], [1, 2], false],
    ['lists: duplicates with duplicates', [1, 1], [1, 2, 1], true],
    ['lists: maps as subsets', [{ name: 'a' }], [{ name: 'b', x: 1 }, { name: 'a', y: 2 }], true],
    ['lists: bipartite, not first-fit', [{ a: 1 }, { a: 1, b: 2 }], [{ a: 1, b: 2 }, { a: 1 }], true],
    ['lists: bipartite failure', [{ a: 1, b: 2 }, { a: 1, b: 2 }], [{ a: 1, b: 2 }, { a: 1 }], false],
    ['empty list matches empty', [], [], true],
    ['empty list matches absent', { finalizers: [] }, {}, true],
    ['empty list rejects elements', { finalizers: [] }, { finalizers: ['x'] }, false],
    ['list vs map fails', [1], { 0: 1 }, false],
    ['nested lists', [[1, 2]], [[3], [2, 1, 0]], true],
  ];
  for (const [name, expected, actual, want] of cases) {
    assert.equal(matches(expected, actual), want, name);
    assert.equal(partialMatch(expected, actual).length === 0, want, name);
  }
});

test('partialMatch: paths and messages of mismatches', () => {
  const actual = {
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } },
    },
  };
  const expected = {
    metadata: { labels: { 'app.kubernetes.io/name': 'api' }, annotations: { a: 'b' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } },
  };
  const ms = partialMatch(expected, actual);
  assert.deepEqual(
    ms.map((m) => m.path),
    ['metadata.labels["app.kubernetes.io/name"]', 'metadata.annotations', 'spec.replicas', 'spec.template.spec.containers'],
  );
  assert.equal(ms[0].message, 'expected "api", got "web"');
  assert.equal(ms[1].message, 'expected a map, but it is missing');
  assert.equal(ms[2].message, 'expected 3, got 2');
  assert.equal(ms[3].message, 'expected element [0] {"name":"app","image":"nginx:1.26"} has no match among 2 elements');
  assert.equal(ms[3].closest?.index, 0);
  assert.deepEqual(ms[3].closest?.mismatches.map((m) => [m.path, m.expected, m.actual]), [
    ['spec.template.spec.containers[0].image', 'nginx:1.26', 'nginx:1.25'],
  ]);
  assert.equal(
    describeMismatches(ms),
    [
      'metadata.labels["app.kubernetes.io/name"]: expected "api", got "web"',
      'metadata.annotations: expected a map, but it is missing',
      'spec.replicas: expected 3, got 2',
      'spec.template.spec.containers: expected element [0] {"name":"app","image":"nginx:1.26"} has no match among 2 elements',
      '  closest is element [0], which differs in:',
      '    spec.template.spec.containers[0].image: expected "nginx:1.26", got "nginx:1.25"',
    ].join('\n'),
  );
});

test('partialMatch: other mismatch messages', () => {
  const one = (e: unknown, a: unknown): string => {
    const ms = partialMatch(e, a);
    assert.equal(ms.length, 1);
    return `${ms[0].path}: ${ms[0].message}`;
  };
  assert.equal(one({ a: 1 }, {}), 'a: expected 1, but it is missing');
  assert.equal(one({ a: null }, { a: [1] }), 'a: expected no value, got a list [1]');
  assert.equal(one({ a: [] }, { a: [1, 2] }), 'a: expected an empty list, got 2 elements [1,2]');
  assert.equal(one({ a: [1] }, { a: 'x' }), 'a: expected a list, got "x"');
  assert.equal(one({ a: [3] }, { a: [1, 2] }), 'a: expected element [0] 3 has no match in [1,2]');
  assert.equal(one({ a: [{ n: 1 }] }, { a: [] }), 'a: expected element [0] {"n":1} has no match: the list is empty');
  assert.equal(one('x', { a: 1 }), ': expected "x", got a map {"a":1}');
  assert.equal(describeMismatches(partialMatch('x', 'y')), '(root): expected "x", got "y"');
  const taken = partialMatch([{ a: 1 }, { a: 1 }], [{ a: 1 }]);
  assert.match(taken[0].message, /already matched by another expected element/);
});

test('childPath: plain names dotted, others bracketed', () => {
  assert.equal(childPath('', 'spec'), 'spec');
  assert.equal(childPath('spec', 'nodeName'), 'spec.nodeName');
  assert.equal(childPath('metadata.labels', 'app.kubernetes.io/name'), 'metadata.labels["app.kubernetes.io/name"]');
  assert.equal(childPath('data', 'my key'), 'data["my key"]');
});

test('property: partialMatch(x, x) is empty for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (x) => {
      assert.deepEqual(partialMatch(x, x), []);
    }),
    { numRuns: 500 },
  );
});

test('property: a value matches any superset of itself (extra keys and list elements)', () => {
  const widen = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length === 0 ? v : [{ extra: true }, ...v.map(widen), 'extra']; // `[]` asserts emptiness
    if (v !== null && typeof v === 'object') return { ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, widen(x)])), '~extra~': 1 };
    return v;
  };
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), (x) => {
      assert.deepEqual(partialMatch(x, widen(x)), []);
    }),
    { numRuns: 300 },
  );
});
