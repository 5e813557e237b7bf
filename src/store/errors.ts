/**
 * The store's sentinel errors, named and worded as etcd's mvcc package (kvstore.go): callers
 * branch on them (the API server turns ErrCompacted into 410 Gone "Expired"), so they are typed
 * classes with one shared instance each, tested with the guards below rather than by message.
 */

/** A read, watch or compaction asked for a revision that compaction has already removed. */
export class CompactedError extends Error {
  constructor() {
    super('mvcc: required revision has been compacted');
    this.name = 'CompactedError';
  }
}

/** A read or compaction asked for a revision the store has not reached yet. */
export class FutureRevError extends Error {
  constructor() {
    super('mvcc: required revision is a future revision');
    this.name = 'FutureRevError';
  }
}

/** etcd's `ErrCompacted`. Thrown as is; stack traces are not useful for a sentinel. */
export const ErrCompacted: CompactedError = new CompactedError();

/** etcd's `ErrFutureRev`. */
export const ErrFutureRev: FutureRevError = new FutureRevError();

export function isCompactedError(err: unknown): err is CompactedError {
  return err instanceof CompactedError;
}

export function isFutureRevError(err: unknown): err is FutureRevError {
  return err instanceof FutureRevError;
}
