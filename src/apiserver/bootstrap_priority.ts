import type { KubeObject } from '../api/object';
import { forbidden } from './errors';

/**
 * The system PriorityClasses (pkg/apis/scheduling: SystemPriorityClasses), which kube-apiserver's
 * post-start hook `scheduling/bootstrap-system-priority-classes` creates in every cluster, and the
 * registry rule that keeps them from being deleted.
 */

/** HighestUserDefinablePriority: the largest value a user's PriorityClass may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** SystemCriticalPriority: the floor of the system classes' values. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
/** DefaultPriorityWhenNoDefaultClassExists: a pod's priority when it names no class and no class is the global default. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;

const SYSTEM_CLASSES: { name: string; value: number; description: string }[] = [
  {
    name: SYSTEM_NODE_CRITICAL,
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: SYSTEM_CLUSTER_CRITICAL,
    value: SYSTEM_CRITICAL_PRIORITY,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** The two system classes as objects to create at cluster start (fresh copies on each call). */
export function systemPriorityClasses(): KubeObject[] {
  return SYSTEM_CLASSES.map((c) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: c.name },
    value: c.value,
    description: c.description,
  }));
}

export function isSystemPriorityClass(name: string): boolean {
  return SYSTEM_CLASSES.some((c) => c.name === name);
}

/**
 * The PriorityClass REST Delete: a system class cannot be deleted (403).
 * @throws StatusError Forbidden for a system class.
 */
export function checkPriorityClassDelete(name: string): void {
  if (!isSystemPriorityClass(name)) return;
  throw forbidden(
    { qualifiedResource: 'priorityclasses.scheduling.k8s.io', plural: 'priorityclasses', group: 'scheduling.k8s.io' },
    name,
    'this is a system priority class and cannot be deleted',
  );
}
