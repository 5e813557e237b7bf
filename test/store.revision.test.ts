import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRevision, formatRevision } from '../src/store/revision';
import type { Revision } from '../src/store';

const cases: [Revision, Revision, number][] = [
  [{ main: 1, sub: 0 }, { main: 1, sub: 0 }, 0],
  [{ main: 1, sub: 0 }, { main: 2, sub: 0 }, -1],
  [{ main: 2, sub: 0 }, { main: 1, sub: 9 }, 1],
  [{ main: 3, sub: 1 }, { main: 3, sub: 2 }, -1],
  [{ main: 3, sub: 2 }, { main: 3, sub: 1 }, 1],
];

for (const [a, b, sign] of cases) {
  test(`revision: ${formatRevision(a)} vs ${formatRevision(b)} is ${sign}`, () => {
    assert.equal(Math.sign(compareRevision(a, b)), sign);
  });
}
