import type { Pod } from 'kubernetes-types/core/v1';
import { qualifiedNameErrors } from '../../../api/selectors';
import type { ResourceSpec } from '../../apis/config/types';
import type { ResourceColumns } from '../../framework/resource_columns';
import { Status } from '../../framework/status';
import { cachedPodRequests, type NodeInfo } from '../../framework/types';

/**
 * The scoring machinery NodeResourcesFit's strategies and NodeResourcesBalancedAllocation share
 * (upstream noderesources/resource_allocation.go, v1.32). For each configured resource the node's
 * allocatable and its requested amount *including the incoming pod* are collected, then a strategy
 * turns the two vectors into a 0–100 score.
 *
 * Contract on `requested`: cpu and memory come from `NodeInfo.nonZeroRequested` (fact 59 defaults
 * for containers without requests) unless `useRequested` (BalancedAllocation); ephemeral-storage
 * and scalar resources always come from `NodeInfo.requested`. A scalar (extended, hugepages, …)
 * resource the pod does not request is left out of the score entirely (allocatable 0), so nodes
 * are not ranked on resources the pod does not care about.
 */

/**
 * A strategy, over a batch of nodes: node i's amounts of configured resource r are
 * `requested[r][i]` and `allocatable[r][i]` (allocatable 0 meaning "leave this resource out");
 * it writes node i's score to `out[i]` for every i < n. A single node is a batch of one, so each
 * strategy has one formula; the batch is what lets one call score every node of a cycle.
 */
export type ResourceScorer = (requested: readonly Float64Array[], allocatable: readonly Float64Array[], n: number, out: number[]) => void;

const enum Kind {
  CPU,
  Memory,
  EphemeralStorage,
  Other,
}

function kindOf(name: string): Kind {
  switch (name) {
    case 'cpu':
      return Kind.CPU;
    case 'memory':
      return Kind.Memory;
    case 'ephemeral-storage':
      return Kind.EphemeralStorage;
    default:
      return Kind.Other;
  }
}

/** v1helper.IsPrefixedNativeResource: a name in the kubernetes.io namespace. */
export function isPrefixedNativeResource(name: string): boolean {
  return name.includes('kubernetes.io/');
}

/** v1helper.IsNativeResource: unprefixed names and kubernetes.io/-prefixed ones. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || isPrefixedNativeResource(name);
}

const extendedCache = new Map<string, boolean>();

/**
 * v1helper.IsExtendedResourceName: a non-native, domain-prefixed name that is still a valid
 * qualified name once quota's `requests.` prefix is added (e.g. `nvidia.com/gpu`).
 */
export function isExtendedResourceName(name: string): boolean {
  let r = extendedCache.get(name);
  if (r === undefined) {
    r = !isNativeResource(name) && !name.startsWith('requests.') && qualifiedNameErrors('requests.' + name).length === 0;
    extendedCache.set(name, r);
  }
  return r;
}

/** schedutil.IsScalarResourceName: extended, hugepages-*, kubernetes.io/-prefixed and attachable-volumes-* resources. */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith('hugepages-') || isPrefixedNativeResource(name) || name.startsWith('attachable-volumes-');
}

/**
 * Least- and MostAllocated's shape: per resource the node has, `resourceScore(requested,
 * allocatable)` weighted by the resource's weight; the node's score is the truncated weighted mean
 * (0 when the node has none of the resources).
 */
export function weightedMeanScorer(resources: readonly ResourceSpec[], resourceScore: (requested: number, allocatable: number) => number): ResourceScorer {
  const weights = resources.map((r) => r.weight);
  if (weights.length === 2) {
    // The default (cpu and memory), unrolled: the same sums in the same order as the loop below,
    // so the same doubles; it saves the per-resource indirection on every scored node.
    const [w0, w1] = weights;
    return (requested, allocatable, n, out) => {
      const a0 = allocatable[0];
      const a1 = allocatable[1];
      const r0 = requested[0];
      const r1 = requested[1];
      for (let i = 0; i < n; i++) {
        let nodeScore = 0;
        let weightSum = 0;
        if (a0[i] !== 0) {
          nodeScore += resourceScore(r0[i], a0[i]) * w0;
          weightSum += w0;
        }
        if (a1[i] !== 0) {
          nodeScore += resourceScore(r1[i], a1[i]) * w1;
          weightSum += w1;
        }
        out[i] = weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
      }
    };
  }
  return (requested, allocatable, n, out) => {
    for (let i = 0; i < n; i++) {
      let nodeScore = 0;
      let weightSum = 0;
      for (let r = 0; r < weights.length; r++) {
        const a = allocatable[r][i];
        if (a === 0) continue;
        nodeScore += resourceScore(requested[r][i], a) * weights[r];
        weightSum += weights[r];
      }
      out[i] = weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
    }
  };
}

