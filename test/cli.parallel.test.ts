// `--parallel N`: Cucumber's worker processes load the TypeScript steps and the World parameters too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FIXTURES, kubespec, readJsonFiles, scratch } from './fixtures/cli/spawn';

test('two worker processes run the scenarios with the seed', async () => {
  const cwd = scratch('passing.feature');
  const run = await kubespec(['run', '--parallel', '2', '--seed', '7', '--tags', 'not @excluded', '--require', path.join(FIXTURES, 'steps.ts')], cwd);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^2 scenarios \(2 passed\)$/m);
  const results = readJsonFiles(path.join(cwd, 'reports', 'allure-results'), '-result.json');
  assert.equal(results.length, 2);
  for (const r of results) assert.deepEqual(r.parameters, [{ name: 'seed', value: '7' }]);
});
