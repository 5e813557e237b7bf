import type { Pod } from 'kubernetes-types/core/v1';
import { actualReplicaCount, deploymentComplete, type DeploymentObj, filterActive, type RSObj, specReplicas } from './deployment_util';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, type DeploymentContext, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';

/**
 * rolloutRecreate (recreate.go): scale every old set to 0; wait until no old pod is left running
 * (fact 41: Pending, Running or Unknown pods count; Succeeded and Failed do not); only then create
 * the new set and scale it to the replicas.
 */
export function rolloutRecreate(dc: DeploymentContext, d: DeploymentObj, rsList: RSObj[], podMap: ReadonlyMap<string, readonly Pod[]>): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs: (RSObj | undefined)[] = [...oldRSs, newRS];
  if (scaleDownOldReplicaSetsForRecreate(dc, filterActive(oldRSs), d)) return syncRolloutStatus(dc, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(dc, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  scaleReplicaSetAndRecordEvent(dc, newRS!, specReplicas(d), d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

function scaleDownOldReplicaSetsForRecreate(dc: DeploymentContext, oldRSs: RSObj[], d: DeploymentObj): boolean {
  let scaled = false;
  for (const rs of oldRSs) {
    if (specReplicas(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(dc, rs, 0, d).scaled) scaled = true;
  }
  return scaled;
}

/** oldPodsRunning: old sets still report replicas, or a pod of any set but the new one is not terminal. */
export function oldPodsRunning(newRS: RSObj | undefined, oldRSs: RSObj[], podMap: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
