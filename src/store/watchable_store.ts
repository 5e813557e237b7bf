import type { Change } from './history';
import { KVStore } from './kvstore';
import type { Scheduler, WatchEvent, Watcher, WatchOptions, WatchResponse } from './types';
import { WatcherGroup } from './watcher_group';

export interface WatchableStoreOptions {
  /**
   * Runs watch catch-ups later (the simulation passes its loop's `post`). It must call each fn
   * once, after the call that scheduled it has returned. Default: an internal FIFO that only
   * `syncWatchers()` drains, so without a scheduler nothing catches up until you call it.
   */
  schedule?: Scheduler;
}

export type WatchHandler<V> = (resp: WatchResponse<V>) => void;

interface WatcherState<V> {
  readonly id: number;
  readonly key: string;
  readonly prefix: boolean;
  readonly prevKv: boolean;
  readonly handler: WatchHandler<V>;
  /**
   * The lowest revision the watcher still needs. Unsynced: where its catch-up starts. Synced:
   * events below it are not delivered (it exceeds rev + 1 only for a future start revision).
   */
  minRev: number;
  /** Set by cancel(): nothing more is delivered, not even responses already queued. */
  canceled: boolean;
}

interface Delivery<V> {
  readonly watcher: WatcherState<V>;
  readonly response: WatchResponse<V>;
}

/**
 * The KV store plus watches, as etcd's watchable_store.go.
 *
 * A watcher is either synced (live: it gets each write txn's events as the txn commits) or
 * unsynced (it started in the past and waits for a catch-up from the recorded history):
 * - startRevision 0/absent: synced, from rev + 1. startRevision > rev: synced, and it gets the
 *   events with revision >= startRevision (etcd's behaviour for a future start).
 * - 0 < startRevision <= rev: unsynced, and a catch-up is scheduled. The catch-up (for every
 *   unsynced watcher at once, as etcd's syncWatchers) sends each watcher ONE response holding all
 *   its history events with revision >= its start, in revision order (none if nothing matched),
 *   with `revision` = the store's revision then, and makes it synced from rev + 1. A watcher whose
 *   start is below compactRevision by then instead gets one response with `compactRevision` and
 *   `canceled: true`, and is dropped. Everything runs on one thread, so no write can slip in
 *   between reading the history and joining the synced group: nothing is lost or doubled.
 * - A synced watcher gets one response per write txn that touched its keys, with all of that
 *   txn's events for it and `revision` = the txn's revision.
 *
 * Delivery order. Responses go through one FIFO outbox, drained by the outermost call that filled
 * it. A handler that writes to the store (or syncs watchers) only adds to the outbox; the drain
 * that is already running delivers those responses after the ones queued before them. Revisions
 * only grow in commit order, and a watcher gets live responses only after its catch-up response
 * was queued, so every watcher sees its responses in revision order. The price: a write made from
 * a handler returns before its own watchers are notified.
 *
 * Errors: a throwing handler does not stop delivery to the others; the first error is rethrown to
 * the outermost caller (a write, which has committed, or a sync) once the outbox is empty.
 */
export class WatchableStore<V = unknown> extends KVStore<V> {
  private readonly synced = new WatcherGroup<WatcherState<V>>();
  private readonly unsynced = new WatcherGroup<WatcherState<V>>();
  private readonly schedule: Scheduler;
  /** The default scheduler's queue. */
  private readonly tasks: (() => void)[] = [];
  private syncScheduled = false;
  private nextWatchId = 1;
  private readonly outbox: Delivery<V>[] = [];
  private delivering = false;

  constructor(options: WatchableStoreOptions = {}) {
    super();
    this.schedule = options.schedule ?? ((fn) => void this.tasks.push(fn));
  }

  /** Watcher counts, for diagnostics and tests. */
  get watcherCounts(): { synced: number; unsynced: number } {
    return { synced: this.synced.size, unsynced: this.unsynced.size };
  }

