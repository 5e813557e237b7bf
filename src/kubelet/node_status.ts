import type { NodeCondition, NodeStatus } from 'kubernetes-types/core/v1';
import { isAlreadyExists, isConflict, isNotFound, type KubeObject } from '../api/object';
import type { EventRecorder } from '../client/event_recorder';
import type { Client } from '../client/types';
import type { Loop, Timer } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { EVENT, nodeRef } from './events';
import type { PulledImage } from './image_puller';
import { nodeAddresses, nodeInfo, nodeLabels, nodeObject, nodeResources } from './node_object';
import type { NodeSpec } from './node_spec';
import { canonical } from './status_manager';
import { rfc3339 } from './time';

/** fact 1: nodeStatusUpdateFrequency. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** fact 1: nodeStatusReportFrequency. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
/** wait.JitterUntil's factor for the status loop. */
export const NODE_STATUS_JITTER = 0.04;
/** nodeStatusUpdateRetry. */
const UPDATE_RETRIES = 5;
/** nodeStatusMaxImages default. */
const MAX_IMAGES = 50;

export interface NodeStatusOptions {
  client: Client;
  loop: Loop;
  rng: Rng;
  epochMs: number;
  spec: NodeSpec;
  index: number;
  recorder: EventRecorder;
  /** The node's images, largest first. */
  images: () => PulledImage[];
}

type NodeObject = KubeObject & { spec?: { unschedulable?: boolean }; status?: NodeStatus };

/**
 * The kubelet's Node: registration and the status loop (kubelet_node_status.go, nodestatus/setters.go).
 *
 * Contract:
 * - `register()` creates the Node; if it exists, keeps it (default labels reconciled) and brings
 *   its status up to date. It records the start-up events of a real kubelet on the Node:
 *   NodeHasSufficientMemory, NodeHasNoDiskPressure, NodeHasSufficientPID, NodeAllocatableEnforced,
 *   NodeReady (`Node <node> status is now: <reason>`).
 * - Every 10s (+ up to 4% jitter; background) the status is computed: conditions with a fresh
 *   heartbeat, capacity, addresses, images. It is written (status subresource) when it changed
 *   apart from heartbeats, or when 5 minutes passed since the last write (fact 3); after a write
 *   caused by a change, the next periodic write comes 5m ± 2.5m later (calculateDelay), so nodes
 *   do not report in step.
 * - A condition that changes status records its event, as the setters do.
 */
export class NodeStatusReporter {
  private timer?: Timer;
  private lastReportAt?: number;
  private delayAfterChangeMs = 0;
  private lastUnschedulable = false;

  constructor(private readonly o: NodeStatusOptions) {}

  get nodeName(): string {
    return this.o.spec.name;
  }

