import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import {
  DEPRECATED_ROLLBACK_TO,
  DESIRED_REPLICAS_ANNOTATION,
  equalIgnoreHash,
  getCondition,
  LAST_APPLIED_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REASONS,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
} from '../controllers/deployment';

/**
 * kubectl's rollout commands for Deployments, on the client side as kubectl runs them
 * (k8s.io/kubectl/pkg/polymorphichelpers: rollback.go, rollout_status.go). Pure: they read
 * objects and return what to write or print.
 */

type DeploymentObj = Deployment & KubeObject;
type RSObj = ReplicaSet & KubeObject;

/** annotationsToSkip of kubectl's DeploymentRollbacker: the deployment keeps its own values of these. */
const ROLLBACK_SKIP = [LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO];

export type RollbackPlan =
  | { kind: 'patch'; patch: unknown[]; revision: number }
  | { kind: 'skipped'; message: string }
  | { kind: 'error'; message: string };

function revisionOf(rs: RSObj): number | undefined {
  const v = rs.metadata?.annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^[0-9]+$/.test(v) ? parseInt(v, 10) : undefined;
}

/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]`: the set of revision N (0: the one
 * before the latest), its template (less pod-template-hash) and annotations patched onto the
 * deployment as a JSON patch. `sets` are the ReplicaSets the deployment controls.
 */
export function planRollback(d: DeploymentObj, sets: readonly RSObj[], toRevision = 0): RollbackPlan {
  const name = d.metadata!.name!;
  if (d.spec?.paused) return { kind: 'error', message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  let latest: RSObj | undefined;
  let latestRev = -1;
  let previous: RSObj | undefined;
  let previousRev = -1;
  let target: RSObj | undefined;
  for (const rs of sets) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) return { kind: 'error', message: `unable to find specified revision ${toRevision} in history` };
  if (toRevision === 0) {
    if (!previous) return { kind: 'error', message: `no rollout history found for deployment "${name}"` };
    target = previous;
  }
  const rs = target!;
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
    return { kind: 'skipped', message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const template = JSON.parse(JSON.stringify(rs.spec!.template)) as PodTemplateSpec;
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const k of ROLLBACK_SKIP) {
    const v = d.metadata?.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {})) if (!ROLLBACK_SKIP.includes(k)) annotations[k] = v;
  return {
    kind: 'patch',
    revision: revisionOf(rs)!,
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}

/**
 * `kubectl rollout status deployment/<name>` (DeploymentStatusViewer): whether the rollout is
 * done, and the line kubectl prints; `failed` when the progress deadline was exceeded.
 */
export function deploymentRolloutStatus(d: DeploymentObj): { done: boolean; failed?: boolean; message: string } {
  const name = d.metadata!.name!;
  const s = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  if (getCondition(s, 'Progressing')?.reason === REASONS.TimedOut) return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < replicas) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...` };
  if ((s.replicas ?? 0) > updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...` };
  if ((s.availableReplicas ?? 0) < updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...` };
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}
