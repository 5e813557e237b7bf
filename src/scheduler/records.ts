/**
 * What each scheduling cycle decided and why, for reports and the step `the scheduler scores for
 * pod X are:`. A cycle that scores keeps, for every scored node, each score plugin's normalized
 * score (before weight) and the weighted total; a cycle with one feasible node keeps that fact and
 * no scores (upstream does not score then, fact 58); a failed cycle keeps the FitError message.
 *
 * Memory is bounded: the last `cyclesPerPod` cycles of the last `maxPods` pods recorded.
 */
import { Lru } from '../client/lru';

export interface ScoreRow {
  node: string;
  /** A score plugin's name, or `total` for the weighted sum. */
  plugin: string;
  score: number;
}

export class CycleRecord {
  /** Score plugins that ran, with their weights; empty when the cycle did not score. */
  readonly plugins: { name: string; weight: number }[] = [];
  /** The scored nodes' names, or the scored nodes themselves until a name is asked for (see `nodes`). */
  private nodeNames: string[] | undefined = [];
  private scoredNodes: readonly { readonly name: string }[] | undefined;
  /** The scores as given, or as views of the kept bytes once read (see `scores`). */
  private scoreColumns: ArrayLike<number>[] | undefined = [];
  /** keepScores' bytes: plugin p's score for nodes[i] at `scoreBytesAt + p * nodes.length + i`. */
  private scoreBytes: Uint8Array | undefined;
  private scoreBytesAt = 0;
  private scorePlanes = 0;
  /** The totals when they are not Σ weight × score (extender scores, or no scoring at all), or once computed. */
  private explicitTotals: ArrayLike<number> | undefined;
  /** Nodes in the snapshot, nodes checked by Filter, and nodes that passed. */
  numAllNodes = 0;
  evaluatedNodes = 0;
  feasibleNodes = 0;
  /** The node the cycle chose (the pod was assumed there). */
  selectedNode: string | undefined;
  /** The FitError (or other failure) message when the cycle found no node. */
  failure: string | undefined;
  /** The binding cycle's outcome, once known. */
  bound: boolean | undefined;
  bindError: string | undefined;

  constructor(
    readonly namespace: string,
    readonly name: string,
    readonly uid: string,
    readonly profile: string,
    /** The queue's scheduling cycle number. */
    readonly cycle: number,
    /** Virtual ms of the cycle. */
    readonly atMs: number,
  ) {}

  /** The scored nodes, in the order they were scored. */
  get nodes(): string[] {
    if (this.nodeNames === undefined) this.nodeNames = this.scoredNodes!.map((n) => n.name);
    return this.nodeNames;
  }

  set nodes(names: string[]) {
    this.nodeNames = names;
    this.scoredNodes = undefined;
  }

  /**
   * Keeps the scored nodes themselves (the cycle's own list, which nothing changes afterwards; a
   * node's name never changes): every cycle keeps a record, and a list of names per cycle was one
   * more array of a thousand entries to allocate; the names are spelled out only when read.
   */
  keepNodes(nodes: readonly { readonly name: string }[]): void {
    this.scoredNodes = nodes;
    this.nodeNames = undefined;
  }

  /** How many nodes were scored. */
  get numScored(): number {
    return this.nodeNames === undefined ? this.scoredNodes!.length : this.nodeNames.length;
  }

  /** totals[i]: the weighted total of nodes[i] (with extender scores). */
  get totals(): ArrayLike<number> {
    if (this.explicitTotals) return this.explicitTotals;
    const t = new Array<number>(this.numScored).fill(0);
    this.plugins.forEach((p, k) => {
      for (let i = 0; i < t.length; i++) t[i] += this.scores[k][i] * p.weight;
    });
    // Kept once asked for: steps and the report read totals node by node.
    this.explicitTotals = t;
    return t;
  }

  set totals(t: ArrayLike<number>) {
    this.explicitTotals = t;
  }

  /**
   * scores[p][i]: plugins[p]'s normalized score for nodes[i]. Kept bytes become one view per
   * plugin when first read (steps and the report read a few records; every cycle keeps one).
   */
  get scores(): ArrayLike<number>[] {
    if (this.scoreColumns === undefined) {
      const bytes = this.scoreBytes!;
      const n = this.numScored;
      const at = this.scoreBytesAt;
      this.scoreColumns = Array.from({ length: this.scorePlanes }, (_, p) => bytes.subarray(at + p * n, at + (p + 1) * n));
    }
    return this.scoreColumns;
  }

  set scores(columns: ArrayLike<number>[]) {
    this.scoreColumns = columns;
    this.scoreBytes = undefined;
  }

