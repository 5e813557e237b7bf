import type { Pod } from 'kubernetes-types/core/v1';
import { isPodReady } from '../../api/pod_status';

/** The annotation of the PodDeletionCost feature (beta, on by default). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** controller.IsPodActive: neither finished nor being deleted (fact 17). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** helper.GetDeletionCostFromPodAnnotations: an int32; anything else counts as 0. */
export function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function readyTime(pod: Pod): number {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) if (s.restartCount > max) max = s.restartCount;
  for (const s of pod.status?.initContainerStatuses ?? []) if (s.restartCount > max) max = s.restartCount;
  return max;
}

/** afterOrZero: a zero time sorts first, then the later time. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** logarithmicRankDiff: floor(log2) of each age in nanoseconds (−1 for no age), subtracted. */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/**
 * ActivePodsWithRanks.Less with LogarithmicScaleDown (on since v1.22), fact 49: true when `a` should
 * be deleted before `b`. `rankA`/`rankB` count the related active pods on each pod's node; `nowMs` is
 * the wall time of the sync in epoch milliseconds.
 */
export function deleteBefore(a: Pod, rankA: number, b: Pod, rankB: number, nowMs: number): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  if (rankA !== rankB) return rankA > rankB;
  const uidLess = (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
  if (ra && rb) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== tb) {
      if (ta === 0 || tb === 0) return afterOrZero(ta, tb);
      const diff = logarithmicRankDiff(ta, tb, nowMs);
      return diff === 0 ? uidLess : diff < 0;
    }
  }
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa !== xb) return xa > xb;
  const cta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const ctb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (cta !== ctb) {
    if (cta === 0 || ctb === 0) return afterOrZero(cta, ctb);
    const diff = logarithmicRankDiff(cta, ctb, nowMs);
    return diff === 0 ? uidLess : diff < 0;
  }
  return false;
}

/**
 * getPodsToDelete: the `count` pods to delete first, ranked by fact 49 where a pod's rank is the
 * number of `related` active pods on its node (getPodsRankedByRelatedPodsOnSameNode). The sort is
 * stable, as Go's sort.Sort is not — ties are rare here because UIDs break them.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number, nowMs: number): Pod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node && isPodActive(p)) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (deleteBefore(x.pod, x.rank, y.pod, y.rank, nowMs) ? -1 : deleteBefore(y.pod, y.rank, x.pod, x.rank, nowMs) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}

/**
 * controller.slowStartBatch: calls `fn` `count` times in batches of 1, 2, 4, … (fact 48); a batch
 * with any failure ends the run. Returns how many calls succeeded and the first error.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => void): { successes: number; error?: unknown } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: unknown;
    let failed = false;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        successes++;
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    if (failed) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}

/**
 * controller.ActivePods.Less (without ranks, deletion cost or log-scale buckets, as the Job
 * controller sorts): true when `a` should go before `b` — unassigned, then Pending < Unknown <
 * Running, not Ready, Ready for less time, more restarts, newer.
 */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa !== xb) return xa > xb;
  const cta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const ctb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (cta !== ctb) return afterOrZero(cta, ctb);
  return false;
}

/** sort.Sort(controller.ActivePods(pods)) on a copy (stable here; ties keep their order). */
export function sortActivePods<P extends Pod>(pods: readonly P[]): P[] {
  return [...pods].sort((x, y) => (activePodsLess(x, y) ? -1 : activePodsLess(y, x) ? 1 : 0));
}
