import type { KeyValue, WatchEvent } from './types';

/**
 * One change, as recorded at commit: what a watcher's event is made from. `kv.modRevision` is the
 * change's main revision (for a delete, the tombstone's).
 */
export class Change<V> {
  private withPrev: WatchEvent<V> | undefined;
  private plain: WatchEvent<V> | undefined;

  constructor(
    readonly type: 'PUT' | 'DELETE',
    readonly kv: KeyValue<V | undefined>,
    /** The key's KeyValue before this change, if it existed. */
    readonly prevKv: KeyValue<V> | undefined,
  ) {}

  get revision(): number {
    return this.kv.modRevision;
  }

  /**
   * The WatchEvent for this change, with or without prevKv. Made once per form and frozen, so
   * every watcher of the key shares it (fan-out costs no copies).
   */
  event(withPrevKv: boolean): WatchEvent<V> {
    if (withPrevKv && this.prevKv !== undefined) {
      return (this.withPrev ??= Object.freeze({ type: this.type, kv: this.kv, prevKv: this.prevKv }));
    }
    return (this.plain ??= Object.freeze({ type: this.type, kv: this.kv }));
  }
}

/**
 * Every change since the compacted revision, in revision order. etcd keeps the same record in its
 * backend (bbolt keyed by revision) and reads it back with a revision range when unsynced watchers
 * catch up; here it is an array searched by binary search.
 *
 * Compaction at rev drops the changes before rev and keeps those at rev, so a watcher may start at
 * exactly the compacted revision (etcd allows that too: only start < compactRevision is refused).
 */
export class History<V> {
  private changes: Change<V>[] = [];

  get length(): number {
    return this.changes.length;
  }

  /** Appends the changes of one committed txn (their revision is above every recorded one). */
  append(changes: readonly Change<V>[]): void {
    for (const c of changes) this.changes.push(c);
  }

  /** Calls fn for every change with revision >= rev, oldest first. */
  forEachSince(rev: number, fn: (change: Change<V>) => void): void {
    const changes = this.changes;
    for (let i = this.firstAtOrAfter(rev); i < changes.length; i++) fn(changes[i]);
  }

  /** Forgets the changes with revision < rev. */
  compact(rev: number): void {
    const i = this.firstAtOrAfter(rev);
    if (i > 0) this.changes = this.changes.slice(i);
  }

  private firstAtOrAfter(rev: number): number {
    const changes = this.changes;
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (changes[mid].revision < rev) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
