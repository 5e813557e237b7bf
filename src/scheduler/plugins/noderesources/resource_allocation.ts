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

/** A strategy: `requested[i]`/`allocatable[i]` per configured resource, allocatable 0 meaning "leave out". */
export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

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

export class ResourceAllocationScorer {
  private readonly kinds: Kind[];
  private readonly names: string[];
  private readonly scalar: boolean[];
  /** Reused per Score call (scoring is synchronous, so one buffer per plugin instance is enough). */
  private readonly requestedBuf: number[];
  private readonly allocatableBuf: number[];
  /** Per resource, the columns scoreAll reads (see pickColumns). */
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
    this.requestedBuf = new Array<number>(resources.length).fill(0);
    this.allocatableBuf = new Array<number>(resources.length).fill(0);
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
   * `score` for each of `nodes` into `out` (ScorePlugin.scoreNodes); the first failure is returned.
   * Nodes of a snapshot are read straight from its columns, each resource's column picked once per
   * call: the same numbers as `score` reads, without its per-node, per-resource dispatch.
   */
  scoreAll(nodes: readonly NodeInfo[], podRequests: readonly number[], out: number[]): Status | undefined {
    if (this.resources.length === 0) return Status.error('resources not found');
    let bound: ResourceColumns | undefined;
    let columnar = false;
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      const c = ni.columns;
      if (c !== undefined && c !== bound) {
        bound = c;
        columnar = this.pickColumns(c, podRequests);
      }
      if (c !== undefined && columnar) {
        out[i] = this.scoreRow(ni.row, podRequests);
        continue;
      }
      const r = this.score(ni, podRequests);
      if (typeof r !== 'number') return r;
      out[i] = r;
    }
    return undefined;
  }

  /**
   * Points `allocatableCols`/`usedCols` at `c`'s column for each resource (null: left out of the
   * score, as `score` leaves a scalar the pod does not request). False when a resource has no
   * column (a requested scalar): such nodes are scored through `score`.
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

  /** `score` of the node at `row` of the columns `pickColumns` chose. */
  private scoreRow(row: number, podRequests: readonly number[]): number {
    const requested = this.requestedBuf;
    const allocatable = this.allocatableBuf;
    for (let i = 0; i < podRequests.length; i++) {
      const ac = this.allocatableCols[i];
      const a = ac === null ? 0 : ac[row];
      // Only resources the node has take part: allocatable 0 tells the strategy to leave it out.
      if (a === 0) {
        allocatable[i] = 0;
        requested[i] = 0;
      } else {
        allocatable[i] = a;
        requested[i] = this.usedCols[i]![row] + podRequests[i];
      }
    }
    return this.scorer(requested, allocatable);
  }

  /**
   * Upstream resourceAllocationScorer.score, from the NodeInfo's objects; an Error status when no
   * resources are configured. scoreAll reads a snapshot's columns instead, with the same result.
   */
  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number | Status {
    const n = this.resources.length;
    if (n === 0) return Status.error('resources not found');
    const requested = this.requestedBuf;
    const allocatable = this.allocatableBuf;
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    const alloc = nodeInfo.allocatable;
    for (let i = 0; i < n; i++) {
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
      if (a === 0) {
        allocatable[i] = 0;
        requested[i] = 0;
      } else {
        allocatable[i] = a;
        requested[i] = r;
      }
    }
    return this.scorer(requested, allocatable);
  }
}
