import { type FieldError, forbidden, formatFieldError, GoValue, invalid, notSupported, required } from '../../../api/validation/errors';
import { validateQualifiedName } from '../../../api/validation/names';
import { child, index } from '../../../api/validation/paths';
import { SCHEME_GROUP_VERSION } from './v1_schema';
import {
  EXTENSION_POINTS,
  type DefaultPreemptionArgs,
  type Extender,
  type InterPodAffinityArgs,
  type KubeSchedulerConfiguration,
  type NodeResourcesBalancedAllocationArgs,
  type NodeResourcesFitArgs,
  type PodTopologySpreadArgs,
  type Profile,
  type ResourceSpec,
  type UtilizationShapePoint,
  type VolumeBindingArgs,
} from './types';

/**
 * Validation of a defaulted configuration (upstream apis/config/validation/validation.go and
 * validation_pluginargs.go). Messages are upstream's `field.Error` texts with the field path,
 * e.g. `profiles[1].schedulerName: Duplicate value: "default-scheduler"`.
 */

/** Plugins removed in v1 (fact 56): naming one is an error. */
const INVALID_PLUGINS = ['AzureDiskLimits', 'CinderLimits', 'EBSLimits', 'GCEPDLimits'];
/** config.MaxCustomPriorityScore: the top of a utilization shape's score range. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

export function validateConfiguration(cfg: KubeSchedulerConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  if (!(cfg.parallelism > 0)) errs.push(invalid('parallelism', cfg.parallelism, 'should be an integer value greater than zero'));
  if (cfg.profiles.length === 0) {
    errs.push(required('profiles'));
  } else {
    const seen = new Map<string, number>();
    cfg.profiles.forEach((p, i) => {
      const path = index('profiles', i);
      errs.push(...validateProfile(path, p));
      // Upstream passes the first profile's path as the duplicate value, which Go prints as a
      // struct dump with a pointer address; the duplicated name says the same thing readably.
      if (seen.has(p.schedulerName)) errs.push({ type: 'FieldValueDuplicate', field: child(path, 'schedulerName'), detail: '', value: p.schedulerName });
      seen.set(p.schedulerName, i);
    });
    errs.push(...validateCommonQueueSort(cfg.profiles));
  }
  errs.push(...validatePercentage('percentageOfNodesToScore', cfg.percentageOfNodesToScore));
  if (cfg.podInitialBackoffSeconds <= 0) errs.push(invalid('podInitialBackoffSeconds', cfg.podInitialBackoffSeconds, 'must be greater than 0'));
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds) {
    errs.push(invalid('podMaxBackoffSeconds', cfg.podMaxBackoffSeconds, 'must be greater than or equal to PodInitialBackoffSeconds'));
  }
  errs.push(...validateExtenders('extenders', cfg.extenders));
  return errs;
}

/** The messages of `validateConfiguration` (each `field: body`). */
export function configurationErrors(cfg: KubeSchedulerConfiguration): string[] {
  return validateConfiguration(cfg).map(formatFieldError);
}

function validatePercentage(path: string, v: number | undefined): FieldError[] {
  if (v !== undefined && (v < 0 || v > 100)) return [invalid(path, v, 'not in valid range [0-100]')];
  return [];
}

function validateProfile(path: string, p: Profile): FieldError[] {
  const errs: FieldError[] = [];
  if (!p.schedulerName) errs.push(required(child(path, 'schedulerName')));
  errs.push(...validatePercentage(child(path, 'percentageOfNodesToScore'), p.percentageOfNodesToScore));
  errs.push(...validatePluginConfig(path, p));
  return errs;
}

function invalidPluginDetail(): string {
  return `was invalid in version ${JSON.stringify(SCHEME_GROUP_VERSION)} (KubeSchedulerConfiguration is version ${JSON.stringify(SCHEME_GROUP_VERSION)})`;
}

function validatePluginConfig(path: string, p: Profile): FieldError[] {
  const errs: FieldError[] = [];
  for (const ep of EXTENSION_POINTS) {
    p.plugins[ep].enabled.forEach((pl, i) => {
      if (INVALID_PLUGINS.includes(pl.name)) errs.push(invalid(index(child(path, 'plugins', ep, 'enabled'), i), pl.name, invalidPluginDetail()));
    });
  }
  const seen = new Set<string>();
  p.pluginConfig.forEach((pc, i) => {
    const pcPath = index(child(path, 'pluginConfig'), i);
    if (seen.has(pc.name)) errs.push({ type: 'FieldValueDuplicate', field: pcPath, detail: '', value: pc.name });
    else seen.add(pc.name);
    if (INVALID_PLUGINS.includes(pc.name)) {
      errs.push(invalid(pcPath, pc.name, invalidPluginDetail()));
      return;
    }
    const validate = ARGS_VALIDATION[pc.name];
    if (validate) errs.push(...validate(child(pcPath, 'args'), pc.args));
  });
  return errs;
}

