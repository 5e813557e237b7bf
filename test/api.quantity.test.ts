import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findBadQuantity } from '../src/api/quantity_fields';
import {
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  QuantityParseError,
  addQuantity,
  canonicalQuantity,
  compareQuantity,
  formatQuantity,
  milliValue,
  milliValueBig,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
  subQuantity,
  sumQuantities,
  value,
  valueBig,
} from '../src/api/quantity';

test('parseQuantity + formatQuantity: canonical String() as upstream', () => {
  const cases: [string | number, string, string][] = [
    // input, canonical, format
    ['500m', '500m', 'DecimalSI'],
    ['2', '2', 'DecimalSI'],
    ['1.5', '1500m', 'DecimalSI'],
    ['0.5', '500m', 'DecimalSI'],
    ['0.1', '100m', 'DecimalSI'],
    ['1000m', '1', 'DecimalSI'],
    ['1500', '1500', 'DecimalSI'],
    ['2000', '2k', 'DecimalSI'],
    ['1k', '1k', 'DecimalSI'],
    ['1M', '1M', 'DecimalSI'],
    ['1E', '1E', 'DecimalSI'],
    ['100n', '100n', 'DecimalSI'],
    ['1u', '1u', 'DecimalSI'],
    ['0', '0', 'DecimalSI'],
    ['00', '0', 'DecimalSI'],
    ['-0', '0', 'DecimalSI'],
    ['+5', '5', 'DecimalSI'],
    ['-1.5', '-1500m', 'DecimalSI'],
    ['1.', '1', 'DecimalSI'],
    ['.5', '500m', 'DecimalSI'],
    ['1Gi', '1Gi', 'BinarySI'],
    ['128Mi', '128Mi', 'BinarySI'],
    ['1536Mi', '1536Mi', 'BinarySI'],
    ['1.5Gi', '1536Mi', 'BinarySI'],
    ['1024Mi', '1Gi', 'BinarySI'],
    ['1025Ki', '1025Ki', 'BinarySI'],
    ['0.5Ki', '512', 'BinarySI'],
    ['1.1Gi', '1181116006400m', 'BinarySI'],
    ['-1Ki', '-1Ki', 'BinarySI'],
    ['0.0001Ki', '102400u', 'DecimalSI'],
    ['1e3', '1e3', 'DecimalExponent'],
    ['10e3', '10e3', 'DecimalExponent'],
    ['1E3', '1e3', 'DecimalExponent'],
    ['1e-3', '1e-3', 'DecimalExponent'],
    ['1e-12', '1e-9', 'DecimalExponent'],
    ['12e6', '12e6', 'DecimalExponent'],
    ['1.5e3', '1500', 'DecimalExponent'],
    [2, '2', 'DecimalSI'],
    [0.25, '250m', 'DecimalSI'],
  ];
  for (const [input, canonical, format] of cases) {
    const q = parseQuantity(input);
    assert.equal(formatQuantity(q), canonical, String(input));
    assert.equal(q.format, format, `${input} format`);
  }
});

test('parseQuantity: sub-nano values round up away from zero; BinarySI is capped at 2^63-1', () => {
  assert.equal(parseQuantity('0.1n').nanos, 1n);
  assert.equal(parseQuantity('-0.1n').nanos, -1n);
  assert.equal(parseQuantity('1.0000000001').nanos, 1_000_000_001n);
  assert.equal(valueBig(parseQuantity('16Ei')), 2n ** 63n - 1n);
});

