import type { Container, Pod } from 'kubernetes-types/core/v1';

/**
 * Grace periods for stopping containers (fact 140).
 */

/** kuberuntime minimumGracePeriodInSeconds: containers always get this long after SIGTERM. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** Why a container is killed, which decides whose terminationGracePeriodSeconds applies. */
export type KillReason = 'liveness' | 'startup' | 'other';

/**
 * pod_workers calculateEffectiveGracePeriod: the grace period of a terminating pod. It can only
 * shrink; the API server's deletionGracePeriodSeconds is the truth; absent that (or 0, as for a
 * force-deleted pod) the pod's terminationGracePeriodSeconds; never less than 1.
 * `current` is the grace already in effect (0 when the pod only starts terminating).
 */
export function effectiveGracePeriod(current: number, pod: Pod): number {
  let grace = current;
  const deletion = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion !== undefined && deletion !== null && (grace === 0 || deletion < grace)) grace = deletion;
  if (grace === 0) grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(grace, 1);
}

/**
 * kuberuntime killContainer's grace: the pod-level override when the whole pod is being stopped;
 * otherwise setTerminationGracePeriod (deletionGracePeriodSeconds, else the probe's own
 * terminationGracePeriodSeconds for a liveness/startup kill, else the pod's); never less than
 * MINIMUM_GRACE_PERIOD_SECONDS.
 */
export function containerKillGrace(pod: Pod, container: Container, reason: KillReason, override?: number): number {
  let grace: number;
  if (override !== undefined) grace = override;
  else if (pod.metadata?.deletionGracePeriodSeconds !== undefined && pod.metadata?.deletionGracePeriodSeconds !== null) {
    grace = pod.metadata.deletionGracePeriodSeconds;
  } else {
    grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    const probe = reason === 'liveness' ? container.livenessProbe : reason === 'startup' ? container.startupProbe : undefined;
    if (probe?.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
      grace = probe.terminationGracePeriodSeconds;
    }
  }
  return Math.max(grace, MINIMUM_GRACE_PERIOD_SECONDS);
}
