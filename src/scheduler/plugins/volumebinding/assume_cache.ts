import type { KubeObject } from '../../../api/object';

/**
 * An informer view with local, not-yet-written changes on top (upstream
 * pkg/scheduler/util/assumecache). The binder "assumes" a PV bound or a PVC annotated in Reserve so
 * that the next pods' scheduling cycles already see it, before PreBind's API writes come back
 * through the informer.
 *
 * An assumption lasts while the informer still holds the version it was made on: once the
 * informer's object has another resourceVersion (our write landed, or someone else changed it) or
 * is gone, the informer's object wins and the assumption is dropped. `restore` drops it explicitly
 * (Unreserve).
 */
export class AssumeCache<T extends KubeObject> {
  private readonly assumed = new Map<string, { obj: T; baseRV: string | undefined }>();

  constructor(
    /** The informer's current object by key, or undefined. */
    private readonly fetch: (key: string) => T | undefined,
    /** All informer objects (for list views). */
    private readonly fetchAll: () => readonly T[],
    private readonly keyOf: (obj: T) => string,
    private readonly description: string,
  ) {}

  get(key: string): T | undefined {
    const latest = this.fetch(key);
    const a = this.assumed.get(key);
    if (!a) return latest;
    if (latest && latest.metadata?.resourceVersion === a.baseRV) return a.obj;
    this.assumed.delete(key);
    return latest;
  }

  /** Every object, assumed versions in place of the informer's. */
  list(): T[] {
    const out: T[] = [];
    for (const o of this.fetchAll()) out.push(this.assumed.size > 0 ? (this.get(this.keyOf(o)) ?? o) : o);
    return out;
  }

  /**
   * Replaces the object's view until the informer moves on.
   * @throws Error when the object is not in the informer or `obj` is based on an older version.
   */
  assume(obj: T): void {
    const key = this.keyOf(obj);
    const latest = this.fetch(key);
    if (!latest) throw new Error(`${this.description} ${JSON.stringify(key)} not found`);
    const rv = latest.metadata?.resourceVersion;
    if (obj.metadata?.resourceVersion !== undefined && rv !== undefined && Number(obj.metadata.resourceVersion) < Number(rv)) {
      throw new Error(`${this.description} ${JSON.stringify(key)}: resourceVersion ${obj.metadata.resourceVersion} is older than the cached ${rv}`);
    }
    this.assumed.set(key, { obj, baseRV: rv });
  }

  restore(key: string): void {
    this.assumed.delete(key);
  }
}
