import type { KubeObject } from '../api/object';

/**
 * An informer's local cache: objects by key plus named secondary indexes (client-go
 * `tools/cache` `Indexer` over `threadSafeMap`).
 *
 * Contract: objects are stored as given, never copied. The informer stores the deep-frozen
 * objects it got from the client, so every consumer shares them: copy (`structuredClone`) before
 * changing one, exactly as client-go asks of its listers' results.
 *
 * Order: `list()`, `listKeys()` and `byIndex()` return objects in the order their keys were first
 * stored (deterministic, not sorted).
 */

/** Values an object is indexed under; an object may have several, or none. */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];
export type Indexers<T extends KubeObject = KubeObject> = Record<string, IndexFunc<T>>;
export type KeyFunc<T extends KubeObject = KubeObject> = (obj: T) => string;

/** client-go `cache.NamespaceIndex`. */
export const NAMESPACE_INDEX = 'namespace';

/** `namespace/name`, or `name` for cluster-scoped objects (client-go `MetaNamespaceKeyFunc`). */
export function metaNamespaceKeyFunc(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (name === undefined || name === '') throw new Error(`object has no name: ${JSON.stringify(obj.metadata ?? {})}`);
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** The inverse of `metaNamespaceKeyFunc` (client-go `SplitMetaNamespaceKey`). */
export function splitMetaNamespaceKey(key: string): { namespace: string | undefined; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: undefined, name: parts[0] };
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  throw new Error(`unexpected key format: "${key}"`);
}

/** Indexes an object by its namespace (client-go `MetaNamespaceIndexFunc`). */
export const metaNamespaceIndexFunc: IndexFunc = (obj) => [obj.metadata?.namespace ?? ''];

export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers: Map<string, IndexFunc<T>> = new Map();
  /** indexName -> indexed value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    readonly keyFunc: KeyFunc<T> = metaNamespaceKeyFunc,
    indexers: Indexers<T> = { [NAMESPACE_INDEX]: metaNamespaceIndexFunc },
  ) {
    this.addIndexers(indexers);
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds or replaces the object under its key (an add of a known key is an update). */
  add(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.updateIndices(old, obj, key);
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    this.deleteByKey(this.keyFunc(obj));
  }

  deleteByKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.updateIndices(old, undefined, key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Replaces the whole content with `objs` (a relist), rebuilding every index. */
  replace(objs: readonly T[]): void {
    this.items.clear();
    for (const name of this.indices.keys()) this.indices.set(name, new Map());
    for (const obj of objs) this.add(obj);
  }

  /** Objects sharing any indexed value with `obj` under `indexName` (client-go `Index`). */
  index(indexName: string, obj: T): T[] {
    const fn = this.indexFunc(indexName);
    const keys = new Set<string>();
    for (const value of fn(obj)) for (const k of this.indices.get(indexName)!.get(value) ?? []) keys.add(k);
    return [...keys].map((k) => this.items.get(k)!);
  }

  /** Keys of the objects indexed under `value`. */
  indexKeys(indexName: string, value: string): string[] {
    this.indexFunc(indexName);
    return [...(this.indices.get(indexName)!.get(value) ?? [])];
  }

  /** Objects indexed under `value` (client-go `ByIndex`). */
  byIndex(indexName: string, value: string): T[] {
    this.indexFunc(indexName);
    const out: T[] = [];
    for (const k of this.indices.get(indexName)!.get(value) ?? []) out.push(this.items.get(k)!);
    return out;
  }

  /** Every value some object is indexed under. */
  listIndexFuncValues(indexName: string): string[] {
    this.indexFunc(indexName);
    return [...this.indices.get(indexName)!.keys()];
  }

  hasIndex(indexName: string): boolean {
    return this.indexers.has(indexName);
  }

  getIndexers(): Indexers<T> {
    return Object.fromEntries(this.indexers);
  }

  /**
   * Adds index functions; existing objects are indexed at once. Unlike client-go (which refuses
   * once the informer started), adding later is allowed: nothing runs concurrently here.
   */
  addIndexers(indexers: Indexers<T>): void {
    for (const name of Object.keys(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) for (const v of fn(obj)) addTo(index, v, key);
    }
  }

  private indexFunc(indexName: string): IndexFunc<T> {
    const fn = this.indexers.get(indexName);
    if (!fn) throw new Error(`Index with name ${indexName} does not exist`);
    return fn;
  }

  private updateIndices(oldObj: T | undefined, newObj: T | undefined, key: string): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const oldValues = oldObj ? fn(oldObj) : [];
      const newValues = newObj ? fn(newObj) : [];
      // The common case (an update that keeps the indexed value) touches nothing.
      if (oldValues.length === 1 && newValues.length === 1 && oldValues[0] === newValues[0]) continue;
      for (const v of oldValues) {
        const set = index.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) index.delete(v);
      }
      for (const v of newValues) addTo(index, v, key);
    }
  }
}

function addTo(index: Map<string, Set<string>>, value: string, key: string): void {
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(key);
}
