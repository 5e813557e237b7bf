/** The store layer: an in-memory MVCC key-value store with etcd's semantics, and its watches. */
export { WatchableStore as Store, WatchableStore } from './watchable_store';
export type { WatchableStoreOptions, WatchHandler } from './watchable_store';
export { KVStore } from './kvstore';
export { compareKeys } from './index_tree';
export {
  CompactedError,
  FutureRevError,
  ErrCompacted,
  ErrFutureRev,
  isCompactedError,
  isFutureRevError,
} from './errors';
export type * from './types';
