import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';

/** batch.JobCompletionIndexAnnotation; since PodIndexLabel (GA in v1.32) also a label. */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** The env var every container of an Indexed Job's pods gets (downward API on the annotation). */
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: 63 less the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;
export const UNKNOWN_COMPLETION_INDEX = -1;
/** batch.JobIndexFailureCountAnnotation / JobIndexIgnoredFailureCountAnnotation (backoffLimitPerIndex). */
export const JOB_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** hasBackoffLimitPerIndex (JobBackoffLimitPerIndex, beta and on in v1.32). */
export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec?.backoffLimitPerIndex !== null;
}

/** parseInt32: a non-negative int32 annotation; anything else is 0. */
function annotationInt32(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

/** getIndexFailureCount: the failures counted against the index before this pod. */
export function indexFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_FAILURE_COUNT);
}

/** getIndexAbsoluteFailureCount: counted and ignored failures of the index before this pod. */
export function indexAbsoluteFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_FAILURE_COUNT) + annotationInt32(pod, JOB_INDEX_IGNORED_FAILURE_COUNT);
}

/**
 * getNewIndexFailureCounts: the annotations of the pod replacing `replaced` — one more counted
 * failure, or one more ignored one when the pod failure policy ignores the failure.
 */
export function newIndexFailureCounts(replaced: Pod | undefined, countFailed: (p: Pod) => boolean): [number, number] {
  if (!replaced) return [0, 0];
  const counted = annotationInt32(replaced, JOB_INDEX_FAILURE_COUNT);
  const ignored = annotationInt32(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT);
  return countFailed(replaced) ? [counted + 1, ignored] : [counted, ignored + 1];
}

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** getCompletionIndex: the annotation as a non-negative int, or -1. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const n = Number(v);
  return n <= 2147483647 ? n : UNKNOWN_COMPLETION_INDEX;
}

/**
 * orderedIntervals: disjoint, sorted, non-adjacent [first, last] ranges of indexes — the shape of
 * status.completedIndexes (`1,3-5,7`).
 */
export type Intervals = readonly (readonly [number, number])[];

export function intervalsTotal(iv: Intervals): number {
  return iv.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export function intervalsHas(iv: Intervals, ix: number): boolean {
  return iv.some(([a, b]) => a <= ix && ix <= b);
}

export function intervalsString(iv: Intervals): string {
  return iv.map(([a, b]) => (a === b ? `${a}` : b === a + 1 ? `${a},${b}` : `${a}-${b}`)).join(',');
}

/** withOrderedIndexes/merge: the union of `iv` and the indexes, coalescing adjacent ranges. */
export function intervalsWith(iv: Intervals, indexes: Iterable<number>): [number, number][] {
  const all: [number, number][] = [...iv.map(([a, b]) => [a, b] as [number, number]), ...[...indexes].map((i) => [i, i] as [number, number])];
  all.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** parseIndexesFromString: `1,3-5` into intervals, dropping what is malformed or not below `completions`. */
export function parseIndexes(s: string | undefined, completions: number): [number, number][] {
  const out: [number, number][] = [];
  if (!s) return out;
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    let b = m[2] === undefined ? a : Number(m[2]);
    if (a >= completions) break;
    if (b < a) continue;
    b = Math.min(b, completions - 1);
    out.push([a, b]);
  }
  return intervalsWith(out, []);
}

/**
 * calculateFailedIndexes: status.failedIndexes and the indexes whose newly failed pod (still with
 * the finalizer) exhausted the index's backoffLimitPerIndex or matched a FailIndex rule.
 */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[], hasFinalizer: (p: Pod) => boolean, isIndexFailed: (p: Pod) => boolean): [number, number][] {
  const completions = job.spec?.completions ?? 0;
  const prev = job.status?.failedIndexes !== undefined && job.status?.failedIndexes !== null ? parseIndexes(job.status.failedIndexes, completions) : [];
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasFinalizer(p) && isIndexFailed(p)) fresh.add(ix);
  }
  return intervalsWith(prev, fresh);
}

