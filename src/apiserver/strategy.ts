import type { FeatureGates } from '../api/feature_gates';
import type { KubeObject } from '../api/object';
import { POD_REASON_SCHEDULING_GATED } from '../api/pod_status';
import type { ResourceInfo } from '../api/resources';

/**
 * Per-resource rules the registry's REST strategies apply (pkg/registry/<group>/<resource>/strategy.go):
 * what happens to status on create, when generation moves, and pods' graceful deletion.
 */

/** Resources whose strategies keep metadata.generation (set to 1 on create, +1 on each spec change). */
const GENERATION = new Set([
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'replicationcontrollers',
  'jobs.batch',
  'cronjobs.batch',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
]);

export function tracksGeneration(info: ResourceInfo): boolean {
  return GENERATION.has(info.name) || info.crd === true;
}

/**
 * Whether an update moves metadata.generation (each strategy's PrepareForUpdate): a change to
 * anything but metadata and status; for a custom resource without a status subresource, status
 * counts too; a Deployment also counts its annotations.
 */
export function generationChanged(info: ResourceInfo, next: KubeObject, old: KubeObject): boolean {
  if (!tracksGeneration(info)) return false;
  const keepStatus = info.crd === true && !info.subresources.status;
  const body = (o: KubeObject) => {
    const { metadata: _m, status, ...rest } = o;
    return JSON.stringify(keepStatus ? { ...rest, status } : rest);
  };
  if (body(next) !== body(old)) return true;
  return info.name === 'deployments.apps' && JSON.stringify(next.metadata?.annotations ?? {}) !== JSON.stringify(old.metadata?.annotations ?? {});
}

/** apps/v1's form of the internal DaemonSet spec.templateGeneration. */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/**
 * DaemonSet PrepareForUpdate: clients cannot set templateGeneration; it goes up by one when the
 * pod template changes (the DaemonSet controller labels pods with it: pod-template-generation).
 */
export function prepareDaemonSetUpdate(next: KubeObject, old: KubeObject): void {
  const oldGen = old.metadata?.annotations?.[DAEMONSET_TEMPLATE_GENERATION];
  const template = (o: KubeObject) => JSON.stringify((o.spec as { template?: unknown } | undefined)?.template ?? null);
  const gen = oldGen === undefined ? undefined : template(next) !== template(old) ? String(Number(oldGen) + 1) : oldGen;
  const meta = next.metadata as { annotations?: Record<string, string> };
  const annotations = { ...(meta.annotations ?? {}) };
  if (gen === undefined) delete annotations[DAEMONSET_TEMPLATE_GENERATION];
  else annotations[DAEMONSET_TEMPLATE_GENERATION] = gen;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  else delete meta.annotations;
}

