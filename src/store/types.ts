/**
 * The store's public contract, modelled on etcd's mvcc package (server/storage/mvcc). Values are
 * opaque to the store; the API server stores deep-frozen plain JSON objects, so a value handed out
 * can be shared without copying.
 */

/** etcd's revision: `main` is the store-wide revision of a write txn; `sub` orders the ops inside it. */
export interface Revision {
  main: number;
  sub: number;
}

export interface KeyValue<V = unknown> {
  key: string;
  value: V;
  /** Revision of the put that created the key (in its current generation). */
  createRevision: number;
  /** Revision of the last put to the key. */
  modRevision: number;
  /** Number of puts since creation (1 after the first put); reset by delete. */
  version: number;
}

export interface RangeOptions {
  /** Treat `key` as a prefix: every key that starts with it. */
  prefix?: boolean;
  /** Read at this revision (0 or absent: the current one). Below the compacted revision: ErrCompacted. */
  revision?: number;
  /** At most this many kvs (0 or absent: no limit); `more` says whether more matched. */
  limit?: number;
}

export interface RangeResult<V = unknown> {
  /** Key-ordered (byte order of the key string). */
  kvs: KeyValue<V>[];
  /** How many keys matched, regardless of limit. */
  count: number;
  more: boolean;
  /** The revision the range was read at. */
  revision: number;
}

export interface PutResult<V = unknown> {
  revision: number;
  prevKv?: KeyValue<V>;
}

export interface DeleteResult<V = unknown> {
  revision: number;
  deleted: number;
  prevKvs: KeyValue<V>[];
}

/** A txn guard. `mod`/`create` compare revisions, `version` the key's version; a missing key has 0 for all. */
export interface Compare {
  key: string;
  target: 'mod' | 'create' | 'version';
  result: '=' | '!=' | '<' | '>';
  value: number;
}

export type TxnOp<V = unknown> =
  | { type: 'put'; key: string; value: V }
  | { type: 'delete'; key: string; prefix?: boolean }
  | { type: 'range'; key: string; options?: RangeOptions };

export type TxnOpResult<V = unknown> =
  | ({ type: 'put' } & PutResult<V>)
  | ({ type: 'delete' } & DeleteResult<V>)
  | ({ type: 'range' } & RangeResult<V>);

export interface TxnRequest<V = unknown> {
  compare: Compare[];
  success: TxnOp<V>[];
  failure: TxnOp<V>[];
}

export interface TxnResult<V = unknown> {
  succeeded: boolean;
  /** The store revision after the txn (unchanged if it wrote nothing). */
  revision: number;
  responses: TxnOpResult<V>[];
}

export interface WatchEvent<V = unknown> {
  type: 'PUT' | 'DELETE';
  /** For PUT the new kv; for DELETE a kv with the key, modRevision = the delete revision, and no value. */
  kv: KeyValue<V | undefined>;
  /** The kv before this event, when the watch asked for it (`prevKv: true`). */
  prevKv?: KeyValue<V>;
}

export interface WatchResponse<V = unknown> {
  watchId: number;
  /** The store revision at the time the response was made. */
  revision: number;
  events: WatchEvent<V>[];
  /** Set when the watch's start revision was compacted away; the watch is then cancelled. */
  compactRevision?: number;
  canceled?: boolean;
}

export interface WatchOptions {
  prefix?: boolean;
  /**
   * Deliver every event with revision >= startRevision (history first, then live). 0 or absent:
   * only events after the current revision.
   */
  startRevision?: number;
  prevKv?: boolean;
}

export interface Watcher {
  readonly id: number;
  cancel(): void;
}

/** Defers work (watch catch-up) to a later task; the simulation passes its loop's `post`. */
export type Scheduler = (fn: () => void) => void;
