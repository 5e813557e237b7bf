import type { KubeObject, Status } from '../api/object';
import type { Loop, Timer } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { reflectorBackoff, type ExponentialBackoffManager } from './backoff';
import { Indexer, type Indexers, type KeyFunc, metaNamespaceKeyFunc, metaNamespaceIndexFunc, NAMESPACE_INDEX } from './indexer';
import { Lister } from './lister';
import type { Client, ResourceName, WatchEvent, WatchHandle } from './types';

/** Why a delete notification was sent. */
export interface DeleteInfo {
  /**
   * True when the deletion was inferred from a relist (the watch broke and the object was gone
   * when the informer listed again): the object is the last state the cache held, not the state
   * at deletion. client-go wraps such objects in `DeletedFinalStateUnknown`; here the object is
   * passed as is and this flag says so.
   */
  finalStateUnknown: boolean;
}

/**
 * Notifications from an informer (client-go `ResourceEventHandler`). Objects are the cached,
 * deep-frozen objects: copy before changing one. Handlers should only enqueue keys.
 */
export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  /** `isInInitialList`: the object came from the informer's first list (or is a late handler's catch-up). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Also called with `oldObj === newObj` on a periodic resync, and for every surviving object on a relist. */
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T, info: DeleteInfo): void;
}

export interface HandlerRegistration {
  /** Stops notifications to this handler (client-go `RemoveEventHandler`). */
  remove(): void;
  /** Whether the handler has been told about every object of the informer's first list. */
  hasSynced(): boolean;
}

export interface InformerOptions<T extends KubeObject = KubeObject> {
  /** Watch one namespace only (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every this many ms, `onUpdate(obj, obj)` for every cached object (background task). 0/absent: never. */
  resyncPeriodMs?: number;
  /** Extra indexes besides `namespace` (e.g. `{ 'spec.nodeName': (p) => [p.spec.nodeName ?? ''] }`). */
  indexers?: Indexers<T>;
  keyFunc?: KeyFunc<T>;
  /** Jitter for the relist backoff, as the Reflector's; without it the backoff has no jitter. */
  rng?: Rng;
}

/**
 * One resource's informer (client-go `SharedIndexInformer` with its `Reflector`), shared by every
 * handler that cares about the resource.
 *
 * Contract:
 * - `start()` lists (passing namespace and selectors to the server), fills the cache, calls
 *   `onAdd(obj, true)` for each object, then watches from the list's resourceVersion. The list
 *   happens synchronously inside `start()`, so `hasSynced()` is true as soon as it returns (unless
 *   the list failed: then it retries with the Reflector's backoff).
 * - Watch events (loop tasks, in order) update the cache first, then call the handlers: ADDED and
 *   MODIFIED become `onAdd` or `onUpdate` depending on whether the key was cached; DELETED calls
 *   `onDelete` with the object's last state.
 * - An ERROR event (a 410 Expired Status when the watch fell too far behind, or any other
 *   failure) ends the watch; after the Reflector's backoff (800ms doubling to 30s) the informer
 *   relists and re-watches. The relist replaces the cache and then notifies: `onUpdate(old, new)`
 *   for every object still there (even unchanged, as client-go's Replaced deltas), `onAdd` for new
 *   ones, and `onDelete(last, { finalStateUnknown: true })` for objects that vanished.
 * - A handler added after the first list gets `onAdd(obj, true)` at once for every cached object.
 * - Handler exceptions are bugs and propagate out of the loop task.
 */
