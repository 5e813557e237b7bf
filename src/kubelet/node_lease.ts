import { isAlreadyExists, isConflict, isNotFound, type KubeObject } from '../api/object';
import type { Client } from '../client/types';
import type { Loop, Timer } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { microTime } from './time';

/** fact 1: nodeLeaseDurationSeconds. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** fact 2: renew interval = 40s × nodeLeaseRenewIntervalFraction 0.25. */
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
/** wait.JitterUntil's factor for the renew loop. */
export const NODE_LEASE_JITTER = 0.04;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** fact 3: a failed renewal is retried with backoff from 200ms, doubling, capped at 7s. */
const RETRY_INITIAL_MS = 200;
const RETRY_MAX_MS = 7000;

export interface NodeLeaseOptions {
  client: Client;
  loop: Loop;
  rng: Rng;
  epochMs: number;
  nodeName: string;
}

/**
 * The node heartbeat Lease (component-helpers apimachinery/lease controller, as the kubelet runs
 * it): `kube-node-lease/<node>` held by the node, 40s long, renewed every 10s with up to 4%
 * jitter, owned by the Node so it goes when the Node does.
 *
 * Contract: `start()` creates or renews the lease at once, then renews it in the background;
 * `stop()` leaves no timer. Renewals update the last lease seen and fall back to get/create when
 * it was changed or deleted by someone else.
 */
export class NodeLease {
  private timer?: Timer;
  private latest?: KubeObject;
  private retryMs = RETRY_INITIAL_MS;

  constructor(private readonly o: NodeLeaseOptions) {}

  start(): void {
    if (this.timer) return;
    this.sync();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.timer = this.o.loop.schedule(delayMs, () => this.sync(), { background: true, label: `kubelet ${this.o.nodeName}: node lease` });
  }

  private sync(): void {
    this.timer = undefined;
    const ok = this.renew();
    if (ok) {
      this.retryMs = RETRY_INITIAL_MS;
      this.schedule(NODE_LEASE_RENEW_INTERVAL_MS * (1 + NODE_LEASE_JITTER * this.o.rng.float()));
    } else {
      const delay = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      this.schedule(delay);
    }
  }

  /** One renewal; false when it failed and should be retried. */
  private renew(): boolean {
    const { client } = this.o;
    if (this.latest) {
      try {
        this.latest = client.update('leases.coordination.k8s.io', this.renewed(this.latest));
        return true;
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e;
        this.latest = undefined;
      }
    }
    try {
      const current = client.get<KubeObject>('leases.coordination.k8s.io', NODE_LEASE_NAMESPACE, this.o.nodeName);
      this.latest = client.update('leases.coordination.k8s.io', this.renewed(current));
      return true;
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    try {
      this.latest = client.create('leases.coordination.k8s.io', this.renewed(this.newLease()));
      return true;
    } catch (e) {
      if (isAlreadyExists(e) || isConflict(e)) return false;
      throw e;
    }
  }

  private newLease(): KubeObject {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.o.nodeName, namespace: NODE_LEASE_NAMESPACE },
      spec: { holderIdentity: this.o.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS },
    };
  }

  /** The lease with renewTime now and, once the Node exists, its owner reference (setNodeOwnerFunc). */
  private renewed(lease: KubeObject): KubeObject {
    const next = structuredClone(lease) as KubeObject & { spec: Record<string, unknown> };
    next.spec = { ...next.spec, holderIdentity: this.o.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: microTime(this.o.epochMs, this.o.loop.now) };
    if (!next.metadata!.ownerReferences?.length) {
      const uid = this.nodeUid();
      if (uid) next.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: this.o.nodeName, uid }];
    }
    return next;
  }

  private nodeUid(): string | undefined {
    try {
      return this.o.client.get<KubeObject>('nodes', undefined, this.o.nodeName).metadata?.uid;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
