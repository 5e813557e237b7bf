import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatcherGroup, type WatchTarget } from '../src/store/watcher_group';

interface W extends WatchTarget {
  id: number;
}

/** What forEachMatch must call: exact watchers first, then prefix watchers by first-added prefix length, each set in insertion order. */
function expected(ws: W[], key: string): number[] {
  const exact = ws.filter((w) => !w.prefix && w.key === key).map((w) => w.id);
  const lengths: number[] = [];
  for (const w of ws) if (w.prefix && !lengths.includes(w.key.length)) lengths.push(w.key.length);
  const byPrefix: number[] = [];
  for (const len of lengths) {
    const matching = ws.filter((w) => w.prefix && w.key.length === len && key.startsWith(w.key));
    // One prefix of a given length can match; its watchers in insertion order.
    byPrefix.push(...matching.map((w) => w.id));
  }
  return [...exact, ...byPrefix];
}

function matches(g: WatcherGroup<W>, key: string): number[] {
  const out: number[] = [];
  g.forEachMatch(key, (w) => void out.push(w.id));
  return out;
}

const KEYS = ['/registry/pods/default/a', '/registry/pods/kube-system/b', '/registry/minions/node-1', '/registry/events/default/a.1', '/registry/pods/', '/r'];

for (const [name, prefixes] of [
  ['prefixes of several lengths', ['/registry/pods/', '/registry/pods/default/', '/registry/minions/']],
  [
    'many prefixes of one length',
    ['/registry/pods/default/', '/registry/pods/aaaaaaa1/', '/registry/pods/aaaaaaa2/', '/registry/pods/aaaaaaa3/', '/registry/pods/aaaaaaa4/', '/registry/pods/aaaaaaa5/'],
  ],
  ['prefixes longer than the key, and a prefix equal to it', ['/registry/pods/', '/registry/events/default/a.1', '/registry/events/default/a.1/x']],
] as const) {
  test(`WatcherGroup.forEachMatch: ${name}`, () => {
    const g = new WatcherGroup<W>();
    const ws: W[] = [];
    let id = 0;
    for (const p of prefixes) for (let k = 0; k < 2; k++) ws.push({ key: p, prefix: true, id: id++ });
    ws.push({ key: '/registry/pods/default/a', prefix: false, id: id++ });
    ws.push({ key: '/registry/pods/default/a', prefix: false, id: id++ });
    for (const w of ws) g.add(w);
    for (const key of KEYS) assert.deepEqual(matches(g, key), expected(ws, key), key);
    // Removing watchers keeps the rest matching; removing all leaves nothing to match.
    for (const w of ws.filter((_, i) => i % 2 === 0)) g.delete(w);
    const rest = ws.filter((_, i) => i % 2 === 1);
    for (const key of KEYS) assert.deepEqual(matches(g, key), expected(rest, key), key);
    for (const w of rest) g.delete(w);
    assert.equal(g.size, 0);
    for (const key of KEYS) assert.deepEqual(matches(g, key), [], key);
  });
}