export class SharedIndexInformer<T extends KubeObject = KubeObject> {
  readonly indexer: Indexer<T>;
  readonly name: string;
  private readonly handlers: Array<ResourceEventHandler<T>> = [];
  private readonly backoff: ExponentialBackoffManager;
  private started = false;
  private stopped = false;
  private synced = false;
  private watchHandle: WatchHandle | undefined;
  /** Bumped whenever a watch is abandoned, so its already-queued events are ignored. */
  private watchGen = 0;
  private relistTimer: Timer | undefined;
  private resyncTimer: Timer | undefined;
  private lastRV = '';
  private cachedLister: Lister<T> | undefined;
  /** The last list/watch failure (a StatusError, or the Status of an ERROR event). */
  lastError: unknown;
  /** How many times the informer listed (1 after start, +1 per relist). */
  lists = 0;

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    readonly resource: ResourceName,
    readonly options: InformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>(options.keyFunc ?? metaNamespaceKeyFunc, {
      [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
      ...(options.indexers ?? {}),
    });
    this.backoff = reflectorBackoff(loop, options.rng);
    const scope = [options.namespace, options.labelSelector, options.fieldSelector].filter(Boolean).join(',');
    this.name = `informer ${resource}${scope ? `(${scope})` : ''}`;
  }

  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers.push(handler);
    if (this.synced) for (const obj of this.indexer.list()) handler.onAdd?.(obj, true);
    return {
      remove: () => {
        const i = this.handlers.indexOf(handler);
        if (i >= 0) this.handlers.splice(i, 1);
      },
      hasSynced: () => this.synced,
    };
  }

  hasIndex(name: string): boolean {
    return this.indexer.hasIndex(name);
  }

  /** Adds indexes; objects already cached are indexed at once. */
  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  lister(): Lister<T> {
    return (this.cachedLister ??= new Lister(this.indexer));
  }

  /** Lists, notifies and starts watching. Idempotent; a stopped informer cannot be started again. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.listAndWatch();
    const period = this.options.resyncPeriodMs ?? 0;
    if (period > 0) {
      this.resyncTimer = this.loop.every(period, () => this.resync(), { background: true, label: `${this.name}: resync` });
    }
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch();
    this.relistTimer?.cancel();
    this.relistTimer = undefined;
    this.resyncTimer?.cancel();
    this.resyncTimer = undefined;
  }

  isStarted(): boolean {
    return this.started;
  }

  /** True once the first list has been delivered to the cache and the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last list or watch event seen. */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  private listAndWatch(): void {
    if (this.stopped) return;
    let list;
    try {
      list = this.client.list<T>(this.resource, {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
      });
    } catch (err) {
      this.lastError = err;
      this.scheduleRelist();
      return;
    }
    this.lists++;
    this.replace(list.items);
    this.lastRV = list.metadata.resourceVersion;
    this.startWatch();
  }

  private startWatch(): void {
    const gen = ++this.watchGen;
    try {
      this.watchHandle = this.client.watch<T>(
        this.resource,
        {
          namespace: this.options.namespace,
          labelSelector: this.options.labelSelector,
          fieldSelector: this.options.fieldSelector,
          resourceVersion: this.lastRV,
        },
        (ev) => {
          if (gen === this.watchGen && !this.stopped) this.onWatchEvent(ev);
        },
      );
    } catch (err) {
      this.lastError = err;
      this.watchHandle = undefined;
      this.scheduleRelist();
    }
  }

  private stopWatch(): void {
    this.watchGen++;
    const h = this.watchHandle;
    this.watchHandle = undefined;
    h?.stop();
  }

  private scheduleRelist(): void {
    if (this.stopped || this.relistTimer) return;
    this.relistTimer = this.loop.schedule(
      this.backoff.next(),
      () => {
        this.relistTimer = undefined;
        this.listAndWatch();
      },
      { label: `${this.name}: relist` },
    );
  }

  private onWatchEvent(ev: WatchEvent<T>): void {
    const type: string = ev.type;
    if (type === 'ERROR') {
      this.lastError = ev.object as Status;
      this.stopWatch();
      this.scheduleRelist();
      return;
    }
    const obj = ev.object as T;
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.lastRV = rv;
    if (type === 'BOOKMARK') return;
    if (type === 'DELETED') {
      this.indexer.delete(obj);
      for (const h of this.handlers.slice()) h.onDelete?.(obj, { finalStateUnknown: false });
      return;
    }
    const old = this.indexer.get(obj);
    this.indexer.add(obj);
    if (old) for (const h of this.handlers.slice()) h.onUpdate?.(old, obj);
    else for (const h of this.handlers.slice()) h.onAdd?.(obj, false);
  }

  /**
   * Replaces the cache with a list's items, then notifies in list order (adds and updates),
   * followed by deletes of the keys the list no longer has, in cache order.
   */
  private replace(items: readonly T[]): void {
    const initial = !this.synced;
    const before = new Map<string, T>();
    for (const key of this.indexer.listKeys()) before.set(key, this.indexer.getByKey(key)!);
    this.indexer.replace(items);
    this.synced = true;

    const seen = new Set<string>();
    const handlers = this.handlers.slice();
    for (const obj of items) {
      const key = this.indexer.keyFunc(obj);
      seen.add(key);
      const old = before.get(key);
      if (old) for (const h of handlers) h.onUpdate?.(old, obj);
      else for (const h of handlers) h.onAdd?.(obj, initial);
    }
    for (const [key, old] of before) {
      if (seen.has(key)) continue;
      for (const h of handlers) h.onDelete?.(old, { finalStateUnknown: true });
    }
  }

  private resync(): void {
    const handlers = this.handlers.slice();
    for (const obj of this.indexer.list()) for (const h of handlers) h.onUpdate?.(obj, obj);
  }
}
