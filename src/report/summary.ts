import { Status } from '@cucumber/cucumber';

type StepStatus = (typeof Status)[keyof typeof Status];

/**
 * The order of the counts in the summary lines: STEPS.md's contract is `N scenarios (X passed, Y failed)`, so
 * passed comes first (Cucumber itself puts failed first); the rest follow in Cucumber's order.
 */
const ORDER: readonly StepStatus[] = [
  Status.PASSED,
  Status.FAILED,
  Status.AMBIGUOUS,
  Status.UNDEFINED,
  Status.PENDING,
  Status.SKIPPED,
  Status.UNKNOWN,
];

/** `3 scenarios (2 passed, 1 failed)`; zero counts are left out, as Cucumber does; `0 scenarios` alone. */
export function countLine(noun: 'scenario' | 'step', statuses: readonly StepStatus[], color: (s: StepStatus, text: string) => string = (_s, t) => t): string {
  const head = `${statuses.length} ${noun}${statuses.length === 1 ? '' : 's'}`;
  if (statuses.length === 0) return head;
  const parts = ORDER.flatMap((status) => {
    const n = statuses.filter((s) => s === status).length;
    return n > 0 ? [color(status, `${n} ${status.toLowerCase()}`)] : [];
  });
  return `${head} (${parts.join(', ')})`;
}

/** `0m01.234s` from milliseconds, as Cucumber prints durations. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  const millis = Math.floor(ms % 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}s`;
}
