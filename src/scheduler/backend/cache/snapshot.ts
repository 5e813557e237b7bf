import type { Node } from 'kubernetes-types/core/v1';
import type { NodeInfoLister } from '../../framework/interface';
import { ResourceColumns } from '../../framework/resource_columns';
import { type ImageStateSummary, NodeInfo } from '../../framework/types';

/** What replacing one node's entry changed, for deciding which derived lists to rebuild. */
export interface SnapshotNodeChange {
  /** The node was not in the snapshot before. */
  added: boolean;
  /** It went from having pods with affinity to not, or back. */
  affinityChanged: boolean;
  /** The same for pods with required anti-affinity. */
  antiAffinityChanged: boolean;
}

/**
 * The nodes as one scheduling cycle sees them (upstream backend/cache/snapshot.go): a copy of the
 * cache's NodeInfos taken at the start of the cycle, in the cache's node-tree order (zones
 * interleaved). `Cache.updateSnapshot` refreshes it in place, copying only NodeInfos changed since
 * `generation`; the NodeInfo objects keep their identity across updates, so lists built from them
 * stay valid.
 *
 * Derived state kept incrementally here:
 * - image states: every image name on a snapshot node maps to one shared summary whose `numNodes`
 *   counts the snapshot nodes that have it (ImageLocality's spread factor);
 * - PVC use: how many pods on snapshot nodes use each PVC (`ns/name`), for `isPVCUsedByPods`.
 */
export class Snapshot implements NodeInfoLister {
  /** The cache generation this snapshot reflects (0: never updated). */
  generation = 0;
  private readonly nodeInfoMap = new Map<string, NodeInfo>();
  private nodeInfoList: NodeInfo[] = [];
  private havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  private havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];
  private readonly imageSummaries = new Map<string, ImageStateSummary>();
  private readonly usedPVCRefCounts = new Map<string, number>();
  /** Every entry's resource numbers, one row per entry (Filter and the resource scorers read them there). */
  private readonly columns = new ResourceColumns();

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  /** The node's info; undefined when the node is not in the snapshot. */
  get(nodeName: string): NodeInfo | undefined {
    const ni = this.nodeInfoMap.get(nodeName);
    return ni?.node ? ni : undefined;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinityNodeInfoList;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinityNodeInfoList;
  }

  hasImage(imageName: string): boolean {
    return this.imageSummaries.has(imageName);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  /** Whether a pod on a snapshot node uses the PVC `ns/name` (upstream IsPVCUsedByPods). */
  isPVCUsedByPods(key: string): boolean {
    return this.usedPVCRefCounts.has(key);
  }

  /** The node names currently in the map (including any the cache has since deleted). */
  mapSize(): number {
    return this.nodeInfoMap.size;
  }

  nodeNames(): IterableIterator<string> {
    return this.nodeInfoMap.keys();
  }

  /**
   * Replaces the entry for `source`'s node with a copy of `source`, keeping the entry object (it
   * may sit in the lists). For the cache's updateSnapshot.
   */
  setNodeInfo(source: NodeInfo): SnapshotNodeChange {
    const name = source.name;
    let existing = this.nodeInfoMap.get(name);
    const added = !existing;
    if (!existing) {
      existing = new NodeInfo();
      this.nodeInfoMap.set(name, existing);
    }
    const change: SnapshotNodeChange = {
      added,
      affinityChanged: existing.podsWithAffinity.length > 0 !== source.podsWithAffinity.length > 0,
      antiAffinityChanged: existing.podsWithRequiredAntiAffinity.length > 0 !== source.podsWithRequiredAntiAffinity.length > 0,
    };
    this.countPVCs(existing.pvcRefCounts, -1);
    const oldNode = existing.node;
    const oldImages = existing.imageStates;
    const row = added ? this.columns.acquire() : existing.row;
    existing.copyFrom(source);
    this.countPVCs(existing.pvcRefCounts, 1);
    // Images come from the Node object; the same object means the same images.
    if (added || oldNode !== existing.node) {
      this.releaseImages(oldImages);
      existing.imageStates = this.acquireImages(existing.node);
    } else {
      existing.imageStates = oldImages;
    }
    this.columns.write(row, existing);
    existing.row = row;
    existing.columns = this.columns;
    return change;
  }

  /** Drops a node's entry (the cache deleted the node). */
  deleteNodeInfo(name: string): void {
    const existing = this.nodeInfoMap.get(name);
    if (!existing) return;
    this.countPVCs(existing.pvcRefCounts, -1);
    this.releaseImages(existing.imageStates);
    this.columns.release(existing.row);
    existing.columns = undefined;
    existing.row = -1;
    this.nodeInfoMap.delete(name);
  }

  /**
   * Rebuilds the affinity lists, and with `order` (node names in node-tree order) the node list
   * too. Names without an entry are skipped.
   */
  rebuildLists(order?: readonly string[]): void {
    if (order) {
      this.nodeInfoList = [];
      for (const name of order) {
        const ni = this.nodeInfoMap.get(name);
        if (ni) this.nodeInfoList.push(ni);
      }
    }
    this.havePodsWithAffinityNodeInfoList = this.nodeInfoList.filter((ni) => ni.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityNodeInfoList = this.nodeInfoList.filter((ni) => ni.podsWithRequiredAntiAffinity.length > 0);
  }

  private countPVCs(refs: Map<string, number>, sign: 1 | -1): void {
    for (const [key, n] of refs) {
      const total = (this.usedPVCRefCounts.get(key) ?? 0) + sign * n;
      if (total > 0) this.usedPVCRefCounts.set(key, total);
      else this.usedPVCRefCounts.delete(key);
    }
  }

  /**
   * The node's image states, each name (as listed in status.images[].names, unnormalized, as
   * upstream) pointing at the snapshot-wide summary whose count now includes this node. The size
   * is the one first reported for the name, as in the cache.
   */
  private acquireImages(node: Node | undefined): Map<string, ImageStateSummary> {
    const states = new Map<string, ImageStateSummary>();
    for (const image of node?.status?.images ?? []) {
      for (const name of image.names ?? []) {
        if (states.has(name)) continue;
        let summary = this.imageSummaries.get(name);
        if (!summary) {
          summary = { size: image.sizeBytes ?? 0, numNodes: 0 };
          this.imageSummaries.set(name, summary);
        }
        summary.numNodes++;
        states.set(name, summary);
      }
    }
    return states;
  }

  private releaseImages(states: Map<string, ImageStateSummary>): void {
    for (const name of states.keys()) {
      const summary = this.imageSummaries.get(name);
      if (!summary) continue;
      if (--summary.numNodes <= 0) this.imageSummaries.delete(name);
    }
  }
}
