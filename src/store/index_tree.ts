/**
 * The ordered key index (etcd's treeIndex, which is a B-tree of keyIndex): exact lookups through a
 * Map, ordered prefix scans through a chunked sorted list.
 *
 * Order is the byte order of the keys' UTF-8 encoding, as etcd's (keys are bytes there). That is
 * code point order, which differs from JavaScript's UTF-16 `<` only when a surrogate meets a code
 * unit in U+E000..U+FFFF. Kubernetes keys are ASCII, so the index uses the native `<` until a key
 * with a code unit at or above U+D800 arrives, and the exact comparison from then on. The switch
 * is safe: while no stored key has such a unit, both orders place every key the same way.
 *
 * The sorted list is split into chunks of at most 2 * CHUNK items (the layout of Python's
 * sortedcontainers): an insert is a binary search over the chunks' last keys, one within the
 * chunk, and a splice of at most 2 * CHUNK items, so 150k random inserts cost no more than
 * O(n log n) searches plus small memmoves, where one flat array would move n/2 items each time.
 */
export interface Keyed {
  readonly key: string;
}

const CHUNK = 512;
const HIGH_UNIT = /[\uD800-\uFFFF]/;

export class TreeIndex<T extends Keyed> {
  private readonly byKey = new Map<string, T>();
  /**
   * Non-empty chunks, each sorted; every key of chunk i is below every key of chunk i + 1. The
   * keys sit in their own arrays, parallel to the items: searches then touch only strings.
   */
  private keyChunks: string[][] = [];
  private itemChunks: T[][] = [];
  /** The last key of each chunk. */
  private maxes: string[] = [];
  private compare: (a: string, b: string) => number = compareNative;

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Adds an item whose key is not in the index yet. */
  insert(item: T): void {
    const key = item.key;
    if (this.byKey.has(key)) throw new Error(`store: key ${JSON.stringify(key)} is already indexed`);
    this.byKey.set(key, item);
    if (this.compare === compareNative && HIGH_UNIT.test(key)) this.compare = compareKeys;
    const keyChunks = this.keyChunks;
    if (keyChunks.length === 0) {
      keyChunks.push([key]);
      this.itemChunks.push([item]);
      this.maxes.push(key);
      return;
    }
    const last = keyChunks.length - 1;
    let ci: number;
    let pos: number;
    if (this.compare(key, this.maxes[last]) > 0) {
      // Appending past the end is the common case (names that grow); it needs no search.
      ci = last;
      pos = keyChunks[last].length;
    } else {
      ci = lowerBound(this.maxes, key, this.compare);
      pos = lowerBound(keyChunks[ci], key, this.compare);
    }
    const keys = keyChunks[ci];
    const items = this.itemChunks[ci];
    keys.splice(pos, 0, key);
    items.splice(pos, 0, item);
    if (pos === keys.length - 1) this.maxes[ci] = key;
    if (keys.length > 2 * CHUNK) {
      const tailKeys = keys.splice(CHUNK);
      keyChunks.splice(ci + 1, 0, tailKeys);
      this.itemChunks.splice(ci + 1, 0, items.splice(CHUNK));
      this.maxes.splice(ci, 1, keys[keys.length - 1], tailKeys[tailKeys.length - 1]);
    }
  }

  /**
   * Calls fn for every item whose key starts with prefix, in key order, until fn returns false.
   * The empty prefix visits everything. Cost: O(log n) to find the start, then O(1) per item.
   */
  forEachPrefix(prefix: string, fn: (item: T) => boolean | void): void {
    const keyChunks = this.keyChunks;
    let ci = prefix === '' ? 0 : lowerBound(this.maxes, prefix, this.compare);
    if (ci >= keyChunks.length) return;
    let pos = prefix === '' ? 0 : lowerBound(keyChunks[ci], prefix, this.compare);
    for (; ci < keyChunks.length; ci++, pos = 0) {
      const keys = keyChunks[ci];
      const items = this.itemChunks[ci];
      for (; pos < keys.length; pos++) {
        if (!keys[pos].startsWith(prefix)) return;
        if (fn(items[pos]) === false) return;
      }
    }
  }

  /** Removes every item pred selects, in one O(n) pass; returns how many. */
  removeWhere(pred: (item: T) => boolean): number {
    const kept: T[] = [];
    let removed = 0;
    for (const items of this.itemChunks) {
      for (const item of items) {
        if (pred(item)) {
          this.byKey.delete(item.key);
          removed++;
        } else {
          kept.push(item);
        }
      }
    }
    if (removed === 0) return 0;
    this.keyChunks = [];
    this.itemChunks = [];
    this.maxes = [];
    for (let i = 0; i < kept.length; i += CHUNK) {
      const items = kept.slice(i, i + CHUNK);
      this.itemChunks.push(items);
      this.keyChunks.push(items.map((item) => item.key));
      this.maxes.push(items[items.length - 1].key);
    }
    return removed;
  }
}

/** Index of the first of the sorted keys that is >= key (keys.length if none). */
function lowerBound(keys: string[], key: string, compare: (a: string, b: string) => number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(keys[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareNative(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two keys in UTF-8 byte order (= code point order): like `<` on UTF-16 code units,
 * except that surrogates (U+D800..U+DFFF, which encode code points above U+FFFF) sort after
 * U+E000..U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return rank(x) - rank(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Moves surrogates above the rest of the top of the BMP, keeping each group's own order. */
function rank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
