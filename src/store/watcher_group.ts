/** What a watcher watches: one key, or every key with a prefix. */
export interface WatchTarget {
  readonly key: string;
  readonly prefix: boolean;
}

/**
 * A set of watchers indexed by what they watch (etcd's watcherGroup, which keeps single-key
 * watchers in a map and ranges in an interval tree). Finding the watchers of a changed key costs
 * one map lookup for single-key watchers plus one per distinct prefix length: a key's matching
 * prefixes are among its own first n characters, for the n that some watcher uses. Watches in
 * kubespec use a handful of prefix shapes (`/registry/pods/`, `/registry/pods/<ns>/`), so a change
 * costs a few lookups however many watchers there are.
 *
 * Iteration orders (and so delivery orders between watchers) follow insertion: deterministic.
 */
export class WatcherGroup<W extends WatchTarget> {
  private readonly all = new Set<W>();
  private readonly keyWatchers = new Map<string, Set<W>>();
  /** prefix length -> prefix -> watchers. */
  private readonly prefixWatchers = new Map<number, Map<string, Set<W>>>();

  get size(): number {
    return this.all.size;
  }

  has(w: W): boolean {
    return this.all.has(w);
  }

  /** The watchers in insertion order (a snapshot: safe to change the group while using it). */
  list(): W[] {
    return [...this.all];
  }

  add(w: W): void {
    if (this.all.has(w)) return;
    this.all.add(w);
    let byKey: Map<string, Set<W>>;
    if (w.prefix) {
      let m = this.prefixWatchers.get(w.key.length);
      if (m === undefined) this.prefixWatchers.set(w.key.length, (m = new Map()));
      byKey = m;
    } else {
      byKey = this.keyWatchers;
    }
    let set = byKey.get(w.key);
    if (set === undefined) byKey.set(w.key, (set = new Set()));
    set.add(w);
  }

  /** Removes w; false if it was not in the group. */
  delete(w: W): boolean {
    if (!this.all.delete(w)) return false;
    if (w.prefix) {
      const m = this.prefixWatchers.get(w.key.length) as Map<string, Set<W>>;
      removeFrom(m, w);
      if (m.size === 0) this.prefixWatchers.delete(w.key.length);
    } else {
      removeFrom(this.keyWatchers, w);
    }
    return true;
  }

  /** Calls fn once for every watcher of key: single-key watchers first, then prefix watchers. */
  forEachMatch(key: string, fn: (w: W) => void): void {
    const exact = this.keyWatchers.get(key);
    if (exact !== undefined) for (const w of exact) fn(w);
    for (const [length, byPrefix] of this.prefixWatchers) {
      if (length > key.length) continue;
      const set = byPrefix.get(length === key.length ? key : key.slice(0, length));
      if (set !== undefined) for (const w of set) fn(w);
    }
  }
}

function removeFrom<W extends WatchTarget>(byKey: Map<string, Set<W>>, w: W): void {
  const set = byKey.get(w.key);
  if (set === undefined) return;
  set.delete(w);
  if (set.size === 0) byKey.delete(w.key);
}
