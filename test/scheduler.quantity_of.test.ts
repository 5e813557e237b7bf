// quantityOf reads request quantities for the scheduler (milli-units for cpu, base units for the
// rest) and remembers what it read; a remembered value must be exactly the parsed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantityOf } from '../src/scheduler/framework/types';

test('quantityOf: cpu in milli-units, the rest in base units, the same on every call', () => {
  const cases: [string, string | number, number][] = [
    ['cpu', '100m', 100],
    ['cpu', '1', 1000],
    ['cpu', 2, 2000],
    ['cpu', '1.5', 1500],
    ['memory', '128Mi', 128 * 1024 * 1024],
    ['memory', '1G', 1e9],
    ['memory', '100m', 1], // 0.1 byte rounds up, as upstream's Value()
    ['nvidia.com/gpu', 2, 2],
    ['ephemeral-storage', '1Ki', 1024],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [name, q, want] of cases) assert.equal(quantityOf(name, q), want, `${name} ${q} (call ${round + 1})`);
  }
});

test('quantityOf: the same string means different units for cpu and for memory', () => {
  assert.equal(quantityOf('memory', '250m'), 1);
  assert.equal(quantityOf('cpu', '250m'), 250);
  assert.equal(quantityOf('memory', '250m'), 1);
});

test('quantityOf: a malformed quantity throws on every call, and is not remembered', () => {
  assert.throws(() => quantityOf('cpu', '1x'));
  assert.throws(() => quantityOf('cpu', '1x'));
});

test('quantityOf: values stay right past the memo’s bound (it is cleared, not wrong)', () => {
  for (let i = 0; i < 5000; i++) assert.equal(quantityOf('memory', `${i}Ki`), i * 1024);
  assert.equal(quantityOf('memory', '3Ki'), 3072);
  assert.equal(quantityOf('cpu', `${4999}m`), 4999);
});
