import { EXTENSION_POINTS, type PluginRef, type PluginSet, type Plugins } from './types';

/**
 * The default profile as data (SEMANTICS fact 55; upstream apis/config/v1/default_plugins.go),
 * v1.32: EBSLimits, GCEPDLimits and AzureDiskLimits are gone (fact 56) and DynamicResources is
 * left out because the DRA gate is off. Every plugin is enabled through `multiPoint`, so the
 * framework expands each into the extension points it implements, in this order.
 */
export const DEFAULT_MULTI_POINT: readonly Readonly<PluginRef>[] = Object.freeze([
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
]);

export const emptyPluginSet = (): PluginSet => ({ enabled: [], disabled: [] });

/** A Plugins value with every extension point empty. */
export function emptyPlugins(): Plugins {
  const p = { multiPoint: emptyPluginSet() } as Plugins;
  for (const ep of EXTENSION_POINTS) p[ep] = emptyPluginSet();
  return p;
}

/** A fresh copy of the default plugins (callers may change it). */
export function getDefaultPlugins(): Plugins {
  const p = emptyPlugins();
  p.multiPoint.enabled = DEFAULT_MULTI_POINT.map((r) => ({ ...r }));
  return p;
}

/**
 * Upstream mergePlugins: merges the user's plugins onto the defaults, extension point by extension
 * point (multiPoint included). `custom` is the decoded user value; absent sets leave the default.
 */
export function mergePlugins(defaults: Plugins, custom: Partial<Plugins> | undefined): Plugins {
  if (!custom) return defaults;
  const out = { ...defaults };
  out.multiPoint = mergePluginSet(defaults.multiPoint, custom.multiPoint);
  for (const ep of EXTENSION_POINTS) out[ep] = mergePluginSet(defaults[ep], custom[ep]);
  return out;
}

/**
 * Upstream mergePluginSet:
 * - the user's disabled plugins, then the default's own disabled ones, are kept in `disabled` (the
 *   framework's multiPoint expansion reads them, `*` included);
 * - unless `*` is disabled, default plugins not disabled stay in their order, and a default the
 *   user enables again is replaced in place by the user's entry (its weight wins);
 * - the user's other enabled plugins follow in the user's order (duplicates included: building
 *   the framework rejects them).
 */
export function mergePluginSet(defaults: PluginSet, custom: Partial<PluginSet> | undefined): PluginSet {
  const customEnabled = custom?.enabled ?? [];
  const customDisabled = custom?.disabled ?? [];
  const disabled: PluginRef[] = [];
  const disabledNames = new Set<string>();
  for (const d of [...customDisabled, ...defaults.disabled]) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  const customIndex = new Map<string, number>();
  customEnabled.forEach((p, i) => customIndex.set(p.name, i));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const def of defaults.enabled) {
      if (disabledNames.has(def.name)) continue;
      const i = customIndex.get(def.name);
      if (i !== undefined) {
        enabled.push({ ...customEnabled[i] });
        replaced.add(i);
      } else {
        enabled.push({ ...def });
      }
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push({ ...p });
  });
  return { enabled, disabled };
}

/** Every plugin name enabled at some extension point (upstream pluginsNames), sorted. */
export function enabledPluginNames(p: Plugins): string[] {
  const names = new Set<string>();
  for (const r of p.multiPoint.enabled) names.add(r.name);
  for (const ep of EXTENSION_POINTS) for (const r of p[ep].enabled) names.add(r.name);
  return [...names].sort();
}
