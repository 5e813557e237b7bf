import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import type { KubeObject } from '../../api/object';
import type { Client } from '../../client/types';
import { getNodeCondition } from './node_utils';

/**
 * Node health as the node lifecycle controller tracks it (upstream `nodeHealthData` and
 * `tryUpdateNodeHealth`, facts 4-6).
 *
 * The controller does not trust the timestamps in the Node or its Lease to measure staleness
 * (clocks across a cluster skew): it remembers, in its own (virtual) clock, when it last *saw*
 * either signal change — `probeTimestamp` — and declares the node Unknown once the grace period
 * has passed since then.
 */
export interface NodeHealthData {
  /** When the controller last saw a new Ready heartbeat or Lease renewal (virtual ms). */
  probeTimestamp: number;
  /** When the controller last saw the Ready condition transition (virtual ms). */
  readyTransitionTimestamp: number;
  status: NodeStatus | undefined;
  lease: Lease | undefined;
}

export interface HealthUpdate {
  gracePeriodMs: number;
  /** The Ready condition as the node carried it when the pass began (a stand-in when it had none). */
  observedReadyCondition: NodeCondition;
  /** The Ready condition after this pass (undefined: the node still has none). */
  currentReadyCondition: NodeCondition | undefined;
}

export interface NodeHealthDeps {
  client: Client;
  /** The node's Lease in `kube-node-lease`, from the informer cache. */
  getLease(nodeName: string): Lease | undefined;
  clock: { readonly now: number };
  /** The wall-clock instant virtual time 0 stands for. */
  epochMs: number;
  /** RFC 3339 of a virtual instant. */
  timestamp(atMs: number): string;
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
}

/** The node conditions the controller sets to Unknown on timeout; NetworkUnavailable is the control plane's own (fact 5). */
const CONDITIONS_SET_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** MicroTime/Time as an instant in ms (fractions kept); undefined when absent or malformed. */
export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return undefined;
  const whole = Date.parse(m[1] + m[3]);
  if (Number.isNaN(whole)) return undefined;
  return whole + (m[2] ? Number(m[2]) * 1000 : 0);
}

/** metav1.MicroTime.Before: false when either is unset. */
function renewedBefore(a: Lease | undefined, b: Lease): boolean {
  const ta = parseTime(a?.spec?.renewTime);
  const tb = parseTime(b.spec?.renewTime);
  return ta !== undefined && tb !== undefined && ta < tb;
}

/** apiequality.Semantic.DeepEqual of two node conditions (times compared as instants). */
function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    parseTime(a.lastHeartbeatTime) === parseTime(b.lastHeartbeatTime) &&
    parseTime(a.lastTransitionTime) === parseTime(b.lastTransitionTime)
  );
}

/** Per-node health records and the decision of whether a node's kubelet has gone silent. */
export class NodeHealthTracker {
  private readonly healths = new Map<string, NodeHealthData>();

  constructor(private readonly d: NodeHealthDeps) {}

  get(name: string): NodeHealthData | undefined {
    return this.healths.get(name);
  }

