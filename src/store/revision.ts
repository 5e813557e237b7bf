import type { Revision } from './types';

/**
 * Revision ordering, as etcd's revision.go: `main` is the store-wide revision of a write txn and
 * `sub` orders the changes inside it, so (main, sub) is a total order over every change ever made.
 */

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareRevision(a: Revision, b: Revision): number {
  return compareRevisionParts(a.main, a.sub, b.main, b.sub);
}

/** compareRevision on unpacked revisions, for hot paths that keep them as two numbers. */
export function compareRevisionParts(aMain: number, aSub: number, bMain: number, bSub: number): number {
  return aMain !== bMain ? aMain - bMain : aSub - bSub;
}

/** etcd's debugging form, `main.sub`. */
export function formatRevision(r: Revision): string {
  return `${r.main}.${r.sub}`;
}
