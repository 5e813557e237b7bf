/**
 * The API server's defaulting for the built-in kinds (upstream `pkg/apis/<group>/<version>/defaults.go`
 * plus the declarative `+default` markers), and structural schema defaulting for CRD-served kinds.
 *
 * Contract: `applyDefaults` mutates the object it is given (a non-frozen copy) and returns it. It runs
 * before validation, on create and on update, so every rule only fills what is unset ("unset" as Go
 * sees it: a nil pointer, an empty string for string fields, 0 for non-pointer integers).
 * Not done here, as upstream does them elsewhere: clusterIP/nodePort allocation (the allocator), the
 * Job selector and controller-uid labels (the Job strategy), the service account admission.
 */
import type { KubeObject } from './object';
import type { ResourceInfo } from './resources';

type J = Record<string, unknown>;
type Defaulter = (obj: J) => void;

const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const unsetPtr = (v: unknown): boolean => v === undefined || v === null;
const unsetStr = (v: unknown): boolean => v === undefined || v === null || v === '';
const unsetInt = (v: unknown): boolean => v === undefined || v === null || v === 0;

/** The object at `o[k]`, or undefined when absent or not an object. */
function child(o: J | undefined, k: string): J | undefined {
  const v = o?.[k];
  return isObj(v) ? v : undefined;
}

/** The object at `o[k]`, created (as Go's defaulters allocate a nil struct pointer) when absent. */
function ensure(o: J, k: string): J {
  const v = o[k];
  if (isObj(v)) return v;
  const created: J = {};
  o[k] = created;
  return created;
}

