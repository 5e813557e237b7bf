import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { isNotFound } from '../../api/object';
import type { ResourceRegistry } from '../../api/resources';
import type { Client } from '../../client/types';
import { scaledValueFromIntOrPercent } from './budget';

/**
 * How many pods a budget expects and how many must be healthy (getExpectedPodCount and
 * getExpectedScale of pkg/controller/disruption/disruption.go):
 * - maxUnavailable (int or %): expected = the summed scale of the pods' controllers,
 *   desiredHealthy = max(0, expected - maxUnavailable), a percentage rounded up;
 * - minAvailable as an int: desiredHealthy = that int, expected = the number of matching pods;
 * - minAvailable as a %: expected = the controllers' scale, desiredHealthy = that share, rounded up.
 * A pod without a controller is "unmanaged": left out of the scale, reported, not an error. A pod
 * whose controller cannot be found is an error (the budget then fails safe).
 */

/** Reads a workload from an informer cache: undefined when not cached. */
export type CachedGetter = (namespace: string, name: string) => KubeObject | undefined;

export interface ScaleSources {
  replicationControllers: CachedGetter;
  replicaSets: CachedGetter;
  deployments: CachedGetter;
  statefulSets: CachedGetter;
  /** For the scale subresource of any other kind (RESTMapping + a GET, as upstream's scale client). */
  registry: ResourceRegistry;
  client: Client;
}

export interface ExpectedPods {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

/** A controller's UID and scale. */
interface ControllerAndScale {
  uid: string;
  scale: number;
}

type Finder = (ref: OwnerReference, namespace: string) => ControllerAndScale | undefined;

/** @throws Error when a scale cannot be found or a value is not an int or percentage. */
export function expectedPodCount(pdb: KubeObject, pods: KubeObject[], sources: ScaleSources): ExpectedPods {
  const spec = (pdb.spec ?? {}) as { minAvailable?: number | string; maxUnavailable?: number | string };
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, sources);
    const maxUnavailable = scaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = expectedScale(pods, sources);
    return { expectedCount, desiredHealthy: scaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/**
 * getExpectedScale: the sum over the distinct controllers of the pods of each one's scale. Every
 * pod has at most one controller (controllerRef), so each pod adds its controller once.
 */
export function expectedScale(pods: KubeObject[], sources: ScaleSources): { expectedCount: number; unmanagedPods: string[] } {
  const controllerScale = new Map<string, number>();
  const unmanagedPods: string[] = [];
  const finders = findersOf(sources);
  for (const pod of pods) {
    const ref = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller);
    if (!ref) {
      unmanagedPods.push(pod.metadata!.name!);
      continue;
    }
    if (controllerScale.has(ref.uid)) continue;
    let found = false;
    for (const finder of finders) {
      const cs = finder(ref, pod.metadata!.namespace!);
      if (cs) {
        controllerScale.set(cs.uid, cs.scale);
        found = true;
        break;
      }
    }
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata!.name}"`);
  }
  let expectedCount = 0;
  for (const n of controllerScale.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}

/** The finders in upstream's order: RC, Deployment (through its RS), bare RS, StatefulSet, any scale. */
function findersOf(s: ScaleSources): Finder[] {
  const replicas = (o: KubeObject) => (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const controllerOf = (o: KubeObject) => (o.metadata?.ownerReferences ?? []).find((r) => r.controller);
  return [
    // getPodReplicationController
    (ref, ns) => {
      if (!isGroupKind(ref, 'ReplicationController', [''])) return undefined;
      const rc = s.replicationControllers(ns, ref.name);
      return rc && rc.metadata!.uid === ref.uid ? { uid: rc.metadata!.uid!, scale: replicas(rc) } : undefined;
    },
    // getPodDeployment: the Deployment that controls the pod's ReplicaSet
    (ref, ns) => {
      if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
      const rs = s.replicaSets(ns, ref.name);
      if (!rs || rs.metadata!.uid !== ref.uid) return undefined;
      const rsRef = controllerOf(rs);
      if (!rsRef || !isGroupKind(rsRef, 'Deployment', ['apps', 'extensions'])) return undefined;
      const d = s.deployments(ns, rsRef.name);
      return d && d.metadata!.uid === rsRef.uid ? { uid: d.metadata!.uid!, scale: replicas(d) } : undefined;
    },
    // getPodReplicaSet: a ReplicaSet no Deployment controls
    (ref, ns) => {
      if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
      const rs = s.replicaSets(ns, ref.name);
      if (!rs || rs.metadata!.uid !== ref.uid) return undefined;
      if (controllerOf(rs)?.kind === 'Deployment') return undefined;
      return { uid: rs.metadata!.uid!, scale: replicas(rs) };
    },
    // getPodStatefulSet
    (ref, ns) => {
      if (!isGroupKind(ref, 'StatefulSet', ['apps'])) return undefined;
      const ss = s.statefulSets(ns, ref.name);
      return ss && ss.metadata!.uid === ref.uid ? { uid: ss.metadata!.uid!, scale: replicas(ss) } : undefined;
    },
    // getScaleController: any kind with a scale subresource, read through the API
    (ref, ns) => scaleController(ref, ns, s),
  ];
}

function scaleController(ref: OwnerReference, namespace: string, s: ScaleSources): ControllerAndScale | undefined {
  const group = parseGroupVersion(ref.apiVersion).group;
  const info = s.registry.byKind(ref.apiVersion, ref.kind);
  if (!info) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
  const scale = info.subresources.scale;
  if (!scale) throw new Error(`${group ? `${info.plural}.${group}` : info.plural} does not implement the scale subresource`);
  let obj: KubeObject;
  try {
    obj = s.client.get(info.name, namespace, ref.name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  if (obj.metadata!.uid !== ref.uid) return undefined;
  const value = readPath(obj, scale.specReplicasPath);
  return { uid: obj.metadata!.uid!, scale: typeof value === 'number' ? value : 0 };
}

/** verifyGroupKind: the reference names `kind` in one of `groups`. */
function isGroupKind(ref: OwnerReference, kind: string, groups: string[]): boolean {
  return ref.kind === kind && groups.includes(parseGroupVersion(ref.apiVersion).group);
}

/**
 * schema.ParseGroupVersion: `v1` is the core group, `apps/v1` the apps group.
 * @throws Error for more than one slash, as upstream.
 */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (!apiVersion || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
}

/** A `.spec.replicas`-style path of a scale subresource. */
function readPath(obj: KubeObject, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.').filter(Boolean)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}
