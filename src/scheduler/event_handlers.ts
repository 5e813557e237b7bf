import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import type { DeleteInfo, ResourceEventHandler, SharedIndexInformer } from '../client/informer';
import { DEFAULT_SCHEDULER_NAME } from './apis/config/defaults';
import type { Cache } from './backend/cache/cache';
import {
  AssignedPodDelete,
  CSINodeAdd,
  CSINodeUpdate,
  NamespaceAdd,
  NamespaceUpdate,
  NodeAdd,
  NodeDelete,
  nodeUpdateEvents,
  PvAdd,
  PvcAdd,
  PvcUpdate,
  PvUpdate,
  StorageClassAdd,
  StorageClassUpdate,
} from './backend/queue/events';
import type { PriorityQueue } from './backend/queue/scheduling_queue';
import { ActionType, type ClusterEvent, type EventResource } from './framework/interface';
import type { Framework } from './framework/runtime/framework';

/**
 * The scheduler's informer event handlers (upstream eventhandlers.go addAllEventHandlers, v1.32):
 * - assigned pods (spec.nodeName set) keep the cache current and may wake pods they help;
 * - unassigned pods of our profiles go through the queue; a pod that gets bound leaves the queue
 *   and enters the cache (the filtered handlers see it stop matching one filter and start
 *   matching the other, as client-go's FilteringResourceEventHandler reports it);
 * - nodes keep the cache current and wake pods the change may help;
 * - storage objects and namespaces only wake pods.
 * Handlers do their work synchronously inside the informer's watch task.
 */
export interface EventHandlerTarget {
  readonly cache: Cache;
  readonly queue: PriorityQueue;
  readonly profiles: ReadonlyMap<string, Framework>;
}

export interface SchedulerInformers {
  pods: SharedIndexInformer<KubeObject>;
  nodes: SharedIndexInformer<KubeObject>;
  namespaces: SharedIndexInformer<KubeObject>;
  persistentVolumes: SharedIndexInformer<KubeObject>;
  persistentVolumeClaims: SharedIndexInformer<KubeObject>;
  storageClasses: SharedIndexInformer<KubeObject>;
  csiNodes: SharedIndexInformer<KubeObject>;
}

/** Upstream assignedPod. */
export function assignedPod(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}

