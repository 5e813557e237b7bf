import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  type DeploymentObj,
  getCondition,
  hasProgressDeadline,
  newCondition,
  REASONS,
  removeCondition,
  type RSObj,
  setCondition,
} from './deployment_util';
import { calculateStatus, type DeploymentContext, sameStatus, updateDeploymentStatus } from './sync';

/**
 * syncRolloutStatus (progress.go): the status of calculateStatus plus the Progressing condition —
 * NewReplicaSetAvailable once complete, ReplicaSetUpdated (lastUpdateTime refreshed) while the
 * rollout makes progress, ProgressDeadlineExceeded once the Progressing condition is older than
 * progressDeadlineSeconds — and the new (else any) set's ReplicaFailure condition. Writes only
 * what changed; with nothing to write, schedules the deadline check.
 */
export function syncRolloutStatus(dc: DeploymentContext, allRSs: (RSObj | undefined)[], newRS: RSObj | undefined, d: DeploymentObj): void {
  const status = calculateStatus(allRSs, newRS, d, dc.now());
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === REASONS.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata!.name}"` : `Deployment "${d.metadata!.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', REASONS.NewRSAvailable, `${subject} has successfully progressed.`, dc.now()));
    } else if (deploymentProgressing(d, status)) {
      const c = newCondition('Progressing', 'True', REASONS.ReplicaSetUpdated, `${subject} is progressing.`, dc.now());
      if (current) {
        if (current.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, c);
    } else if (deploymentTimedOut(d, status, dc.nowMs())) {
      setCondition(status, newCondition('Progressing', 'False', REASONS.TimedOut, `${subject} has timed out progressing.`, dc.now()));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]);
  else removeCondition(status, 'ReplicaFailure');
  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(dc, d, status);
    return;
  }
  d.status = status;
  updateDeploymentStatus(dc, d);
}

/** getReplicaFailures: the new set's ReplicaFailure conditions, else those of every set, as deployment conditions. */
function replicaFailures(allRSs: (RSObj | undefined)[], newRS: RSObj | undefined): DeploymentCondition[] {
  const of = (rs: RSObj | undefined): DeploymentCondition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
  const mine = of(newRS);
  return mine.length ? mine : allRSs.flatMap(of);
}

/**
 * requeueStuckDeployment: a deployment that is neither complete nor timed out is looked at again
 * when its deadline passes (lastUpdateTime + progressDeadlineSeconds, plus a second against skew),
 * or at once, rate-limited, when that is under a second away. Returns the delay, −1 for none.
 */
export function requeueStuckDeployment(dc: DeploymentContext, d: DeploymentObj, status: DeploymentStatus): number {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, status) || current.reason === REASONS.TimedOut) return -1;
  const after = Date.parse(current.lastUpdateTime ?? '') + d.spec!.progressDeadlineSeconds! * 1000 - dc.nowMs();
  if (after < 1000) {
    dc.enqueueRateLimited(d);
    return 0;
  }
  dc.enqueueAfter(d, after + 1000);
  return after;
}