/**
 * calculateSucceededIndexes: the indexes counted before this sync (status.completedIndexes) and
 * those with the succeeded pods not yet counted (they still carry the tracking finalizer).
 */
export function calculateSucceededIndexes(job: Job, pods: readonly Pod[], hasFinalizer: (p: Pod) => boolean): { prev: [number, number][]; current: [number, number][] } {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIndexes(job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasFinalizer(p)) fresh.add(ix);
  }
  return { prev, current: intervalsWith(prev, fresh) };
}

/**
 * firstPendingIndexes: the lowest `count` indexes below `completions` that have no active pod, have
 * not succeeded or failed, and are not `busy` (terminating pods when only failed pods are replaced).
 */
export function firstPendingIndexes(succeeded: Intervals, activePods: readonly Pod[], busy: Iterable<number>, count: number, completions: number, failed: Intervals = []): number[] {
  if (count <= 0) return [];
  const taken = intervalsWith([...succeeded, ...failed].sort((x, y) => x[0] - y[0]), [...activePods.map(completionIndex).filter((i) => i >= 0), ...busy]);
  const out: number[] = [];
  let candidate = 0;
  for (const [a, b] of taken) {
    for (; candidate < completions && out.length < count && candidate < a; candidate++) out.push(candidate);
    if (candidate < b + 1) candidate = b + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: the active pods an Indexed Job must remove whatever its
 * parallelism — without a valid index, with an index not below completions, or all but one per
 * repeated index (the one `keepLast` ranks last is kept).
 */
export function duplicatedIndexPods(pods: readonly Pod[], completions: number, sortActive: (pods: Pod[]) => Pod[]): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) {
      rm.push(p);
      continue;
    }
    const list = byIndex.get(ix) ?? [];
    list.push(p);
    byIndex.set(ix, list);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = byIndex.get(ix)!;
    if (same.length === 1) {
      left.push(same[0]);
      continue;
    }
    const sorted = sortActive(same);
    rm.push(...sorted.slice(0, -1));
    left.push(sorted[sorted.length - 1]);
  }
  return { rm, left };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the Job's name cut so the whole fits a generated name. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendix = `-${index}-`;
  const prefix = jobName + appendix;
  if (prefix.length > MAX_GENERATED_NAME_LENGTH) return jobName.slice(0, MAX_GENERATED_NAME_LENGTH - appendix.length) + appendix;
  return prefix;
}

/** addCompletionIndexEnvVariables: every container learns its index from the label (PodIndexLabel), unless it sets the variable itself. */
export function addCompletionIndexEnv(template: PodTemplateSpec): void {
  const add = (cs: Container[] | undefined) => {
    for (const c of cs ?? []) {
      if ((c.env ?? []).some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
      c.env = [...(c.env ?? []), { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
    }
  };
  add(template.spec?.initContainers);
  add(template.spec?.containers);
}

/**
 * The index as annotation and label, and hostname `<job>-<index>`, on one pod's template; with
 * `failureCounts` (backoffLimitPerIndex) also the index's failure-count annotations.
 */
export function withCompletionIndex(template: PodTemplateSpec, jobName: string, index: number, failureCounts?: [number, number]): PodTemplateSpec {
  const t: PodTemplateSpec = structuredClone(template);
  t.metadata = { ...(t.metadata ?? {}) };
  t.metadata.annotations = { ...(t.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  if (failureCounts) {
    t.metadata.annotations[JOB_INDEX_FAILURE_COUNT] = String(failureCounts[0]);
    if (failureCounts[1] > 0) t.metadata.annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = String(failureCounts[1]);
  }
  t.metadata.labels = { ...(t.metadata.labels ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  t.spec = { ...t.spec!, hostname: `${jobName}-${index}` };
  return t;
}
