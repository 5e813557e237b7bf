import type { Node, Taint } from 'kubernetes-types/core/v1';
import {
  TAINT_EFFECT_NO_EXECUTE,
  TAINT_EFFECT_NO_SCHEDULE,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  taintSetDiff,
  taintSetFilter,
} from '../util/taints';

/** `UnreachableTaintTemplate` (fact 8): Ready=Unknown for longer than the grace period. */
export const UNREACHABLE_TAINT_TEMPLATE: Readonly<Taint> = Object.freeze({ key: TAINT_NODE_UNREACHABLE, effect: TAINT_EFFECT_NO_EXECUTE });
/** `NotReadyTaintTemplate` (fact 8): the kubelet reports Ready=False. */
export const NOT_READY_TAINT_TEMPLATE: Readonly<Taint> = Object.freeze({ key: TAINT_NODE_NOT_READY, effect: TAINT_EFFECT_NO_EXECUTE });

/** `nodeConditionToTaintKeyStatusMap` (fact 7): condition type → status → NoSchedule taint key. */
export const NODE_CONDITION_TO_TAINT_KEY_STATUS_MAP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

/** `taintKeyToNodeConditionMap`: the keys the NoSchedule pass owns (besides unschedulable). */
export const TAINT_KEY_TO_NODE_CONDITION_MAP: Readonly<Record<string, string>> = {
  [TAINT_NODE_NOT_READY]: 'Ready',
  [TAINT_NODE_UNREACHABLE]: 'Ready',
  [TAINT_NODE_NETWORK_UNAVAILABLE]: 'NetworkUnavailable',
  [TAINT_NODE_MEMORY_PRESSURE]: 'MemoryPressure',
  [TAINT_NODE_DISK_PRESSURE]: 'DiskPressure',
  [TAINT_NODE_PID_PRESSURE]: 'PIDPressure',
};

/**
 * The decision of `doNoScheduleTaintingPass` (fact 7): the NoSchedule taints the node's conditions
 * and `spec.unschedulable` call for, against the NoSchedule taints of those keys it carries.
 * Other taints — NoExecute ones, and NoSchedule taints with keys the pass does not own — are
 * never touched.
 */
export function noScheduleTaintChanges(node: Node): { toAdd: Taint[]; toRemove: Taint[] } {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = NODE_CONDITION_TO_TAINT_KEY_STATUS_MAP[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: TAINT_EFFECT_NO_SCHEDULE });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: TAINT_EFFECT_NO_SCHEDULE });
  const owned = taintSetFilter(node.spec?.taints, (t) => {
    if (t.effect !== TAINT_EFFECT_NO_SCHEDULE) return false;
    return t.key === TAINT_NODE_UNSCHEDULABLE || t.key in TAINT_KEY_TO_NODE_CONDITION_MAP;
  });
  return taintSetDiff(wanted, owned);
}
