/**
 * The resource registry: which kinds the simulated API server serves, under which names, and where
 * they live in the store. One registry per simulated cluster, because CRDs add kinds per scenario.
 *
 * Names, short names, scopes and subresources are those kubectl's discovery shows for Kubernetes
 * v1.32; etcd prefixes follow `SpecialDefaultResourcePrefixes` (SEMANTICS.md facts 181-182).
 */

/** The `scale` subresource: where the replica counts live in the object (JSON paths, `.spec.replicas` style). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceInfo {
  /** '' for the core (legacy) group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** kubectl categories, e.g. `all` for `kubectl get all`. */
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  /** The part of the etcd key after `/registry/`: the plural, an override (fact 182), or `<group>/<plural>` for CRDs. */
  readonly etcdPrefix: string;
  readonly subresources: { readonly status: boolean; readonly scale?: ScaleSubresource };
  readonly crd?: true;
  /** For CRD-served kinds: the served version's `openAPIV3Schema`. */
  readonly schema?: unknown;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** The client's ResourceName: `pods`, `deployments.apps`, `widgets.example.com`. */
  readonly name: string;
}

/** What `defineResource`/`register` need; everything derivable is optional. */
export interface ResourceDefinition {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  listKind?: string;
  singular?: string;
  shortNames?: readonly string[];
  categories?: readonly string[];
  etcdPrefix?: string;
  subresources?: { status: boolean; scale?: ScaleSubresource };
  crd?: true;
  schema?: unknown;
}

/** Builds a frozen ResourceInfo, deriving listKind, singular, apiVersion, name and the etcd prefix. */
export function defineResource(d: ResourceDefinition): ResourceInfo {
  const info: ResourceInfo = {
    group: d.group,
    version: d.version,
    kind: d.kind,
    listKind: d.listKind ?? `${d.kind}List`,
    plural: d.plural,
    singular: d.singular ?? d.kind.toLowerCase(),
    shortNames: Object.freeze([...(d.shortNames ?? [])]),
    categories: Object.freeze([...(d.categories ?? [])]),
    namespaced: d.namespaced,
    etcdPrefix: d.etcdPrefix ?? (d.crd ? `${d.group}/${d.plural}` : d.plural),
    subresources: Object.freeze({ ...(d.subresources ?? { status: false }) }),
    ...(d.crd ? { crd: true as const } : {}),
    ...(d.schema !== undefined ? { schema: d.schema } : {}),
    apiVersion: d.group === '' ? d.version : `${d.group}/${d.version}`,
    name: d.group === '' ? d.plural : `${d.plural}.${d.group}`,
  };
  return Object.freeze(info);
}

const STATUS = { status: true } as const;
const SCALE: ScaleSubresource = Object.freeze({
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
});
const ALL = ['all'];

/** Built-in kinds as kubectl's discovery lists them (v1.32). */
const BUILTIN_DEFINITIONS: ResourceDefinition[] = [
  // core/v1
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], namespaced: true, subresources: STATUS, categories: ALL },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', shortNames: ['no'], namespaced: false, subresources: STATUS, etcdPrefix: 'minions' },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], namespaced: false, subresources: STATUS },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], namespaced: true, subresources: STATUS, categories: ALL, etcdPrefix: 'services/specs' },
  { group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'], namespaced: true, etcdPrefix: 'services/endpoints' },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], namespaced: true },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], namespaced: true },
  { group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', shortNames: ['pv'], namespaced: false, subresources: STATUS },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], namespaced: true, subresources: STATUS },
  { group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota'], namespaced: true, subresources: STATUS },
  { group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits'], namespaced: true },
  { group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', shortNames: ['rc'], namespaced: true, categories: ALL, etcdPrefix: 'controllers',
    subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
  // apps/v1
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], namespaced: true, categories: ALL, subresources: { status: true, scale: SCALE } },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], namespaced: true, categories: ALL, subresources: { status: true, scale: SCALE } },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], namespaced: true, categories: ALL, subresources: { status: true, scale: SCALE } },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], namespaced: true, categories: ALL, subresources: STATUS },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
  // batch/v1
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ALL, subresources: STATUS },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], namespaced: true, categories: ALL, subresources: STATUS },
  // coordination.k8s.io/v1
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true },
  // discovery.k8s.io/v1
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true },
  // networking.k8s.io/v1
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'], namespaced: true, subresources: STATUS, etcdPrefix: 'ingress' },
  { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', shortNames: ['netpol'], namespaced: true },
  // storage.k8s.io/v1
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', shortNames: ['sc'], namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSINode', plural: 'csinodes', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriver', plural: 'csidrivers', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSIStorageCapacity', plural: 'csistoragecapacities', namespaced: true },
  { group: 'storage.k8s.io', version: 'v1', kind: 'VolumeAttachment', plural: 'volumeattachments', namespaced: false, subresources: STATUS },
  // policy/v1
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'], namespaced: true, subresources: STATUS },
  // autoscaling/v2
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', shortNames: ['hpa'], namespaced: true, categories: ALL, subresources: STATUS },
  // rbac.authorization.k8s.io/v1
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  // scheduling.k8s.io/v1
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', shortNames: ['pc'], namespaced: false },
  // apiextensions.k8s.io/v1: the apiextensions-apiserver stores its objects under a group-prefixed path.
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', shortNames: ['crd', 'crds'],
    namespaced: false, subresources: STATUS, categories: ['api-extensions'], etcdPrefix: 'apiextensions.k8s.io/customresourcedefinitions' },
];

