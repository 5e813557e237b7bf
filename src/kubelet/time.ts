/**
 * Timestamps as the kubelet writes them. Virtual time is milliseconds since the cluster started;
 * `epochMs` is the wall-clock instant it stands for.
 */

/** metav1.Time: RFC3339 in whole seconds (the status manager normalizes status times to seconds). */
export { rfc3339 } from '../api/time';

/** metav1.MicroTime (a Lease's renewTime): RFC3339 with six fractional digits. */
export function microTime(epochMs: number, ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  const iso = new Date(epochMs + whole).toISOString(); // 2025-01-01T00:00:10.123Z
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/** Virtual ms truncated to the second, as a time read back from a status is. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