/**
 * Every profile must sort its queue the same way: the scheduler has one queue. Upstream compares
 * the queueSort plugin sets and the queue sort plugin's args of each profile with the first's.
 */
function validateCommonQueueSort(profiles: Profile[]): FieldError[] {
  const errs: FieldError[] = [];
  const canon = profiles[0].plugins.queueSort;
  const queueSortName = canon.enabled[0]?.name ?? '';
  if (canon.enabled.length > 1) {
    errs.push(invalid('profiles[0].plugins.queueSort.Enabled', canon.enabled.length, 'only one queue sort plugin can be enabled'));
  }
  const argsOf = (p: Profile) => JSON.stringify(p.pluginConfig.find((c) => queueSortName && c.name === queueSortName)?.args ?? null);
  const canonArgs = argsOf(profiles[0]);
  for (let i = 1; i < profiles.length; i++) {
    const curr = profiles[i].plugins.queueSort;
    if (JSON.stringify(curr) !== JSON.stringify(canon)) {
      errs.push(invalid(child(index('profiles', i), 'plugins', 'queueSort'), new GoValue(goPluginSet(curr)), 'must be the same for all profiles'));
    }
    for (const c of profiles[i].pluginConfig) {
      if (c.name === queueSortName && JSON.stringify(c.args ?? null) !== canonArgs) {
        errs.push(invalid(child(index('profiles', i), 'pluginConfig', 'args'), new GoValue(JSON.stringify(c.args)), 'queueSort must be the same for all profiles'));
      }
    }
  }
  return errs;
}

/** Go's `%#v` of a config.PluginSet. */
function goPluginSet(s: { enabled: { name: string; weight?: number }[]; disabled: { name: string }[] }): string {
  const list = (l: { name: string; weight?: number }[]) =>
    l.length === 0 ? '[]config.Plugin(nil)' : `[]config.Plugin{${l.map((p) => `config.Plugin{Name:${JSON.stringify(p.name)}, Weight:${p.weight ?? 0}}`).join(', ')}}`;
  return `config.PluginSet{Enabled:${list(s.enabled)}, Disabled:${list(s.disabled)}}`;
}

function validateExtenders(path: string, extenders: Extender[]): FieldError[] {
  const errs: FieldError[] = [];
  let binders = 0;
  const managed = new Set<string>();
  extenders.forEach((e, i) => {
    const p = index(path, i);
    if (e.prioritizeVerb && e.weight <= 0) errs.push(invalid(child(p, 'weight'), e.weight, 'must have a positive weight applied to it'));
    if (e.bindVerb) binders++;
    (e.managedResources ?? []).forEach((r, j) => {
      const rp = child(index(child(p, 'managedResources'), j), 'name');
      const nameErrs = validateQualifiedName(r.name, rp);
      errs.push(...nameErrs);
      if (nameErrs.length === 0 && !isExtendedResourceName(r.name)) errs.push(invalid(rp, r.name, 'is an invalid extended resource name'));
      if (managed.has(r.name)) errs.push(invalid(rp, r.name, 'duplicate extender managed resource name'));
      managed.add(r.name);
    });
  });
  if (binders > 1) errs.push(invalid(path, `found ${binders} extenders implementing bind`, 'only one extender can implement bind'));
  return errs;
}

/** v1helper.IsExtendedResourceName: outside the kubernetes.io namespace, not `requests.`-prefixed, and a valid quota name. */
function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/')) return false;
  return validateQualifiedName(`requests.${name}`, '').length === 0;
}

// ---- plugin args ------------------------------------------------------------------------------

/**
 * Args validation per plugin. Upstream keys NodeResourcesFit's entry as "NodeResourcesFitArgs" and
 * validates it when the plugin is built instead, with the same messages; here it is validated with
 * the others so the message carries the full field path.
 */
const ARGS_VALIDATION: Readonly<Record<string, (path: string, args: unknown) => FieldError[]>> = {
  DefaultPreemption: (p, a) => validateDefaultPreemptionArgs(p, a as DefaultPreemptionArgs),
  InterPodAffinity: (p, a) => validateInterPodAffinityArgs(p, a as InterPodAffinityArgs),
  NodeAffinity: (p, a) => validateNodeAffinityArgs(p, a as { addedAffinity?: Record<string, unknown> }),
  NodeResourcesBalancedAllocation: (p, a) => validateBalancedAllocationArgs(p, a as NodeResourcesBalancedAllocationArgs),
  NodeResourcesFit: (p, a) => validateNodeResourcesFitArgs(p, a as NodeResourcesFitArgs),
  PodTopologySpread: (p, a) => validatePodTopologySpreadArgs(p, a as PodTopologySpreadArgs),
  VolumeBinding: (p, a) => validateVolumeBindingArgs(p, a as VolumeBindingArgs),
};

