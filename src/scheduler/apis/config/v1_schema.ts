/**
 * The shape of kubescheduler.config.k8s.io/v1 as Go declares it (k8s.io/kube-scheduler/config/v1
 * types.go and types_pluginargs.go), for strict decoding: which fields exist, their Go types, and
 * the Go struct names that appear in `json: cannot unmarshal ...` errors.
 */
export type Schema =
  | { t: 'struct'; name: string; fields: Readonly<Record<string, Schema>> }
  | { t: 'list'; of: Schema }
  | { t: 'map'; of: Schema }
  | { t: 'int32' | 'int64' | 'float32' | 'string' | 'bool' | 'duration' | 'bytes' | 'raw' };

const struct = (name: string, fields: Record<string, Schema>): Schema => ({ t: 'struct', name, fields });
const list = (of: Schema): Schema => ({ t: 'list', of });
const int32: Schema = { t: 'int32' };
const int64: Schema = { t: 'int64' };
const float32: Schema = { t: 'float32' };
const string: Schema = { t: 'string' };
const bool: Schema = { t: 'bool' };
const duration: Schema = { t: 'duration' };
const bytes: Schema = { t: 'bytes' };
/** Decoded later (plugin args) or kept as given (label selectors, node selector terms). */
const raw: Schema = { t: 'raw' };

const typeMeta = { apiVersion: string, kind: string };

const plugin = struct('Plugin', { name: string, weight: int32 });
const pluginSet = struct('PluginSet', { enabled: list(plugin), disabled: list(plugin) });

const plugins = struct('Plugins', {
  preEnqueue: pluginSet,
  queueSort: pluginSet,
  preFilter: pluginSet,
  filter: pluginSet,
  postFilter: pluginSet,
  preScore: pluginSet,
  score: pluginSet,
  reserve: pluginSet,
  permit: pluginSet,
  preBind: pluginSet,
  bind: pluginSet,
  postBind: pluginSet,
  multiPoint: pluginSet,
});

const profile = struct('KubeSchedulerProfile', {
  schedulerName: string,
  percentageOfNodesToScore: int32,
  plugins,
  pluginConfig: list(struct('PluginConfig', { name: string, args: raw })),
});

const extender = struct('Extender', {
  urlPrefix: string,
  filterVerb: string,
  preemptVerb: string,
  prioritizeVerb: string,
  weight: int64,
  bindVerb: string,
  enableHTTPS: bool,
  tlsConfig: struct('ExtenderTLSConfig', {
    insecure: bool,
    serverName: string,
    certFile: string,
    keyFile: string,
    caFile: string,
    certData: bytes,
    keyData: bytes,
    caData: bytes,
  }),
  httpTimeout: duration,
  nodeCacheCapable: bool,
  managedResources: list(struct('ExtenderManagedResource', { name: string, ignoredByScheduler: bool })),
  ignorable: bool,
});

export const KUBE_SCHEDULER_CONFIGURATION: Schema = struct('KubeSchedulerConfiguration', {
  ...typeMeta,
  parallelism: int32,
  leaderElection: struct('LeaderElectionConfiguration', {
    leaderElect: bool,
    leaseDuration: duration,
    renewDeadline: duration,
    retryPeriod: duration,
    resourceLock: string,
    resourceName: string,
    resourceNamespace: string,
  }),
  clientConnection: struct('ClientConnectionConfiguration', {
    kubeconfig: string,
    acceptContentTypes: string,
    contentType: string,
    qps: float32,
    burst: int32,
  }),
  enableProfiling: bool,
  enableContentionProfiling: bool,
  percentageOfNodesToScore: int32,
  podInitialBackoffSeconds: int64,
  podMaxBackoffSeconds: int64,
  profiles: list(profile),
  extenders: list(extender),
  delayCacheUntilActive: bool,
});

const resourceSpec = struct('ResourceSpec', { name: string, weight: int64 });
const shapePoint = struct('UtilizationShapePoint', { utilization: int32, score: int32 });

/** The args kinds of the in-tree plugins (`<Plugin>Args`); other plugins' args stay as given. */
export const PLUGIN_ARGS: Readonly<Record<string, Schema>> = {
  DefaultPreemption: struct('DefaultPreemptionArgs', {
    ...typeMeta,
    minCandidateNodesPercentage: int32,
    minCandidateNodesAbsolute: int32,
  }),
  InterPodAffinity: struct('InterPodAffinityArgs', {
    ...typeMeta,
    hardPodAffinityWeight: int32,
    ignorePreferredTermsOfExistingPods: bool,
  }),
  NodeResourcesFit: struct('NodeResourcesFitArgs', {
    ...typeMeta,
    ignoredResources: list(string),
    ignoredResourceGroups: list(string),
    scoringStrategy: struct('ScoringStrategy', {
      type: string,
      resources: list(resourceSpec),
      requestedToCapacityRatio: struct('RequestedToCapacityRatioParam', { shape: list(shapePoint) }),
    }),
  }),
  PodTopologySpread: struct('PodTopologySpreadArgs', {
    ...typeMeta,
    defaultConstraints: list(
      struct('TopologySpreadConstraint', {
        maxSkew: int32,
        topologyKey: string,
        whenUnsatisfiable: string,
        labelSelector: raw,
        minDomains: int32,
        nodeAffinityPolicy: string,
        nodeTaintsPolicy: string,
        matchLabelKeys: list(string),
      }),
    ),
    defaultingType: string,
  }),
  NodeResourcesBalancedAllocation: struct('NodeResourcesBalancedAllocationArgs', { ...typeMeta, resources: list(resourceSpec) }),
  NodeAffinity: struct('NodeAffinityArgs', {
    ...typeMeta,
    addedAffinity: struct('NodeAffinity', {
      requiredDuringSchedulingIgnoredDuringExecution: raw,
      preferredDuringSchedulingIgnoredDuringExecution: raw,
    }),
  }),
  VolumeBinding: struct('VolumeBindingArgs', { ...typeMeta, bindTimeoutSeconds: int64, shape: list(shapePoint) }),
};

export const SCHEME_GROUP_VERSION = 'kubescheduler.config.k8s.io/v1';
export const GROUP = 'kubescheduler.config.k8s.io';
