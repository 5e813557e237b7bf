// `kubespec steps`: the catalogue from the step definitions, as text, as Markdown, and checked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, kubespec, scratch, type Result } from './fixtures/cli/spawn';

const NO_BUILTINS = { KUBESPEC_BUILTIN_STEPS: '' };
const written = scratch();
let text: Result;
let write: Result;
let bad: Result;

before(async () => {
  [text, write, bad] = await Promise.all([
    kubespec(['steps', '--require', path.join(FIXTURES, 'steps.ts')], scratch(), NO_BUILTINS),
    kubespec(['steps', '--write', 'docs/steps.md', '--check', '--require', path.join(FIXTURES, 'steps.ts')], written, NO_BUILTINS),
    kubespec(['steps', '--check', '--require', path.join(FIXTURES, 'bad_catalogue.ts')], scratch(), NO_BUILTINS),
  ]);
});

test('steps prints the catalogue grouped in STEPS.md section order, with examples', () => {
  const run = text;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const headings = run.stdout.split('\n').filter((l) => /^\S/.test(l));
  assert.deepEqual(headings, ['Objects', 'Faults', 'State assertions', 'Other', '6 steps']);
  assert.match(run.stdout, /^ {2}When the user makes the mistake \{string\}\n {4}Throws a UserError\.\n {6}When the user makes the mistake "no such pod"$/m);
  assert.match(run.stdout, /^ {6}Given the text:\n {8}"""\n {8}hello\n {8}"""$/m);
});

test('steps --write writes Markdown; --check passes on a truthful catalogue', () => {
  const cwd = written;
  const run = write;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'Wrote docs/steps.md (6 steps)\n');
  const md = fs.readFileSync(path.join(cwd, 'docs', 'steps.md'), 'utf8');
  assert.match(md, /^# Step catalogue$/m);
  assert.match(md, /^## Faults\n\n### `When a step throws \{string\}`\n\n```gherkin\nWhen a step throws "boom"\n```$/m);
});

test('steps --check exits 1 and names each problem', () => {
  const run = bad;
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '', '--check alone prints only the verdict');
  assert.match(run.stderr, /The step catalogue has 2 problems:/);
  assert.match(run.stderr, /"Given a step with \{int\} apples" \(.*bad_catalogue\.ts:5\): its example "a step with many apples" matches no step/);
  assert.match(run.stderr, /"an undocumented step" \(.*bad_catalogue\.ts:7\) has no catalogue entry/);
});
