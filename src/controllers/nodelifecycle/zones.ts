import type { Node, NodeCondition } from 'kubernetes-types/core/v1';

/** A zone's health as the controller sees it (`ZoneState`). */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export const STATE_INITIAL: ZoneState = 'Initial';
export const STATE_NORMAL: ZoneState = 'Normal';
export const STATE_PARTIAL_DISRUPTION: ZoneState = 'PartialDisruption';
export const STATE_FULL_DISRUPTION: ZoneState = 'FullDisruption';

/** A label that keeps a node out of the zone health count (`labelNodeDisruptionExclusion`). */
export const LABEL_NODE_DISRUPTION_EXCLUSION = 'node.kubernetes.io/exclude-disruption';

const LABEL_ZONE_FAILURE_DOMAIN = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_ZONE_REGION = 'failure-domain.beta.kubernetes.io/region';
const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';

/**
 * component-helpers `GetZoneKey`: `<region>:\0:<zone>` from the beta labels, else the GA ones;
 * "" when a node has neither (all such nodes form one zone).
 */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone = labels[LABEL_ZONE_FAILURE_DOMAIN] ?? labels[LABEL_TOPOLOGY_ZONE] ?? '';
  const region = labels[LABEL_ZONE_REGION] ?? labels[LABEL_TOPOLOGY_REGION] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

export function isNodeExcludedFromDisruptionChecks(node: Node): boolean {
  return LABEL_NODE_DISRUPTION_EXCLUSION in (node.metadata?.labels ?? {});
}

/**
 * `ComputeZoneState` (fact 11): FullDisruption when no node of the zone is Ready; PartialDisruption
 * when more than two nodes and at least `unhealthyZoneThreshold` of them are not Ready; Normal
 * otherwise. A node without a Ready condition counts as not Ready. The ratio is float32 upstream.
 */
export function computeZoneState(readyConditions: ReadonlyArray<NodeCondition | undefined>, unhealthyZoneThreshold: number): { unhealthy: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c && c.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: STATE_FULL_DISRUPTION };
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= unhealthyZoneThreshold) {
    return { unhealthy: notReady, state: STATE_PARTIAL_DISRUPTION };
  }
  return { unhealthy: notReady, state: STATE_NORMAL };
}