  /**
   * Keeps a cycle's normalized scores compactly: the record outlives the cycle (the last
   * `maxPods` pods are kept), and at 1,000 nodes a plain array per plugin is kilobytes per pod
   * that the garbage collector must then move and mark. Scores in [0, 100] that are integers (all
   * of upstream's: Score returns an int64) go into one byte each; anything else is kept as given.
   */
  keepScores(scores: readonly number[][]): void {
    const n = this.numScored;
    const size = scores.length * n;
    if (size === 0) {
      this.scores = scores.map((c) => c.slice(0, n));
      return;
    }
    const big = size > SCORE_SLAB_BYTES / 4;
    const bytes = big ? new Uint8Array(size) : scoreSlabFor(size);
    const base = big ? 0 : scoreSlabUsed;
    for (let p = 0; p < scores.length; p++) {
      const col = scores[p];
      const at = base + p * n;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        // A byte keeps exactly the integers 0-255: anything else reads back different.
        bytes[at + i] = v;
        if (bytes[at + i] !== v) {
          this.scores = scores.map((c) => c.slice());
          return;
        }
      }
    }
    if (!big) scoreSlabUsed += size;
    this.scoreBytes = bytes;
    this.scoreBytesAt = base;
    this.scorePlanes = scores.length;
    this.scoreColumns = undefined;
  }

  /** Whether score plugins ran (more than one feasible node). */
  get scored(): boolean {
    return this.numScored > 0;
  }

  /** A plugin's normalized score for a node (`total` for the weighted sum); undefined when not scored. */
  scoreOf(node: string, plugin: string): number | undefined {
    const i = this.nodes.indexOf(node);
    if (i < 0) return undefined;
    if (plugin === 'total') return this.totals[i];
    const p = this.plugins.findIndex((x) => x.name === plugin);
    return p < 0 ? undefined : this.scores[p][i];
  }

  /** Every (node, plugin, score) with a `total` row per node, nodes in name order. */
  rows(): ScoreRow[] {
    const order = this.nodes.map((n, i) => [n, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: ScoreRow[] = [];
    for (const [node, i] of order) {
      this.plugins.forEach((p, k) => out.push({ node, plugin: p.name, score: this.scores[k][i] }));
      out.push({ node, plugin: 'total', score: this.totals[i] });
    }
    return out;
  }
}

/**
 * Bytes for kept scores, carved out of shared 8 KiB buffers: a typed array's buffer is allocated
 * outside the JS heap, and one per cycle cost most of keepScores. A buffer is freed once no record
 * views it. Records are dropped per pod (the last `cyclesPerPod`) and by least recently recorded
 * pod, so a long-pending pod's records may each keep a different buffer alive: at worst 8 KiB per
 * kept record, usually about the records' own size. Requests over 2 KiB get their own buffer.
 * A record keeps the buffer and its offset; views are made only when the scores are read.
 */
const SCORE_SLAB_BYTES = 8 * 1024;
let scoreSlab = new Uint8Array(0);
let scoreSlabUsed = 0;

/** The shared buffer with room for `n` more bytes at `scoreSlabUsed` (a fresh one when full). */
function scoreSlabFor(n: number): Uint8Array {
  if (scoreSlabUsed + n > scoreSlab.length) {
    scoreSlab = new Uint8Array(SCORE_SLAB_BYTES);
    scoreSlabUsed = 0;
  }
  return scoreSlab;
}

export interface SchedulingRecordsOptions {
  /** Cycles kept per pod (default 3). */
  cyclesPerPod?: number;
  /** Pods kept, least recently recorded dropped first (default 1024). */
  maxPods?: number;
}

export class SchedulingRecords {
  /** Per pod (`namespace/name`), its kept cycles, oldest first; the least recently recorded pod goes first. */
  private readonly byPod: Lru<CycleRecord[]>;
  private readonly cyclesPerPod: number;

  constructor(opts: SchedulingRecordsOptions = {}) {
    this.cyclesPerPod = opts.cyclesPerPod ?? 3;
    this.byPod = new Lru(opts.maxPods ?? 1024);
  }

  add(r: CycleRecord): void {
    const key = `${r.namespace}/${r.name}`;
    const list = this.byPod.peek(key) ?? [];
    list.push(r);
    if (list.length > this.cyclesPerPod) list.splice(0, list.length - this.cyclesPerPod);
    // Adding makes the pod the most recently recorded, and drops the least recent past maxPods.
    this.byPod.add(key, list);
  }

  /** The last cycle that placed the pod (chose a node), if any is kept. */
  forPod(namespace: string, name: string): CycleRecord | undefined {
    const list = this.byPod.peek(`${namespace}/${name}`) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].selectedNode !== undefined) return list[i];
    return undefined;
  }

  /** The pod's most recent cycle, placed or not. */
  lastCycle(namespace: string, name: string): CycleRecord | undefined {
    const list = this.byPod.peek(`${namespace}/${name}`);
    return list?.[list.length - 1];
  }

  /** The kept cycles of the pod, oldest first. */
  cycles(namespace: string, name: string): readonly CycleRecord[] {
    return this.byPod.peek(`${namespace}/${name}`) ?? [];
  }

  /** Every kept cycle, in the order the cycles ran. */
  all(): CycleRecord[] {
    const out: CycleRecord[] = [];
    for (const list of this.byPod.values()) out.push(...list);
    return out.sort((a, b) => a.atMs - b.atMs || a.cycle - b.cycle);
  }

  clear(): void {
    this.byPod.clear();
  }
}