  register(): void {
    const { client, spec, index, loop, epochMs } = this.o;
    const node = nodeObject(spec, index, rfc3339(epochMs, loop.now)) as NodeObject;
    node.status!.images = this.imageList();
    try {
      client.create('nodes', node);
      // A fresh node's pressure conditions are new (Unknown → False) and each records its event.
      // A real kubelet registers NotReady until its runtime's first status check and turns Ready
      // moments later (fastStatusUpdateOnce), recording NodeReady; the simulated runtime is ready
      // at once, so the node registers Ready and records the same events.
      this.event('NodeHasSufficientMemory');
      this.event('NodeHasNoDiskPressure');
      this.event('NodeHasSufficientPID');
      this.allocatableEnforced();
      this.event(EVENT.NodeReady);
      this.lastUnschedulable = !!spec.unschedulable;
      this.reported(true);
      return;
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    // Registered before (a kubelet that restarts): keep the Node, reconcile the default labels,
    // then report the status as it is now.
    const existing = client.get<NodeObject>('nodes', undefined, spec.name);
    const labels = { ...(existing.metadata?.labels ?? {}) };
    let changed = false;
    for (const [k, v] of Object.entries(nodeLabels({ name: spec.name, zone: spec.zone }))) {
      if (labels[k] !== v) {
        labels[k] = v;
        changed = true;
      }
    }
    if (changed) client.update('nodes', { ...existing, metadata: { ...existing.metadata, labels } });
    this.sync({ force: true, allocatableEnforced: true });
  }

  /** Starts the periodic status sync. */
  start(): void {
    if (!this.timer) this.scheduleNext();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Computes and reports the status now (a node coming back posts at once). */
  syncNow(): void {
    this.sync({ force: true });
  }

  private scheduleNext(): void {
    const delay = NODE_STATUS_UPDATE_FREQUENCY_MS * (1 + NODE_STATUS_JITTER * this.o.rng.float());
    this.timer = this.o.loop.schedule(
      delay,
      () => {
        this.sync({});
        this.scheduleNext();
      },
      { background: true, label: `kubelet ${this.nodeName}: node status` },
    );
  }

  private sync(opts: { force?: boolean; allocatableEnforced?: boolean }): void {
    const { client } = this.o;
    for (let attempt = 0; attempt < UPDATE_RETRIES; attempt++) {
      let original: NodeObject;
      try {
        original = client.get<NodeObject>('nodes', undefined, this.nodeName);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      const { status, events } = this.computeStatus(original);
      this.schedulableEvent(original);
      if (opts.allocatableEnforced) {
        // Pressure transitions, then the container manager's event, then readiness.
        for (const ev of events.filter((x) => x !== EVENT.NodeReady && x !== EVENT.NodeNotReady)) this.event(ev);
        this.allocatableEnforced();
        for (const ev of events.filter((x) => x === EVENT.NodeReady || x === EVENT.NodeNotReady)) this.event(ev);
      } else {
        for (const ev of events) this.event(ev);
      }
      const changed = nodeStatusHasChanged(original.status ?? {}, status);
      if (!changed && !opts.force && !this.periodExpired()) return;
      try {
        client.updateStatus('nodes', { ...original, status });
      } catch (e) {
        if (isConflict(e)) continue;
        if (isNotFound(e)) return;
        throw e;
      }
      this.reported(changed);
      return;
    }
  }

  /** The status setters over the Node as the API has it: the new status and the events to record. */
  computeStatus(node: NodeObject): { status: NodeStatus; events: string[] } {
    const { spec, index, loop, epochMs } = this.o;
    const now = rfc3339(epochMs, loop.now);
    const status: NodeStatus = structuredClone(node.status ?? {}) as NodeStatus;
    const events: string[] = [];
    status.addresses = nodeAddresses(spec, index);
    status.capacity = nodeResources(spec);
    status.allocatable = nodeResources(spec);
    status.daemonEndpoints = { kubeletEndpoint: { Port: 10250 } };
    status.nodeInfo = nodeInfo() as unknown as NodeStatus['nodeInfo'];
    status.images = this.imageList();
    const conditions: NodeCondition[] = (status.conditions ?? []).map((c) => ({ ...c }));
    const pressure = (type: string, reason: string, message: string, event: string) => {
      let c = conditions.find((x) => x.type === type);
      if (!c) {
        c = { type, status: 'Unknown' };
        conditions.push(c);
      }
      c.lastHeartbeatTime = now;
      if (c.status !== 'False') {
        c.status = 'False';
        c.reason = reason;
        c.message = message;
        c.lastTransitionTime = now;
        events.push(event);
      }
    };
    pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory');
    pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure');
    pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'NodeHasSufficientPID');
    const ready: NodeCondition = {
      type: 'Ready',
      status: 'True',
      lastHeartbeatTime: now,
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    };
    const i = conditions.findIndex((x) => x.type === 'Ready');
    if (i >= 0) {
      if (conditions[i].status === ready.status) ready.lastTransitionTime = conditions[i].lastTransitionTime;
      else {
        ready.lastTransitionTime = now;
        events.push(EVENT.NodeReady);
      }
      conditions[i] = ready;
    } else {
      ready.lastTransitionTime = now;
      conditions.push(ready);
    }
    status.conditions = conditions;
    return { status, events };
  }

  private imageList(): { names: string[]; sizeBytes: number }[] {
    return this.o
      .images()
      .slice(0, MAX_IMAGES)
      .map((i) => ({ names: [i.name], sizeBytes: i.sizeBytes }));
  }

  /** recordNodeSchedulableEvent: the kubelet notices cordon/uncordon at its next status sync. */
  private schedulableEvent(node: NodeObject): void {
    const unschedulable = !!node.spec?.unschedulable;
    if (unschedulable === this.lastUnschedulable) return;
    this.lastUnschedulable = unschedulable;
    this.event(unschedulable ? EVENT.NodeNotSchedulable : EVENT.NodeSchedulable);
  }

  private periodExpired(): boolean {
    if (this.lastReportAt === undefined) return false;
    return this.o.loop.now - this.lastReportAt >= NODE_STATUS_REPORT_FREQUENCY_MS + this.delayAfterChangeMs;
  }

  private reported(changed: boolean): void {
    this.lastReportAt = this.o.loop.now;
    // calculateDelay: after a change, the next report is 5m ± 2.5m away; after a periodic one, 5m.
    this.delayAfterChangeMs = changed ? NODE_STATUS_REPORT_FREQUENCY_MS * (-0.5 + this.o.rng.float()) : 0;
  }

  private event(reason: string): void {
    this.o.recorder.eventf(nodeRef(this.nodeName), 'Normal', reason, 'Node %s status is now: %s', this.nodeName, reason);
  }

  private allocatableEnforced(): void {
    this.o.recorder.event(nodeRef(this.nodeName), 'Normal', EVENT.NodeAllocatableEnforced, 'Updated Node Allocatable limit across pods');
  }
}

/** nodeStatusHasChanged: conditions compared without heartbeats and order, the rest exactly. */
export function nodeStatusHasChanged(original: NodeStatus, next: NodeStatus): boolean {
  const conds = (s: NodeStatus) =>
    canonical(
      [...(s.conditions ?? [])]
        .map((c) => ({ ...c, lastHeartbeatTime: undefined }))
        .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    );
  if (conds(original) !== conds(next)) return true;
  return canonical({ ...original, conditions: undefined }) !== canonical({ ...next, conditions: undefined });
}
