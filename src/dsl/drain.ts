import type { Pod } from 'kubernetes-types/core/v1';
import { isNotFound, isStatusError } from '../api/object';
import type { Client } from '../client/types';
import type { Loop } from '../sim/loop';

/** kubectl drain's pause after an eviction the API refused with 429 (k8s.io/kubectl/pkg/drain). */
export const EVICTION_RETRY_MS = 5_000;
/** How often kubectl checks whether an evicted pod is gone. */
export const DELETE_POLL_MS = 1_000;

/**
 * `kubectl drain <node> --ignore-daemonsets --delete-emptydir-data --force`, run as a process in
 * virtual time: cordon, then evict every pod on the node through the Eviction API (retrying every
 * 5s while a PodDisruptionBudget forbids it), wait until each is gone, and print what kubectl
 * prints. DaemonSet pods and mirror pods stay, as kubectl leaves them; pods with no controller are
 * evicted too (`--force`).
 *
 * Contract: `start()` returns after the cordon and the first round of evictions (what kubectl does
 * at once); the rest happens as loop tasks, so later steps see the drain progress as time passes.
 * The retries are background tasks: a drain blocked by a budget does not keep the cluster from
 * settling, as a blocked kubectl does not stop the cluster.
 */
export class Drain {
  readonly output: string[] = [];
  private remaining = new Map<string, string>(); // ns/name -> uid still to go
  private stopped = false;
  done = false;

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    readonly node: string,
  ) {}

  start(): void {
    const node = this.client.get('nodes', undefined, this.node);
    if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) this.output.push(`node/${this.node} already cordoned`);
    else {
      this.client.patch('nodes', undefined, this.node, 'strategic', { spec: { unschedulable: true } });
      this.output.push(`node/${this.node} cordoned`);
    }
    const pods = (this.client.list('pods', { fieldSelector: `spec.nodeName=${this.node}` }).items as Pod[]);
    const daemonSetPods: string[] = [];
    const unmanaged: string[] = [];
    const toEvict: Pod[] = [];
    for (const pod of pods) {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) continue;
      const controller = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller);
      const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      if (controller?.kind === 'DaemonSet' && !terminal) {
        daemonSetPods.push(key);
        continue;
      }
      if (!controller && !terminal) unmanaged.push(key);
      toEvict.push(pod);
    }
    if (unmanaged.length || daemonSetPods.length) {
      const parts: string[] = [];
      if (unmanaged.length) parts.push(`deleting Pods that declare no controller: ${unmanaged.join(', ')}`);
      if (daemonSetPods.length) parts.push(`ignoring DaemonSet-managed Pods: ${daemonSetPods.join(', ')}`);
      this.output.push(`Warning: ${parts.join('; ')}`);
    }
    for (const pod of toEvict) {
      this.remaining.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, pod.metadata?.uid ?? '');
      this.evict(pod);
    }
    this.checkDone();
  }

  stop(): void {
    this.stopped = true;
  }

  private evict(pod: Pod): void {
    if (this.stopped) return;
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    try {
      this.client.evict(ns, name, { metadata: { name, namespace: ns } });
      this.output.push(`evicting pod ${ns}/${name}`);
      this.waitForDelete(ns, name);
    } catch (e) {
      if (isNotFound(e)) {
        this.gone(ns, name);
        return;
      }
      if (!isStatusError(e)) throw e;
      this.output.push(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${e.message}`);
      this.loop.schedule(EVICTION_RETRY_MS, () => this.evict(pod), { background: true, label: `kubectl drain ${this.node}: evict ${ns}/${name}` });
    }
  }

  private waitForDelete(ns: string, name: string): void {
    if (this.stopped) return;
    const uid = this.remaining.get(`${ns}/${name}`);
    let current: Pod | undefined;
    try {
      current = this.client.get('pods', ns, name) as Pod;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (!current || current.metadata?.uid !== uid) {
      this.gone(ns, name);
      return;
    }
    this.loop.schedule(DELETE_POLL_MS, () => this.waitForDelete(ns, name), { background: true, label: `kubectl drain ${this.node}: wait for ${ns}/${name}` });
  }

  private gone(ns: string, name: string): void {
    if (!this.remaining.delete(`${ns}/${name}`)) return;
    this.output.push(`pod/${name} evicted`);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.done || this.remaining.size) return;
    this.done = true;
    this.output.push(`node/${this.node} drained`);
  }
}
