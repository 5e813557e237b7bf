import type { PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PolicyMatch {
  /** The message of a FailJob rule, to become the Job's failure message. */
  failJobMessage?: string;
  /** Whether the failure counts against backoffLimit (false only for Ignore). */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

/** matchOnExitCodes: the first terminated container (init containers first) whose non-zero exit code the requirement matches. */
function matchOnExitCodes(pod: Pod, req: NonNullable<PodFailurePolicy['rules'][number]['onExitCodes']>): ContainerStatus | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    if (req.containerName && req.containerName !== s.name) continue;
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) continue;
    const listed = req.values.includes(code);
    if (req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false) return s;
  }
  return undefined;
}

function matchOnPodConditions(pod: Pod, patterns: NonNullable<PodFailurePolicy['rules'][number]['onPodConditions']>): PodCondition | undefined {
  for (const p of patterns) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === p.type && x.status === (p.status ?? 'True'));
    if (c) return c;
  }
  return undefined;
}

/**
 * matchPodFailurePolicy: the first rule that matches a failed pod decides. FailJob fails the Job with
 * a message naming the container (or condition) and the rule's index; Ignore does not count the
 * failure; Count and FailIndex count it (FailIndex fails the index only with backoffLimitPerIndex);
 * no match counts it.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const action = rule.action as PodFailurePolicyAction;
    if (rule.onExitCodes) {
      const s = matchOnExitCodes(pod, rule.onExitCodes);
      if (!s) continue;
      if (action === 'Ignore') return { countFailed: false, action };
      if (action === 'FailIndex' || action === 'Count') return { countFailed: true, action };
      if (action === 'FailJob') {
        return { countFailed: true, action, failJobMessage: `Container ${s.name} for pod ${ns}/${name} failed with exit code ${s.state!.terminated!.exitCode} matching ${action} rule at index ${index}` };
      }
    } else if (rule.onPodConditions) {
      const c = matchOnPodConditions(pod, rule.onPodConditions);
      if (!c) continue;
      if (action === 'Ignore') return { countFailed: false, action };
      if (action === 'FailIndex' || action === 'Count') return { countFailed: true, action };
      if (action === 'FailJob') return { countFailed: true, action, failJobMessage: `Pod ${ns}/${name} has condition ${c.type} matching ${action} rule at index ${index}` };
    }
  }
  return { countFailed: true };
}
