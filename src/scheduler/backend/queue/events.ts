import type { Node, Pod } from 'kubernetes-types/core/v1';
import { semanticEqual } from '../../../api/validation/semantic';
import { ActionType, type ClusterEvent } from '../../framework/interface';
import { podRequests } from '../../framework/types';

/**
 * The cluster events the scheduler reacts to (upstream pkg/scheduler/framework/events.go, labels as
 * in v1.31/v1.32). The queue moves a rejected pod back only on an event that one of its rejecting
 * plugins registered (EnqueueExtensions), or on a wildcard event.
 */

/** Queue-internal reasons a pod moves between sub-queues (upstream's event label strings). */
export const ScheduleAttemptFailure = 'ScheduleAttemptFailure';
export const BackoffComplete = 'BackoffComplete';
export const PodAdd = 'PodAdd';

const ev = (resource: ClusterEvent['resource'], actionType: number, label: string): ClusterEvent => Object.freeze({ resource, actionType, label });

export const AssignedPodAdd = ev('Pod', ActionType.Add, 'AssignedPodAdd');
export const AssignedPodUpdate = ev('Pod', ActionType.Update, 'AssignedPodUpdate');
export const AssignedPodDelete = ev('Pod', ActionType.Delete, 'AssignedPodDelete');
/** An assigned pod changed in a way no specific Pod action covers (upstream assignedPodOtherUpdate). */
export const AssignedPodOtherUpdate = ev('Pod', ActionType.UpdateOther, 'AssignedPodUpdate');
export const UnscheduledPodAdd = ev('Pod', ActionType.Update, 'UnschedulablePodAdd');
export const UnscheduledPodUpdate = ev('Pod', ActionType.Update, 'UnschedulablePodUpdate');
export const UnscheduledPodDelete = ev('Pod', ActionType.Update, 'UnschedulablePodDelete');
export const PodRequestScaledDown = ev('Pod', ActionType.UpdatePodScaleDown, 'PodRequestScaledDown');
export const PodLabelChange = ev('Pod', ActionType.UpdatePodLabel, 'PodLabelChange');
export const PodTolerationChange = ev('Pod', ActionType.UpdatePodTolerations, 'PodTolerationChange');
export const PodSchedulingGateEliminatedChange = ev('Pod', ActionType.UpdatePodSchedulingGatesEliminated, 'PodSchedulingGateChange');

export const NodeAdd = ev('Node', ActionType.Add, 'NodeAdd');
export const NodeDelete = ev('Node', ActionType.Delete, 'NodeDelete');
/** Upstream reuses UpdateNodeTaint for `spec.unschedulable` becoming false (there is no dedicated action). */
export const NodeSpecUnschedulableChange = ev('Node', ActionType.UpdateNodeTaint, 'NodeSpecUnschedulableChange');
export const NodeAllocatableChange = ev('Node', ActionType.UpdateNodeAllocatable, 'NodeAllocatableChange');
export const NodeLabelChange = ev('Node', ActionType.UpdateNodeLabel, 'NodeLabelChange');
export const NodeAnnotationChange = ev('Node', ActionType.UpdateNodeAnnotation, 'NodeAnnotationChange');
export const NodeTaintChange = ev('Node', ActionType.UpdateNodeTaint, 'NodeTaintChange');
export const NodeConditionChange = ev('Node', ActionType.UpdateNodeCondition, 'NodeConditionChange');

export const PvAdd = ev('PersistentVolume', ActionType.Add, 'PvAdd');
export const PvUpdate = ev('PersistentVolume', ActionType.Update, 'PvUpdate');
export const PvcAdd = ev('PersistentVolumeClaim', ActionType.Add, 'PvcAdd');
export const PvcUpdate = ev('PersistentVolumeClaim', ActionType.Update, 'PvcUpdate');
export const StorageClassAdd = ev('StorageClass', ActionType.Add, 'StorageClassAdd');
export const StorageClassUpdate = ev('StorageClass', ActionType.Update, 'StorageClassUpdate');
export const CSINodeAdd = ev('CSINode', ActionType.Add, 'CSINodeAdd');
export const CSINodeUpdate = ev('CSINode', ActionType.Update, 'CSINodeUpdate');
export const NamespaceAdd = ev('Namespace', ActionType.Add, 'NamespaceAdd');
export const NamespaceUpdate = ev('Namespace', ActionType.Update, 'NamespaceUpdate');

