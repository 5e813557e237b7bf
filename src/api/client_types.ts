import type { KubeObject, Status } from './object';

/**
 * A resource as kubectl names it with its group: `pods`, `deployments.apps`,
 * `leases.coordination.k8s.io`, `widgets.example.com` (a CRD). Core resources have no group suffix.
 */
export type ResourceName = string;

export interface ListOptions {
  namespace?: string;
  /** kubectl syntax: `app=web,tier!=db,env in (a,b),!legacy` */
  labelSelector?: string;
  /** `metadata.name=x,spec.nodeName=node-1,status.phase!=Running` */
  fieldSelector?: string;
  /**
   * With `resourceVersionMatch` absent or `NotOlderThan`: the latest state, provided the store has
   * reached this resourceVersion (504 Timeout if not). With `Exact`: the state at exactly this
   * resourceVersion (410 Expired when compacted). "" or absent: the latest state.
   */
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  limit?: number;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string };
  items: T[];
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** strategic: application/strategic-merge-patch+json; merge: application/merge-patch+json (RFC 7396); json: application/json-patch+json (RFC 6902). */
export type PatchType = 'strategic' | 'merge' | 'json';

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Events after this resourceVersion ("" or absent: from now). A compacted one gets one ERROR event with a 410 Expired Status. */
  resourceVersion?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  /** The object (DELETED: its last state), or for ERROR a Status. */
  object: T | Status;
}

export interface WatchHandle {
  stop(): void;
}

/**
 * The only way components touch the cluster. Calls are synchronous and answer at once; failures
 * throw `StatusError` (NotFound, Conflict, Invalid, ...), which callers treat as outcomes.
 * Objects returned are deep-frozen snapshots: copy (`structuredClone`) before changing one.
 * Watch events are delivered later, as tasks on the cluster's loop, in resourceVersion order.
 */
export interface Client {
  create<T extends KubeObject>(resource: ResourceName, obj: T): T;
  get<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T;
  list<T extends KubeObject>(resource: ResourceName, opts?: ListOptions): ObjectList<T>;
  update<T extends KubeObject>(resource: ResourceName, obj: T): T;
  updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): T;
  patch<T extends KubeObject>(
    resource: ResourceName,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    /** `status`: the status subresource; `finalize`: namespaces/finalize (spec.finalizers only). */
    opts?: { subresource?: 'status' | 'finalize' },
  ): T;
  /** Returns the object as it stands after the call: with deletionTimestamp if it lingers, else its last state. */
  delete<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string, opts?: DeleteOptions): T;
  watch<T extends KubeObject>(resource: ResourceName, opts: WatchOptions, handler: (ev: WatchEvent<T>) => void): WatchHandle;
  /**
   * POST pods/{name}/binding: assigns a pod that has no node yet to `binding.target.name` (the
   * scheduler's only way to set spec.nodeName). 409 Conflict when the pod is already assigned.
   */
  bind(namespace: string, name: string, binding: Binding): void;
  /**
   * POST pods/{name}/eviction (policy/v1 Eviction): a delete that honours PodDisruptionBudgets;
   * 429 TooManyRequests when a budget does not allow the disruption now.
   */
  evict(namespace: string, name: string, eviction?: Eviction): void;
}

/** core/v1 Binding (the body of pods/binding). */
export interface Binding {
  apiVersion?: 'v1';
  kind?: 'Binding';
  metadata: { name: string; namespace?: string; uid?: string; annotations?: Record<string, string> };
  target: { kind?: 'Node'; apiVersion?: 'v1'; name: string };
}

/** policy/v1 Eviction (the body of pods/eviction). */
export interface Eviction {
  apiVersion?: 'policy/v1';
  kind?: 'Eviction';
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: DeleteOptions;
}
