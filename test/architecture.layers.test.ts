// ARCHITECTURE.md, "src/ layers": each layer imports only the layers above it in this list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const LAYERS = ['sim', 'store', 'api', 'apiserver', 'client', 'controllers', 'scheduler', 'kubelet', 'network', 'cluster', 'dsl', 'report', 'cli'];
const SRC = path.resolve(__dirname, '..', 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|cjs|js)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** The layer a file belongs to; `register.js` at the root of src/ is the TypeScript loader, in no layer. */
function layerOf(file: string): string | undefined {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(path.sep);
  return parts.length === 1 ? '' : parts[0];
}

test('every src/ layer imports only itself and the layers above it', () => {
  const problems: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file)!;
    if (from === '') continue;
    const rank = LAYERS.indexOf(from);
    assert.ok(rank >= 0, `src/${from} is not a layer of ARCHITECTURE.md`);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.[^'"]+)['"]/g)) {
      const target = layerOf(path.resolve(path.dirname(file), m[1]));
      if (target === undefined) {
        problems.push(`${path.relative(SRC, file)} imports ${m[1]}, outside src/`);
        continue;
      }
      if (target !== '' && LAYERS.indexOf(target) > rank) problems.push(`${path.relative(SRC, file)} (${from}) imports ${m[1]} (${target}, a lower layer)`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the simulation reads no wall clock and no unseeded randomness', () => {
  const problems: string[] = [];
  for (const file of files(SRC)) {
    const layer = layerOf(file)!;
    if (layer === 'cli' || layer === 'report') continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/\b(Date\.now|new Date\(\)|Math\.random|setTimeout|setInterval|setImmediate|performance\.now)\b/.test(code)) {
        problems.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(problems, []);
});