/** Upstream responsibleForPod: the pod names one of our profiles. */
export function responsibleForPod(pod: Pod, profiles: ReadonlyMap<string, Framework>): boolean {
  return profiles.has(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
}

export function addAllEventHandlers(t: EventHandlerTarget, inf: SchedulerInformers): void {
  const asPod = (o: KubeObject) => o as unknown as Pod;
  const asNode = (o: KubeObject) => o as unknown as Node;

  // Scheduled pods: the cache. A deletion inferred from a relist may carry a stale object, so it is
  // cleaned up whatever it says.
  inf.pods.addEventHandler(
    filtering((o, info) => info?.finalStateUnknown === true || assignedPod(asPod(o)), {
      onAdd: (o) => addPodToCache(t, asPod(o)),
      onUpdate: (o, n) => updatePodInCache(t, asPod(o), asPod(n)),
      onDelete: (o) => deletePodFromCache(t, asPod(o)),
    }),
  );
  // Unscheduled pods: the queue.
  inf.pods.addEventHandler(
    filtering((o, info) => (info?.finalStateUnknown === true || !assignedPod(asPod(o))) && responsibleForPod(asPod(o), t.profiles), {
      onAdd: (o) => t.queue.add(asPod(o)),
      onUpdate: (o, n) => updatePodInSchedulingQueue(t, asPod(o), asPod(n)),
      onDelete: (o) => deletePodFromSchedulingQueue(t, asPod(o)),
    }),
  );

  inf.nodes.addEventHandler({
    onAdd: (o) => {
      t.cache.addNode(asNode(o));
      t.queue.moveAllToActiveOrBackoffQueue(NodeAdd, undefined, o);
    },
    onUpdate: (o, n) => {
      t.cache.updateNode(asNode(o), asNode(n));
      // Only changes that may make a node more schedulable wake pods (heartbeats never do).
      for (const evt of nodeUpdateEvents(asNode(o), asNode(n))) t.queue.moveAllToActiveOrBackoffQueue(evt, o, n);
    },
    onDelete: (o) => {
      t.queue.moveAllToActiveOrBackoffQueue(NodeDelete, o, undefined);
      t.cache.removeNode(asNode(o));
    },
  });

  wakeOn(t, inf.persistentVolumes, PvAdd, PvUpdate, 'PersistentVolume');
  wakeOn(t, inf.persistentVolumeClaims, PvcAdd, PvcUpdate, 'PersistentVolumeClaim');
  wakeOn(t, inf.storageClasses, StorageClassAdd, StorageClassUpdate, 'StorageClass');
  wakeOn(t, inf.csiNodes, CSINodeAdd, CSINodeUpdate, 'CSINode');
  wakeOn(t, inf.namespaces, NamespaceAdd, NamespaceUpdate, 'Namespace');
}

/**
 * client-go FilteringResourceEventHandler: an update where the object starts matching is an add,
 * one where it stops matching a delete (of the old object).
 */
function filtering(match: (o: KubeObject, info?: DeleteInfo) => boolean, h: Required<ResourceEventHandler<KubeObject>>): ResourceEventHandler<KubeObject> {
  return {
    onAdd: (o, initial) => {
      if (match(o)) h.onAdd(o, initial);
    },
    onUpdate: (o, n) => {
      const older = match(o);
      const newer = match(n);
      if (newer && older) h.onUpdate(o, n);
      else if (newer) h.onAdd(n, false);
      else if (older) h.onDelete(o, { finalStateUnknown: false });
    },
    onDelete: (o, info) => {
      if (match(o, info)) h.onDelete(o, info);
    },
  };
}

/** A resource the scheduler does not cache: its changes only wake pods waiting for them. */
function wakeOn(t: EventHandlerTarget, informer: SharedIndexInformer<KubeObject>, add: ClusterEvent, update: ClusterEvent, resource: EventResource): void {
  const del: ClusterEvent = { resource, actionType: ActionType.Delete, label: `${resource}Delete` };
  informer.addEventHandler({
    onAdd: (o) => t.queue.moveAllToActiveOrBackoffQueue(add, undefined, o),
    onUpdate: (o, n) => t.queue.moveAllToActiveOrBackoffQueue(update, o, n),
    onDelete: (o) => t.queue.moveAllToActiveOrBackoffQueue(del, o, undefined),
  });
}

function addPodToCache(t: EventHandlerTarget, pod: Pod): void {
  t.cache.addPod(pod);
  t.queue.assignedPodAdded(pod);
}

function updatePodInCache(t: EventHandlerTarget, oldPod: Pod, newPod: Pod): void {
  t.cache.updatePod(oldPod, newPod);
  t.queue.assignedPodUpdated(oldPod, newPod);
}

function deletePodFromCache(t: EventHandlerTarget, pod: Pod): void {
  t.cache.removePod(pod);
  t.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, pod, undefined);
}

function updatePodInSchedulingQueue(t: EventHandlerTarget, oldPod: Pod, newPod: Pod): void {
  // An update carrying the same object would let a duplicate of the pod through scheduling (#96071).
  if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
  // An assumed pod is being bound; its update must not queue it again.
  if (t.cache.isAssumedPod(newPod)) return;
  t.queue.update(oldPod, newPod);
}

function deletePodFromSchedulingQueue(t: EventHandlerTarget, pod: Pod): void {
  t.queue.delete(pod);
  const fwk = t.profiles.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  if (!fwk) return;
  // A pod waiting at Permit was assumed: rejecting it frees what it held, which may help others.
  if (fwk.rejectWaitingPod(pod.metadata?.uid ?? '')) t.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, pod, undefined);
}