  /** Restart every given node's clock at now (leaving the all-zones-disrupted mode). */
  resetProbes(names: Iterable<string>): void {
    const now = this.d.clock.now;
    for (const name of names) {
      const h = this.healths.get(name);
      if (h) this.healths.set(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }

  /**
   * `tryUpdateNodeHealth`: refreshes the node's record from its Ready condition and Lease, and when
   * neither signal changed within the grace period (60s for a node that never posted Ready, 50s
   * otherwise) sets Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown through the
   * status subresource (fact 5). Throws when that write fails (the record is kept either way).
   */
  tryUpdate(node: Node & KubeObject): HealthUpdate {
    const name = node.metadata?.name ?? '';
    const now = this.d.clock.now;
    const creation = node.metadata?.creationTimestamp;
    const creationMs = (parseTime(creation) ?? this.d.epochMs) - this.d.epochMs;
    let nodeHealth = this.healths.get(name);
    nodeHealth = nodeHealth && { ...nodeHealth };
    try {
      let gracePeriodMs: number;
      let observedReadyCondition: NodeCondition;
      let currentReadyCondition = getNodeCondition(node.status, 'Ready');
      if (!currentReadyCondition) {
        // Never posted: pretend a Ready=Unknown from the node's creation, with the startup grace.
        observedReadyCondition = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: creation, lastTransitionTime: creation };
        gracePeriodMs = this.d.nodeStartupGracePeriodMs;
        if (nodeHealth) nodeHealth.status = node.status;
        else nodeHealth = { status: node.status, probeTimestamp: creationMs, readyTransitionTimestamp: creationMs, lease: undefined };
      } else {
        observedReadyCondition = { ...currentReadyCondition };
        gracePeriodMs = this.d.nodeMonitorGracePeriodMs;
      }

      const savedCondition = nodeHealth ? getNodeCondition(nodeHealth.status, 'Ready') : undefined;
      const savedLease = nodeHealth?.lease;
      // A fresh record forgets the lease it had seen, as upstream's does: the next pass then counts
      // the current lease as a renewal.
      if (!nodeHealth) {
        nodeHealth = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
      } else if (!savedCondition && currentReadyCondition) {
        nodeHealth = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
      } else if (savedCondition && !currentReadyCondition) {
        nodeHealth = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
      } else if (savedCondition && currentReadyCondition && savedCondition.lastHeartbeatTime !== currentReadyCondition.lastHeartbeatTime) {
        const transition = savedCondition.lastTransitionTime !== currentReadyCondition.lastTransitionTime ? now : nodeHealth.readyTransitionTimestamp;
        nodeHealth = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: transition, lease: undefined };
      }

      // A renewed Lease always counts as a heartbeat — even from a kubelet that never posted a
      // status (such a node is then taken as healthy).
      const observedLease = this.d.getLease(name);
      if (observedLease && (!savedLease || renewedBefore(savedLease, observedLease))) {
        nodeHealth.lease = observedLease;
        nodeHealth.probeTimestamp = now;
      }

      // Upstream asks `now.After(probe + grace)`. Its monitor passes drift later by their own run
      // time (wait.Until waits a full period after each pass), so the pass one grace period after
      // the probe already sees "after"; passes here take no virtual time and land on the instant
      // itself, so the comparison includes it to decide on the same pass.
      if (now >= nodeHealth.probeTimestamp + gracePeriodMs) {
        const next = deepCopy(node) as Node & KubeObject & { status?: NodeStatus };
        const status: NodeStatus = (next.status ??= {});
        const conditions = (status.conditions ??= []);
        const nowTs = this.d.timestamp(now);
        for (const type of CONDITIONS_SET_UNKNOWN) {
          const c = conditions.find((x) => x.type === type);
          if (!c) {
            conditions.push({
              type,
              status: 'Unknown',
              reason: 'NodeStatusNeverUpdated',
              message: 'Kubelet never posted node status.',
              lastHeartbeatTime: creation,
              lastTransitionTime: nowTs,
            });
          } else if (c.status !== 'Unknown') {
            c.status = 'Unknown';
            c.reason = 'NodeStatusUnknown';
            c.message = 'Kubelet stopped posting node status.';
            c.lastTransitionTime = nowTs;
          }
        }
        currentReadyCondition = getNodeCondition(status, 'Ready');
        if (!sameCondition(currentReadyCondition, observedReadyCondition)) {
          const written = this.d.client.updateStatus<Node & KubeObject>('nodes', next);
          nodeHealth = { status: written.status, probeTimestamp: nodeHealth.probeTimestamp, readyTransitionTimestamp: now, lease: observedLease };
          return { gracePeriodMs, observedReadyCondition, currentReadyCondition };
        }
      }
      return { gracePeriodMs, observedReadyCondition, currentReadyCondition };
    } finally {
      if (nodeHealth) this.healths.set(name, nodeHealth);
    }
  }
}
