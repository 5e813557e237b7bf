// Same features + same seed ⇒ byte-identical event log (ARCHITECTURE.md, "Virtual time, always").
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..');

function runFeatures(logDir: string, seed: number): Promise<{ code: number; out: string }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kubespec-det-'));
  const env: NodeJS.ProcessEnv = { ...process.env, KUBESPEC_EVENT_LOG_DIR: logDir, FORCE_COLOR: '0' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'bin', 'kubespec.js'), 'run', path.join(REPO, 'features'), '--seed', String(seed)], { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: stdout + stderr }),
    );
  });
}

function readLogs(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

let runs: { a: Map<string, string>; b: Map<string, string>; other: Map<string, string> };

before(async () => {
  const dirs = ['a', 'b', 'c'].map((x) => fs.mkdtempSync(path.join(os.tmpdir(), `kubespec-log-${x}-`)));
  const results = await Promise.all([runFeatures(dirs[0], 7), runFeatures(dirs[1], 7)]);
  const other = await runFeatures(dirs[2], 8);
  for (const r of [...results, other]) assert.equal(r.code, 0, r.out);
  runs = { a: readLogs(dirs[0]), b: readLogs(dirs[1]), other: readLogs(dirs[2]) };
});

test('running the whole suite twice with one seed gives identical event logs', () => {
  const { a, b } = runs;
  assert.ok(a.size >= 10, `expected an event log per scenario, got ${a.size}`);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [file, text] of a) {
    assert.ok(text.trim().length > 0, `${file} is empty`);
    assert.equal(b.get(file), text, `${file} differs between two runs with seed 7`);
  }
});

test('a different seed gives different logs (the seed reaches the simulation)', () => {
  const { a, other } = runs;
  const differing = [...a.keys()].filter((k) => a.get(k) !== other.get(k));
  assert.ok(differing.length > 0, 'seed 8 and seed 7 produced identical logs everywhere');
});
