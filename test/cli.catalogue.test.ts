// src/report/catalogue.ts and catalogue_check.ts: grouping, rendering, and the truthfulness check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleLines, exampleStepText, groupBySection, renderMarkdown, renderText, shownArgument, trimBlock, type StepDoc } from '../src/report/catalogue';
import { checkCatalogue, type DefinedStep } from '../src/report/catalogue_check';

function doc(partial: Partial<StepDoc> & Pick<StepDoc, 'pattern'>): StepDoc {
  return { keyword: 'Given', example: `Given ${partial.pattern}`, section: 'Other', argument: 'none', ...partial };
}

/** A step definition matching exactly the given texts. */
function defined(pattern: string, ...texts: string[]): DefinedStep {
  return { pattern, uri: 'steps/x.ts', line: 1, matchesStepName: (t) => texts.includes(t) };
}

test('sections follow STEPS.md; unknown ones come just before Other', () => {
  const docs = [
    doc({ pattern: 'o', section: 'Other' }),
    doc({ pattern: 'mine', section: 'My team' }),
    doc({ pattern: 't', section: 'Traffic' }),
    doc({ pattern: 'c', section: 'Cluster' }),
    doc({ pattern: 'time', section: 'Time' }),
    doc({ pattern: 'c2', section: 'Cluster' }),
  ];
  assert.deepEqual(
    groupBySection(docs).map((g) => [g.section, g.steps.map((s) => s.pattern)]),
    [['Time', ['time']], ['Cluster', ['c', 'c2']], ['Traffic', ['t']], ['My team', ['mine']], ['Other', ['o']]],
  );
});

test('examples: keyword added when missing, step text without keyword, blocks dedented', () => {
  const table: Array<[Partial<StepDoc>, string[], string]> = [
    [{ keyword: 'When', example: '6 minutes pass' }, ['When 6 minutes pass'], '6 minutes pass'],
    [{ keyword: 'Then', example: 'And pod "a" is Running' }, ['And pod "a" is Running'], 'pod "a" is Running'],
    [
      { keyword: 'Given', example: '\n    Given the manifest:\n      """\n      kind: Pod\n      """\n  ' },
      ['Given the manifest:', '  """', '  kind: Pod', '  """'],
      'the manifest:',
    ],
  ];
  for (const [partial, lines, text] of table) {
    const d = doc({ pattern: 'p', ...partial });
    assert.deepEqual(exampleLines(d), lines);
    assert.equal(exampleStepText(d), text);
  }
  assert.equal(trimBlock('\n  a\n    b\n'), 'a\n  b');
});

test('Markdown: a heading per step, the example in a fence longer than any backtick run inside it', () => {
  const md = renderMarkdown([
    doc({ pattern: 'a cluster with {int} node(s)', section: 'Cluster', example: 'Given a cluster with 3 nodes', doc: 'Nodes `node-1`..`node-N`.' }),
    doc({ pattern: 'the text:', argument: 'docstring', example: 'Given the text:\n  ```\n  x\n  ```' }),
  ]);
  assert.match(md, /^- \[Cluster\]\(#cluster\) \(1\)$/m);
  assert.match(md, /^## Cluster\n\n### `Given a cluster with \{int\} node\(s\)`\n\nNodes `node-1`\.\.`node-N`\.\n\n```gherkin\nGiven a cluster with 3 nodes\n```$/m);
  assert.match(md, /^````gherkin\nGiven the text:\n {2}```\n {2}x\n {2}```\n````$/m);
  assert.ok(md.endsWith('````\n'));
});

test('the argument an example shows', () => {
  const table: Array<[string, string]> = [
    ['Given a cluster with 3 nodes', 'none'],
    ['Given the manifest:\n  """\n  kind: Pod\n  """', 'docstring'],
    ['Given the manifest:\n  ```yaml\n  kind: Pod\n  ```', 'docstring'],
    ['Given a cluster with nodes:\n  | name   |\n  | node-1 |', 'table'],
  ];
  for (const [example, argument] of table) assert.equal(shownArgument(example), argument, example);
});

test('text: section, pattern, note, example; and the count', () => {
  const text = renderText([doc({ pattern: 'x', section: 'Time', doc: 'Note.' })]);
  assert.equal(text, 'Time\n  Given x\n    Note.\n      Given x\n\n1 step\n');
});

test('the check finds examples that do not run their step, missing arguments, undocumented steps', () => {
  const table: Array<[string, StepDoc[], DefinedStep[], RegExp[]]> = [
    ['all good', [doc({ pattern: 'a {int}', example: 'Given a 1' })], [defined('a {int}', 'a 1')], []],
    ['no match', [doc({ pattern: 'a {int}', example: 'Given a b' })], [defined('a {int}', 'a 1')], [/example "a b" matches no step/]],
    [
      'ambiguous',
      [doc({ pattern: 'a {int}', example: 'Given a 1' }), doc({ pattern: 'a {word}', example: 'Given a x' })],
      [defined('a {int}', 'a 1'), defined('a {word}', 'a 1', 'a x')],
      [/"Given a \{int\}": its example "a 1" is ambiguous: "a \{int\}" \(steps\/x\.ts:1\), "a \{word\}"/],
    ],
    [
      'runs another step',
      [doc({ pattern: 'b', example: 'Given c' }), doc({ pattern: 'c' })],
      [defined('b', 'b'), defined('c', 'c')],
      [/"Given b": its example "c" runs "c" instead/],
    ],
    [
      'table not shown',
      [doc({ pattern: 'rows:', argument: 'table', example: 'Given rows:' })],
      [defined('rows:', 'rows:')],
      [/takes a table but its example shows no doc string or table/],
    ],
    [
      'doc string shown for a plain step',
      [doc({ pattern: 'p', example: 'Given p\n  """\n  x\n  """' })],
      [defined('p', 'p')],
      [/takes no doc string or table but its example shows a doc string/],
    ],
    ['undocumented', [], [defined('z', 'z')], [/"z" \(steps\/x\.ts:1\) has no catalogue entry/]],
  ];
  for (const [name, docs, defs, expected] of table) {
    const problems = checkCatalogue(docs, defs);
    assert.equal(problems.length, expected.length, `${name}: ${problems.join('; ')}`);
    expected.forEach((re, i) => assert.match(problems[i], re, name));
  }
});