export function validateDefaultPreemptionArgs(path: string, a: DefaultPreemptionArgs): FieldError[] {
  const errs: FieldError[] = [];
  const pct = child(path, 'minCandidateNodesPercentage');
  const abs = child(path, 'minCandidateNodesAbsolute');
  if (a.minCandidateNodesPercentage < 0 || a.minCandidateNodesPercentage > 100) {
    errs.push(invalid(pct, a.minCandidateNodesPercentage, 'not in valid range [0, 100]'));
  }
  if (a.minCandidateNodesAbsolute < 0) errs.push(invalid(abs, a.minCandidateNodesAbsolute, 'not in valid range [0, inf)'));
  if (a.minCandidateNodesPercentage === 0 && a.minCandidateNodesAbsolute === 0) {
    errs.push(invalid(pct, 0, 'cannot be zero at the same time as minCandidateNodesAbsolute'));
    errs.push(invalid(abs, 0, 'cannot be zero at the same time as minCandidateNodesPercentage'));
  }
  return errs;
}

export function validateInterPodAffinityArgs(path: string, a: InterPodAffinityArgs): FieldError[] {
  const w = a.hardPodAffinityWeight;
  if (w < 0 || w > 100) return [invalid(child(path, 'hardPodAffinityWeight'), w, 'not in valid range [0, 100]')];
  return [];
}

export function validatePodTopologySpreadArgs(path: string, a: PodTopologySpreadArgs): FieldError[] {
  const errs: FieldError[] = [];
  const constraints = (a.defaultConstraints ?? []) as (PodTopologySpreadArgs['defaultConstraints'][number] & { labelSelector?: unknown })[];
  const dt = child(path, 'defaultingType');
  if (a.defaultingType !== 'System' && a.defaultingType !== 'List') {
    errs.push(notSupported(dt, a.defaultingType, ['System', 'List']));
  } else if (a.defaultingType === 'System' && constraints.length > 0) {
    errs.push(invalid(dt, a.defaultingType, 'when .defaultConstraints are not empty'));
  }
  const dcPath = child(path, 'defaultConstraints');
  constraints.forEach((c, i) => {
    const p = index(dcPath, i);
    if (!(c.maxSkew > 0)) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew ?? 0, 'not in valid range (0, inf)'));
    const tk = child(p, 'topologyKey');
    if (!c.topologyKey) errs.push(required(tk, 'can not be empty'));
    else errs.push(...validateQualifiedName(c.topologyKey, tk));
    const wu = child(p, 'whenUnsatisfiable');
    if (!c.whenUnsatisfiable) errs.push(required(wu, 'can not be empty'));
    else if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      errs.push(notSupported(wu, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (c.labelSelector !== undefined) errs.push(forbidden(child(p, 'labelSelector'), 'constraint must not define a selector, as they deduced for each pod'));
    for (let j = 0; j < i; j++) {
      const o = constraints[j];
      if (o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable) {
        errs.push({ type: 'FieldValueDuplicate', field: p, detail: '', value: `{${c.topologyKey}, ${c.whenUnsatisfiable}}` });
        break;
      }
    }
  });
  return errs;
}

function validateFunctionShape(shape: UtilizationShapePoint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (shape.length === 0) return [required(path, 'at least one point must be specified')];
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1].utilization >= shape[i].utilization) {
      errs.push(invalid(child(index(path, i), 'utilization'), shape[i].utilization, 'values must be sorted in increasing order'));
      break;
    }
  }
  shape.forEach((pt, i) => {
    if (pt.utilization < 0 || pt.utilization > 100) errs.push(invalid(child(index(path, i), 'utilization'), pt.utilization, 'not in valid range [0, 100]'));
    if (pt.score < 0 || pt.score > MAX_CUSTOM_PRIORITY_SCORE) {
      errs.push(invalid(child(index(path, i), 'score'), pt.score, `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`));
    }
  });
  return errs;
}

function validateResources(resources: ResourceSpec[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      errs.push(invalid(child(index(path, i), 'weight'), r.weight, `resource weight of ${r.name} not in valid range (0, 100]`));
    }
  });
  return errs;
}

