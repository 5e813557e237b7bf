/**
 * metav1.Time as it marshals: RFC 3339 in whole seconds, UTC (`2025-01-01T00:00:05Z`), for an
 * instant in epoch milliseconds. The last one is remembered: every write of a virtual second asks
 * for the same string, often several times (creation time, condition times, event times).
 */
let lastSecondMs = NaN;
let lastText = '';

export function formatRFC3339(ms: number): string {
  const secondMs = Math.floor(ms / 1000) * 1000;
  if (secondMs !== lastSecondMs) {
    lastText = new Date(secondMs).toISOString().replace('.000Z', 'Z');
    lastSecondMs = secondMs;
  }
  return lastText;
}

/** metav1.Time of virtual `ms` (milliseconds since the simulation started at epoch `epochMs`). */
export function rfc3339(epochMs: number, ms: number): string {
  return formatRFC3339(epochMs + ms);
}