  /**
   * Watches a key or prefix (see the class comment for when events arrive). Watch ids are unique
   * in the store and start at 1. The handler is never called before watch() returns (given a
   * scheduler that defers, as required).
   */
  watch(key: string, opts: WatchOptions, handler: WatchHandler<V>): Watcher {
    const start = opts.startRevision ?? 0;
    const w: WatcherState<V> = {
      id: this.nextWatchId++,
      key,
      prefix: opts.prefix === true,
      prevKv: opts.prevKv === true,
      handler,
      minRev: start > 0 ? start : this.rev + 1,
      canceled: false,
    };
    if (start <= 0 || start > this.rev) {
      this.synced.add(w);
    } else {
      this.unsynced.add(w);
      this.scheduleSync();
    }
    return Object.freeze({ id: w.id, cancel: () => this.cancel(w) });
  }

  /**
   * Catches up every unsynced watcher now: first runs the default scheduler's queued tasks, then
   * syncs whatever is still unsynced. Returns how many watchers are unsynced afterwards (watchers
   * that handlers created during this call; their catch-up is scheduled again).
   */
  syncWatchers(): number {
    while (this.tasks.length > 0) (this.tasks.shift() as () => void)();
    this.syncUnsynced();
    return this.unsynced.size;
  }

  protected override committed(rev: number, changes: readonly Change<V>[]): void {
    if (this.synced.size === 0) return;
    if (changes.length === 1) {
      const change = changes[0];
      this.synced.forEachMatch(change.kv.key, (w) => {
        if (rev < w.minRev) return;
        w.minRev = rev + 1;
        this.outbox.push({ watcher: w, response: { watchId: w.id, revision: rev, events: [change.event(w.prevKv)] } });
      });
    } else {
      const batches = new Map<WatcherState<V>, WatchEvent<V>[]>();
      for (const change of changes) {
        this.synced.forEachMatch(change.kv.key, (w) => {
          if (rev < w.minRev) return;
          const events = batches.get(w);
          if (events === undefined) batches.set(w, [change.event(w.prevKv)]);
          else events.push(change.event(w.prevKv));
        });
      }
      for (const [w, events] of batches) {
        w.minRev = rev + 1;
        this.outbox.push({ watcher: w, response: { watchId: w.id, revision: rev, events } });
      }
    }
    this.deliver();
  }

  private cancel(w: WatcherState<V>): void {
    if (w.canceled) return;
    w.canceled = true;
    if (!this.synced.delete(w)) this.unsynced.delete(w);
  }

  private scheduleSync(): void {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    this.schedule(() => {
      this.syncScheduled = false;
      this.syncUnsynced();
    });
  }

  /** etcd's syncWatchers: one pass over the history for all unsynced watchers. */
  private syncUnsynced(): void {
    if (this.unsynced.size === 0) return;
    const cur = this.rev;
    const compactRev = this.compactRevision;
    const catchingUp: WatcherState<V>[] = [];
    let minRev = Infinity;
    for (const w of this.unsynced.list()) {
      if (w.minRev < compactRev) {
        this.unsynced.delete(w);
        this.outbox.push({
          watcher: w,
          response: { watchId: w.id, revision: cur, events: [], compactRevision: compactRev, canceled: true },
        });
        continue;
      }
      catchingUp.push(w);
      if (w.minRev < minRev) minRev = w.minRev;
    }
    if (catchingUp.length > 0) {
      const batches = new Map<WatcherState<V>, WatchEvent<V>[]>();
      this.forEachChangeSince(minRev, (change) => {
        this.unsynced.forEachMatch(change.kv.key, (w) => {
          if (change.revision < w.minRev) return;
          const events = batches.get(w);
          if (events === undefined) batches.set(w, [change.event(w.prevKv)]);
          else events.push(change.event(w.prevKv));
        });
      });
      for (const w of catchingUp) {
        const events = batches.get(w);
        if (events !== undefined) this.outbox.push({ watcher: w, response: { watchId: w.id, revision: cur, events } });
        w.minRev = cur + 1;
        this.unsynced.delete(w);
        this.synced.add(w);
      }
    }
    this.deliver();
  }

  /** Drains the outbox unless an outer call is already draining it (see the class comment). */
  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    const outbox = this.outbox;
    let failed = false;
    let error: unknown;
    try {
      for (let i = 0; i < outbox.length; i++) {
        const { watcher, response } = outbox[i];
        if (watcher.canceled) continue;
        try {
          watcher.handler(response);
        } catch (err) {
          if (!failed) {
            failed = true;
            error = err;
          }
        }
      }
    } finally {
      outbox.length = 0;
      this.delivering = false;
    }
    if (failed) throw error;
  }
}
