import type { Loop } from '../sim/loop';
import { formatDuration } from '../api/duration';
import { AssertionFailure } from './errors';

/** The outcome of checking a state assertion once. */
export type CheckResult = { ok: true } | { ok: false; message: string };
export type Check = () => CheckResult;

/** The four forms every state assertion takes (STEPS.md, Assertion forms). */
export type Form =
  | { type: 'now' }
  | { type: 'eventually' }
  | { type: 'within'; ms: number }
  | { type: 'for'; ms: number };

export const pass: CheckResult = { ok: true };
export const fail = (message: string): CheckResult => ({ ok: false, message });

/**
 * Runs `check` in the given form, moving virtual time for `eventually`/`within`/`for`. Throws an
 * AssertionFailure saying what was expected, what was found, and at what virtual time.
 */
export function assertForm(loop: Loop, form: Form, check: Check, eventuallyTimeoutMs: number): void {
  let last: CheckResult = pass;
  const holds = () => (last = check()).ok;
  const started = loop.now;
  switch (form.type) {
    case 'now':
      if (!holds()) throw failure(last, `at ${clock(loop.now)}`);
      return;
    case 'eventually':
    case 'within': {
      const timeout = form.type === 'within' ? form.ms : eventuallyTimeoutMs;
      if (!loop.until(holds, timeout)) {
        throw failure(last, `still not true after ${formatDuration(timeout)} (virtual time ${clock(started)} → ${clock(loop.now)})`);
      }
      return;
    }
    case 'for': {
      const failedAt = loop.runFor(holds, form.ms);
      if (failedAt !== undefined) {
        throw failure(last, `stopped holding at ${clock(failedAt)}, ${formatDuration(failedAt - started)} into the ${formatDuration(form.ms)} (started at ${clock(started)})`);
      }
      return;
    }
  }
}

function failure(r: CheckResult, when: string): AssertionFailure {
  return new AssertionFailure(`${r.ok ? 'assertion failed' : r.message}\n(${when})`);
}

/** Virtual time as the reports print it: `T+6m0s`. */
export function clock(ms: number): string {
  return `T+${formatDuration(ms)}`;
}