/**
 * PrepareForCreate: the status a client sends on create is not trusted for resources that have a
 * status subresource; each strategy sets the initial status upstream sets.
 */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject): void {
  switch (info.name) {
    case 'pods':
      obj.status = { phase: 'Pending', qosClass: podQOSClass(obj) };
      applySchedulingGatedCondition(obj);
      return;
    case 'namespaces': {
      // Namespace PrepareForCreate: the `kubernetes` finalizer is always there, so the namespace
      // controller gets to empty a deleted namespace before it goes (fact 153).
      const spec = (obj.spec ?? {}) as { finalizers?: string[] };
      const finalizers = spec.finalizers ?? [];
      obj.spec = { ...spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
      obj.status = { phase: 'Active' };
      return;
    }
    case 'persistentvolumes':
    case 'persistentvolumeclaims':
      obj.status = { phase: 'Pending' };
      return;
    case 'nodes':
      // The kubelet registers its Node with status (capacity, conditions); upstream keeps it.
      return;
    case 'jobs.batch':
      generateJobSelector(obj);
      obj.status = {};
      return;
    case 'customresourcedefinitions.apiextensions.k8s.io':
      obj.status = { conditions: [], acceptedNames: { kind: '', plural: '' }, storedVersions: [] };
      return;
    case 'daemonsets.apps': {
      // spec.templateGeneration starts at 1; apps/v1 carries it in this annotation.
      const meta = obj.metadata as { annotations?: Record<string, string> };
      const current = Number(meta.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? 0);
      if (!(current >= 1)) meta.annotations = { ...(meta.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: '1' };
      obj.status = {};
      return;
    }
  }
  if (info.subresources.status) obj.status = {};
}

/**
 * Pod strategy applySchedulingGatedCondition: a pod created with scheduling gates starts with
 * PodScheduled=False (SchedulingGated), which kubectl shows as its STATUS until the gates go.
 */
function applySchedulingGatedCondition(pod: KubeObject): void {
  const gates = (pod.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates ?? [];
  if (!gates.length) return;
  const status = pod.status as { conditions?: Record<string, unknown>[] };
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled')) return;
  status.conditions = [
    ...(status.conditions ?? []),
    { type: 'PodScheduled', status: 'False', reason: POD_REASON_SCHEDULING_GATED, message: 'Scheduling is blocked due to non-empty scheduling gates' },
  ];
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Container = { resources?: Resources };

/**
 * qos.GetPodQOS: BestEffort when no container sets any cpu/memory request or limit; Guaranteed when
 * every container has cpu and memory limits equal to its requests; otherwise Burstable.
 */
export function podQOSClass(pod: KubeObject, equal: (a: string, b: string) => boolean = (a, b) => a === b): string {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const compute = ['cpu', 'memory'];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of compute) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || req[r] === undefined || !equal(req[r], lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed && containers.length > 0 ? 'Guaranteed' : 'Burstable';
}

/**
 * The grace period a DELETE of a pod gets (pod strategy CheckGracefulDelete, fact 141): the
 * request's, else the pod's terminationGracePeriodSeconds (30); zero for a pod that never got a
 * node or has finished, since no kubelet has anything to stop.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let period = requested ?? spec.terminationGracePeriodSeconds ?? 30;
  if (!spec.nodeName) period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  return Math.max(0, period);
}

/**
 * Job PrepareForCreate (generateSelectorIfNeeded): unless `spec.manualSelector` is true, the server
 * owns the Job's selector — it matches `batch.kubernetes.io/controller-uid: <uid>`, and the pod
 * template gets that label, `batch.kubernetes.io/job-name`, and their legacy unprefixed twins.
 */
export function generateJobSelector(job: KubeObject): void {
  const spec = (job.spec ?? {}) as { manualSelector?: boolean; selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } };
  if (spec.manualSelector) return;
  const uid = job.metadata!.uid!;
  const name = job.metadata!.name!;
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...(spec.template.metadata.labels ?? {}),
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  job.spec = spec;
}

/**
 * dropDisabledFields: a field of a disabled feature is dropped on write, unless the old object
 * already uses it (so turning a gate off does not strip existing objects). StatefulSet
 * `updateStrategy.rollingUpdate.maxUnavailable` belongs to MaxUnavailableStatefulSet, alpha and off
 * in v1.32.
 */
export function dropDisabledFields(info: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, gates: FeatureGates): void {
  if (info.name !== 'statefulsets.apps') return;
  const rollingUpdateOf = (o: KubeObject | undefined) => (o?.spec as { updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: unknown } } } | undefined)?.updateStrategy;
  const strategy = rollingUpdateOf(obj);
  if (gates.isEnabled('MaxUnavailableStatefulSet')) {
    // SetDefaults_StatefulSet with the gate on: a RollingUpdate's maxUnavailable defaults to 1.
    if (strategy?.type === 'RollingUpdate' && strategy.rollingUpdate && strategy.rollingUpdate.maxUnavailable === undefined) strategy.rollingUpdate.maxUnavailable = 1;
    return;
  }
  if (rollingUpdateOf(old)?.rollingUpdate?.maxUnavailable !== undefined) return;
  if (strategy?.rollingUpdate && strategy.rollingUpdate.maxUnavailable !== undefined) delete strategy.rollingUpdate.maxUnavailable;
}