/** Frozen ResourceInfos of the built-in kinds, shared by every registry. */
export const BUILTIN_RESOURCES: readonly ResourceInfo[] = Object.freeze(BUILTIN_DEFINITIONS.map(defineResource));

const kindKey = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;

function matchesToken(info: ResourceInfo, token: string): boolean {
  return (
    info.plural === token || info.singular === token || info.kind.toLowerCase() === token || info.shortNames.includes(token)
  );
}

export class ResourceRegistry {
  private readonly byNameIndex = new Map<string, ResourceInfo>();
  private readonly byKindIndex = new Map<string, ResourceInfo>();

  /** A registry holding the built-in kinds; CRDs are registered on top. */
  static builtin(): ResourceRegistry {
    const r = new ResourceRegistry();
    for (const info of BUILTIN_RESOURCES) r.add(info);
    return r;
  }

  /**
   * Adds (or, for a CRD, replaces) a served kind. Replacing a built-in is refused, as the real API
   * server never lets a CRD take over a built-in resource.
   */
  register(def: ResourceDefinition): ResourceInfo {
    const info = defineResource(def);
    const existing = this.byNameIndex.get(info.name);
    if (existing && !existing.crd) throw new Error(`resource ${info.name} is built in and cannot be replaced`);
    if (existing) this.remove(existing);
    this.add(info);
    return info;
  }

  /** Removes a CRD-served kind. Returns false if there was none; built-ins cannot be removed. */
  unregister(name: string): boolean {
    const info = this.byNameIndex.get(name);
    if (!info || !info.crd) return false;
    this.remove(info);
    return true;
  }

  /** By client ResourceName: `pods`, `deployments.apps`. */
  byName(name: string): ResourceInfo | undefined {
    return this.byNameIndex.get(name);
  }

  byKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.byKindIndex.get(kindKey(apiVersion, kind));
  }

  /**
   * What a kubectl user types: plural, singular, short name or kind, case-insensitive, optionally
   * qualified as `<resource>.<group>` or `<resource>.<version>.<group>` (`deploy`, `deployment.apps`,
   * `deployments.v1.apps`, `widgets.example.com`). Built-ins win over CRDs for an ambiguous name.
   */
  resolve(kubectlName: string): ResourceInfo | undefined {
    const s = kubectlName.trim().toLowerCase();
    if (s === '') return undefined;
    const all = this.all();
    const plain = all.find((i) => matchesToken(i, s));
    if (plain) return plain;
    const dot = s.indexOf('.');
    if (dot <= 0) return undefined;
    const token = s.slice(0, dot);
    const rest = s.slice(dot + 1);
    const byGroup = all.find((i) => i.group === rest && matchesToken(i, token));
    if (byGroup) return byGroup;
    const dot2 = rest.indexOf('.');
    const version = dot2 < 0 ? rest : rest.slice(0, dot2);
    const group = dot2 < 0 ? '' : rest.slice(dot2 + 1);
    return all.find((i) => i.version === version && i.group === group && matchesToken(i, token));
  }

  /** Every served kind, built-ins first, in registration order. */
  all(): ResourceInfo[] {
    return [...this.byNameIndex.values()];
  }

  private add(info: ResourceInfo): void {
    this.byNameIndex.set(info.name, info);
    this.byKindIndex.set(kindKey(info.apiVersion, info.kind), info);
  }

  private remove(info: ResourceInfo): void {
    this.byNameIndex.delete(info.name);
    if (this.byKindIndex.get(kindKey(info.apiVersion, info.kind)) === info) {
      this.byKindIndex.delete(kindKey(info.apiVersion, info.kind));
    }
  }
}

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition that decide how its kind is served. */
interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: unknown };
  subresources?: { status?: object; scale?: ScaleSubresource };
}
interface CrdLike {
  spec?: {
    group?: string;
    scope?: string;
    names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    versions?: CrdVersion[];
  };
}

/**
 * The ResourceInfo a CRD makes the API server serve: its storage version if served (else the first
 * served one), its names and scope, its status/scale subresources and that version's schema.
 * Throws if the CRD lacks the fields validation requires (group, names.plural, names.kind, a served version).
 */
export function crdToResourceInfo(crd: unknown): ResourceInfo {
  const spec = (crd as CrdLike)?.spec ?? {};
  const names = spec.names ?? {};
  const versions = spec.versions ?? [];
  const version = versions.find((v) => v.served && v.storage) ?? versions.find((v) => v.served);
  if (!spec.group || !names.plural || !names.kind || !version?.name) {
    throw new Error('CustomResourceDefinition needs spec.group, spec.names.plural, spec.names.kind and a served version');
  }
  const scale = version.subresources?.scale;
  return defineResource({
    group: spec.group,
    version: version.name,
    kind: names.kind,
    plural: names.plural,
    namespaced: spec.scope !== 'Cluster',
    ...(names.listKind ? { listKind: names.listKind } : {}),
    ...(names.singular ? { singular: names.singular } : {}),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    subresources: {
      status: version.subresources?.status !== undefined && version.subresources?.status !== null,
      ...(scale ? { scale: { ...scale } } : {}),
    },
    crd: true,
    ...(version.schema?.openAPIV3Schema !== undefined ? { schema: version.schema.openAPIV3Schema } : {}),
  });
}