export function validateBalancedAllocationArgs(path: string, a: NodeResourcesBalancedAllocationArgs): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  a.resources.forEach((r, i) => {
    const p = index(child(path, 'resources'), i);
    if (seen.has(r.name)) errs.push({ type: 'FieldValueDuplicate', field: child(p, 'name'), detail: '', value: r.name });
    else seen.add(r.name);
    if (r.weight !== 1) errs.push(invalid(child(p, 'weight'), r.weight, 'must be 1'));
  });
  return errs;
}

export function validateNodeResourcesFitArgs(path: string, a: NodeResourcesFitArgs): FieldError[] {
  const errs: FieldError[] = [];
  a.ignoredResources.forEach((r, i) => errs.push(...validateQualifiedName(r, index(child(path, 'ignoredResources'), i))));
  a.ignoredResourceGroups.forEach((g, i) => {
    const p = index(child(path, 'ignoredResourceGroups'), i);
    if (g.includes('/')) errs.push(invalid(p, g, "resource group name can't contain '/'"));
    errs.push(...validateQualifiedName(g, p));
  });
  const sp = child(path, 'scoringStrategy');
  const s = a.scoringStrategy;
  if (!s) return [...errs, required(sp, 'ScoringStrategy field is required')];
  if (!['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'].includes(s.type)) {
    errs.push(notSupported(child(sp, 'type'), s.type, ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']));
  }
  errs.push(...validateResources(s.resources, child(sp, 'resources')));
  const rtcr = child(sp, 'requestedToCapacityRatio');
  if (s.type === 'RequestedToCapacityRatio') {
    if (!s.requestedToCapacityRatio) errs.push(required(rtcr, 'must be specified when type is RequestedToCapacityRatio'));
    else errs.push(...validateFunctionShape(s.requestedToCapacityRatio.shape ?? [], child(rtcr, 'shape')));
  } else if (s.requestedToCapacityRatio) {
    errs.push(forbidden(rtcr, 'must be nil when type is not RequestedToCapacityRatio'));
  }
  return errs;
}

export function validateVolumeBindingArgs(path: string, a: VolumeBindingArgs): FieldError[] {
  const errs: FieldError[] = [];
  if (a.bindTimeoutSeconds < 0) errs.push(invalid(child(path, 'bindTimeoutSeconds'), a.bindTimeoutSeconds, 'invalid BindTimeoutSeconds, should not be a negative value'));
  // The StorageCapacityScoring gate is off in v1.32: a shape is refused so it cannot take effect later.
  if (a.shape !== undefined) {
    errs.push(invalid(child(path, 'shape'), new GoValue(JSON.stringify(a.shape)), 'unexpected field `shape`, remove it or turn on the feature gate StorageCapacityScoring'));
  }
  return errs;
}

const NODE_SELECTOR_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** nodeaffinity.NewNodeSelector / NewPreferredSchedulingTerms on the added affinity: operators and keys. */
export function validateNodeAffinityArgs(path: string, a: { addedAffinity?: Record<string, unknown> }): FieldError[] {
  const aff = a.addedAffinity;
  if (!aff) return [];
  const errs: FieldError[] = [];
  const checkExprs = (exprs: unknown, p: string) => {
    ((exprs as { key?: string; operator?: string; values?: string[] }[] | undefined) ?? []).forEach((e, k) => {
      const ep = index(p, k);
      if (!NODE_SELECTOR_OPS.includes(e.operator ?? '')) {
        errs.push({ type: 'FieldValueNotSupported', field: child(ep, 'operator'), detail: '', value: e.operator ?? '' });
        return;
      }
      errs.push(...validateQualifiedName(e.key ?? '', child(ep, 'key')));
      if ((e.operator === 'In' || e.operator === 'NotIn') && !(e.values ?? []).length) {
        errs.push(invalid(child(ep, 'values'), new GoValue('[]string{}'), "for 'in', 'notin' operators, values set can't be empty"));
      }
    });
  };
  const req = aff.requiredDuringSchedulingIgnoredDuringExecution as { nodeSelectorTerms?: Record<string, unknown>[] } | undefined;
  const reqPath = child(path, 'addedAffinity', 'requiredDuringSchedulingIgnoredDuringExecution');
  (req?.nodeSelectorTerms ?? []).forEach((t, i) => checkExprs(t.matchExpressions, child(index(child(reqPath, 'nodeSelectorTerms'), i), 'matchExpressions')));
  const pref = aff.preferredDuringSchedulingIgnoredDuringExecution as { preference?: Record<string, unknown> }[] | undefined;
  const prefPath = child(path, 'addedAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
  (pref ?? []).forEach((t, i) => checkExprs(t.preference?.matchExpressions, child(index(prefPath, i), 'preference', 'matchExpressions')));
  return errs;
}
