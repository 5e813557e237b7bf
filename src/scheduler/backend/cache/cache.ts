import type { Node, Pod } from 'kubernetes-types/core/v1';
import { type ImageStateSummary, NodeInfo, type PodInfo } from '../../framework/types';
import { NodeTree } from './node_tree';
import { podInfoFor } from './pod_info';
import { Snapshot } from './snapshot';

/**
 * A NodeInfo in the cache's recency list: the most recently changed node is at the head, so a
 * snapshot update walks only the nodes changed since the snapshot's generation.
 */
interface NodeItem {
  info: NodeInfo;
  next?: NodeItem;
  prev?: NodeItem;
}

interface PodState {
  pod: Pod;
  /** The PodInfo the pod's node holds for it. */
  info: PodInfo;
  /** When an assumed pod whose binding finished expires (only with a non-zero TTL). */
  deadline?: number;
  bindingFinished: boolean;
}

/** An image across the cache's nodes: shared by the NodeInfos of every node that has it. */
class ImageState implements ImageStateSummary {
  readonly nodes = new Set<string>();
  constructor(public size: number) {}
  get numNodes(): number {
    return this.nodes.size;
  }
}

export interface CacheOptions {
  /**
   * How long an assumed pod whose binding finished stays without its Add event before it expires.
   * 0 (the v1.32 scheduler's durationToExpireAssumedPod) means never: assumed pods leave the cache
   * only through their Add event or forgetPod.
   */
  ttlMs?: number;
  /** Virtual ms now, for deadlines (needed only with a TTL). */
  now?: () => number;
}

const podName = (pod: Pod): string => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;

/**
 * The scheduler's view of what runs where (upstream backend/cache cacheImpl): nodes with their
 * assigned pods, plus pods the scheduler has assumed onto nodes while their binding is in flight.
 *
 * Contracts:
 * - Pods are keyed by UID. `addPod`/`updatePod`/`removePod` are for assigned pods from the
 *   informer; `assumePod` (a copy with spec.nodeName set) counts the pod on its node at once, and
 *   its later Add event confirms it.
 * - A pod may arrive before its node: the node then gets a placeholder NodeInfo without a Node,
 *   which snapshots skip. A node removed while pods remain stays as such a ghost until its last
 *   pod is removed.
 * - Every change gives the NodeInfo a new cache-wide generation and moves it to the head of the
 *   recency list; `updateSnapshot` copies only NodeInfos newer than the snapshot.
 * - Mutators return an Error for inconsistent calls (upstream returns error) and change nothing.
 */
