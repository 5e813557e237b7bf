/**
 * The client machinery controllers stand on, after client-go and controller-runtime:
 * - `Client` (types.ts): the only way components touch the cluster.
 * - `SharedInformerFactory` / `SharedIndexInformer`: list+watch into an `Indexer`, handlers,
 *   relist on 410, resync; `Lister` reads the cache. Cached objects are the client's deep-frozen
 *   objects: copy before changing one.
 * - `RateLimitingQueue` + `QueueWorker`: keys in, level-triggered `reconcile(key)` out, with
 *   client-go's dedup/dirty/processing rules and the controller rate limiter, in virtual time.
 * - `EventRecorder`: core/v1 Events with the EventCorrelator's dedup, aggregation and spam filter.
 */
export type * from './types';
export * from './rate_limiter';
export * from './workqueue';
export * from './queue_worker';
export * from './backoff';
export * from './indexer';
export * from './lister';
export * from './informer';
export * from './informer_factory';
export * from './event_types';
export * from './events_cache';
export * from './event_recorder';
export { sprintf } from './sprintf';
