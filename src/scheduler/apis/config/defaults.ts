import { enabledPluginNames, getDefaultPlugins, mergePlugins } from './default_plugins';
import type { V1Configuration, V1Extender, V1PluginSet, V1Profile } from './decode';
import {
  EXTENSION_POINTS,
  type DefaultPreemptionArgs,
  type Extender,
  type InterPodAffinityArgs,
  type KubeSchedulerConfiguration,
  type NodeResourcesBalancedAllocationArgs,
  type NodeResourcesFitArgs,
  type PluginConfig,
  type PluginSet,
  type Plugins,
  type PodTopologySpreadArgs,
  type Profile,
  type ResourceSpec,
  type VolumeBindingArgs,
} from './types';

/**
 * Defaulting of a decoded v1 configuration into the form the scheduler runs with (upstream
 * apis/config/v1/defaults.go; SEMANTICS facts 60, 67, 68, 72).
 */

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const DEFAULT_PARALLELISM = 16;
/** 0 = adaptive (fact 69). */
export const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0;
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;

const defaultResourceSpec = (): ResourceSpec[] => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** SetDefaults_KubeSchedulerConfiguration, then the v1 → internal conversion. */
export function setDefaults(v1: V1Configuration): KubeSchedulerConfiguration {
  const v1Profiles: V1Profile[] = v1.profiles && v1.profiles.length > 0 ? v1.profiles : [{}];
  const profiles = v1Profiles.map((p) => defaultProfile(p, v1Profiles.length === 1));
  return {
    parallelism: v1.parallelism ?? DEFAULT_PARALLELISM,
    percentageOfNodesToScore: v1.percentageOfNodesToScore ?? DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
    podInitialBackoffSeconds: v1.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
    podMaxBackoffSeconds: v1.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS,
    profiles,
    extenders: (v1.extenders ?? []).map(convertExtender),
  };
}