export class ResourceAllocationScorer {
  private readonly kinds: Kind[];
  private readonly names: string[];
  private readonly scalar: boolean[];
  /**
   * The batch the strategy reads, one array per resource, reused by every call and grown by
   * doubling (scoring is synchronous, so one batch per plugin instance is enough).
   */
  private requestedBatch: Float64Array[];
  private allocatableBatch: Float64Array[];
  private readonly single = [0];
  /** Per resource, the columns gatherRow reads (see pickColumns). */
  private readonly allocatableCols: (Float64Array | null)[];
  private readonly usedCols: (Float64Array | null)[];

  constructor(
    readonly scorerName: string,
    readonly resources: readonly ResourceSpec[],
    private readonly scorer: ResourceScorer,
    /** BalancedAllocation: real requests for cpu/memory instead of the fact-59 non-zero ones. */
    readonly useRequested: boolean,
  ) {
    this.names = resources.map((r) => r.name);
    this.kinds = this.names.map(kindOf);
    this.scalar = this.names.map(isScalarResourceName);
    this.requestedBatch = this.names.map(() => new Float64Array(1));
    this.allocatableBatch = this.names.map(() => new Float64Array(1));
    this.allocatableCols = this.names.map(() => null);
    this.usedCols = this.names.map(() => null);
  }

  /**
   * The pod's request of each configured resource, in `resources` order (upstream
   * calculatePodResourceRequestList): milli-units for cpu, base units otherwise.
   */
  podRequestList(pod: Pod): number[] {
    const req = cachedPodRequests(pod, !this.useRequested);
    return this.names.map((n) => req.get(n));
  }

  /**
   * `score` for each of `nodes` into `out` (ScorePlugin.scoreNodes), in one strategy call. Nodes of
   * a snapshot are read straight from its columns, each resource's column picked once per call:
   * the same numbers as `score` reads from the NodeInfo, without its per-node, per-resource dispatch.
   */
  scoreAll(nodes: readonly NodeInfo[], podRequests: readonly number[], out: number[]): Status | undefined {
    if (this.resources.length === 0) return Status.error('resources not found');
    const n = nodes.length;
    this.reserve(n);
    let bound: ResourceColumns | undefined;
    let columnar = false;
    for (let i = 0; i < n; i++) {
      const ni = nodes[i];
      const c = ni.columns;
      if (c !== undefined && c !== bound) {
        bound = c;
        columnar = this.pickColumns(c, podRequests);
      }
      if (c === undefined || !columnar) this.gatherNode(ni, podRequests, i);
      else if (podRequests.length === 2) i = this.gatherTwo(nodes, c, i, n, podRequests);
      else this.gatherRow(ni.row, podRequests, i);
    }
    this.scorer(this.requestedBatch, this.allocatableBatch, n, out);
    return undefined;
  }

  /**
   * gatherRow for two resources (the default cpu and memory), unrolled, for the run of nodes from
   * `from` that read the columns `c`; returns the last slot filled, so scoreAll goes on after it.
   */
  private gatherTwo(nodes: readonly NodeInfo[], c: ResourceColumns, from: number, n: number, podRequests: readonly number[]): number {
    const ac0 = this.allocatableCols[0];
    const ac1 = this.allocatableCols[1];
    // A used column is null only with its allocatable column, and is then never read (a = 0).
    const uc0 = this.usedCols[0]!;
    const uc1 = this.usedCols[1]!;
    const p0 = podRequests[0];
    const p1 = podRequests[1];
    const A0 = this.allocatableBatch[0];
    const A1 = this.allocatableBatch[1];
    const R0 = this.requestedBatch[0];
    const R1 = this.requestedBatch[1];
    let i = from;
    for (; i < n; i++) {
      const ni = nodes[i];
      if (ni.columns !== c) break;
      const row = ni.row;
      const a0 = ac0 === null ? 0 : ac0[row];
      const a1 = ac1 === null ? 0 : ac1[row];
      A0[i] = a0;
      A1[i] = a1;
      R0[i] = a0 === 0 ? 0 : uc0[row] + p0;
      R1[i] = a1 === 0 ? 0 : uc1[row] + p1;
    }
    return i - 1;
  }

