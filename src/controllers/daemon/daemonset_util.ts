import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Node, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import { isPodReady } from '../../api/pod_status';
import { requiredNodeAffinityMatches } from '../../api/scheduling/node_affinity';
import { findMatchingUntoleratedTaint } from '../../api/scheduling/toleration';
import { isPodAvailable } from '../replicaset/replica_set_utils';
import { scaledValueFromIntOrPercent } from '../util/intstr';
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
} from '../util/taints';

/**
 * pkg/controller/daemon/util/daemonset_util.go and the node predicates of daemon_controller.go
 * (v1.32): what a DaemonSet's pod looks like on a given node and whether it should run there.
 * Pure functions over objects.
 */

export type DSObj = DaemonSet & KubeObject;
export type PodObj = Pod & KubeObject;

/** apps.DefaultDaemonSetUniqueLabelKey: the ControllerRevision hash on pods and revisions (fact 54). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the pod label for the template generation. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The annotation apps/v1 carries spec.templateGeneration in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
/** metav1.ObjectNameField: the field a DaemonSet pod's node affinity selects on. */
export const OBJECT_NAME_FIELD = 'metadata.name';

/**
 * AddOrUpdateDaemonPodTolerations (fact 52): a daemon pod stays through not-ready and
 * unreachable (NoExecute, no seconds) and schedules through pressure and cordons (NoSchedule);
 * with hostNetwork also through network-unavailable. Existing tolerations of the same key and
 * effect are replaced.
 */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): void {
  const add = (key: string, effect: 'NoExecute' | 'NoSchedule') => {
    const t: Toleration = { key, operator: 'Exists', effect };
    const list = spec.tolerations ?? [];
    const i = list.findIndex((x) => x.key === key && x.effect === effect);
    if (i >= 0) {
      const same = list[i].operator === 'Exists' && list[i].value === undefined && list[i].tolerationSeconds === undefined;
      if (same) return;
      spec.tolerations = [...list.slice(0, i), t, ...list.slice(i + 1)];
    } else spec.tolerations = [...list, t];
  };
  add(TAINT_NODE_NOT_READY, 'NoExecute');
  add(TAINT_NODE_UNREACHABLE, 'NoExecute');
  add(TAINT_NODE_DISK_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_MEMORY_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_PID_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_UNSCHEDULABLE, 'NoSchedule');
  if (spec.hostNetwork) add(TAINT_NODE_NETWORK_UNAVAILABLE, 'NoSchedule');
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity (fact 53): the required node affinity becomes the one
 * term `metadata.name In [node]`, so the default scheduler can place the pod only there;
 * preferred terms stay.
 */
export function replaceNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] }] };
  const out: Affinity = affinity ? deepCopy(affinity) : {};
  out.nodeAffinity = { ...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } };
  return out;
}

/** GetTemplateGeneration: spec.templateGeneration (the annotation); undefined when missing or not a number. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^-?[0-9]+$/.test(v) ? parseInt(v, 10) : undefined;
}

/** CreatePodTemplate: the template with the generation and hash labels and the daemon tolerations. */
export function createPodTemplate(template: PodTemplateSpec | undefined, generation: number | undefined, hash: string): PodTemplateSpec {
  const t = deepCopy(template ?? { spec: { containers: [] } });
  t.spec ??= { containers: [] };
  addOrUpdateDaemonPodTolerations(t.spec);
  const labels = { ...(t.metadata?.labels ?? {}) };
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

/** IsPodUpdated: the pod carries the current revision hash (or, for old pods, the template generation). */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const templateMatches = generation !== undefined && pod.metadata?.labels?.[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

/**
 * GetTargetNodeName: spec.nodeName once bound, else the node its `metadata.name In [x]` affinity
 * names; undefined when neither says.
 */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === OBJECT_NAME_FIELD && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** SurgeCount: maxSurge of `numberToSchedule`, rounded up; 0 unless RollingUpdate with a maxSurge. */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !s?.rollingUpdate || s.rollingUpdate.maxSurge === undefined) return 0;
  return scaledValueFromIntOrPercent(s.rollingUpdate.maxSurge, numberToSchedule, true);
}

/** UnavailableCount: maxUnavailable of `numberToSchedule`, rounded up; 0 unless RollingUpdate. */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !s?.rollingUpdate) return 0;
  return scaledValueFromIntOrPercent(s.rollingUpdate.maxUnavailable ?? 1, numberToSchedule, true);
}

/** AllowsSurge: a maxSurge that comes to more than 0 for one pod. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const an = !!a.spec?.nodeName;
  const bn = !!b.spec?.nodeName;
  if (an !== bn) return an ? -1 : 1;
  const at = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (at === bt) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0;
  return at - bt;
}

/** NewPod: the daemon pod `ds` would run on `nodeName`, with the daemon tolerations. */
export function newPod(ds: DaemonSet, nodeName: string): Pod {
  const spec = deepCopy(ds.spec?.template?.spec ?? { containers: [] });
  spec.nodeName = nodeName;
  addOrUpdateDaemonPodTolerations(spec);
  return { metadata: { ...(ds.spec?.template?.metadata ?? {}), namespace: ds.metadata?.namespace }, spec };
}

/**
 * NodeShouldRunDaemonPod: `shouldRun` — a new daemon pod belongs on the node (node name, node
 * affinity and NoSchedule/NoExecute taints allow it); `shouldContinueRunning` — an existing one
 * may stay (it tolerates the node's NoExecute taints, even if a NoSchedule taint keeps new ones off).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const name = node.metadata!.name!;
  const wanted = ds.spec?.template?.spec?.nodeName;
  if (wanted && wanted !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod = newPod(ds, name);
  if (!requiredNodeAffinityMatches(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const untolerated = findMatchingUntoleratedTaint(taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (untolerated) {
    const noExecute = findMatchingUntoleratedTaint(taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

export { isPodAvailable, isPodReady };
