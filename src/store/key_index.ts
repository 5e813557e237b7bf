import { compareRevisionParts, formatRevision } from './revision';
import type { KeyValue, Revision } from './types';

/**
 * The history of one key, as etcd's keyIndex (server/storage/mvcc/key_index.go).
 *
 * A key lives in generations. A generation starts with the put that creates the key and ends with
 * the tombstone that deletes it; a tombstone appends itself to the current generation and opens a
 * new, empty one. So the last generation never holds a tombstone, and it is empty exactly when the
 * key is deleted now.
 *
 * Unlike etcd, which keeps only revisions here and the values in its backend (bbolt, keyed by
 * revision), each change here is its KeyValue (a put's, or the tombstone's): the store is in
 * memory, and this saves a second map from revision to value and an object per change.
 *
 * Example: put(1.0); put(2.0); tombstone(3.0); put(4.0); tombstone(5.0) on key "foo" gives
 * (oldest generation first, as toString() prints them)
 *
 *     {1.0, 2.0, 3.0(t)} {4.0, 5.0(t)} {empty}
 *
 * and get(atRev) answers from the generation alive at atRev:
 *
 *     get(1), get(2) -> the kv of 1.0 / 2.0 (created 1, versions 1 / 2)
 *     get(3)         -> nothing: 3.0 is the tombstone, the key does not exist at 3
 *     get(4)         -> the kv of 4.0 (created 4, version 1: a delete resets the version)
 *     get(5), get(6) -> nothing
 *
 * compact(atRev) drops every revision at or below atRev except the largest one, because that one is
 * still the key's state at atRev and must stay readable (range at the compacted revision is
 * allowed). A tombstone left alone at the head of a generation only says "gone", so that
 * generation is dropped too. Compacting the example:
 *
 *     compact(2): {2.0, 3.0(t)} {4.0, 5.0(t)} {empty}
 *     compact(3): {4.0, 5.0(t)} {empty}        (3.0(t) would be alone: generation dropped)
 *     compact(4): {4.0, 5.0(t)} {empty}
 *     compact(5): {empty}                      (no history left: the store removes the key)
 *     compact(6): {empty}
 *
 * Invariant: revisions only grow, in (main, sub) order; a put or tombstone at a revision not after
 * `modified` is a programming error in the store, and throws.
 */
export class KeyIndex<V = unknown> {
  /** Revision of the last change (put or tombstone), as two numbers to spare an object per put. */
  private modMain = 0;
  private modSub = 0;
  /** Oldest first; never empty; the last one is the live (or empty) generation. */
  private generations: Generation<V>[] = [newGeneration()];

  constructor(readonly key: string) {}

  get modified(): Revision {
    return { main: this.modMain, sub: this.modSub };
  }

  /** Records a put at (main, sub) and returns the new, frozen KeyValue. */
  put(main: number, sub: number, value: V): KeyValue<V> {
    this.checkAfterModified(main, sub);
    const g = this.generations[this.generations.length - 1];
    if (g.revs.length === 0) g.created = main;
    g.ver++;
    const kv: KeyValue<V> = Object.freeze({
      key: this.key,
      value,
      createRevision: g.created,
      modRevision: main,
      version: g.ver,
    });
    append(g, kv, sub);
    this.modMain = main;
    this.modSub = sub;
    return kv;
  }

  /**
   * Records a delete at (main, sub), ending the live generation, and returns the tombstone: the
   * frozen kv of the DELETE event (key and modRevision only, version 0). Deleting a key that does
   * not exist now is a programming error (etcd's ErrRevisionNotFound): the store only tombstones
   * keys it found alive.
   */
  tombstone(main: number, sub: number): KeyValue<undefined> {
    const g = this.generations[this.generations.length - 1];
    if (g.revs.length === 0) {
      throw new Error(`store: tombstone of key ${JSON.stringify(this.key)}, which does not exist`);
    }
    this.checkAfterModified(main, sub);
    const tomb: KeyValue<undefined> = Object.freeze({
      key: this.key,
      value: undefined,
      createRevision: 0,
      modRevision: main,
      version: 0,
    });
    g.ver++;
    append(g, tomb, sub);
    this.modMain = main;
    this.modSub = sub;
    this.generations.push(newGeneration());
    return tomb;
  }

  /** The key's current KeyValue, or undefined if it is deleted (O(1)). */
  latest(): KeyValue<V> | undefined {
    const g = this.generations[this.generations.length - 1];
    // The live generation holds no tombstone.
    return g.revs.length === 0 ? undefined : (g.revs[g.revs.length - 1] as KeyValue<V>);
  }

