/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) as the scheduler uses it after
 * decoding, defaulting and validation (upstream pkg/scheduler/apis/config/types.go). Profiles are
 * plain data; the runtime builds a framework from each.
 */

export interface PluginRef {
  name: string;
  /** Score weight; only meaningful for score plugins (0 or absent: the plugin's default weight). */
  weight?: number;
}

export interface PluginSet {
  enabled: PluginRef[];
  /** `{name: '*'}` disables every default plugin of the extension point. */
  disabled: PluginRef[];
}

export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export type Plugins = { [P in ExtensionPoint]: PluginSet } & { multiPoint: PluginSet };

export interface PluginConfig {
  name: string;
  args: unknown;
}

export interface Profile {
  schedulerName: string;
  /** 0..100; undefined: use the global value (fact 69). */
  percentageOfNodesToScore?: number;
  plugins: Plugins;
  pluginConfig: PluginConfig[];
}

export interface KubeSchedulerConfiguration {
  parallelism: number;
  /** 0: adaptive (fact 69). */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  profiles: Profile[];
  extenders: Extender[];
}

export interface Extender {
  urlPrefix: string;
  filterVerb?: string;
  preemptVerb?: string;
  prioritizeVerb?: string;
  bindVerb?: string;
  weight: number;
  enableHTTPS?: boolean;
  httpTimeout?: string;
  nodeCacheCapable?: boolean;
  managedResources?: { name: string; ignoredByScheduler?: boolean }[];
  ignorable?: boolean;
}

// ---- plugin args (defaulted; fact 60, 67, 68, 72) ---------------------------------------------

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: ScoringStrategy;
}

export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

export interface TopologySpreadConstraintArgs {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
}

export interface PodTopologySpreadArgs {
  defaultConstraints: TopologySpreadConstraintArgs[];
  /** System: use the fact-68 system defaults when defaultConstraints is empty. */
  defaultingType: 'System' | 'List';
}

export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

export interface NodeAffinityArgs {
  /** Extra node affinity every pod of the profile must also satisfy. */
  addedAffinity?: import('kubernetes-types/core/v1').NodeAffinity;
}

export interface VolumeBindingArgs {
  bindTimeoutSeconds: number;
  shape?: UtilizationShapePoint[];
}
