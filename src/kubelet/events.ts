import type { Pod } from 'kubernetes-types/core/v1';
import type { ObjectReference } from '../client/event_types';

/** Event reasons the kubelet records (pkg/kubelet/events/event.go; fact 136). */
export const EVENT = {
  // containers
  CreatedContainer: 'Created',
  StartedContainer: 'Started',
  FailedToCreateContainer: 'Failed',
  KillingContainer: 'Killing',
  BackOffStartContainer: 'BackOff',
  ExceededGracePeriod: 'ExceededGracePeriod',
  // images
  PullingImage: 'Pulling',
  PulledImage: 'Pulled',
  ErrImageNeverPull: 'ErrImageNeverPull',
  // probes
  ContainerUnhealthy: 'Unhealthy',
  // pods
  FailedCreatePodSandBox: 'FailedCreatePodSandBox',
  // node
  StartingKubelet: 'Starting',
  NodeReady: 'NodeReady',
  NodeNotReady: 'NodeNotReady',
  NodeSchedulable: 'NodeSchedulable',
  NodeNotSchedulable: 'NodeNotSchedulable',
  NodeAllocatableEnforced: 'NodeAllocatableEnforced',
} as const;

/**
 * kubecontainer.GenerateContainerRef: the pod's reference with the container's fieldPath, so
 * `kubectl describe pod` can say which container an event is about.
 */
export function containerRef(pod: Pod, container: string, init: boolean): ObjectReference {
  return {
    ...podRef(pod),
    fieldPath: `${init ? 'spec.initContainers' : 'spec.containers'}{${container}}`,
  };
}

/** ref.GetReference of a pod. */
export function podRef(pod: Pod): ObjectReference {
  const m = pod.metadata ?? {};
  const ref: ObjectReference = { kind: 'Pod', namespace: m.namespace ?? 'default', name: m.name ?? '', apiVersion: 'v1' };
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}

/** The kubelet's nodeRef: upstream gives it the node's name as its UID (kubelet.go). */
export function nodeRef(nodeName: string): ObjectReference {
  return { kind: 'Node', name: nodeName, uid: nodeName };
}

/** format.Pod: `<name>_<namespace>(<uid>)`, as messages name a pod. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? 'default'}(${pod.metadata?.uid ?? ''})`;
}
