import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sprintf } from '../src/client/sprintf';

const cases: Array<[string, unknown[], string]> = [
  ['Created pod: %v', ['web-0'], 'Created pod: web-0'],
  ['Scaled up replica set %s to %d from %d', ['web-5d4f', 3, 1], 'Scaled up replica set web-5d4f to 3 from 1'],
  ['Container image %q already present on machine', ['nginx:1.27'], 'Container image "nginx:1.27" already present on machine'],
  ['%d%%', [50], '50%'],
  ['%x', [255], 'ff'],
  ['%X', [255], 'FF'],
  ['%5d|%-5d|%05d', [42, 42, 42], '   42|42   |00042'],
  ['%.2f', [1.005], '1.00'],
  ['%t', [true], 'true'],
  ['%v', [[1, 2]], '[1 2]'],
  ['%v', [null], '<nil>'],
  ['%v', [new Error('boom')], 'boom'],
  ['%d', ['x'], '%!d(string=x)'],
  ['%s and %s', ['a'], 'a and %!s(MISSING)'],
  ['%s', ['a', 2], 'a%!(EXTRA int=2)'],
  ['no verbs', [], 'no verbs'],
];

for (const [fmt, args, want] of cases) {
  test(`sprintf(${JSON.stringify(fmt)}, ${JSON.stringify(args)})`, () => {
    assert.equal(sprintf(fmt, ...args), want);
  });
}

test('sprintf: a format used again, or one of many distinct formats, prints as on first use', () => {
  const first = sprintf('%s has %d pods%%', 'n1', 3);
  assert.equal(sprintf('%s has %d pods%%', 'n1', 3), first);
  // More distinct formats than the parsed-format cache keeps.
  for (let i = 0; i < 1200; i++) assert.equal(sprintf(`#${i} %05d|%-3s|`, i, 'x'), `#${i} ${String(i).padStart(5, '0')}|x  |`);
  assert.equal(sprintf('%s has %d pods%%', 'n1', 3), 'n1 has 3 pods%');
});
