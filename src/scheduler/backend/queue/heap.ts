/**
 * A binary heap of keyed items with O(log n) add, update, delete and pop, and O(1) lookup by key
 * (upstream pkg/scheduler/backend/heap). Items the order calls equal come out in insertion order,
 * so the queue is FIFO among pods of the same priority and timestamp — a refinement of upstream's
 * unspecified order that keeps runs deterministic and unsurprising.
 */
interface Entry<T> {
  item: T;
  key: string;
  seq: number;
  index: number;
}

export class KeyedHeap<T> {
  private readonly entries: Entry<T>[] = [];
  private readonly byKey = new Map<string, Entry<T>>();
  private seq = 0;

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly lessFn: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): T | undefined {
    return this.byKey.get(key)?.item;
  }

  peek(): T | undefined {
    return this.entries[0]?.item;
  }

  /** Adds the item, or replaces the one with the same key and restores the order (keeping its FIFO rank). */
  addOrUpdate(item: T): void {
    const key = this.keyOf(item);
    const existing = this.byKey.get(key);
    if (existing) {
      existing.item = item;
      if (!this.up(existing.index)) this.down(existing.index);
      return;
    }
    const e: Entry<T> = { item, key, seq: this.seq++, index: this.entries.length };
    this.entries.push(e);
    this.byKey.set(key, e);
    this.up(e.index);
  }

  /** Removes the item with `key`; returns it, or undefined when absent. */
  delete(key: string): T | undefined {
    const e = this.byKey.get(key);
    if (!e) return undefined;
    this.removeAt(e.index);
    return e.item;
  }

  /**
   * Removes and returns the least item. Floyd's variant of the sift-down: the hole at the root
   * follows the lesser child down to a leaf (one comparison per level, not two), then the last
   * entry fills it and sifts up, usually not at all. The order is a strict total order (ties
   * broken by insertion), so the items come out exactly as with the plain sift-down.
   */
  pop(): T | undefined {
    const a = this.entries;
    if (a.length === 0) return undefined;
    const top = a[0];
    this.byKey.delete(top.key);
    const last = a.pop()!;
    const n = a.length;
    if (n === 0) return top.item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(a[r], a[l]) ? r : l;
      a[i] = a[m];
      a[i].index = i;
      i = m;
    }
    a[i] = last;
    last.index = i;
    this.up(i);
    return top.item;
  }

  /** The items in heap order (not sorted). */
  list(): T[] {
    return this.entries.map((e) => e.item);
  }

  private removeAt(i: number): void {
    const a = this.entries;
    const e = a[i];
    this.byKey.delete(e.key);
    const last = a.pop()!;
    if (i < a.length) {
      a[i] = last;
      last.index = i;
      if (!this.up(i)) this.down(i);
    }
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    if (this.lessFn(a.item, b.item)) return true;
    if (this.lessFn(b.item, a.item)) return false;
    return a.seq < b.seq;
  }

  /** Sifts up; true when the entry moved. */
  private up(i: number): boolean {
    const a = this.entries;
    const e = a[i];
    const start = i;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(e, a[p])) break;
      a[i] = a[p];
      a[i].index = i;
      i = p;
    }
    a[i] = e;
    e.index = i;
    return i !== start;
  }

  private down(i: number): void {
    const a = this.entries;
    const n = a.length;
    const e = a[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(a[r], a[l]) ? r : l;
      if (!this.less(a[m], e)) break;
      a[i] = a[m];
      a[i].index = i;
      i = m;
    }
    a[i] = e;
    e.index = i;
  }
}
