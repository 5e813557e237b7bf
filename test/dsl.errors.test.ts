// A mistake in a feature file gets a message naming the file and line (and the object and field), never a
// stack trace from inside kubespec and never a silent pass: `kubespec run` end to end, with the built-in steps.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResourceRegistry } from '../src/api/resources';
import { parseManifest } from '../src/dsl/manifest';
import { unknownKindMessage } from '../src/dsl/messages';

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'kubespec.js');
const FEATURES = path.join(__dirname, 'fixtures', 'errors', 'features');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kubespec run ARGS` in `cwd`, with the real built-in steps (no KUBESPEC_BUILTIN_STEPS override). */
function kubespec(args: string[], cwd: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.KUBESPEC_BUILTIN_STEPS;
  delete env.NODE_TEST_CONTEXT; // the child is a CLI run, not a node:test child
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let cwd: string;
let errors: Result;
let undefinedOnly: Result;
let state: Result;

before(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kubespec-errors-'));
  process.on('exit', () => fs.rmSync(cwd, { recursive: true, force: true }));
  fs.cpSync(FEATURES, path.join(cwd, 'features'), { recursive: true });
  [errors, undefinedOnly, state] = await Promise.all([
    kubespec(['run', 'features/errors.feature', '--'], cwd),
    kubespec(['run', 'features/errors.feature:100', '--'], cwd),
    kubespec(['run', 'features/state.feature', '--'], cwd),
  ]);
});

/**
 * Each scenario of errors.feature: the step that fails (at its feature file line) and what its message says.
 * The fixture's line numbers are part of the contract: a message must point at them exactly.
 */
const CASES: Array<{ scenario: string; step: string; says: string[] }> = [
  {
    scenario: 'malformed YAML in a doc string',
    step: 'Given the manifest: # features/errors.feature:5',
    // The third line of the doc string (file line 9) is indented under `kind: ConfigMap`; its key starts in column 9.
    says: ['features/errors.feature:9, column 9: malformed YAML in the manifest: mapping values are not allowed in this context'],
  },
  {
    scenario: 'malformed YAML in a manifest file',
    step: 'Given the manifest "manifests/bad.yaml" # features/errors.feature:14',
    says: ['features/manifests/bad.yaml:5, column 4: malformed YAML in the manifest: mapping values are not allowed in this context'],
  },
  {
    scenario: 'a manifest file that does not exist',
    step: 'Given the manifest "manifests/missing.yaml" # features/errors.feature:17',
    says: ['features/errors.feature:17: no manifest file or folder at features/manifests/missing.yaml'],
  },
  {
    scenario: 'an unknown kind',
    step: 'When I apply the manifest: # features/errors.feature:20',
    says: ['features/errors.feature:22: no matches for kind "Pood" in version "v1": did you mean Pod (apiVersion "v1")?'],
  },
  {
    scenario: 'a known kind under a wrong apiVersion',
    step: 'When I apply the manifest: # features/errors.feature:29',
    // The second document of the doc string, after `---`.
    says: ['features/errors.feature:36: no matches for kind "Service" in version "apps/v1": Service is served under apiVersion "v1"'],
  },
  {
    scenario: 'an invalid object',
    step: 'When I apply the manifest: # features/errors.feature:43',
    says: [
      'features/errors.feature:45: the API server rejected Deployment "web" (422 Invalid): Deployment.apps "web" is invalid: [spec.selector: Required value, ',
      'spec.template.metadata.labels is at features/errors.feature:52',
    ],
  },
  {
    scenario: 'an unknown field',
    step: 'When I apply the manifest: # features/errors.feature:60',
    says: [
      'features/errors.feature:62: the API server rejected Deployment "web" (400 BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
      'spec.replica is at features/errors.feature:67',
    ],
  },
  {
    scenario: 'a bad duration to pass',
    step: 'When 5 fortnights pass # features/errors.feature:80',
    says: ['features/errors.feature:80: invalid duration "5 fortnights": expected a number and a unit (90 seconds, 1 second, 1 minute, 5 minutes, 2 hours) or a Go duration (1m30s, 300ms, 1h, 10s, 2.5s)'],
  },
  {
    scenario: 'a bad duration in an assertion',
    step: 'Then within 3 parsecs configmap "x" exists # features/errors.feature:83',
    says: ['features/errors.feature:83: invalid duration "3 parsecs": expected a number and a unit'],
  },
  {
    scenario: 'a bad quantity in the nodes table',
    step: 'Given a cluster with nodes: # features/errors.feature:86',
    says: ['features/errors.feature:86: node "node-a", column cpu: "lots" is not a quantity such as 4 or 500m'],
  },
  {
    scenario: 'a bad taint in the nodes table',
    step: 'Given a cluster with nodes: # features/errors.feature:91',
    says: ['features/errors.feature:91: node "node-a", column taints: "nocolon" is not a taint: write key=value:Effect or key:Effect'],
  },
  {
    scenario: 'an unknown column in the nodes table',
    step: 'Given a cluster with nodes: # features/errors.feature:96',
    says: ['features/errors.feature:96: unknown column "gpus" in the nodes table; columns are name, cpu, memory, pods, labels, taints, zone, images, unschedulable'],
  },
  {
    scenario: 'an undefined step',
    step: '? When the moon is full # features/errors.feature:101',
    // The snippet keeps the user's words: no `{kind}`/`{ref}`/`{duration}` guessed from them.
    says: ['Undefined. Implement with the following snippet:', "When('the moon is full', async function () {"],
  },
  {
    scenario: 'asserting on an unknown kind',
    step: 'Then gizmo "x" exists # features/errors.feature:104',
    says: ['features/errors.feature:104: unknown kind "gizmo": use a kubectl resource name such as pod'],
  },
  {
    scenario: 'a malformed reference',
    step: 'Then pod "a/b/c" exists # features/errors.feature:107',
    says: ['features/errors.feature:107: "a/b/c" is not an object reference: write "name" or "namespace/name"'],
  },
  {
    scenario: 'a rejection without a try',
    step: 'Then the request is rejected with status 404 # features/errors.feature:110',
    says: ['features/errors.feature:110: no request was tried: use "When I try to apply the manifest:" before this step'],
  },
  {
    scenario: 'a rejection after an accepted try',
    step: 'Then the request is rejected with status 404 # features/errors.feature:120',
    says: ['features/errors.feature:120: expected the request to be rejected with status 404, but it was accepted'],
  },
  {
    scenario: 'a failed assertion',
    step: 'Then configmap "settings" matches: # features/errors.feature:133',
    says: ['ConfigMap "settings" does not match:', 'data.mode: expected "slow", got "fast"', '(at T+2m0s)'],
  },
  {
    scenario: 'a timed assertion that never holds',
    step: 'Then within 30 seconds configmap "settings" exists # features/errors.feature:141',
    says: ['expected ConfigMap "settings" to exist, but it does not', 'still not true after 30s (virtual time T+1m0s → T+1m30s)'],
  },
  {
    scenario: 'an empty manifest',
    step: 'Given the manifest: # features/errors.feature:144',
    says: ['features/errors.feature:144: the manifest has no objects (error: no objects passed to apply)'],
  },
  {
    scenario: 'a name that is not a string',
    step: 'When I apply the manifest: # features/errors.feature:150',
    says: ['features/errors.feature:155: metadata.name must be a string, not the number 42 (quote it: "42")'],
  },
  {
    scenario: 'an alias without its anchor',
    step: 'When I apply the manifest: # features/errors.feature:159',
    says: ['features/errors.feature:165, column 17: malformed YAML in the manifest: the alias has no anchor before it'],
  },
  {
    scenario: 'malformed YAML in a patch',
    step: 'When I patch configmap "settings" with: # features/errors.feature:176',
    says: ['features/errors.feature:180, column 11: malformed YAML in the patch: mapping values are not allowed in this context'],
  },
];

test('every scenario with a mistake fails the run; none passes silently', () => {
  assert.equal(errors.code, 1, errors.stderr);
  assert.equal(errors.stderr, '');
  assert.match(errors.stdout, new RegExp(`^${CASES.length} scenarios \\(${CASES.length - 1} failed, 1 undefined\\)$`, 'm'));
});

for (const c of CASES) {
  test(`${c.scenario}: the failing step and its message`, () => {
    const block = section(errors.stdout, c.scenario);
    const mark = c.step.startsWith('?') ? '' : '✖ ';
    assert.ok(block.includes(`${mark}${c.step}\n`), `no "${mark}${c.step}" in:\n${block}`);
    for (const text of c.says) assert.ok(block.includes(text), `no "${text}" in:\n${block}`);
    assertNoInternals(block);
  });
}

test('no message shows a stack trace or kubespec internals', () => {
  assertNoInternals(errors.stdout);
});

test('an undefined step alone fails the run (exit 1) and prints the snippet', () => {
  assert.equal(undefinedOnly.code, 1, undefinedOnly.stdout + undefinedOnly.stderr);
  assert.match(undefinedOnly.stdout, /^1 scenario \(1 undefined\)$/m);
  assert.match(undefinedOnly.stdout, /When\('the moon is full', async function \(\) \{/);
});

test('state does not leak: a ConfigMap created in one scenario does not exist in the next', () => {
  assert.equal(state.code, 0, state.stdout + state.stderr);
  assert.match(state.stdout, /^2 scenarios \(2 passed\)$/m);
});

// ---- in process: where parseManifest places mistakes, for text that starts at line 10 of f.feature with 6
// columns of doc string indentation removed (so the text's column 1 is the file's column 7).

const MANIFEST_ERRORS: Array<{ name: string; yaml: string; message: string }> = [
  { name: 'a line indented under a scalar value', yaml: 'apiVersion: v1\nkind: ConfigMap\n  metadata:\n', message: 'f.feature:12, column 9: malformed YAML in the manifest: mapping values are not allowed in this context' },
  { name: 'a line indented less than its siblings', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n labels: {}\n', message: 'f.feature:14, column 7: malformed YAML in the manifest: All mapping items must start at the same column' },
  { name: 'a tab as indentation', yaml: 'apiVersion: v1\n\tkind: ConfigMap\n', message: 'f.feature:11, column 7: malformed YAML in the manifest: Tabs are not allowed as indentation' },
  { name: 'a duplicate key', yaml: 'apiVersion: v1\nkind: ConfigMap\nkind: Pod\n', message: 'f.feature:12, column 7: malformed YAML in the manifest: Map keys must be unique' },
  { name: 'a document that is a list', yaml: '- apiVersion: v1\n', message: 'f.feature:10: a manifest document must be a mapping with apiVersion, kind and metadata, not a list' },
  { name: 'a document without kind', yaml: 'apiVersion: v1\nmetadata: {name: x}\n', message: 'f.feature:10: the manifest document has no kind' },
  { name: 'metadata that is a string', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: x\n', message: 'f.feature:12: metadata must be a mapping (name, namespace, labels, ...), not "x"' },
  { name: 'a numeric namespace in the second document', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: 7\n', message: 'f.feature:18: metadata.namespace must be a string, not the number 7 (quote it: "7")' },
  { name: 'a List item that is not an object', yaml: 'apiVersion: v1\nkind: List\nitems:\n  - 1\n', message: 'f.feature:13: items[0] of the List must be an object with apiVersion, kind and metadata, not the number 1' },
  { name: 'an alias without its anchor', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: *meta\n', message: 'f.feature:12, column 17: malformed YAML in the manifest: the alias has no anchor before it' },
];

for (const c of MANIFEST_ERRORS) {
  test(`parseManifest: ${c.name}`, () => {
    assert.throws(() => parseManifest(c.yaml, 'f.feature', 10, 6), (e: Error) => {
      assert.ok(e.message.startsWith(c.message), `${e.message}\n  does not start with\n${c.message}`);
      assert.equal(e.stack, e.message, 'printed without a stack trace');
      return true;
    });
  });
}

const FIELDS: Array<{ field: string; at: string | undefined }> = [
  { field: 'metadata.name', at: 'f.feature:13' },
  { field: 'metadata.labels[app.kubernetes.io/name]', at: 'f.feature:15' },
  { field: 'metadata.labels.app.kubernetes.io/name', at: 'f.feature:15' },
  { field: 'spec.template.spec.containers[1].image', at: 'f.feature:22' },
  { field: 'spec.template.spec.containers[1]', at: 'f.feature:21' },
  { field: 'spec.selector', at: undefined },
  { field: 'spec.template.spec.containers[2]', at: undefined },
];

test('a field the API server names is found on its line of the document', () => {
  const yaml = [
    'apiVersion: apps/v1', // 10
    'kind: Deployment',
    'metadata:',
    '  name: web', // 13
    '  labels:',
    '    app.kubernetes.io/name: web', // 15
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: a', // 20
    '        - name: b', // 21
    '          image: nginx', // 22
  ].join('\n');
  const [doc] = parseManifest(yaml, 'f.feature', 10, 6);
  assert.equal(doc.where, 'f.feature:10');
  assert.deepEqual(FIELDS.map((f) => ({ field: f.field, at: doc.fieldAt?.(f.field) })), FIELDS);
});

test('an unknown kind: the apiVersion it is served under, a close name, or the CRD hint', () => {
  const registry = ResourceRegistry.builtin();
  const doc = { object: {}, where: 'f.feature:3' };
  const table: Array<[string, string, string]> = [
    ['apps/v1', 'Service', 'f.feature:3: no matches for kind "Service" in version "apps/v1": Service is served under apiVersion "v1"'],
    ['apps/v1', 'Deploymnet', 'f.feature:3: no matches for kind "Deploymnet" in version "apps/v1": did you mean Deployment (apiVersion "apps/v1")?'],
    ['example.com/v1', 'Gizmo', 'f.feature:3: no matches for kind "Gizmo" in version "example.com/v1": ensure CRDs are installed first'],
  ];
  for (const [apiVersion, kind, message] of table) assert.ok(unknownKindMessage(doc, registry, apiVersion, kind).startsWith(message), kind);
});

function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /^\s+at /m, 'a stack trace');
  for (const internal of ['src/dsl/', 'src/api', 'apiserver.ts', 'node_modules', 'UserError', 'TypeError', 'ReferenceError']) {
    assert.ok(!text.includes(internal), `"${internal}" in:\n${text}`);
  }
}

/** The console block of one scenario in the failure list, up to the next one. */
function section(stdout: string, scenario: string): string {
  const heading = `Scenario: ${scenario} #`;
  const start = stdout.indexOf(heading);
  assert.ok(start >= 0, `no "${heading}" in:\n${stdout}`);
  const next = /\n\n(?:\d+\) Scenario|\d+ scenarios? )/.exec(stdout.slice(start));
  return stdout.slice(start, next ? start + next.index + 1 : undefined);
}