test('parseQuantity: upstream errors', () => {
  const cases: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['1x', ERR_FORMAT_WRONG],
    ['abc', ERR_FORMAT_WRONG],
    ['1 Gi', ERR_FORMAT_WRONG],
    ['1.5.5', ERR_FORMAT_WRONG],
    ['1Gb', ERR_FORMAT_WRONG],
    ['1ki', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1iK', ERR_SUFFIX],
    ['1Mm', ERR_SUFFIX],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseQuantity(input), (e: unknown) => e instanceof QuantityParseError && e.message === message, input);
  }
  assert.equal(
    ERR_FORMAT_WRONG,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

test('value and milliValue round up away from zero, as Value()/MilliValue()', () => {
  const cases: [string, number, number][] = [
    ['100m', 1, 100],
    ['1', 1, 1000],
    ['1.5', 2, 1500],
    ['-1.5', -2, -1500],
    ['1Ki', 1024, 1024000],
    ['1n', 1, 1],
    ['-1n', -1, -1],
    ['0', 0, 0],
    ['4', 4, 4000],
    ['8Gi', 8589934592, 8589934592000],
  ];
  for (const [input, v, m] of cases) {
    const q = parseQuantity(input);
    assert.equal(value(q), v, `${input} value`);
    assert.equal(milliValue(q), m, `${input} milliValue`);
  }
  assert.equal(milliValueBig(parseQuantity('7Ei')), 7n * 2n ** 60n * 1000n, 'bigint accessors stay exact beyond 2^53');
});

test('compare, add, sub: exact, format of the left operand unless it is zero', () => {
  assert.equal(compareQuantity(parseQuantity('1Gi'), parseQuantity('1024Mi')), 0);
  assert.equal(compareQuantity(parseQuantity('1G'), parseQuantity('1Gi')), -1);
  assert.equal(compareQuantity(parseQuantity('1'), parseQuantity('999m')), 1);
  const cases: [string, string, string, string][] = [
    // a, b, a+b, a-b
    ['500m', '500m', '1', '0'],
    ['1Gi', '512Mi', '1536Mi', '512Mi'],
    ['100m', '0.2', '300m', '-100m'],
    ['0', '1Gi', '1Gi', '-1Gi'],
    ['1', '1Gi', '1073741825', '-1073741823'],
    ['0.1', '0.2', '300m', '-100m'],
  ];
  for (const [a, b, sum, diff] of cases) {
    assert.equal(formatQuantity(addQuantity(parseQuantity(a), parseQuantity(b))), sum, `${a}+${b}`);
    assert.equal(formatQuantity(subQuantity(parseQuantity(a), parseQuantity(b))), diff, `${a}-${b}`);
  }
  assert.equal(formatQuantity(sumQuantities(['100m', '250m', '1'].map((s) => parseQuantity(s)))), '1350m');
  assert.equal(formatQuantity(newQuantity(1024, 'BinarySI')), '1Ki');
  assert.equal(formatQuantity(newQuantity(5)), '5');
  assert.equal(formatQuantity(newMilliQuantity(1500)), '1500m');
  assert.equal(formatQuantity(newMilliQuantity(2000)), '2');
  assert.equal(canonicalQuantity('4096Mi'), '4Gi');
});

test('property: the canonical form parses back to the same value, and is a fixed point', () => {
  const arb = fc.tuple(
    fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
    fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'n', 'u', 'e3', 'e-2'),
    fc.nat(3),
  );
  fc.assert(
    fc.property(arb, ([digits, suffix, decimals]) => {
      const abs = (digits < 0n ? -digits : digits).toString().padStart(decimals + 1, '0');
      const text = `${digits < 0n ? '-' : ''}${decimals > 0 ? `${abs.slice(0, -decimals)}.${abs.slice(-decimals)}` : abs}${suffix}`;
      const q = parseQuantity(text);
      const canonical = formatQuantity(q);
      assert.equal(parseQuantity(canonical).nanos, q.nanos, `${text} -> ${canonical}`);
      assert.equal(formatQuantity(parseQuantity(canonical)), canonical);
    }),
    { numRuns: 300 },
  );
});

test('findBadQuantity names the first bad quantity by its field path; opaque maps are not read', () => {
  const cases: [unknown, string | undefined][] = [
    [{ spec: { containers: [{ resources: { requests: { cpu: '1' } } }, { resources: { limits: { memory: '1x' } } }] } }, 'spec.containers[1].resources.limits.memory'],
    [{ status: { allocatable: { cpu: 'lots' } } }, 'status.allocatable.cpu'],
    [{ items: [{ spec: { hard: { pods: '--1' } } }] }, 'items[0].spec.hard.pods'],
    [{ metadata: { labels: { requests: 'x' } }, spec: { nodeSelector: { limits: 'y' } } }, undefined],
    [{ spec: { containers: [{ resources: { requests: { cpu: '500m', memory: 1024 } } }] } }, undefined],
  ];
  for (const [obj, path] of cases) assert.equal(findBadQuantity(obj)?.path, path, JSON.stringify(obj));
});
