import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Store } from '../src/store';
import type { TxnOp, WatchResponse } from '../src/store';

/**
 * Property: for random histories of puts, deletes and txns on a small key space, with watchers
 * created at random past/now/future revisions on keys and prefixes, catch-ups, cancels,
 * compactions (that never invalidate a waiting watcher, plus watchers deliberately started below
 * the compacted revision) and handlers that write back into the store, every watcher sees exactly
 * the history of its keys from its start revision, in order, with no gaps or duplicates. The
 * expected history comes from a plain model of etcd's semantics, kept apart from the store.
 */

const KEYS = ['a', 'a/1', 'a/2', 'b', 'b/1'];
const PREFIXES = ['', 'a', 'a/', 'b/'];
const VALUES = ['v1', 'v2', 'T']; // a put of 'T' makes reactive watchers write back

interface ModelKv {
  value: string;
  create: number;
  mod: number;
  version: number;
}

/** An event as [type, key, value, create, mod, version, prev?]: the store's and the model's. */
type Row = [string, string, string | undefined, number, number, number, string?];

interface ModelEvent {
  rev: number;
  key: string;
  row: Row;
  rowWithPrev: Row;
}

type WriteOp = { t: 'put'; k: number; v: number } | { t: 'del'; k: number; prefix: boolean };
type Op =
  | WriteOp
  | { t: 'txn'; k: number; version: number; success: WriteOp[]; failure: WriteOp[] }
  | { t: 'watch'; target: number; prefix: boolean; start: 'now' | 'past' | 'future' | 'compacted'; pick: number; prevKv: boolean; reactive: boolean }
  | { t: 'sync' }
  | { t: 'cancel'; pick: number }
  | { t: 'compact'; pick: number };

interface TrackedWatcher {
  id: number;
  key: string;
  prefix: boolean;
  start: number;
  prevKv: boolean;
  doomed: boolean;
  pending: boolean;
  cancel: () => void;
  canceledAt?: number;
  canceledWhilePending?: boolean;
  responses: WatchResponse<string>[];
}

