import { ErrCompacted, ErrFutureRev } from './errors';
import { Change, History } from './history';
import { TreeIndex } from './index_tree';
import { KeyIndex } from './key_index';
import type {
  Compare,
  DeleteResult,
  KeyValue,
  PutResult,
  RangeOptions,
  RangeResult,
  TxnOp,
  TxnOpResult,
  TxnRequest,
  TxnResult,
} from './types';

/** A write txn in progress (etcd's storeTxnWrite): its changes get main = rev and subs 0, 1, 2... */
interface WriteTxn<V> {
  /** The store revision when the txn began. */
  readonly beginRev: number;
  /** The revision its changes get: beginRev + 1. It becomes the store's only if something changed. */
  readonly rev: number;
  readonly changes: Change<V>[];
}

/**
 * An in-memory MVCC key-value store with etcd's semantics (server/storage/mvcc/kvstore.go).
 *
 * Revisions: `rev` starts at 0 (the empty store; etcd starts at 1, which no client may rely on)
 * and every write txn that changes something advances it by one; a txn that changes nothing
 * (a delete that matches no key, a txn of ranges only) leaves it alone, as in etcd. Every change
 * of a txn shares that main revision, with increasing sub revisions.
 *
 * Compaction: `compactRevision` starts at 0, i.e. nothing is compacted (no revision is below 0).
 * After compact(r), reads and watches at revisions >= r still work (the state at r is kept) and
 * those below r fail with ErrCompacted. compact(r) needs compactRevision < r <= rev.
 *
 * Values are opaque and kept by reference: the store never copies or changes them. The KeyValues it
 * hands out are frozen and shared between readers (and with watch events).
 *
 * Within one write txn, later ops see earlier ones (a range after a put reads the put), as etcd's
 * txn does. Putting one key twice in a txn is allowed here (two changes, version + 2); etcd's
 * server layer refuses that request before it reaches mvcc.
 */
export class KVStore<V = unknown> {
  private readonly index = new TreeIndex<KeyIndex<V>>();
  private readonly history = new History<V>();
  private currentRev = 0;
  private compactMainRev = 0;

  /** The current revision: the main revision of the last txn that changed something. */
  get rev(): number {
    return this.currentRev;
  }

  /** The last compaction's revision (0: never compacted). */
  get compactRevision(): number {
    return this.compactMainRev;
  }

  /**
   * One key's KeyValue at a revision (0 or absent: now), or undefined. A shortcut for a
   * single-key range, with the same revision errors and no result object.
   */
  get(key: string, revision?: number): KeyValue<V> | undefined {
    const atRev = this.readRevision(revision, this.currentRev);
    return this.index.get(key)?.get(atRev);
  }

  /** Reads one key or a prefix at a revision. Throws ErrFutureRev / ErrCompacted. */
  range(key: string, opts: RangeOptions = {}): RangeResult<V> {
    return this.rangeAt(key, opts, this.readRevision(opts.revision, this.currentRev));
  }

  put(key: string, value: V): PutResult<V> {
    const txn = this.beginWrite();
    const result = this.putIn(txn, key, value);
    this.endWrite(txn);
    return result;
  }

  /** Deletes one key or every key with the prefix. Deleting nothing keeps the revision. */
  deleteRange(key: string, opts: { prefix?: boolean } = {}): DeleteResult<V> {
    const txn = this.beginWrite();
    const result = this.deleteIn(txn, key, opts.prefix === true);
    this.endWrite(txn);
    return result;
  }

  /**
   * If every compare holds (on the current state), runs `success`, else `failure`, atomically in
   * one revision. The chosen ops are checked before anything is written (a range at a compacted or
   * future revision throws, and nothing changes), so a txn either applies whole or not at all.
   */
  txn(req: TxnRequest<V>): TxnResult<V> {
    const succeeded = req.compare.every((c) => this.compareHolds(c));
    const ops = succeeded ? req.success : req.failure;
    for (const op of ops) this.checkOp(op);
    const txn = this.beginWrite();
    const responses: TxnOpResult<V>[] = [];
    for (const op of ops) {
      switch (op.type) {
        case 'put':
          responses.push({ type: 'put', ...this.putIn(txn, op.key, op.value) });
          break;
        case 'delete':
          responses.push({ type: 'delete', ...this.deleteIn(txn, op.key, op.prefix === true) });
          break;
        case 'range': {
          const options = op.options ?? {};
          const atRev = options.revision && options.revision > 0 ? options.revision : this.revisionIn(txn);
          responses.push({ type: 'range', ...this.rangeAt(op.key, options, atRev) });
          break;
        }
      }
    }
    this.endWrite(txn);
    return { succeeded, revision: this.currentRev, responses };
  }