/** Matches every resource and action: what a plugin without EnqueueExtensions is taken to register. */
export const WildCardEvent = ev('*', ActionType.All, 'WildCardEvent');
/** A pod sat in unschedulablePods longer than podMaxInUnschedulablePodsDuration (fact 73). */
export const UnschedulableTimeout = ev('*', ActionType.All, 'UnschedulableTimeout');
/** A plugin asked for pods to be retried now (upstream Activate). */
export const ForceActivate = ev('*', ActionType.All, 'ForceActivate');

/** Upstream ClusterEvent.IsWildCard: every resource, every action. */
export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === ActionType.All;
}

/**
 * Upstream ClusterEvent.Match: whether the registered event `registered` covers `incoming`. A
 * wildcard incoming event matches only a wildcard registration (the queue handles wildcard incoming
 * events before matching, by moving every rejected pod).
 */
export function matchClusterEvent(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  return isWildCard(registered) || ((registered.resource === '*' || registered.resource === incoming.resource) && (registered.actionType & incoming.actionType) !== 0);
}

/** Label maps compare with nil equal to empty (apiequality.Semantic on map[string]string). */
function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (b![k] !== a![k]) return false;
  return true;
}

/**
 * Upstream NodeSchedulingPropertiesChange: the events a node update amounts to, in upstream's
 * order. Heartbeats (condition timestamps, images, addresses) produce none, so they never wake the
 * queue.
 */
export function nodeUpdateEvents(oldNode: Node, newNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  // Only becoming schedulable can help a pod; becoming unschedulable cannot.
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable && !newNode.spec?.unschedulable) events.push(NodeSpecUnschedulableChange);
  if (!semanticEqual({ allocatable: oldNode.status?.allocatable }, { allocatable: newNode.status?.allocatable })) events.push(NodeAllocatableChange);
  if (!sameStringMap(oldNode.metadata?.labels, newNode.metadata?.labels)) events.push(NodeLabelChange);
  if (!semanticEqual(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? [])) events.push(NodeTaintChange);
  if (!sameStringMap(conditionStatuses(oldNode), conditionStatuses(newNode))) events.push(NodeConditionChange);
  if (!sameStringMap(oldNode.metadata?.annotations, newNode.metadata?.annotations)) events.push(NodeAnnotationChange);
  return events;
}

/** Condition type → status: only the statuses matter, not heartbeat or transition times. */
function conditionStatuses(node: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of node.status?.conditions ?? []) out[c.type] = c.status;
  return out;
}

/**
 * Upstream PodSchedulingPropertiesChange: the events a pod update amounts to; when none of the
 * specific ones applies, AssignedPodOtherUpdate (only plugins registering a general Pod/Update
 * see it).
 */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!sameStringMap(newPod.metadata?.labels, oldPod.metadata?.labels)) events.push(PodLabelChange);
  if (isPodScaleDown(newPod, oldPod)) events.push(PodRequestScaledDown);
  if ((newPod.spec?.schedulingGates?.length ?? 0) === 0 && (oldPod.spec?.schedulingGates?.length ?? 0) !== 0) events.push(PodSchedulingGateEliminatedChange);
  // Validation lets tolerations only be added, so a length change is every change.
  if ((newPod.spec?.tolerations?.length ?? 0) !== (oldPod.spec?.tolerations?.length ?? 0)) events.push(PodTolerationChange);
  if (events.length === 0) events.push(AssignedPodOtherUpdate);
  return events;
}

/** Upstream extractPodScaleDown: some requested resource was removed or lowered. */
function isPodScaleDown(newPod: Pod, oldPod: Pod): boolean {
  const next = podRequests(newPod);
  const prev = podRequests(oldPod);
  const names = (r: ReturnType<typeof podRequests>) => {
    const out: string[] = [];
    if (r.milliCPU) out.push('cpu');
    if (r.memory) out.push('memory');
    if (r.ephemeralStorage) out.push('ephemeral-storage');
    for (const k of Object.keys(r.scalarResources)) out.push(k);
    return out;
  };
  const nextNames = new Set(names(next));
  for (const name of names(prev)) {
    if (!nextNames.has(name) || prev.get(name) > next.get(name)) return true;
  }
  return false;
}

/**
 * Upstream isPodUpdated: whether anything but status and bookkeeping metadata (resourceVersion,
 * generation, managedFields, finalizers) changed.
 */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, finalizers: _f, ...meta } = p.metadata ?? {};
    return { metadata: meta, spec: p.spec };
  };
  return !semanticEqual(strip(oldPod), strip(newPod));
}
