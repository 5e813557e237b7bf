import type { Pod } from 'kubernetes-types/core/v1';
import type { Victims } from '../../framework/interface';
import { podPriority } from '../../framework/types';

/**
 * util.GetPodStartTime as absolute ms: status.startTime, or `nowMs` for pods that have not started
 * (assumed or bound but not yet running), as upstream uses time.Now().
 */
export function podStartTimeMs(pod: Pod, nowMs: number): number {
  const t = pod.status?.startTime;
  if (t) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return ms;
  }
  return nowMs;
}

/** util.MoreImportantPod: higher priority first; equal priority, the earlier-started pod first. */
export function moreImportantPod(a: Pod, b: Pod, nowMs: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTimeMs(a, nowMs) < podStartTimeMs(b, nowMs);
}

/** A comparator (most important first) for Array.sort from moreImportantPod. */
export function byImportance(nowMs: number): (a: Pod, b: Pod) => number {
  return (a, b) => (moreImportantPod(a, b, nowMs) ? -1 : moreImportantPod(b, a, nowMs) ? 1 : 0);
}

/** util.GetEarliestPodStartTime: the earliest start time among the highest-priority victims. */
export function earliestPodStartTimeMs(victims: Victims, nowMs: number): number | undefined {
  if (victims.pods.length === 0) return undefined;
  let earliest = podStartTimeMs(victims.pods[0], nowMs);
  let maxPriority = podPriority(victims.pods[0]);
  for (const p of victims.pods) {
    const prio = podPriority(p);
    if (prio === maxPriority) {
      const t = podStartTimeMs(p, nowMs);
      if (t < earliest) earliest = t;
    } else if (prio > maxPriority) {
      maxPriority = prio;
      earliest = podStartTimeMs(p, nowMs);
    }
  }
  return earliest;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone; several deduplicated as [a, b]. */
export function aggregateErrors(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