const writeOp: fc.Arbitrary<WriteOp> = fc.oneof(
  fc.record({ t: fc.constant('put' as const), k: fc.nat(KEYS.length - 1), v: fc.nat(VALUES.length - 1) }),
  fc.record({ t: fc.constant('del' as const), k: fc.nat(KEYS.length + PREFIXES.length - 1), prefix: fc.boolean() }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: writeOp, weight: 6 },
  {
    arbitrary: fc.record({
      t: fc.constant('txn' as const),
      k: fc.nat(KEYS.length - 1),
      version: fc.nat(3),
      success: fc.array(writeOp, { maxLength: 3 }),
      failure: fc.array(writeOp, { maxLength: 3 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('watch' as const),
      target: fc.nat(KEYS.length + PREFIXES.length - 1),
      prefix: fc.boolean(),
      start: fc.constantFrom('now' as const, 'past' as const, 'past' as const, 'future' as const, 'compacted' as const),
      pick: fc.nat(1000),
      prevKv: fc.boolean(),
      reactive: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ t: 'sync' as const }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat(1000) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('compact' as const), pick: fc.nat(1000) }), weight: 1 },
);

function keyOf(i: number): string {
  return i < KEYS.length ? KEYS[i] : PREFIXES[i - KEYS.length];
}

function storeRow(e: WatchResponse<string>['events'][number], withPrev: boolean): Row {
  const row: Row = [e.type, e.kv.key, e.kv.value, e.kv.createRevision, e.kv.modRevision, e.kv.version];
  if (withPrev && e.prevKv) row.push(`${e.prevKv.value}/${e.prevKv.createRevision}/${e.prevKv.modRevision}/${e.prevKv.version}`);
  return row;
}

function run(ops: Op[], injectScheduler: boolean): void {
  const queued: (() => void)[] = [];
  const store = new Store<string>(injectScheduler ? { schedule: (fn) => void queued.push(fn) } : {});
  const state = new Map<string, ModelKv>();
  const history: ModelEvent[] = [];
  let rev = 0;
  let compactRev = 0;
  const watchers: TrackedWatcher[] = [];

  const matches = (w: { key: string; prefix: boolean }, key: string) => (w.prefix ? key.startsWith(w.key) : key === w.key);

  /** Applies write ops to the model at revision rev + 1; returns whether anything changed. */
  const modelWrite = (ops: WriteOp[]): boolean => {
    const at = rev + 1;
    let changed = false;
    for (const o of ops) {
      if (o.t === 'put') {
        const key = KEYS[o.k];
        const prev = state.get(key);
        const kv: ModelKv = { value: VALUES[o.v], create: prev?.create ?? at, mod: at, version: (prev?.version ?? 0) + 1 };
        state.set(key, kv);
        record('PUT', key, kv, prev, at);
      } else {
        const target = keyOf(o.k);
        const keys = [...state.keys()].filter((k) => (o.prefix ? k.startsWith(target) : k === target)).sort();
        for (const key of keys) {
          const prev = state.get(key) as ModelKv;
          state.delete(key);
          record('DELETE', key, undefined, prev, at);
        }
        if (keys.length === 0) continue;
      }
      changed = true;
    }
    if (changed) rev = at;
    return changed;
  };

  const record = (type: string, key: string, kv: ModelKv | undefined, prev: ModelKv | undefined, at: number) => {
    const row: Row = kv ? [type, key, kv.value, kv.create, kv.mod, kv.version] : [type, key, undefined, 0, at, 0];
    const rowWithPrev: Row = [...row];
    if (prev) rowWithPrev.push(`${prev.value}/${prev.create}/${prev.mod}/${prev.version}`);
    history.push({ rev: at, key, row, rowWithPrev });
  };

  const toStoreOp = (o: WriteOp): TxnOp<string> =>
    o.t === 'put' ? { type: 'put', key: KEYS[o.k], value: VALUES[o.v] } : { type: 'delete', key: keyOf(o.k), prefix: o.prefix };

  const write = (ops: WriteOp[]): void => {
    const before = rev;
    modelWrite(ops);
    const res = store.txn({ compare: [], success: ops.map(toStoreOp), failure: [] });
    assert.equal(res.revision, rev, `store revision after a write (model went ${before} -> ${rev})`);
  };

  const checkState = () => {
    const got = store.range('', { prefix: true }).kvs.map((kv) => [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version]);
    const want = [...state.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, kv]) => [k, kv.value, kv.create, kv.mod, kv.version]);
    assert.deepEqual(got, want);
    assert.equal(store.rev, rev);
  };

  const sync = () => {
    if (injectScheduler) while (queued.length > 0) (queued.shift() as () => void)();
    else store.syncWatchers();
    for (const w of watchers) w.pending = false;
  };

  for (const o of ops) {
    switch (o.t) {
      case 'put':
      case 'del':
        write([o]);
        break;
      case 'txn': {
        const key = KEYS[o.k];
        const ok = (state.get(key)?.version ?? 0) === o.version;
        const before = rev;
        modelWrite(ok ? o.success : o.failure);
        const res = store.txn({
          compare: [{ key, target: 'version', result: '=', value: o.version }],
          success: o.success.map(toStoreOp),
          failure: o.failure.map(toStoreOp),
        });
        assert.equal(res.succeeded, ok);
        assert.equal(res.revision, rev, `txn revision (model went ${before} -> ${rev})`);
        break;
      }
      case 'watch': {
        let startRevision: number;
        let doomed = false;
        if (o.start === 'now') startRevision = 0;
        else if (o.start === 'future') startRevision = rev + 1 + (o.pick % 3);
        else if (o.start === 'compacted' && compactRev > 1) {
          startRevision = 1 + (o.pick % (compactRev - 1));
          doomed = true;
        } else {
          const lo = Math.max(1, compactRev);
          if (rev < lo) startRevision = 0;
          else startRevision = lo + (o.pick % (rev - lo + 1));
        }
        const pending = startRevision > 0 && startRevision <= rev;
        const t: TrackedWatcher = {
          id: 0,
          key: keyOf(o.target),
          prefix: o.prefix,
          start: startRevision > 0 ? startRevision : rev + 1,
          prevKv: o.prevKv,
          doomed,
          pending,
          cancel: () => {},
          responses: [],
        };
        const w = store.watch(t.key, { prefix: t.prefix, startRevision, prevKv: t.prevKv }, (resp) => {
          t.responses.push(resp);
          if (!o.reactive) return;
          // Write back for every trigger put: nested writes that every watcher must see in order.
          for (const e of resp.events) {
            if (e.type === 'PUT' && e.kv.value === 'T') write([{ t: 'put', k: (t.id + e.kv.modRevision) % KEYS.length, v: 0 }]);
          }
        });
        t.id = w.id;
        t.cancel = () => w.cancel();
        watchers.push(t);
        break;
      }
      case 'sync':
        sync();
        break;
      case 'cancel': {
        const live = watchers.filter((w) => w.canceledAt === undefined);
        if (live.length === 0) break;
        const w = live[o.pick % live.length];
        w.canceledAt = rev;
        w.canceledWhilePending = w.pending;
        w.cancel();
        break;
      }
      case 'compact': {
        // Never below the start of a waiting watcher under test (those must catch up).
        let max = rev;
        for (const w of watchers) if (w.pending && !w.doomed && w.canceledAt === undefined) max = Math.min(max, w.start);
        if (max <= compactRev) break;
        const at = compactRev + 1 + (o.pick % (max - compactRev));
        store.compact(at);
        compactRev = at;
        break;
      }
    }
    checkState();
  }
  sync();
  // Reactive handlers may have created nothing new, but a catch-up may have written: sync again.
  sync();

  for (const w of watchers) {
    const where = `watcher ${w.id} on ${JSON.stringify(w.key)}${w.prefix ? '*' : ''} from ${w.start}`;
    for (const r of w.responses) assert.equal(r.watchId, w.id);
    if (w.canceledWhilePending) {
      assert.deepEqual(w.responses, [], `${where}: canceled before its catch-up`);
      continue;
    }
    if (w.doomed) {
      assert.equal(w.responses.length, 1, `${where}: one compacted response`);
      const [r] = w.responses;
      assert.equal(r.canceled, true);
      assert.ok(r.compactRevision !== undefined && r.compactRevision > w.start, `${where}: compactRevision`);
      assert.deepEqual(r.events, []);
      continue;
    }
    const until = w.canceledAt ?? rev;
    const want = history.filter((e) => e.rev >= w.start && e.rev <= until && matches(w, e.key)).map((e) => (w.prevKv ? e.rowWithPrev : e.row));
    const got = w.responses.flatMap((r) => r.events.map((e) => storeRow(e, w.prevKv)));
    assert.deepEqual(got, want, where);
    for (const r of w.responses) {
      assert.ok(r.events.length > 0 && !r.canceled, `${where}: no empty responses`);
      assert.ok(r.events.every((e) => e.kv.modRevision <= r.revision), `${where}: response revision covers its events`);
    }
  }
}

test('store property: every watcher sees exactly its keys\' history from its start revision', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 5, maxLength: 60, size: 'max' }), fc.boolean(), (ops, inject) => run(ops, inject)),
    { numRuns: 300 },
  );
});
