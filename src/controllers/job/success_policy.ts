import type { SuccessPolicy } from 'kubernetes-types/batch/v1';
import { intervalsTotal, parseIndexes, type Intervals } from './indexed_job_utils';

/**
 * matchSucceededIndexesRule: the rule's indexes have all succeeded, or at least `succeededCount`
 * of them have. Both lists are sorted disjoint intervals; one pass counts their overlap.
 */
export function matchSucceededIndexesRule(rule: Intervals, succeeded: Intervals, succeededCount?: number): boolean {
  let contains = 0;
  let r = 0;
  let s = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap = Math.min(rule[r][1], succeeded[s][1]) - Math.max(rule[r][0], succeeded[s][0]) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s][1] < rule[r][1]) s++;
    else if (succeeded[s][1] > rule[r][1]) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === intervalsTotal(rule) || (succeededCount !== undefined && contains >= succeededCount);
}

/**
 * matchSuccessPolicy (JobSuccessPolicy, beta and on in v1.32): the message of the first rule the
 * succeeded indexes satisfy — `Matched rules at index <i>` — or undefined. A rule with indexes
 * that do not parse is skipped.
 */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount ?? undefined)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && intervalsTotal(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
