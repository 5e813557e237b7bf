import type { PluginFactory } from '../interface';
import * as schedulingGates from '../../plugins/schedulinggates';
import * as queueSort from '../../plugins/queuesort';
import * as nodeUnschedulable from '../../plugins/nodeunschedulable';
import * as nodeName from '../../plugins/nodename';
import * as taintToleration from '../../plugins/tainttoleration';
import * as nodeAffinity from '../../plugins/nodeaffinity';
import * as nodePorts from '../../plugins/nodeports';
import * as fit from '../../plugins/noderesources/fit';
import * as volumeRestrictions from '../../plugins/volumerestrictions';
import * as nodeVolumeLimits from '../../plugins/nodevolumelimits';
import * as volumeBinding from '../../plugins/volumebinding';
import * as volumeZone from '../../plugins/volumezone';
import * as podTopologySpread from '../../plugins/podtopologyspread';
import * as interPodAffinity from '../../plugins/interpodaffinity';
import * as defaultPreemption from '../../plugins/defaultpreemption';
import * as balancedAllocation from '../../plugins/noderesources/balanced_allocation';
import * as imageLocality from '../../plugins/imagelocality';
import * as defaultBinder from '../../plugins/defaultbinder';

/** Plugin name → factory (upstream runtime.Registry). */
export type Registry = ReadonlyMap<string, PluginFactory>;

/**
 * The in-tree plugins (upstream plugins/registry.go NewInTreeRegistry), in the default profile's
 * order so that building a framework instantiates them in a fixed order.
 */
export const IN_TREE_REGISTRY: Registry = new Map<string, PluginFactory>(
  [
    schedulingGates,
    queueSort,
    nodeUnschedulable,
    nodeName,
    taintToleration,
    nodeAffinity,
    nodePorts,
    fit,
    volumeRestrictions,
    nodeVolumeLimits,
    volumeBinding,
    volumeZone,
    podTopologySpread,
    interPodAffinity,
    defaultPreemption,
    balancedAllocation,
    imageLocality,
    defaultBinder,
  ].map((m) => [m.NAME, m.create] as const),
);

/** A registry with out-of-tree plugins added (a name already present is an error, as upstream Merge). */
export function mergeRegistry(base: Registry, extra: Registry): Registry {
  const out = new Map(base);
  for (const [name, factory] of extra) {
    if (out.has(name)) throw new Error(`a plugin named ${name} already exists`);
    out.set(name, factory);
  }
  return out;
}
