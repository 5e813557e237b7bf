// steps/support/define.ts: step() records the catalogue, registers with Cucumber at the step file's own line,
// and does not throw when a step file is loaded outside a Cucumber run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { catalogue, step, stepWithDocString } from '../steps/support/define';

const FIXTURES = path.join(__dirname, 'fixtures', 'cli');

test('requiring a step file outside a Cucumber run records its steps and does not throw', () => {
  assert.doesNotThrow(() => require(path.join(FIXTURES, 'catalogue_only.ts')));
  const docs = catalogue().filter((d) => d.source?.includes('catalogue_only.ts'));
  assert.deepEqual(
    docs.map((d) => [d.keyword, d.pattern, d.section, d.argument, d.source]),
    [
      ['Given', 'a fixture step with {int} thing(s)', 'Cluster', 'none', 'test/fixtures/cli/catalogue_only.ts:4'],
      ['Then', 'the fixture rows are:', 'Other', 'table', 'test/fixtures/cli/catalogue_only.ts:8'],
    ],
  );
});

test('inside loadSupport, Cucumber locates each step at its step file line, not in define.ts', async () => {
  const { runConfiguration } = await loadConfiguration({ file: false, provided: { require: [path.join(FIXTURES, 'steps.ts')] } });
  const library = (await loadSupport(runConfiguration)) as unknown as { stepDefinitions: Array<{ pattern: string; uri: string; line: number }> };
  const where = library.stepDefinitions.map((d) => `${d.pattern} @ ${d.uri}:${d.line}`);
  assert.ok(where.includes('a passing step @ test/fixtures/cli/steps.ts:30'), where.join('\n'));
  assert.ok(where.includes('a step throws {string} @ test/fixtures/cli/steps.ts:32'), where.join('\n'));
  for (const d of library.stepDefinitions) assert.doesNotMatch(d.uri, /define\.ts$/);
});

test('a step needs an example, and a doc string or table step shows its argument', () => {
  const noop = (): void => {};
  const table: Array<[string, () => void, RegExp]> = [
    ['empty example', () => step('Given', 'x', { section: 'Other', example: ' ' }, noop), /has no example/],
    ['doc string not shown', () => stepWithDocString('Given', 'y:', { section: 'Other', example: 'Given y:' }, noop), /its example must show it/],
  ];
  for (const [name, define, error] of table) assert.throws(define, error, name);
});