/** The object elements of the list at `o[k]` (non-objects are left for validation to report). */
function items(o: J | undefined, k: string): J[] {
  const v = o?.[k];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function defaultStr(o: J, k: string, value: string): void {
  if (unsetStr(o[k])) o[k] = value;
}
function defaultPtr(o: J, k: string, value: unknown): void {
  if (unsetPtr(o[k])) o[k] = value;
}
function defaultInt(o: J, k: string, value: number): void {
  if (unsetInt(o[k])) o[k] = value;
}

const copyJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---------------------------------------------------------------------------------------------
// core/v1 building blocks

/**
 * The tag `parsers.ParseImageName` would find: '' for an unparsable reference or a digest-only one,
 * `latest` when neither a tag nor a digest is given.
 */
export function imageTag(image: string): string {
  if (image === '' || /\s/.test(image)) return '';
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? named.slice(0, colon) : named;
  const tag = colon >= 0 ? named.slice(colon + 1) : '';
  // Docker references require a lowercase repository path (the registry host may have any case).
  const path = repo.includes('/') && /[.:]|^localhost$/.test(repo.split('/')[0]) ? repo.slice(repo.indexOf('/') + 1) : repo;
  if (path === '' || path !== path.toLowerCase()) return '';
  if (tag === '' && digest === '') return 'latest';
  return tag;
}

/** SetDefaults_HTTPGetAction. */
function defaultHTTPGet(handler: J | undefined): void {
  const get = child(handler, 'httpGet');
  if (!get) return;
  defaultStr(get, 'path', '/');
  defaultStr(get, 'scheme', 'HTTP');
}

/** SetDefaults_Probe (fact 130) plus its handlers. initialDelaySeconds stays 0, which JSON omits. */
function defaultProbe(probe: J | undefined): void {
  if (!probe) return;
  defaultInt(probe, 'timeoutSeconds', 1);
  defaultInt(probe, 'periodSeconds', 10);
  defaultInt(probe, 'successThreshold', 1);
  defaultInt(probe, 'failureThreshold', 3);
  defaultHTTPGet(probe);
  const grpc = child(probe, 'grpc');
  if (grpc) defaultPtr(grpc, 'service', '');
}

/** SetDefaults_ObjectFieldSelector: a fieldRef's apiVersion is `v1`. */
function defaultFieldRef(holder: J | undefined): void {
  const ref = child(holder, 'fieldRef');
  if (ref) defaultStr(ref, 'apiVersion', 'v1');
}

/** SetDefaults_Container (fact 129) and the defaults of what a container holds. */
function defaultContainer(c: J): void {
  if (unsetStr(c.imagePullPolicy)) {
    const tag = imageTag(typeof c.image === 'string' ? c.image : '');
    c.imagePullPolicy = tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  defaultStr(c, 'terminationMessagePath', '/dev/termination-log');
  defaultStr(c, 'terminationMessagePolicy', 'File');
  for (const p of items(c, 'ports')) defaultStr(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(child(c, probe));
  const lifecycle = child(c, 'lifecycle');
  defaultHTTPGet(child(lifecycle, 'postStart'));
  defaultHTTPGet(child(lifecycle, 'preStop'));
  for (const env of items(c, 'env')) defaultFieldRef(child(env, 'valueFrom'));
}

/** Go's default modes for projected files: 0644. */
const DEFAULT_MODE = 0o644;

/** SetDefaults_Volume and the defaults of each volume source. */
function defaultVolume(v: J): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && !unsetPtr(v[k]));
  if (sources.length === 0) v.emptyDir = {};
  const secret = child(v, 'secret');
  if (secret) defaultPtr(secret, 'defaultMode', DEFAULT_MODE);
  const configMap = child(v, 'configMap');
  if (configMap) defaultPtr(configMap, 'defaultMode', DEFAULT_MODE);
  const downwardAPI = child(v, 'downwardAPI');
  if (downwardAPI) {
    defaultPtr(downwardAPI, 'defaultMode', DEFAULT_MODE);
    for (const f of items(downwardAPI, 'items')) defaultFieldRef(f);
  }
  const projected = child(v, 'projected');
  if (projected) {
    defaultPtr(projected, 'defaultMode', DEFAULT_MODE);
    for (const s of items(projected, 'sources')) {
      const token = child(s, 'serviceAccountToken');
      if (token) defaultPtr(token, 'expirationSeconds', 3600);
      for (const f of items(child(s, 'downwardAPI'), 'items')) defaultFieldRef(f);
    }
  }
  const hostPath = child(v, 'hostPath');
  if (hostPath) defaultPtr(hostPath, 'type', '');
  const claimTemplate = child(child(v, 'ephemeral'), 'volumeClaimTemplate');
  if (claimTemplate) defaultPVCSpec(ensure(claimTemplate, 'spec'));
}

/**
 * SetDefaults_PodSpec (fact 128) and everything nested in a PodSpec. Pod templates of workloads
 * get these too; the rules of SetDefaults_Pod (below) apply to Pods only.
 */
function defaultPodSpec(spec: J): void {
  defaultStr(spec, 'dnsPolicy', 'ClusterFirst');
  defaultStr(spec, 'restartPolicy', 'Always');
  defaultPtr(spec, 'securityContext', {});
  defaultPtr(spec, 'terminationGracePeriodSeconds', 30);
  defaultStr(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of items(spec, list)) defaultContainer(c);
  }
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

/** The pod template of a workload: PodSpec defaults only (upstream defaults PodTemplateSpec.Spec). */
function defaultPodTemplate(template: J | undefined): void {
  if (template) defaultPodSpec(ensure(template, 'spec'));
}

/**
 * SetDefaults_Pod: requests default to limits for each resource only limited (fact 129, Pods only,
 * never templates), service links on, and with hostNetwork every hostPort defaults to its containerPort.
 */
function defaultPod(pod: J): void {
  const spec = ensure(pod, 'spec');
  for (const list of ['containers', 'initContainers']) {
    for (const c of items(spec, list)) {
      const resources = child(c, 'resources');
      const limits = child(resources, 'limits');
      if (!resources || !limits) continue;
      const requests = ensure(resources, 'requests');
      for (const [name, q] of Object.entries(limits)) if (!(name in requests)) requests[name] = q;
    }
  }
  defaultPtr(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const list of ['containers', 'initContainers']) {
      for (const c of items(spec, list)) {
        for (const p of items(c, 'ports')) if (unsetInt(p.hostPort)) p.hostPort = p.containerPort;
      }
    }
  }
  defaultPodSpec(spec);
}