export class Cache {
  private readonly nodes = new Map<string, NodeItem>();
  private headNode?: NodeItem;
  private readonly nodeTree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumedPods = new Set<string>();
  private readonly imageStates = new Map<string, ImageState>();
  private generation = 0;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: CacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 0;
    this.now = opts.now ?? (() => 0);
  }

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    let item = this.nodes.get(name);
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(name, item);
    } else {
      this.removeNodeImageStates(item.info.node);
    }
    this.nodeTree.addNode(node);
    this.addNodeImageStates(node, item.info);
    item.info.setNode(node);
    this.touch(item);
  }

  updateNode(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata?.name ?? '';
    let item = this.nodes.get(name);
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(name, item);
      this.nodeTree.addNode(newNode);
    } else if (!item.info.node) {
      // A placeholder made by a pod that arrived first, or a ghost: the tree does not have it.
      this.nodeTree.addNode(newNode);
    } else {
      this.removeNodeImageStates(item.info.node);
      this.nodeTree.updateNode(item.info.node ?? oldNode, newNode);
    }
    this.addNodeImageStates(newNode, item.info);
    item.info.setNode(newNode);
    this.touch(item);
  }

  /** The node leaves the tree and snapshots; its NodeInfo lingers while pods remain on it. */
  removeNode(node: Node): Error | undefined {
    const name = node.metadata?.name ?? '';
    const item = this.nodes.get(name);
    if (!item) return new Error(`node ${name} is not found`);
    const stored = item.info.node ?? node;
    item.info.clearNode();
    item.info.generation = this.nextGeneration();
    if (item.info.pods.length === 0) this.unlink(name);
    else this.moveToHead(item);
    this.removeNodeImageStates(stored);
    return this.nodeTree.removeNode(stored);
  }

  /**
   * Counts an assumed pod (spec.nodeName set to the chosen node) on its node at once. `podInfo`,
   * the queue's PodInfo of the same pod, saves deriving its requests and terms again.
   */
  assumePod(pod: Pod, podInfo?: PodInfo): Error | undefined {
    const key = pod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    if (this.podStates.has(key)) return new Error(`pod ${key}(${podName(pod)}) is in the cache, so can't be assumed`);
    this.addPodInternal(pod, key, true, podInfo);
    return undefined;
  }

  /** The assumed pod's binding call returned; with a TTL its expiry clock starts. */
  finishBinding(pod: Pod): Error | undefined {
    const key = pod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    const ps = this.podStates.get(key);
    if (ps && this.assumedPods.has(key)) {
      ps.deadline = this.ttlMs === 0 ? undefined : this.now() + this.ttlMs;
      ps.bindingFinished = true;
    }
    return undefined;
  }

  /** Undoes assumePod (binding failed). Only an assumed pod can be forgotten. */
  forgetPod(pod: Pod): Error | undefined {
    const key = pod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    const ps = this.podStates.get(key);
    if (ps && ps.pod.spec?.nodeName !== pod.spec?.nodeName) {
      return new Error(`pod ${key}(${podName(pod)}) was assumed on ${pod.spec?.nodeName} but assigned to ${ps.pod.spec?.nodeName}`);
    }
    if (ps && this.assumedPods.has(key)) return this.removePodInternal(ps.pod, key);
    return new Error(`pod ${key}(${podName(pod)}) wasn't assumed so cannot be forgotten`);
  }

  /**
   * An assigned pod from the informer. For an assumed pod this is the confirmation: the assumed
   * copy is replaced by the real one (on the node the API says, should it differ).
   */
  addPod(pod: Pod): Error | undefined {
    const key = pod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    const ps = this.podStates.get(key);
    if (ps && this.assumedPods.has(key)) {
      const assumed = ps.info;
      this.removePodInternal(ps.pod, key);
      this.addPodInternal(pod, key, false, assumed);
      return undefined;
    }
    if (!ps) {
      // New, or an assumed pod that expired.
      this.addPodInternal(pod, key, false);
      return undefined;
    }
    return new Error(`pod ${key}(${podName(pod)}) was already in added state`);
  }

  updatePod(oldPod: Pod, newPod: Pod): Error | undefined {
    const key = oldPod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    const ps = this.podStates.get(key);
    if (!ps) return new Error(`pod ${key}(${podName(oldPod)}) is not added to scheduler cache, so cannot be updated`);
    // An assumed pod gets its Add event before any Update.
    if (this.assumedPods.has(key)) return new Error(`assumed pod ${key}(${podName(oldPod)}) should not be updated`);
    if (ps.pod.spec?.nodeName !== newPod.spec?.nodeName) {
      return new Error(`pod ${key}(${podName(oldPod)}) updated on a different node than previously added to; scheduler cache is corrupted`);
    }
    const err = this.removePodInternal(ps.pod, key);
    if (err) return err;
    this.addPodInternal(newPod, key, false);
    return undefined;
  }

  removePod(pod: Pod): Error | undefined {
    const key = pod.metadata?.uid;
    if (!key) return new Error('cannot get cache key for pod with empty UID');
    const ps = this.podStates.get(key);
    if (!ps) return new Error(`pod ${key}(${podName(pod)}) is not found in scheduler cache, so cannot be removed from it`);
    // The cache's own record says where the pod is counted (a missed delete may carry no node).
    return this.removePodInternal(ps.pod, key);
  }

  isAssumedPod(pod: Pod): boolean {
    const key = pod.metadata?.uid;
    return !!key && this.assumedPods.has(key);
  }

  /** The pod as the cache holds it (possibly on a node already deleted). */
  getPod(pod: Pod): Pod | undefined {
    const key = pod.metadata?.uid;
    return key ? this.podStates.get(key)?.pod : undefined;
  }

  /** NodeInfos in the cache, placeholders and ghosts included. */
  nodeCount(): number {
    return this.nodes.size;
  }

  podCount(): number {
    let n = 0;
    for (const item of this.nodes.values()) n += item.info.pods.length;
    return n;
  }

  /** Distinct image names on the cache's nodes. */
  imageCount(): number {
    return this.imageStates.size;
  }

  /**
   * Expires assumed pods whose binding finished more than the TTL ago (upstream
   * cleanupAssumedPods). With the default TTL of 0 nothing ever expires.
   */
  cleanupAssumedPods(now: number = this.now()): void {
    if (this.ttlMs === 0) return;
    for (const key of [...this.assumedPods]) {
      const ps = this.podStates.get(key);
      if (!ps || !ps.bindingFinished || ps.deadline === undefined) continue;
      if (now > ps.deadline) this.removePodInternal(ps.pod, key);
    }
  }

  /**
   * Brings `snapshot` up to date (upstream UpdateSnapshot): copies the NodeInfos changed since
   * its generation, drops deleted nodes, and rebuilds the node list in node-tree order only when
   * nodes came or went (the affinity lists when a node changed between having such pods and not).
   * Returns an error — after repairing the lists — if the snapshot disagreed with the tree.
   */
  updateSnapshot(snapshot: Snapshot): Error | undefined {
    const snapshotGeneration = snapshot.generation;
    let updateAllLists = false;
    let updateAffinity = false;
    for (let item = this.headNode; item; item = item.next) {
      if (item.info.generation <= snapshotGeneration) break;
      if (!item.info.node) continue;
      const change = snapshot.setNodeInfo(item.info);
      if (change.added) updateAllLists = true;
      if (change.affinityChanged || change.antiAffinityChanged) updateAffinity = true;
    }
    if (this.headNode) snapshot.generation = this.headNode.info.generation;

    // Deleted nodes leave the tree at once but may linger in the map as ghosts with pods.
    if (snapshot.mapSize() > this.nodeTree.numNodes) {
      for (const name of [...snapshot.nodeNames()]) {
        const item = this.nodes.get(name);
        if (!item || !item.info.node) snapshot.deleteNodeInfo(name);
      }
      updateAllLists = true;
    }
    if (updateAllLists) snapshot.rebuildLists(this.nodeTree.list());
    else if (updateAffinity) snapshot.rebuildLists();

    if (snapshot.numNodes() !== this.nodeTree.numNodes) {
      const msg =
        `snapshot state is not consistent, length of NodeInfoList=${snapshot.numNodes()} not equal to length of nodes in tree=${this.nodeTree.numNodes}` +
        ` , length of NodeInfoMap=${snapshot.mapSize()}, length of nodes in cache=${this.nodes.size}, trying to recover`;
      snapshot.rebuildLists(this.nodeTree.list());
      return new Error(msg);
    }
    return undefined;
  }

  /** Copies of the cache's NodeInfos and the assumed pod UIDs, for diagnostics. */
  dump(): { nodes: Map<string, NodeInfo>; assumedPods: Set<string> } {
    const nodes = new Map<string, NodeInfo>();
    for (const [name, item] of this.nodes) nodes.set(name, item.info.clone());
    return { nodes, assumedPods: new Set(this.assumedPods) };
  }

  private addPodInternal(pod: Pod, key: string, assumed: boolean, derivedFrom?: PodInfo): void {
    const nodeName = pod.spec?.nodeName ?? '';
    let item = this.nodes.get(nodeName);
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(nodeName, item);
    }
    const info = podInfoFor(pod, derivedFrom);
    item.info.addPod(info);
    this.touch(item);
    this.podStates.set(key, { pod, info, bindingFinished: false });
    if (assumed) this.assumedPods.add(key);
  }

  /** Removes the pod from its node; a ghost or placeholder left without pods goes away. */
  private removePodInternal(pod: Pod, key: string): Error | undefined {
    const nodeName = pod.spec?.nodeName ?? '';
    const item = this.nodes.get(nodeName);
    if (item) {
      if (!item.info.removePod(key)) return new Error(`no corresponding pod ${podName(pod)} in pods of node ${nodeName}`);
      item.info.generation = this.nextGeneration();
      if (item.info.pods.length === 0 && !item.info.node) this.unlink(nodeName);
      else this.moveToHead(item);
    }
    this.podStates.delete(key);
    this.assumedPods.delete(key);
    return undefined;
  }

  /** The image states of the node's images now include it; its NodeInfo points at them. */
  private addNodeImageStates(node: Node, info: NodeInfo): void {
    const name = node.metadata?.name ?? '';
    const sums = new Map<string, ImageStateSummary>();
    for (const image of node.status?.images ?? []) {
      for (const imageName of image.names ?? []) {
        let state = this.imageStates.get(imageName);
        if (!state) {
          state = new ImageState(image.sizeBytes ?? 0);
          this.imageStates.set(imageName, state);
        }
        state.nodes.add(name);
        if (!sums.has(imageName)) sums.set(imageName, state);
      }
    }
    info.imageStates = sums;
  }

  /** Takes the node out of its images' states; images left on no node are forgotten. */
  private removeNodeImageStates(node: Node | undefined): void {
    if (!node) return;
    const name = node.metadata?.name ?? '';
    for (const image of node.status?.images ?? []) {
      for (const imageName of image.names ?? []) {
        const state = this.imageStates.get(imageName);
        if (!state) continue;
        state.nodes.delete(name);
        if (state.nodes.size === 0) this.imageStates.delete(imageName);
      }
    }
  }

  private nextGeneration(): number {
    return ++this.generation;
  }

  /** Marks the item changed: a new generation and the head of the recency list. */
  private touch(item: NodeItem): void {
    item.info.generation = this.nextGeneration();
    this.moveToHead(item);
  }

  private moveToHead(item: NodeItem): void {
    if (item === this.headNode) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    if (this.headNode) this.headNode.prev = item;
    item.next = this.headNode;
    item.prev = undefined;
    this.headNode = item;
  }

  /** Drops the node's item from the list and the map. */
  private unlink(name: string): void {
    const item = this.nodes.get(name);
    if (!item) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    if (item === this.headNode) this.headNode = item.next;
    item.prev = item.next = undefined;
    this.nodes.delete(name);
  }
}

/**
 * A snapshot of the given nodes and assigned pods, built through a cache as the scheduler builds
 * its own (upstream NewSnapshot, for tests): node-tree order, exact image counts, pods whose node
 * is not listed ignored.
 */
export function newSnapshot(pods: readonly Pod[], nodes: readonly Node[]): Snapshot {
  const cache = new Cache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) if (p.spec?.nodeName) cache.addPod(p);
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  return snapshot;
}
