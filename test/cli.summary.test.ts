// src/report/summary.ts: the summary lines of the console output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Status } from '@cucumber/cucumber';
import { countLine, formatDuration } from '../src/report/summary';

test('count lines: passed first, then failed (STEPS.md), the rest in Cucumber order; zero counts left out', () => {
  const { PASSED, FAILED, UNDEFINED, SKIPPED, PENDING, AMBIGUOUS } = Status;
  const table: Array<['scenario' | 'step', Array<(typeof Status)[keyof typeof Status]>, string]> = [
    ['scenario', [], '0 scenarios'],
    ['scenario', [PASSED], '1 scenario (1 passed)'],
    ['scenario', [FAILED], '1 scenario (1 failed)'],
    ['scenario', [FAILED, PASSED, PASSED], '3 scenarios (2 passed, 1 failed)'],
    ['scenario', [UNDEFINED, FAILED, PASSED, AMBIGUOUS, PENDING], '5 scenarios (1 passed, 1 failed, 1 ambiguous, 1 undefined, 1 pending)'],
    ['step', [SKIPPED, PASSED, FAILED, SKIPPED], '4 steps (1 passed, 1 failed, 2 skipped)'],
  ];
  for (const [noun, statuses, line] of table) assert.equal(countLine(noun, statuses), line);
});

test('durations as Cucumber prints them', () => {
  const table: Array<[number, string]> = [
    [0, '0m00.000s'],
    [1234, '0m01.234s'],
    [61_005, '1m01.005s'],
  ];
  for (const [ms, text] of table) assert.equal(formatDuration(ms), text);
});
