// src/cli/main.ts in-process: options, help, and the exit codes of a command that cannot run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { main } from '../src/cli/main';
import { cucumberConfiguration, profiles } from '../src/cli/config';
import { builtinStepPaths, PACKAGE_ROOT } from '../src/cli/paths';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(['node', 'kubespec', ...args], { stdout, stderr, cwd: '/tmp', env: {} });
  return { code, out: stdout.text, err: stderr.text };
}

test('help exits 0; a bad option or command exits 2 with a message', async () => {
  const table: Array<[string[], number, RegExp, 'out' | 'err']> = [
    [['--help'], 0, /Usage: kubespec \[options\] \[command\]/, 'out'],
    [['run', '--help'], 0, /--seed <n>/, 'out'],
    [['run', '--seed', 'abc'], 2, /option '-s, --seed <n>' argument 'abc' is invalid\. Expected a whole number\./, 'err'],
    [['run', '--parallel', '-1'], 2, /Expected a whole number, 0 or more\./, 'err'],
    [['run', '--profile', 'fast'], 2, /Allowed choices are default, ci, parallel/, 'err'],
    [['frobnicate'], 2, /unknown command 'frobnicate'/, 'err'],
  ];
  for (const [args, code, text, stream] of table) {
    const r = await cli(...args);
    assert.equal(r.code, code, args.join(' '));
    assert.match(stream === 'out' ? r.out : r.err, text, args.join(' '));
  }
});

test('the configuration: built-in steps from the package, user files from cwd, reports under cwd, seed to the World', () => {
  const config = cucumberConfiguration({
    paths: ['features/a.feature:3'],
    require: ['my-steps'],
    format: ['html:out.html'],
    tags: '@smoke',
    seed: 42,
    profile: 'default',
    cwd: '/home/me/project',
    env: {},
  });
  assert.deepEqual(config.paths, ['features/a.feature:3']);
  assert.deepEqual(config.require, [`${PACKAGE_ROOT}/steps/**/*.{ts,js}`, '/home/me/project/my-steps']);
  assert.deepEqual(config.worldParameters, { seed: 42 });
  assert.equal(config.tags, '@smoke');
  assert.equal(config.strict, true);
  assert.equal(config.parallel, 0);
  const targets = (config.format ?? []).map((f) => (Array.isArray(f) ? f[1] : f));
  assert.ok(targets.includes('/home/me/project/reports/junit.xml'));
  assert.ok(targets.includes('/home/me/project/reports/cucumber-messages.ndjson'));
  assert.ok(targets.includes('html:out.html'));
  assert.equal((config.formatOptions as { resultsDir: string }).resultsDir, '/home/me/project/reports/allure-results');
});

test('profiles: ci adds the HTML report, parallel uses workers; none sets paths (Cucumber adds them up)', () => {
  const p = profiles('/w', {});
  assert.equal(p.default.parallel, 0);
  assert.ok((p.parallel.parallel ?? 0) >= 1);
  assert.ok(p.ci.format?.some((f) => Array.isArray(f) && f[0] === 'html' && f[1] === '/w/reports/cucumber.html'));
  for (const profile of Object.values(p)) assert.equal(profile.paths, undefined);
});

test('KUBESPEC_BUILTIN_STEPS replaces the built-in steps; empty means none', () => {
  assert.deepEqual(builtinStepPaths({ KUBESPEC_BUILTIN_STEPS: '' }, '/w'), []);
  assert.deepEqual(builtinStepPaths({ KUBESPEC_BUILTIN_STEPS: 'a.ts:/abs/b.ts' }, '/w'), ['/w/a.ts', '/abs/b.ts']);
});