/** The default configuration: one `default-scheduler` profile with the default plugins. */
export function defaultConfiguration(): KubeSchedulerConfiguration {
  return setDefaults({ apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' });
}

/**
 * setDefaults_KubeSchedulerProfile: the user's plugins merged onto the defaults; the user's plugin
 * args defaulted; then defaulted args appended, in name order, for every enabled plugin that has an
 * args kind and no entry yet. The scheduler name is defaulted only when it is the only profile.
 */
function defaultProfile(p: V1Profile, only: boolean): Profile {
  const plugins = mergePlugins(getDefaultPlugins(), p.plugins ? toPlugins(p.plugins) : undefined);
  const pluginConfig: PluginConfig[] = [];
  const seen = new Set<string>();
  for (const pc of p.pluginConfig ?? []) {
    const name = pc.name ?? '';
    seen.add(name);
    pluginConfig.push({ name, args: ARGS_DEFAULTS[name] ? ARGS_DEFAULTS[name](pc.args as Record<string, unknown> | undefined) : pc.args });
  }
  for (const name of enabledPluginNames(plugins)) {
    if (seen.has(name) || !ARGS_DEFAULTS[name]) continue;
    pluginConfig.push({ name, args: ARGS_DEFAULTS[name](undefined) });
  }
  const profile: Profile = {
    schedulerName: p.schedulerName ?? (only ? DEFAULT_SCHEDULER_NAME : ''),
    plugins,
    pluginConfig,
  };
  if (p.percentageOfNodesToScore !== undefined) profile.percentageOfNodesToScore = p.percentageOfNodesToScore;
  return profile;
}

/** The user's plugin sets with every extension point present (absent ones empty). */
function toPlugins(v1: Record<string, V1PluginSet | undefined>): Partial<Plugins> {
  const out: Partial<Plugins> = {};
  const conv = (s: V1PluginSet | undefined): PluginSet | undefined =>
    s ? { enabled: (s.enabled ?? []).map((r) => ({ ...r, name: r.name ?? '' })), disabled: (s.disabled ?? []).map((r) => ({ name: r.name ?? '' })) } : undefined;
  out.multiPoint = conv(v1.multiPoint);
  for (const ep of EXTENSION_POINTS) out[ep] = conv(v1[ep]);
  return out;
}

function convertExtender(e: V1Extender): Extender {
  const out: Extender = { urlPrefix: e.urlPrefix ?? '', weight: e.weight ?? 0 };
  for (const k of ['filterVerb', 'preemptVerb', 'prioritizeVerb', 'bindVerb', 'enableHTTPS', 'httpTimeout', 'nodeCacheCapable', 'ignorable'] as const) {
    if (e[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = e[k];
  }
  if (e.managedResources) out.managedResources = e.managedResources.map((m) => ({ name: m.name ?? '', ignoredByScheduler: m.ignoredByScheduler ?? false }));
  return out;
}

type Args = Record<string, unknown> | undefined;

/** SetDefaults_DefaultPreemptionArgs (fact 72). */
export function defaultPreemptionArgs(a: Args): DefaultPreemptionArgs {
  return {
    ...(a ?? {}),
    minCandidateNodesPercentage: (a?.minCandidateNodesPercentage as number | undefined) ?? 10,
    minCandidateNodesAbsolute: (a?.minCandidateNodesAbsolute as number | undefined) ?? 100,
  };
}

/** SetDefaults_InterPodAffinityArgs (fact 67). */
export function interPodAffinityArgs(a: Args): InterPodAffinityArgs {
  return {
    ...(a ?? {}),
    hardPodAffinityWeight: (a?.hardPodAffinityWeight as number | undefined) ?? 1,
    ignorePreferredTermsOfExistingPods: (a?.ignorePreferredTermsOfExistingPods as boolean | undefined) ?? false,
  };
}

/** SetDefaults_NodeResourcesFitArgs (fact 60): LeastAllocated on cpu and memory; a weight of 0 is 1. */
export function nodeResourcesFitArgs(a: Args): NodeResourcesFitArgs {
  const given = a?.scoringStrategy as Partial<NodeResourcesFitArgs['scoringStrategy']> | undefined;
  const resources = given?.resources && given.resources.length > 0 ? given.resources.map(weightOrOne) : defaultResourceSpec();
  const scoringStrategy = given
    ? ({ ...given, type: given.type ?? '', resources } as NodeResourcesFitArgs['scoringStrategy'])
    : { type: 'LeastAllocated' as const, resources };
  return {
    ...(a ?? {}),
    ignoredResources: (a?.ignoredResources as string[] | undefined) ?? [],
    ignoredResourceGroups: (a?.ignoredResourceGroups as string[] | undefined) ?? [],
    scoringStrategy,
  };
}

/** SetDefaults_NodeResourcesBalancedAllocationArgs: cpu and memory; a weight of 0 is 1. */
export function balancedAllocationArgs(a: Args): NodeResourcesBalancedAllocationArgs {
  const given = a?.resources as ResourceSpec[] | undefined;
  return { ...(a ?? {}), resources: given && given.length > 0 ? given.map(weightOrOne) : defaultResourceSpec() };
}

/** SetDefaults_PodTopologySpreadArgs (fact 68): System defaulting. */
export function podTopologySpreadArgs(a: Args): PodTopologySpreadArgs {
  return {
    ...(a ?? {}),
    defaultConstraints: (a?.defaultConstraints as PodTopologySpreadArgs['defaultConstraints'] | undefined) ?? [],
    defaultingType: ((a?.defaultingType as string | undefined) || 'System') as PodTopologySpreadArgs['defaultingType'],
  };
}

/** SetDefaults_VolumeBindingArgs (fact 72): 600 s; no shape (the VolumeCapacityPriority gate is off). */
export function volumeBindingArgs(a: Args): VolumeBindingArgs {
  return { ...(a ?? {}), bindTimeoutSeconds: (a?.bindTimeoutSeconds as number | undefined) ?? 600 };
}

function weightOrOne(r: Partial<ResourceSpec>): ResourceSpec {
  return { ...r, name: r.name ?? '', weight: r.weight || 1 };
}

/** Plugins with an args kind and its defaulting; NodeAffinityArgs has nothing to default. */
export const ARGS_DEFAULTS: Readonly<Record<string, (a: Args) => unknown>> = {
  DefaultPreemption: defaultPreemptionArgs,
  InterPodAffinity: interPodAffinityArgs,
  NodeResourcesFit: nodeResourcesFitArgs,
  NodeResourcesBalancedAllocation: balancedAllocationArgs,
  PodTopologySpread: podTopologySpreadArgs,
  VolumeBinding: volumeBindingArgs,
  NodeAffinity: (a) => ({ ...(a ?? {}) }),
};

