/** One measured number from a benchmark, as bench/run.ts prints and records it. */
export interface BenchResult {
  /** What was measured, e.g. "store: puts". */
  name: string;
  value: number;
  /** e.g. "puts/s", "events/s", "ms". */
  unit: string;
  /** The workload, so a number can be read without the source. */
  detail?: string;
}