  /**
   * Upstream resourceAllocationScorer.score, from the NodeInfo's objects; an Error status when no
   * resources are configured. scoreAll reads a snapshot's columns instead, with the same result.
   */
  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number | Status {
    if (this.resources.length === 0) return Status.error('resources not found');
    this.gatherNode(nodeInfo, podRequests, 0);
    this.scorer(this.requestedBatch, this.allocatableBatch, 1, this.single);
    return this.single[0];
  }

  /** Room in the batch for `n` nodes. */
  private reserve(n: number): void {
    if (this.requestedBatch[0].length >= n) return;
    const size = Math.max(n, 2 * this.requestedBatch[0].length);
    this.requestedBatch = this.names.map(() => new Float64Array(size));
    this.allocatableBatch = this.names.map(() => new Float64Array(size));
  }

  /**
   * Points `allocatableCols`/`usedCols` at `c`'s column for each resource (null: left out of the
   * score, as `gatherNode` leaves out a scalar the pod does not request). False when a resource
   * has no column (a requested scalar): such nodes are gathered from their objects.
   */
  private pickColumns(c: ResourceColumns, podRequests: readonly number[]): boolean {
    for (let i = 0; i < this.kinds.length; i++) {
      if (podRequests[i] === 0 && this.scalar[i]) {
        this.allocatableCols[i] = null;
        this.usedCols[i] = null;
        continue;
      }
      switch (this.kinds[i]) {
        case Kind.CPU:
          this.allocatableCols[i] = c.allocatableMilliCPU;
          this.usedCols[i] = this.useRequested ? c.requestedMilliCPU : c.nonZeroMilliCPU;
          break;
        case Kind.Memory:
          this.allocatableCols[i] = c.allocatableMemory;
          this.usedCols[i] = this.useRequested ? c.requestedMemory : c.nonZeroMemory;
          break;
        case Kind.EphemeralStorage:
          this.allocatableCols[i] = c.allocatableEphemeralStorage;
          this.usedCols[i] = c.requestedEphemeralStorage;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /** Batch slot `at` from the node at `row` of the columns `pickColumns` chose. */
  private gatherRow(row: number, podRequests: readonly number[], at: number): void {
    for (let r = 0; r < podRequests.length; r++) {
      const ac = this.allocatableCols[r];
      const a = ac === null ? 0 : ac[row];
      // Only resources the node has take part: allocatable 0 tells the strategy to leave it out.
      this.allocatableBatch[r][at] = a;
      this.requestedBatch[r][at] = a === 0 ? 0 : this.usedCols[r]![row] + podRequests[r];
    }
  }

  /** Batch slot `at` from the NodeInfo's objects (upstream's reads). */
  private gatherNode(nodeInfo: NodeInfo, podRequests: readonly number[], at: number): void {
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    const alloc = nodeInfo.allocatable;
    for (let i = 0; i < this.kinds.length; i++) {
      const podReq = podRequests[i];
      let a = 0;
      let r = 0;
      if (!(podReq === 0 && this.scalar[i])) {
        switch (this.kinds[i]) {
          case Kind.CPU:
            a = alloc.milliCPU;
            r = used.milliCPU + podReq;
            break;
          case Kind.Memory:
            a = alloc.memory;
            r = used.memory + podReq;
            break;
          case Kind.EphemeralStorage:
            a = alloc.ephemeralStorage;
            r = nodeInfo.requested.ephemeralStorage + podReq;
            break;
          default: {
            const name = this.names[i];
            const av = alloc.scalarResources[name];
            if (av !== undefined) {
              a = av;
              r = (nodeInfo.requested.scalarResources[name] ?? 0) + podReq;
            }
          }
        }
      }
      // Only resources the node has take part: allocatable 0 tells the strategy to leave it out.
      this.allocatableBatch[i][at] = a;
      this.requestedBatch[i][at] = a === 0 ? 0 : r;
    }
  }
}
