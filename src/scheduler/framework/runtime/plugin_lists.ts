import type { ExtensionPoint, PluginRef, Profile } from '../../apis/config/types';
import { MAX_NODE_SCORE } from '../types';
import type { Plugin } from '../interface';
import { EXTENSION_POINT_INFO } from './extension_points';

/** framework.MaxTotalScore: upstream's int64 bound, here the largest integer a double holds exactly. */
export const MAX_TOTAL_SCORE = Number.MAX_SAFE_INTEGER;

export type PluginLists = Record<ExtensionPoint, Plugin[]>;

/**
 * The plugins of each extension point of a profile, in run order (upstream NewFramework:
 * updatePluginList for every extension point, then expandMultiPointPlugins), and each score
 * plugin's weight (getScoreWeights). Throws with upstream's messages for a profile that cannot be
 * built. `plugins` holds the instantiated plugins by name.
 */
export function buildPluginLists(profile: Profile, plugins: ReadonlyMap<string, Plugin>): { lists: PluginLists; weights: Map<string, number> } {
  const lists = {} as PluginLists;
  for (const ep of EXTENSION_POINT_INFO) {
    const list: Plugin[] = [];
    const seen = new Set<string>();
    for (const ref of profile.plugins[ep.key].enabled) {
      const pl = plugins.get(ref.name);
      if (!pl) throw new Error(`${ep.goType} ${JSON.stringify(ref.name)} does not exist`);
      if (!ep.implementedBy(pl)) throw new Error(`plugin ${JSON.stringify(ref.name)} does not extend ${ep.goType} plugin`);
      if (seen.has(ref.name)) throw new Error(`plugin ${JSON.stringify(ref.name)} already registered as ${JSON.stringify(ep.goType)}`);
      seen.add(ref.name);
      list.push(pl);
    }
    lists[ep.key] = list;
  }
  if (profile.plugins.multiPoint.enabled.length > 0) expandMultiPoint(profile, plugins, lists);

  if (lists.queueSort.length !== 1) {
    throw new Error(`only one queue sort plugin required for profile with scheduler name ${JSON.stringify(profile.schedulerName)}, but got ${lists.queueSort.length}`);
  }
  if (lists.bind.length === 0) throw new Error(`at least one bind plugin is needed for profile with scheduler name ${JSON.stringify(profile.schedulerName)}`);

  const weights = scoreWeights(plugins, [...profile.plugins.score.enabled, ...profile.plugins.multiPoint.enabled]);
  for (const pl of lists.score) {
    if (!weights.get(pl.name())) throw new Error(`score plugin ${JSON.stringify(pl.name())} is not configured with weight`);
  }
  return { lists, weights };
}

/**
 * Upstream expandMultiPointPlugins, per extension point not disabled with `*`: a multiPoint plugin
 * joins every extension point it implements unless disabled there; one also enabled explicitly at
 * the point keeps the explicit entry. Resulting order: explicitly re-configured multiPoint plugins
 * (in their explicit order), then the other multiPoint plugins, then the remaining explicit ones.
 */
function expandMultiPoint(profile: Profile, plugins: ReadonlyMap<string, Plugin>, lists: PluginLists): void {
  for (const ep of EXTENSION_POINT_INFO) {
    const set = profile.plugins[ep.key];
    const disabled = new Set(set.disabled.map((d) => d.name));
    if (disabled.has('*')) continue;
    const enabled = set.enabled.map((r) => r.name);
    const enabledSet = new Set(enabled);
    const multiPoint: string[] = [];
    const overrides = new Set<string>();
    for (const ref of profile.plugins.multiPoint.enabled) {
      const pl = plugins.get(ref.name);
      if (!pl) throw new Error(`${ep.goType} ${JSON.stringify(ref.name)} does not exist`);
      if (!ep.implementedBy(pl) || disabled.has(ref.name)) continue;
      if (enabledSet.has(ref.name)) {
        overrides.add(ref.name);
        continue;
      }
      if (multiPoint.includes(ref.name)) throw new Error(`plugin ${JSON.stringify(ref.name)} already registered as ${JSON.stringify(ep.goType)}`);
      multiPoint.push(ref.name);
    }
    const order = [...enabled.filter((n) => overrides.has(n)), ...multiPoint, ...enabled.filter((n) => !overrides.has(n))];
    lists[ep.key] = order.map((n) => plugins.get(n)!);
  }
}

/**
 * Upstream getScoreWeights: the first entry of a score plugin wins (Score's own entries come before
 * multiPoint's), a weight of 0 or none is 1, and the sum of weight × MaxNodeScore must not overflow.
 */
function scoreWeights(plugins: ReadonlyMap<string, Plugin>, refs: PluginRef[]): Map<string, number> {
  const weights = new Map<string, number>();
  let total = 0;
  const scoreInfo = EXTENSION_POINT_INFO.find((e) => e.key === 'score')!;
  for (const ref of refs) {
    const pl = plugins.get(ref.name);
    if (!pl || !scoreInfo.implementedBy(pl) || weights.has(ref.name)) continue;
    const w = ref.weight || 1;
    weights.set(ref.name, w);
    if (w * MAX_NODE_SCORE > MAX_TOTAL_SCORE - total) throw new Error('total score of Score plugins could overflow');
    total += w * MAX_NODE_SCORE;
  }
  return weights;
}

/**
 * The first "does not exist" error building the profile would raise, checked by name only (for
 * configuration loading, before any plugin is instantiated).
 */
export function unknownPluginError(profile: Profile, known: (name: string) => boolean): string | undefined {
  for (const ep of EXTENSION_POINT_INFO) {
    for (const ref of profile.plugins[ep.key].enabled) if (!known(ref.name)) return `${ep.goType} ${JSON.stringify(ref.name)} does not exist`;
  }
  for (const ep of EXTENSION_POINT_INFO) {
    if (profile.plugins[ep.key].disabled.some((d) => d.name === '*')) continue;
    for (const ref of profile.plugins.multiPoint.enabled) if (!known(ref.name)) return `${ep.goType} ${JSON.stringify(ref.name)} does not exist`;
    break;
  }
  return undefined;
}
