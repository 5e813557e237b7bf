// `--seed`, `--tags` and `file:line` reach Cucumber; the default seed is 1; a World without reportSource() still
// reports its seed (from the World parameters).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FIXTURES, kubespec, readJsonFiles, scratch, type Result } from './fixtures/cli/spawn';

const STEPS = path.join(FIXTURES, 'steps.ts');
const PLAIN_WORLD = { FIXTURE_PLAIN_WORLD: '1' };

let seeded: { cwd: string; run: Result };
let byLine: { cwd: string; run: Result };

before(async () => {
  const start = async (args: string[]): Promise<{ cwd: string; run: Result }> => {
    const cwd = scratch('passing.feature');
    return { cwd, run: await kubespec([...args, '--require', STEPS], cwd, PLAIN_WORLD) };
  };
  [seeded, byLine] = await Promise.all([
    start(['run', 'features', '--seed', '7', '--tags', 'not @excluded']),
    start(['run', 'features/passing.feature:3']),
  ]);
});

test('--seed reaches the World parameters and the Allure parameter; --tags filters', () => {
  const { cwd, run } = seeded;
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^2 scenarios \(2 passed\)$/m);
  const results = readJsonFiles(path.join(cwd, 'reports', 'allure-results'), '-result.json');
  assert.equal(results.length, 2);
  for (const r of results) assert.deepEqual(r.parameters, [{ name: 'seed', value: '7' }]);
});

test('file:line runs one scenario; without --seed the seed is 1, so "the seed is 7" fails and the run exits 1', () => {
  const { cwd, run } = byLine;
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^1 scenario \(1 failed\)$/m);
  assert.match(run.stdout, /Expected values to be strictly equal:\n\s+1 !== 7/);
  assert.match(run.stdout, /Replay: npx kubespec run features\/passing\.feature:3 --seed 1/);
  const [result] = readJsonFiles(path.join(cwd, 'reports', 'allure-results'), '-result.json');
  assert.deepEqual(result.parameters, [{ name: 'seed', value: '1' }]);
});
