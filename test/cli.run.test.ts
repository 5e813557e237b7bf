// `kubespec run` end to end on a feature with every outcome: exit code, console, JUnit, messages, Allure results.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, kubespec, readJsonFiles, scratch, type Result } from './fixtures/cli/spawn';

let cwd: string;
let run: Result;

before(async () => {
  cwd = scratch('mixed.feature');
  // Results of an earlier run must not reach this run's report.
  fs.mkdirSync(path.join(cwd, 'reports', 'allure-results'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'reports', 'allure-results', 'stale-result.json'), '{}');
  // No PATH argument: the default is features/ under the working directory.
  run = await kubespec(['run', '--require', path.join(FIXTURES, 'steps.ts')], cwd);
});

test('a run with a failed scenario exits 1 and prints the summary line', () => {
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^5 scenarios \(2 passed, 2 failed, 1 undefined\)$/m);
  assert.match(run.stdout, /^11 steps \(7 passed, 2 failed, 1 undefined, 1 skipped\)$/m);
  assert.equal(run.stderr, '');
});

test('the console shows progress, then each failing step at its feature file and line', () => {
  assert.match(run.stdout, /^\.\.\.\.\.F-\.F\.U$/m);
  assert.match(run.stdout, /✖ When a step throws "boom" # features\/mixed\.feature:20/);
  assert.match(run.stdout, /- Then the seed is 1 # features\/mixed\.feature:21/);
  assert.match(run.stdout, /Replay: npx kubespec run features\/mixed\.feature:18 --seed 1/);
});

test("a UserError prints its message without a stack trace; other errors keep theirs", () => {
  const block = section(run.stdout, "Scenario: a user's mistake");
  assert.match(block, /✖ When the user makes the mistake "pod \\"web-9\\" not found" # features\/mixed\.feature:25\n {7}pod "web-9" not found\n/);
  assert.doesNotMatch(block, /^\s+at /m);
  assert.doesNotMatch(block, /UserError/);
  const bug = section(run.stdout, 'Scenario: a bug in a step');
  assert.match(bug, /Error: boom\n\s+at .*steps\.ts:\d+/);
});

test('an undefined step prints a snippet and fails the run', () => {
  const block = section(run.stdout, 'Scenario: an undefined step');
  assert.match(block, /\? When nobody defined this step # features\/mixed\.feature:29/);
  assert.match(block, /Undefined\. Implement with the following snippet:/);
  assert.match(block, /When\('nobody defined this step', async function \(\) \{/);
});

test('JUnit XML and Cucumber messages are written under reports/', () => {
  const junit = fs.readFileSync(path.join(cwd, 'reports', 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuite name="kubespec"[^>]* tests="5"/);
  assert.equal((junit.match(/<testcase /g) ?? []).length, 5);
  const lines = fs.readFileSync(path.join(cwd, 'reports', 'cucumber-messages.ndjson'), 'utf8').trim().split('\n');
  const envelopes = lines.map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(envelopes.filter((e) => e.testCaseFinished).length, 5);
  assert.equal(envelopes.at(-1)?.testRunFinished?.success, false);
});

test('Allure results: one per scenario, each with its seed and the scheduler scores; failed ones carry state, timeline and diff', () => {
  const dir = path.join(cwd, 'reports', 'allure-results');
  assert.equal(fs.existsSync(path.join(dir, 'stale-result.json')), false);
  const results = readJsonFiles(dir, '-result.json');
  assert.deepEqual(results.map((r) => r.name).sort(), [
    'a bug in a step',
    "a user's mistake",
    'an undefined step',
    'passes',
    'reads a doc string and a table',
  ]);
  const byName = new Map(results.map((r) => [r.name as string, r]));
  for (const r of results) assert.deepEqual(r.parameters, [{ name: 'seed', value: '1' }], r.name);
  assert.equal(byName.get('passes')!.status, 'passed');
  assert.equal(byName.get('an undefined step')!.status, 'broken');
  for (const name of ['a bug in a step', "a user's mistake"]) {
    const attachments = attachmentsOf(byName.get(name)!);
    assert.deepEqual(attachments.map((a) => `${a.name} ${a.type}`), [
      'seed text/plain',
      'scheduler-scores.txt text/plain',
      'cluster-state.yaml text/yaml',
      'timeline.txt text/plain',
      'diff text/plain',
    ]);
    const state = attachments.find((a) => a.name === 'cluster-state.yaml')!;
    assert.match(fs.readFileSync(path.join(dir, state.source), 'utf8'), /kind: Pod/);
  }
  assert.deepEqual(attachmentsOf(byName.get('passes')!).map((a) => a.name), ['seed', 'scheduler-scores.txt']);
  assert.equal(byName.get("a user's mistake")!.statusDetails.message, 'pod "web-9" not found');
});

/** The console block of one failed scenario. */
function section(stdout: string, heading: string): string {
  const start = stdout.indexOf(heading);
  assert.ok(start >= 0, `no "${heading}" in:\n${stdout}`);
  const next = /\n\n(?:\d+\) Scenario|\d+ scenarios? )/.exec(stdout.slice(start));
  return stdout.slice(start, next ? start + next.index + 1 : undefined);
}

function attachmentsOf(result: Record<string, any>): Array<{ name: string; type: string; source: string }> {
  const steps = result.steps as Array<{ attachments?: Array<{ name: string; type: string; source: string }> }>;
  return [...(result.attachments ?? []), ...steps.flatMap((s) => s.attachments ?? [])].filter((a) => a.type !== 'text/csv');
}