  /**
   * Forgets history before rev (etcd's Compact): afterwards, reads and watches below rev fail with
   * ErrCompacted, and keys deleted before rev disappear from the index. O(keys).
   */
  compact(rev: number): void {
    if (rev <= this.compactMainRev) throw ErrCompacted;
    if (rev > this.currentRev) throw ErrFutureRev;
    this.compactMainRev = rev;
    // One pass: compact every key and drop those left without history.
    this.index.removeWhere((ki) => {
      ki.compact(rev);
      return ki.isEmpty();
    });
    this.history.compact(rev);
  }

  /**
   * Called once per write txn that changed something, after the store is at `rev` (reads made
   * from here see the txn). The watchable store delivers events from it.
   */
  protected committed(_rev: number, _changes: readonly Change<V>[]): void {}

  /** Every recorded change with revision >= rev, oldest first (rev must be >= compactRevision). */
  protected forEachChangeSince(rev: number, fn: (change: Change<V>) => void): void {
    this.history.forEachSince(rev, fn);
  }

  /** The revision a read at `requested` (0/absent: now) is served at, or the etcd error. */
  private readRevision(requested: number | undefined, current: number): number {
    if (requested === undefined || requested <= 0) return current;
    if (requested > current) throw ErrFutureRev;
    if (requested < this.compactMainRev) throw ErrCompacted;
    return requested;
  }

  private rangeAt(key: string, opts: RangeOptions, atRev: number): RangeResult<V> {
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : Infinity;
    const kvs: KeyValue<V>[] = [];
    let count = 0;
    if (opts.prefix === true) {
      // Count needs every match, as etcd's does; only the kvs are cut at the limit.
      this.index.forEachPrefix(key, (ki) => {
        const kv = ki.get(atRev);
        if (kv === undefined) return;
        count++;
        if (kvs.length < limit) kvs.push(kv);
      });
    } else {
      const kv = this.index.get(key)?.get(atRev);
      if (kv !== undefined) {
        count = 1;
        kvs.push(kv);
      }
    }
    return { kvs, count, more: count > kvs.length, revision: atRev };
  }

  private compareHolds(c: Compare): boolean {
    const kv = this.index.get(c.key)?.latest();
    let actual: number;
    switch (c.target) {
      case 'mod':
        actual = kv?.modRevision ?? 0;
        break;
      case 'create':
        actual = kv?.createRevision ?? 0;
        break;
      case 'version':
        actual = kv?.version ?? 0;
        break;
      default:
        throw new Error(`store: unknown compare target ${JSON.stringify((c as Compare).target)}`);
    }
    switch (c.result) {
      case '=':
        return actual === c.value;
      case '!=':
        return actual !== c.value;
      case '<':
        return actual < c.value;
      case '>':
        return actual > c.value;
      default:
        throw new Error(`store: unknown compare result ${JSON.stringify((c as Compare).result)}`);
    }
  }

  /** Rejects an op before the txn writes anything (etcd checks txn requests up front too). */
  private checkOp(op: TxnOp<V>): void {
    switch (op.type) {
      case 'put':
      case 'delete':
        return;
      case 'range':
        this.readRevision(op.options?.revision, this.currentRev);
        return;
      default:
        throw new Error(`store: unknown txn op ${JSON.stringify((op as TxnOp<V>).type)}`);
    }
  }

  private beginWrite(): WriteTxn<V> {
    return { beginRev: this.currentRev, rev: this.currentRev + 1, changes: [] };
  }

  /** The revision a read inside the txn sees: its own, once it changed something. */
  private revisionIn(txn: WriteTxn<V>): number {
    return txn.changes.length > 0 ? txn.rev : txn.beginRev;
  }

  private putIn(txn: WriteTxn<V>, key: string, value: V): PutResult<V> {
    let ki = this.index.get(key);
    if (ki === undefined) {
      ki = new KeyIndex<V>(key);
      this.index.insert(ki);
    }
    const prevKv = ki.latest();
    const kv = ki.put(txn.rev, txn.changes.length, value);
    txn.changes.push(new Change<V>('PUT', kv, prevKv));
    return prevKv === undefined ? { revision: txn.rev } : { revision: txn.rev, prevKv };
  }

  private deleteIn(txn: WriteTxn<V>, key: string, prefix: boolean): DeleteResult<V> {
    const live: KeyIndex<V>[] = [];
    if (prefix) {
      this.index.forEachPrefix(key, (ki) => {
        if (ki.latest() !== undefined) live.push(ki);
      });
    } else {
      const ki = this.index.get(key);
      if (ki?.latest() !== undefined) live.push(ki);
    }
    const prevKvs: KeyValue<V>[] = [];
    for (const ki of live) {
      const prevKv = ki.latest() as KeyValue<V>;
      prevKvs.push(prevKv);
      txn.changes.push(new Change<V>('DELETE', ki.tombstone(txn.rev, txn.changes.length), prevKv));
    }
    return { revision: this.revisionIn(txn), deleted: prevKvs.length, prevKvs };
  }

  private endWrite(txn: WriteTxn<V>): void {
    if (txn.changes.length === 0) return;
    this.currentRev = txn.rev;
    this.history.append(txn.changes);
    this.committed(txn.rev, txn.changes);
  }
}

