import {
  availableReplicaCount,
  byCreationTimestamp,
  deploymentComplete,
  type DeploymentObj,
  filterActive,
  maxUnavailable,
  newRSNewReplicas,
  replicaCount,
  type RSObj,
  specReplicas,
} from './deployment_util';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, type DeploymentContext, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';

/**
 * rolloutRolling (rolling.go): one step of a RollingUpdate. Scale the new set up within the surge
 * (fact 41); if that did nothing, scale old sets down within maxUnavailable (fact 42); once the
 * rollout is complete, clean up old sets. Each step ends by syncing the rollout status; the
 * informer events of the sets it resized bring the next step.
 */
export function rolloutRolling(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (reconcileNewReplicaSet(dc, allRSs, newRS!, d)) return syncRolloutStatus(dc, allRSs, newRS, d);
  if (reconcileOldReplicaSets(dc, allRSs, filterActive(oldRSs), newRS!, d)) return syncRolloutStatus(dc, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: true when the new set was resized (down straight to replicas, up by NewRSNewReplicas). */
export function reconcileNewReplicaSet(dc: DeploymentContext, allRSs: RSObj[], newRS: RSObj, d: DeploymentObj): boolean {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return scaleReplicaSetAndRecordEvent(dc, newRS, replicas, d).scaled;
  return scaleReplicaSetAndRecordEvent(dc, newRS, newRSNewReplicas(d, allRSs, newRS), d).scaled;
}

/**
 * reconcileOldReplicaSets: maxScaledDown = allPods − minAvailable − newRSUnavailable (fact 42);
 * nothing when that is ≤ 0 (the new pods are not available yet: fact 43). Otherwise first drop
 * old replicas that are not available, then scale old sets down, oldest first, while the
 * available count stays above minAvailable.
 */
export function reconcileOldReplicaSets(dc: DeploymentContext, allRSs: RSObj[], oldRSs: RSObj[], newRS: RSObj, d: DeploymentObj): boolean {
  if (replicaCount(oldRSs) === 0) return false;
  const allPods = replicaCount(allRSs);
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.count + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: scales old sets down by their unavailable replicas, oldest first, at most `maxCleanup` in all. */
export function cleanupUnhealthyReplicas(dc: DeploymentContext, oldRSs: RSObj[], d: DeploymentObj, maxCleanup: number): { oldRSs: RSObj[]; count: number } {
  const sets = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sets.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sets[i];
    const available = rs.status?.availableReplicas ?? 0;
    if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue;
    const count = Math.min(maxCleanup - total, specReplicas(rs) - available);
    const next = specReplicas(rs) - count;
    // The set's status can lag its spec (more available than wanted): upstream refuses and retries.
    if (next > specReplicas(rs)) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata!.namespace}/${rs.metadata!.name} ${specReplicas(rs)} -> ${next}`);
    sets[i] = scaleReplicaSetAndRecordEvent(dc, rs, next, d).rs;
    total += count;
  }
  return { oldRSs: sets, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: scales old sets down, oldest first, by what available − minAvailable allows. */
export function scaleDownOldReplicaSetsForRollingUpdate(dc: DeploymentContext, allRSs: RSObj[], oldRSs: RSObj[], d: DeploymentObj): number {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= toScaleDown) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), toScaleDown - total);
    scaleReplicaSetAndRecordEvent(dc, rs, specReplicas(rs) - count, d);
    total += count;
  }
  return total;
}
