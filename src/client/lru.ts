/** A bounded least-recently-used cache (groupcache's `lru.Cache`, which client-go uses). */

/**
 * groupcache `lru.Cache`: `get` and `add` make an entry the most recent; the oldest is evicted.
 * As groupcache: a map to entries of a doubly linked list, most recent at the head. (A Map's own
 * insertion order, re-inserting to refresh, made each eviction walk past the holes its deletions
 * left at the front of the table: a cost that grew with the cache, paid on every event.)
 */
export class Lru<V> {
  private readonly map = new Map<string, LruEntry<V>>();
  /** Sentinel of the circular list: `head.next` is the most recent entry, `head.prev` the oldest. */
  private readonly head: LruEntry<V>;

  constructor(readonly maxEntries: number) {
    const head = { key: '', value: undefined as V, prev: undefined as unknown as LruEntry<V>, next: undefined as unknown as LruEntry<V> };
    head.prev = head;
    head.next = head;
    this.head = head;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.moveToFront(e);
    return e.value;
  }

  /**
   * The value without making it the most recent: for a lookup the caller always follows with
   * `add(key, …)`, which leaves the order exactly as `get` then `add` would (the key most recent).
   */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  add(key: string, value: V): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.value = value;
      this.moveToFront(e);
      return;
    }
    const head = this.head;
    const fresh: LruEntry<V> = { key, value, prev: head, next: head.next };
    head.next.prev = fresh;
    head.next = fresh;
    this.map.set(key, fresh);
    if (this.map.size > this.maxEntries) {
      const oldest = head.prev;
      oldest.prev.next = head;
      head.prev = oldest.prev;
      this.map.delete(oldest.key);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** The values, most recent first. */
  *values(): IterableIterator<V> {
    for (let e = this.head.next; e !== this.head; e = e.next) yield e.value;
  }

  clear(): void {
    this.map.clear();
    this.head.next = this.head;
    this.head.prev = this.head;
  }

  private moveToFront(e: LruEntry<V>): void {
    const head = this.head;
    if (head.next === e) return;
    e.prev.next = e.next;
    e.next.prev = e.prev;
    e.prev = head;
    e.next = head.next;
    head.next.prev = e;
    head.next = e;
  }
}

interface LruEntry<V> {
  key: string;
  value: V;
  prev: LruEntry<V>;
  next: LruEntry<V>;
}
