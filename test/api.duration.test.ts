import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DurationParseError, formatDuration, formatDurationNs, parseDuration, parseDurationNs } from '../src/api/duration';

test('parseDuration: the STEPS.md forms and Go syntax, in milliseconds', () => {
  const cases: [string, number][] = [
    ['90 seconds', 90_000],
    ['1 second', 1_000],
    ['1 minute', 60_000],
    ['5 minutes', 300_000],
    ['2 hours', 7_200_000],
    ['1m30s', 90_000],
    ['300ms', 300],
    ['1h', 3_600_000],
    ['10s', 10_000],
    ['2.5s', 2_500],
    ['0', 0],
    ['0s', 0],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['-5s', -5_000],
    ['+5s', 5_000],
    ['.5s', 500],
    ['1.5ms', 1.5],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    ['1.5 minutes', 90_000],
    ['1 day', 86_400_000],
    ['250 milliseconds', 250],
    ['300 ms', 300],
    ['10 secs', 10_000],
    ['1 minute 30 seconds', 90_000],
    ['1 hour and 5 minutes', 3_900_000],
    ['1 minute, 30 seconds', 90_000],
    ['  6 minutes  ', 360_000],
    ['5 Minutes', 300_000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  assert.equal(parseDurationNs('1.000000001s'), 1_000_000_001n);
});

test('parseDuration: bad text throws DurationParseError naming the text and the accepted forms', () => {
  const cases: [string, string | undefined][] = [
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['5', 'time: missing unit in duration "5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['5d', 'time: unknown unit "d" in duration "5d"'],
    ['.s', 'time: invalid duration ".s"'],
    ['5 minuts', undefined],
    ['minutes 5', undefined],
    ['1m 30s', undefined],
    ['five minutes', undefined],
    ['-5 minutes', undefined],
  ];
  for (const [text, reason] of cases) {
    assert.throws(
      () => parseDuration(text),
      (e: unknown) =>
        e instanceof DurationParseError &&
        e.text === text &&
        e.message.startsWith(`invalid duration ${JSON.stringify(text)}${reason ? ` (${reason})` : ''}: `) &&
        e.message.includes('90 seconds') &&
        e.message.includes('1m30s'),
      text,
    );
  }
});

test('formatDuration: Go time.Duration String() (fact 135: back-off 5m0s)', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [300_000, '5m0s'],
    [90_000, '1m30s'],
    [300, '300ms'],
    [10_000, '10s'],
    [3_600_000, '1h0m0s'],
    [2_500, '2.5s'],
    [5_400_000, '1h30m0s'],
    [86_400_000, '24h0m0s'],
    [1.5, '1.5ms'],
    [0.001, '1µs'],
    [0.0015, '1.5µs'],
    [-90_000, '-1m30s'],
    [61_001, '1m1.001s'],
    [40_000, '40s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  assert.equal(formatDurationNs(1n), '1ns');
  assert.equal(formatDurationNs(1_100n), '1.1µs');
});

test('property: formatDuration output parses back to the same milliseconds', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }),
    { numRuns: 500 },
  );
});
