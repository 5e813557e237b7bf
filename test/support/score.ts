import assert from 'node:assert/strict';
import type { Status } from '../../src/scheduler/framework/status';

/** A Score plugin's result as a number; fails the test (naming `label`) when the plugin returned a Status. */
export function scoreValue(r: number | Status, label?: string): number {
  if (typeof r !== 'number') assert.fail(`${label ? label + ': ' : ''}Score failed: ${r.message()}`);
  return r;
}