/** SetDefaults_PersistentVolumeClaimSpec. */
function defaultPVCSpec(spec: J): void {
  defaultPtr(spec, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PersistentVolumeClaim (fact 162) plus its spec. */
function defaultPVC(pvc: J): void {
  defaultPVCSpec(ensure(pvc, 'spec'));
  defaultStr(ensure(pvc, 'status'), 'phase', 'Pending');
}

/** SetDefaults_PersistentVolume (fact 162): phase Pending (the PV controller makes it Available), Retain, Filesystem. */
function defaultPV(pv: J): void {
  const spec = ensure(pv, 'spec');
  defaultStr(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  defaultPtr(spec, 'volumeMode', 'Filesystem');
  const hostPath = child(spec, 'hostPath');
  if (hostPath) defaultPtr(hostPath, 'type', '');
  defaultStr(ensure(pv, 'status'), 'phase', 'Pending');
}

/** Whether a Service is reachable from outside the cluster (`service.ExternallyAccessible`). */
function externallyAccessible(spec: J): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/** SetDefaults_Service (facts 99-100). Cluster IPs and node ports are left to the allocator. */
function defaultService(svc: J): void {
  const spec = ensure(svc, 'spec');
  defaultStr(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = child(child(spec, 'sessionAffinityConfig'), 'clientIP')?.timeoutSeconds;
    if (unsetPtr(timeout)) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  defaultStr(spec, 'type', 'ClusterIP');
  for (const p of items(spec, 'ports')) {
    defaultStr(p, 'protocol', 'TCP');
    if (unsetInt(p.targetPort) || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) defaultStr(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') {
    defaultPtr(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (spec.type === 'LoadBalancer') {
    defaultPtr(spec, 'allocateLoadBalancerNodePorts', true);
    for (const ing of items(child(child(svc, 'status'), 'loadBalancer'), 'ingress')) {
      if (!unsetStr(ing.ip)) defaultPtr(ing, 'ipMode', 'VIP');
    }
  }
}

/**
 * SetDefaults_Namespace and _NamespaceStatus (fact 152), plus the `kubernetes` finalizer the
 * namespace strategy sets on create. On update the API server must carry the old finalizers over
 * (only `/finalize` changes them), which overrides this default.
 */
function defaultNamespace(ns: J): void {
  const meta = ensure(ns, 'metadata');
  if (typeof meta.name === 'string' && meta.name !== '') {
    ensure(meta, 'labels')['kubernetes.io/metadata.name'] = meta.name;
  }
  const spec = ensure(ns, 'spec');
  defaultPtr(spec, 'finalizers', ['kubernetes']);
  defaultStr(ensure(ns, 'status'), 'phase', 'Active');
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
function defaultNode(node: J): void {
  const status = child(node, 'status');
  if (status && unsetPtr(status.allocatable) && isObj(status.capacity)) status.allocatable = copyJson(status.capacity);
}

/** SetDefaults_Endpoints: port protocol TCP. */
function defaultEndpoints(ep: J): void {
  for (const subset of items(ep, 'subsets')) for (const p of items(subset, 'ports')) defaultStr(p, 'protocol', 'TCP');
}

/** SetDefaults_LimitRangeItem (fact 160): for Container items, default <- max, defaultRequest <- default, then min. */
function defaultLimitRange(lr: J): void {
  for (const item of items(child(lr, 'spec'), 'limits')) {
    if (item.type !== 'Container') continue;
    const def = ensure(item, 'default');
    const defReq = ensure(item, 'defaultRequest');
    for (const [k, v] of Object.entries(child(item, 'max') ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(child(item, 'min') ?? {})) if (!(k in defReq)) defReq[k] = v;
  }
}

/** SetDefaults_ReplicationController: selector and labels from the template's labels; replicas 1 (declarative). */
function defaultReplicationController(rc: J): void {
  const spec = ensure(rc, 'spec');
  const template = child(spec, 'template');
  const labels = child(child(template, 'metadata'), 'labels');
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = copyJson(labels);
    const rcLabels = child(rc, 'metadata')?.labels;
    if (!isObj(rcLabels) || Object.keys(rcLabels).length === 0) ensure(rc, 'metadata').labels = copyJson(labels);
  }
  defaultPtr(spec, 'replicas', 1);
  defaultPodTemplate(template);
}

function defaultSecret(secret: J): void {
  defaultStr(secret, 'type', 'Opaque');
}

// ---------------------------------------------------------------------------------------------
// apps/v1 (facts 24, 38, 51)

function defaultDeployment(d: J): void {
  const spec = ensure(d, 'spec');
  defaultPtr(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  defaultStr(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    defaultPtr(ru, 'maxUnavailable', '25%');
    defaultPtr(ru, 'maxSurge', '25%');
  }
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultPtr(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(child(spec, 'template'));
}

function defaultReplicaSet(rs: J): void {
  const spec = ensure(rs, 'spec');
  defaultPtr(spec, 'replicas', 1);
  defaultPodTemplate(child(spec, 'template'));
}

function defaultStatefulSet(sts: J): void {
  const spec = ensure(sts, 'spec');
  defaultStr(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensure(spec, 'updateStrategy');
  if (unsetStr(strategy.type)) {
    strategy.type = 'RollingUpdate';
    ensure(strategy, 'rollingUpdate');
  }
  // Upstream defaults the partition only when rollingUpdate exists: an explicit `type: RollingUpdate`
  // without `rollingUpdate` stays as written.
  const ru = child(strategy, 'rollingUpdate');
  if (strategy.type === 'RollingUpdate' && ru) defaultPtr(ru, 'partition', 0);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultStr(retention, 'whenDeleted', 'Retain');
  defaultStr(retention, 'whenScaled', 'Retain');
  defaultPtr(spec, 'replicas', 1);
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
  for (const claim of items(spec, 'volumeClaimTemplates')) defaultPVC(claim);
}

function defaultDaemonSet(ds: J): void {
  const spec = ensure(ds, 'spec');
  const strategy = ensure(spec, 'updateStrategy');
  defaultStr(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    defaultPtr(ru, 'maxUnavailable', 1);
    defaultPtr(ru, 'maxSurge', 0);
  }
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
}

// ---------------------------------------------------------------------------------------------
// batch/v1

/** The JobSpec defaults that SetDefaults_Job sets (v1.32); a CronJob's jobTemplate does not get them. */
function defaultJob(job: J): void {
  const spec = ensure(job, 'spec');
  if (unsetPtr(spec.completions) && unsetPtr(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  defaultPtr(spec, 'parallelism', 1);
  // With backoffLimitPerIndex the global limit is effectively off (math.MaxInt32).
  defaultPtr(spec, 'backoffLimit', unsetPtr(spec.backoffLimitPerIndex) ? 6 : 2147483647);
  const templateLabels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  const labels = child(job, 'metadata')?.labels;
  if (templateLabels && (!isObj(labels) || Object.keys(labels).length === 0)) ensure(job, 'metadata').labels = copyJson(templateLabels);
  defaultPtr(spec, 'completionMode', 'NonIndexed');
  defaultPtr(spec, 'suspend', false);
  const failurePolicy = child(spec, 'podFailurePolicy');
  for (const rule of items(failurePolicy, 'rules')) {
    for (const pattern of items(rule, 'onPodConditions')) defaultStr(pattern, 'status', 'True');
  }
  defaultPtr(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(child(spec, 'template'));
}

function defaultCronJob(cj: J): void {
  const spec = ensure(cj, 'spec');
  defaultStr(spec, 'concurrencyPolicy', 'Allow');
  defaultPtr(spec, 'suspend', false);
  defaultPtr(spec, 'successfulJobsHistoryLimit', 3);
  defaultPtr(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplate(child(child(child(spec, 'jobTemplate'), 'spec'), 'template'));
}

// ---------------------------------------------------------------------------------------------
// other groups

/** discovery/v1 SetDefaults_EndpointPort: name '' and protocol TCP. */
function defaultEndpointSlice(slice: J): void {
  for (const p of items(slice, 'ports')) {
    defaultPtr(p, 'name', '');
    defaultPtr(p, 'protocol', 'TCP');
  }
}

/** networking/v1: policyTypes Ingress (+ Egress when egress rules exist); port protocol TCP. */
function defaultNetworkPolicy(np: J): void {
  const spec = ensure(np, 'spec');
  for (const dir of ['ingress', 'egress']) {
    for (const rule of items(spec, dir)) for (const p of items(rule, 'ports')) defaultPtr(p, 'protocol', 'TCP');
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
    spec.policyTypes = egress ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** networking/v1 SetDefaults_IngressClass: a parameters reference is cluster-scoped unless it says otherwise. */
function defaultIngressClass(ic: J): void {
  const params = child(child(ic, 'spec'), 'parameters');
  if (params) defaultPtr(params, 'scope', 'Cluster');
}

/** storage/v1 SetDefaults_StorageClass (fact 163). */
function defaultStorageClass(sc: J): void {
  defaultPtr(sc, 'reclaimPolicy', 'Delete');
  defaultPtr(sc, 'volumeBindingMode', 'Immediate');
}

/** scheduling/v1 SetDefaults_PriorityClass. */
function defaultPriorityClass(pc: J): void {
  defaultPtr(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** autoscaling/v2 (fact 145): minReplicas 1, a CPU 80% target when no metrics, behavior filled only when present. */
function defaultHPA(hpa: J): void {
  const spec = ensure(hpa, 'spec');
  defaultPtr(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = child(spec, 'behavior');
  if (!behavior) return;
  behavior.scaleUp = scalingRules(child(behavior, 'scaleUp'), {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  });
  // Scale-down stabilization stays unset so the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
  behavior.scaleDown = scalingRules(child(behavior, 'scaleDown'), {
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  });
}

/** copyHPAScalingRules: the user's non-nil fields over the defaults. */
function scalingRules(from: J | undefined, defaults: J): J {
  const to: J = { ...defaults };
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) {
    if (from && !unsetPtr(from[k])) to[k] = from[k];
  }
  return to;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** rbac/v1 SetDefaults_RoleBinding/_ClusterRoleBinding and SetDefaults_Subject. */
function defaultBinding(b: J): void {
  defaultStr(ensure(b, 'roleRef'), 'apiGroup', RBAC_GROUP);
  for (const s of items(b, 'subjects')) {
    if (unsetStr(s.apiGroup) && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

/** apiextensions/v1 SetDefaults_CustomResourceDefinition(Spec). */
function defaultCRD(crd: J): void {
  const spec = ensure(crd, 'spec');
  const names = ensure(spec, 'names');
  if (unsetStr(names.singular) && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (unsetStr(names.listKind) && typeof names.kind === 'string' && names.kind !== '') names.listKind = `${names.kind}List`;
  const conversion = ensure(spec, 'conversion');
  defaultStr(conversion, 'strategy', 'None');
  const service = child(child(child(conversion, 'webhook'), 'clientConfig'), 'service');
  if (service) defaultPtr(service, 'port', 443);
  const status = ensure(crd, 'status');
  if (!Array.isArray(status.storedVersions) || status.storedVersions.length === 0) {
    const storage = items(spec, 'versions').find((v) => v.storage === true);
    if (storage) status.storedVersions = [storage.name];
  }
}

// ---------------------------------------------------------------------------------------------
// CRD-served kinds: structural defaulting from the openAPIV3Schema

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  default?: unknown;
  nullable?: boolean;
}

/**
 * Fills `default`s of absent properties (and of nulls where the schema is not nullable, as upstream
 * prunes those first), then descends, so defaults nested in a defaulted value apply too.
 */
export function applySchemaDefaults(value: unknown, schema: unknown): void {
  if (!isObj(schema)) return;
  const s = schema as Schema;
  if (Array.isArray(value)) {
    for (const v of value) applySchemaDefaults(v, s.items);
    return;
  }
  if (!isObj(value)) return;
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (!isObj(prop)) continue;
    const missing = !(name in value) || (value[name] === null && prop.nullable !== true);
    if (missing && prop.default !== undefined) value[name] = copyJson(prop.default);
    applySchemaDefaults(value[name], prop);
  }
  if (isObj(s.additionalProperties)) {
    for (const [name, v] of Object.entries(value)) {
      if (!s.properties || !(name in s.properties)) applySchemaDefaults(v, s.additionalProperties);
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Defaulter per `<apiVersion>/<kind>`. Kinds absent here (ConfigMap, Lease, PDB, ...) have no defaults. */
const DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  'v1/Pod': defaultPod,
  'v1/Service': defaultService,
  'v1/Namespace': defaultNamespace,
  'v1/Node': defaultNode,
  'v1/Endpoints': defaultEndpoints,
  'v1/Secret': defaultSecret,
  'v1/PersistentVolume': defaultPV,
  'v1/PersistentVolumeClaim': defaultPVC,
  'v1/LimitRange': defaultLimitRange,
  'v1/ReplicationController': defaultReplicationController,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
  'networking.k8s.io/v1/NetworkPolicy': defaultNetworkPolicy,
  'networking.k8s.io/v1/IngressClass': defaultIngressClass,
  'storage.k8s.io/v1/StorageClass': defaultStorageClass,
  'scheduling.k8s.io/v1/PriorityClass': defaultPriorityClass,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHPA,
  'rbac.authorization.k8s.io/v1/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': defaultBinding,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': defaultCRD,
};

/** Applies the API server's defaults for `info`'s kind to `obj` in place and returns it. */
export function applyDefaults<T extends KubeObject>(info: ResourceInfo, obj: T): T {
  if (info.crd) {
    applySchemaDefaults(obj, info.schema);
    return obj;
  }
  DEFAULTERS[`${info.apiVersion}/${info.kind}`]?.(obj as J);
  return obj;
}
