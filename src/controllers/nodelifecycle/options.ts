/**
 * NodeLifecycleControllerConfiguration defaults of kube-controller-manager v1.32 (SEMANTICS facts
 * 4 and 11) and the fixed intervals of node_lifecycle_controller.go. Durations in virtual ms.
 */

/** `--node-monitor-period`: how often node health is checked (fact 4). */
export const DEFAULT_NODE_MONITOR_PERIOD_MS = 5_000;
/** `--node-monitor-grace-period`: 50s from v1.32 (40s before; PR #126287), fact 4. */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** `--node-startup-grace-period`: the grace a node that never posted a Ready condition gets (fact 4). */
export const DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** `--node-eviction-rate` (fact 11). */
export const DEFAULT_EVICTION_LIMITER_QPS = 0.1;
/** `--secondary-node-eviction-rate` (fact 11). */
export const DEFAULT_SECONDARY_EVICTION_LIMITER_QPS = 0.01;
/** `--large-cluster-size-threshold` (fact 11). */
export const DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD = 50;
/** `--unhealthy-zone-threshold` (fact 11). */
export const DEFAULT_UNHEALTHY_ZONE_THRESHOLD = 0.55;

/** scheduler.NodeEvictionPeriod: how often the per-zone NoExecute tainters are tried. */
export const NODE_EVICTION_PERIOD_MS = 100;
/** scheduler.NodeHealthUpdateRetry: tries of one node's health update within a monitor pass. */
export const NODE_HEALTH_UPDATE_RETRY = 5;
/** nodeUpdateWorkerSize / podUpdateWorkerSize. */
export const NODE_UPDATE_WORKER_SIZE = 8;
export const POD_UPDATE_WORKER_SIZE = 4;

export interface NodeLifecycleOptions {
  nodeMonitorPeriodMs?: number;
  nodeMonitorGracePeriodMs?: number;
  nodeStartupGracePeriodMs?: number;
  evictionLimiterQPS?: number;
  secondaryEvictionLimiterQPS?: number;
  largeClusterThreshold?: number;
  unhealthyZoneThreshold?: number;
}

export type ResolvedNodeLifecycleOptions = Required<NodeLifecycleOptions>;

/**
 * Fills in the defaults. The QPS flags are float32 upstream and the token buckets run on those
 * float32 values (0.01 is 0.0099999998 there, so the secondary rate lets a token through one
 * 100ms pass after the 100s mark); `Math.fround` keeps that.
 */
export function resolveOptions(o: NodeLifecycleOptions = {}): ResolvedNodeLifecycleOptions {
  return {
    nodeMonitorPeriodMs: o.nodeMonitorPeriodMs ?? DEFAULT_NODE_MONITOR_PERIOD_MS,
    nodeMonitorGracePeriodMs: o.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
    nodeStartupGracePeriodMs: o.nodeStartupGracePeriodMs ?? DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS,
    evictionLimiterQPS: Math.fround(o.evictionLimiterQPS ?? DEFAULT_EVICTION_LIMITER_QPS),
    secondaryEvictionLimiterQPS: Math.fround(o.secondaryEvictionLimiterQPS ?? DEFAULT_SECONDARY_EVICTION_LIMITER_QPS),
    largeClusterThreshold: o.largeClusterThreshold ?? DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD,
    unhealthyZoneThreshold: Math.fround(o.unhealthyZoneThreshold ?? DEFAULT_UNHEALTHY_ZONE_THRESHOLD),
  };
}