  /**
   * The KeyValue at revision atRev: the last put with main <= atRev in the generation alive at
   * atRev; undefined if the key did not exist then. Reads at or after the last change take the
   * O(1) path; older ones binary-search the generation.
   */
  get(atRev: number): KeyValue<V> | undefined {
    if (atRev >= this.modMain) return this.latest();
    const g = this.findGeneration(atRev);
    if (g === undefined) return undefined;
    const revs = g.revs;
    // Last index with modRevision <= atRev; findGeneration guarantees revs[0] is at or before
    // atRev and the generation's tombstone (if any) after it.
    let lo = 0;
    let hi = revs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (revs[mid].modRevision <= atRev) lo = mid;
      else hi = mid - 1;
    }
    return revs[lo] as KeyValue<V>;
  }

  /**
   * The generation that holds the key's state at rev: walking back from the newest, skip empty
   * generations; a finished generation whose tombstone is at or before rev means the key was
   * deleted at rev; otherwise the first generation that started at or before rev.
   */
  private findGeneration(rev: number): Generation<V> | undefined {
    const last = this.generations.length - 1;
    for (let i = last; i >= 0; i--) {
      const g = this.generations[i];
      if (g.revs.length === 0) continue;
      if (i !== last && g.revs[g.revs.length - 1].modRevision <= rev) return undefined;
      if (g.revs[0].modRevision <= rev) return g;
    }
    return undefined;
  }

  /** Drops history below atRev as described on the class; see `isEmpty` afterwards. */
  compact(atRev: number): void {
    if (this.isEmpty()) {
      throw new Error(`store: compact of key ${JSON.stringify(this.key)}, which has no history`);
    }
    const gens = this.generations;
    // The first generation that ends at or after atRev (or the live one): everything before it
    // was deleted before atRev and is invisible from atRev on.
    let genIdx = 0;
    while (genIdx < gens.length - 1) {
      const revs = gens[genIdx].revs;
      if (revs[revs.length - 1].modRevision >= atRev) break;
      genIdx++;
    }
    const g = gens[genIdx];
    if (g.revs.length > 0) {
      let revIndex = -1;
      for (let i = g.revs.length - 1; i >= 0; i--) {
        if (g.revs[i].modRevision <= atRev) {
          revIndex = i;
          break;
        }
      }
      if (revIndex > 0) {
        g.revs = g.revs.slice(revIndex);
        if (g.subs !== undefined) g.subs = g.subs.slice(revIndex);
      }
      // Only the tombstone is left: the key did not exist at atRev, the generation says nothing.
      if (g.revs.length === 1 && genIdx !== gens.length - 1) genIdx++;
    }
    if (genIdx > 0) this.generations = gens.slice(genIdx);
  }

  /** True when there is no history left: one empty generation (the store then drops the key). */
  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0].revs.length === 0;
  }

  /** etcd's debugging form, e.g. `{empty} {4.0, 5.0(t)}`; the tests compare it. */
  toString(): string {
    return this.generations
      .map((g) =>
        g.revs.length === 0
          ? '{empty}'
          : `{${g.revs.map((kv, i) => formatRevision({ main: kv.modRevision, sub: g.subs?.[i] ?? 0 }) + (isTombstone(kv) ? '(t)' : '')).join(', ')}}`,
      )
      .join(' ');
  }

  private checkAfterModified(main: number, sub: number): void {
    if (compareRevisionParts(main, sub, this.modMain, this.modSub) <= 0) {
      throw new Error(
        `store: change to key ${JSON.stringify(this.key)} at ${formatRevision({ main, sub })}, not after ${formatRevision(this.modified)}`,
      );
    }
  }
}

/** A tombstone is the only kv with version 0: a put always makes version >= 1. */
export function isTombstone(kv: KeyValue<unknown>): boolean {
  return kv.version === 0;
}

export interface Generation<V> {
  /** Changes in this generation (a tombstone counts too, as in etcd): after a put, its version. */
  ver: number;
  /** Main revision of the put that started it; 0 while empty. */
  created: number;
  /**
   * The changes, oldest first: each put's KeyValue, and last, for a finished generation, the
   * tombstone. The kv's modRevision is the change's main revision.
   */
  revs: KeyValue<V | undefined>[];
  /** The changes' sub revisions, parallel to revs; undefined while all are 0 (most txns write one key). */
  subs: number[] | undefined;
}

function newGeneration<V>(): Generation<V> {
  return { ver: 0, created: 0, revs: [], subs: undefined };
}

/**
 * Adds a change to a generation. Memory matters at 150k keys: the first change gets an array of
 * exactly one slot (a push onto [] would reserve 17), and subs exist only once one is not 0.
 */
function append<V>(g: Generation<V>, kv: KeyValue<V | undefined>, sub: number): void {
  if (g.revs.length === 0) g.revs = [kv];
  else g.revs.push(kv);
  if (g.subs !== undefined) g.subs.push(sub);
  else if (sub !== 0) {
    g.subs = new Array<number>(g.revs.length).fill(0);
    g.subs[g.revs.length - 1] = sub;
  }
}
