import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { conditionStatus, describeContainerStates, podReadyCount, podStatusColumn } from '../api/pod_status';

/**
 * What the pod and workload assertions need beyond the API: which pods a workload owns, and how a
 * pod is described when an assertion about it fails.
 */

/** Lists one resource in a namespace (all namespaces when undefined). */
export type Lister = (resource: string, namespace: string | undefined) => KubeObject[];

/**
 * Owners whose pods belong to objects they control in turn: a Deployment's pods are its
 * ReplicaSets' pods, a CronJob's are its Jobs'.
 */
const OWNED_THROUGH: Readonly<Record<string, string>> = {
  Deployment: 'replicasets.apps',
  CronJob: 'jobs.batch',
};

/** metav1.GetControllerOf: the ownerReference with `controller: true`. */
export function controllerUid(obj: KubeObject): string | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true)?.uid;
}

/**
 * The pods `owner` (of `kind`) controls, directly or through its ReplicaSets/Jobs, matched by the
 * controller ownerReference's UID as controllers and the garbage collector match them (fact 178), so
 * a pod that merely carries matching labels, or points at an older object of the same name, is not one.
 */
export function podsOwnedBy(kind: string, owner: KubeObject, list: Lister): Pod[] {
  const ns = owner.metadata?.namespace || undefined;
  let owners = new Set([owner.metadata?.uid ?? '']);
  const through = OWNED_THROUGH[kind];
  if (through) {
    owners = new Set(
      list(through, ns)
        .filter((o) => owners.has(controllerUid(o) ?? ''))
        .map((o) => o.metadata?.uid ?? ''),
    );
  }
  return list('pods', ns).filter((p) => owners.has(controllerUid(p) ?? '')) as Pod[];
}

/** Running as `has N running pods` counts it: phase Running and not being deleted. */
export function isRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;
}

/** A one-line summary: `web-0 Running 1/1 on node-1`. */
export function podLine(pod: Pod): string {
  const node = pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ' (no node)';
  return `${pod.metadata?.name} ${podStatusColumn(pod)} ${podReadyCount(pod)}${node}`;
}

/**
 * What a failure message shows of a pod: kubectl's STATUS and READY, the phase, the Ready
 * condition, the node, deletion, and each container's state.
 */
export function describePod(pod: Pod): string {
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const lines = [
    `STATUS ${podStatusColumn(pod)}, READY ${podReadyCount(pod)}, phase ${pod.status?.phase ?? '(none)'}` +
      `, Ready condition ${conditionStatus(pod, 'Ready') ?? '(none)'}${ready?.reason ? ` (${ready.reason})` : ''}`,
    `node: ${pod.spec?.nodeName || '(none)'}`,
  ];
  if (pod.metadata?.deletionTimestamp) {
    lines.push(`being deleted: deletionTimestamp ${pod.metadata.deletionTimestamp}, grace period ${pod.metadata.deletionGracePeriodSeconds ?? 0}s`);
  }
  const containers = describeContainerStates(pod);
  lines.push(containers.length ? `containers:\n${containers.map((c) => `    ${c}`).join('\n')}` : 'containers: (no statuses reported)');
  return lines.map((l) => `  ${l}`).join('\n');
}

/** Where each kind with replicas reports its ready ones (`has N ready replicas`). */
const READY_FIELD: Readonly<Record<string, string>> = {
  Deployment: 'readyReplicas',
  StatefulSet: 'readyReplicas',
  ReplicaSet: 'readyReplicas',
  ReplicationController: 'readyReplicas',
  DaemonSet: 'numberReady',
};

/** The status field holding a kind's ready replicas; undefined for a kind without replicas. */
export function readyReplicasField(kind: string): string | undefined {
  return READY_FIELD[kind];
}
