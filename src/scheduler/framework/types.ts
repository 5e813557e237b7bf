import type { Node, Pod, PodAffinityTerm, Taint } from 'kubernetes-types/core/v1';
import { milliValue, parseQuantity, value } from '../../api/quantity';
import { labelSelectorFromObject, Selector } from '../../api/selectors';
import type { ResourceColumns } from './resource_columns';

/**
 * The scheduler's view of pods and nodes (upstream pkg/scheduler/framework/types.go): requests are
 * computed once per pod, affinity terms parsed once, and a NodeInfo keeps running sums so filters
 * and scores never re-walk the node's pods.
 */

/** Fact 59: what scoring assumes for a container that requests no CPU / memory. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Resources as integers: milli-CPU, bytes, a pod count, and any other (extended) resource by name. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalarResources: Record<string, number> = {};

  /** Reads a ResourceList (`cpu: 500m, memory: 1Gi, nvidia.com/gpu: 1`). */
  static fromList(list: Record<string, string | number> | undefined): Resource {
    const r = new Resource();
    r.addList(list);
    return r;
  }

  addList(list: Record<string, string | number> | undefined): void {
    if (!list) return;
    for (const name in list) this.addNamed(name, quantityOf(name, list[name]));
  }

  /** Adds `amount` (milli-units for cpu, base units otherwise) of the named resource. */
  addNamed(name: string, amount: number): void {
    switch (name) {
      case 'cpu':
        this.milliCPU += amount;
        break;
      case 'memory':
        this.memory += amount;
        break;
      case 'ephemeral-storage':
        this.ephemeralStorage += amount;
        break;
      case 'pods':
        this.allowedPodNumber += amount;
        break;
      default:
        this.scalarResources[name] = (this.scalarResources[name] ?? 0) + amount;
    }
  }

  /** The amount of the named resource (milli for cpu). */
  get(name: string): number {
    switch (name) {
      case 'cpu':
        return this.milliCPU;
      case 'memory':
        return this.memory;
      case 'ephemeral-storage':
        return this.ephemeralStorage;
      case 'pods':
        return this.allowedPodNumber;
      default:
        return this.scalarResources[name] ?? 0;
    }
  }

  add(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    // for-in, not Object.entries: this runs for every pod added to or removed from a node, and
    // most pods have no scalar resource to allocate an entry list for.
    const scalars = o.scalarResources;
    for (const k in scalars) this.scalarResources[k] = (this.scalarResources[k] ?? 0) + sign * scalars[k];
  }

  /** Per resource, the larger of this and `o` (init containers, fact 59's PodRequests). */
  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    for (const [k, v] of Object.entries(o.scalarResources)) this.scalarResources[k] = Math.max(this.scalarResources[k] ?? 0, v);
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }
}

/**
 * Quantities already read, in milli-units (cpu) and base units (the rest). Requests repeat the same
 * few strings (`100m`, `128Mi`) across thousands of pods, and parsing one (arbitrary precision, as
 * upstream's) costs far more than a lookup. Bounded: cleared when full.
 */
const MAX_MEMO_QUANTITIES = 4096;
const milliMemo = new Map<string | number, number>();
const valueMemo = new Map<string | number, number>();

/** cpu in milli-units, everything else in base units (bytes, counts). Throws on a malformed quantity. */
export function quantityOf(name: string, q: string | number): number {
  const memo = name === 'cpu' ? milliMemo : valueMemo;
  let v = memo.get(q);
  if (v === undefined) {
    const parsed = parseQuantity(q);
    v = name === 'cpu' ? milliValue(parsed) : value(parsed);
    if (memo.size >= MAX_MEMO_QUANTITIES) memo.clear();
    memo.set(q, v);
  }
  return v;
}

/**
 * Upstream resource.PodRequests: the sum over regular containers, then per resource the max with
 * each init container (restartable sidecars add to the running sum), plus the pod overhead. With
 * `nonMissing`, a container missing a cpu/memory request counts as the fact-59 defaults.
 */
export function podRequests(pod: Pod, nonMissing = false): Resource {
  const containerReq = (c: { resources?: { requests?: Record<string, string | number> } }) => {
    const r = Resource.fromList(c.resources?.requests as Record<string, string | number> | undefined);
    if (nonMissing) {
      const req = c.resources?.requests ?? {};
      if (req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
      if (req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  const reqs = new Resource();
  // Regular containers add straight into the sum (no Resource per container): every pod the
  // scheduler sees is summed twice (real and non-zero requests).
  for (const c of pod.spec?.containers ?? []) {
    const req = c.resources?.requests as Record<string, string | number> | undefined;
    reqs.addList(req);
    if (nonMissing) {
      if (req?.cpu === undefined) reqs.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
      if (req?.memory === undefined) reqs.memory += DEFAULT_MEMORY_REQUEST;
    }
  }
  const inits = pod.spec?.initContainers;
  if (!inits || inits.length === 0) {
    reqs.addList(pod.spec?.overhead as Record<string, string | number> | undefined);
    return reqs;
  }
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of inits) {
    const r = containerReq(c);
    if (c.restartPolicy === 'Always') {
      sidecars.add(r);
      reqs.add(r);
    } else {
      const withSidecars = r.clone();
      withSidecars.add(sidecars);
      initMax.setMax(withSidecars);
    }
  }
  reqs.setMax(initMax);
  reqs.addList(pod.spec?.overhead as Record<string, string | number> | undefined);
  return reqs;
}

interface RequestsMemo {
  initContainers: unknown;
  overhead: unknown;
  real?: Resource;
  nonZero?: Resource;
}
const requestsMemo = new WeakMap<object, RequestsMemo>();
const realRequests = new WeakMap<Pod, Resource>();
const nonZeroRequests = new WeakMap<Pod, Resource>();

/**
 * podRequests of the pod, computed once: pods are frozen, and the same pod is asked for by
 * PodInfo, PreFilter, PreScore and both resource plugins in one cycle. Memoized on the pod's
 * `spec.containers` list (with its initContainers and overhead): the assumed pod, the bound pod
 * the API server writes and the one the informer delivers are new objects that share that list,
 * and requests depend on nothing else. The Resource is shared: callers must not modify it.
 */
export function cachedPodRequests(pod: Pod, nonMissing: boolean): Resource {
  const spec = pod.spec;
  const containers = spec?.containers;
  if (!spec || !containers || typeof containers !== 'object') {
    const cache = nonMissing ? nonZeroRequests : realRequests;
    let r = cache.get(pod);
    if (!r) {
      r = podRequests(pod, nonMissing);
      cache.set(pod, r);
    }
    return r;
  }
  let m = requestsMemo.get(containers);
  if (!m || m.initContainers !== spec.initContainers || m.overhead !== spec.overhead) {
    m = { initContainers: spec.initContainers, overhead: spec.overhead };
    requestsMemo.set(containers, m);
  }
  if (nonMissing) return (m.nonZero ??= podRequests(pod, true));
  return (m.real ??= podRequests(pod, false));
}

/** A pod affinity term with its selectors parsed (upstream framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces named by the term; when both this and the namespace selector are empty, the pod's own. */
  namespaces: Set<string>;
  selector: Selector;
  topologyKey: string;
  /** Selects namespaces by label; `Selector.nothing()` when the term has none. */
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** Upstream AffinityTerm.Matches: the pod is in one of the term's namespaces and matches its selector. */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, nsLabels: Record<string, string> | undefined): boolean {
  const ns = pod.metadata?.namespace ?? 'default';
  if (term.namespaces.has(ns) || term.namespaceSelector.matches(nsLabels ?? {})) {
    return term.selector.matches(pod.metadata?.labels ?? {});
  }
  return false;
}

function parseAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  const namespaceSelector = t.namespaceSelector ? labelSelectorFromObject(t.namespaceSelector) : Selector.nothing();
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(pod.metadata?.namespace ?? 'default');
  return { namespaces, selector: labelSelectorFromObject(t.labelSelector), topologyKey: t.topologyKey, namespaceSelector };
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset (admission normally sets it). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** A pod with what the scheduler derives from it once (upstream framework.PodInfo). */
export class PodInfo {
  /** podPriority(pod): the queue compares it on every heap step. */
  readonly priority: number;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** PodRequests (real requests). */
  readonly requests: Resource;
  /** PodRequests with the fact-59 defaults for missing cpu/memory requests. */
  readonly nonZeroRequests: Resource;

  /**
   * With `derivedFrom` (a PodInfo of the same pod, whose derived data is immutable for it; see
   * cache/pod_info.ts), that data is taken as is and only the object is this one.
   */
  constructor(
    readonly pod: Pod,
    derivedFrom?: PodInfo,
  ) {
    if (derivedFrom) {
      this.requiredAffinityTerms = derivedFrom.requiredAffinityTerms;
      this.requiredAntiAffinityTerms = derivedFrom.requiredAntiAffinityTerms;
      this.preferredAffinityTerms = derivedFrom.preferredAffinityTerms;
      this.preferredAntiAffinityTerms = derivedFrom.preferredAntiAffinityTerms;
      this.requests = derivedFrom.requests;
      this.nonZeroRequests = derivedFrom.nonZeroRequests;
      this.priority = derivedFrom.priority;
      return;
    }
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => parseAffinityTerm(pod, t));
    this.requiredAntiAffinityTerms = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseAffinityTerm(pod, t),
    );
    this.preferredAffinityTerms = (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({
      term: parseAffinityTerm(pod, w.podAffinityTerm),
      weight: w.weight,
    }));
    this.preferredAntiAffinityTerms = (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({
      term: parseAffinityTerm(pod, w.podAffinityTerm),
      weight: w.weight,
    }));
    this.requests = cachedPodRequests(pod, false);
    this.nonZeroRequests = cachedPodRequests(pod, true);
    this.priority = podPriority(pod);
  }

  get key(): string {
    return `${this.pod.metadata?.namespace ?? 'default'}/${this.pod.metadata?.name}`;
  }
}

/** Images on nodes, for ImageLocality (upstream framework.ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  /** How many nodes in the snapshot have the image. */
  numNodes: number;
}

/** A host port in use: protocol, hostIP ("0.0.0.0" when unset) and port (upstream HostPortInfo). */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/**
 * A node with the pods the scheduler believes are on it, including assumed ones (upstream
 * framework.NodeInfo). `generation` increases on every change so snapshots copy only what changed.
 */
export class NodeInfo {
  /**
   * The Node, and copies of its name, `spec.unschedulable` and `spec.taints` (''/false/undefined
   * without one; a null `taints` is undefined). Filter and Score read the copies for every node of
   * every cycle; through the Node object each is two or three more pointer hops into the heap.
   * Private behind getters so that only setNode, clearNode and copyFrom write them, all together.
   */
  private nodeObject: Node | undefined = undefined;
  private nodeName = '';
  private cordoned = false;
  private nodeTaints: readonly Taint[] | undefined = undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts: HostPort[] = [];
  /** Σ requests of the pods (real requests). */
  requested = new Resource();
  /** Σ requests with the fact-59 defaults (what Least/MostAllocated score with). */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  /** Image name (with tag, as in node.status.images[].names) → state, filled by the snapshot. */
  imageStates = new Map<string, ImageStateSummary>();
  /** PVC keys (`ns/name`) used by pods on the node, with counts (VolumeRestrictions ReadWriteOncePod). */
  pvcRefCounts = new Map<string, number>();
  generation = 0;
  /**
   * The snapshot's columns holding this node's resource numbers at `row`, while they are current
   * (resource_columns.ts): set by the Snapshot, cleared by every mutator here, never copied by clone.
   */
  columns: ResourceColumns | undefined = undefined;
  row = -1;

  constructor(node?: Node) {
    if (node) this.setNode(node);
  }

  get node(): Node | undefined {
    return this.nodeObject;
  }

  get name(): string {
    return this.nodeName;
  }

  /** The Node's `spec.unschedulable` (cordoned). */
  get unschedulable(): boolean {
    return this.cordoned;
  }

  /** The Node's `spec.taints`. */
  get taints(): readonly Taint[] | undefined {
    return this.nodeTaints;
  }

  setNode(node: Node): void {
    this.columns = undefined;
    this.nodeObject = node;
    this.nodeName = node.metadata?.name ?? '';
    this.cordoned = node.spec?.unschedulable === true;
    this.nodeTaints = node.spec?.taints ?? undefined;
    this.allocatable = Resource.fromList(node.status?.allocatable as Record<string, string> | undefined);
  }

  /** The node is gone while its pods are still known (upstream keeps the NodeInfo with a nil node). */
  clearNode(): void {
    this.nodeObject = undefined;
    this.nodeName = '';
    this.cordoned = false;
    this.nodeTaints = undefined;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.requiredAffinityTerms.length || pi.requiredAntiAffinityTerms.length || pi.preferredAffinityTerms.length || pi.preferredAntiAffinityTerms.length) {
      this.podsWithAffinity.push(pi);
    }
    if (pi.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with `uid`; false when it is not on this node. */
  removePod(uid: string): boolean {
    const idx = this.pods.findIndex((p) => p.pod.metadata?.uid === uid);
    if (idx < 0) return false;
    const [pi] = this.pods.splice(idx, 1);
    const drop = (list: PodInfo[]) => {
      const i = list.indexOf(pi);
      if (i >= 0) list.splice(i, 1);
    };
    drop(this.podsWithAffinity);
    drop(this.podsWithRequiredAntiAffinity);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.columns = undefined;
    this.requested.add(pi.requests, sign);
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroRequests.milliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroRequests.memory;
    for (const port of hostPorts(pi.pod)) {
      if (sign > 0) this.usedPorts.push(port);
      else {
        const i = this.usedPorts.findIndex((p) => p.ip === port.ip && p.protocol === port.protocol && p.port === port.port);
        if (i >= 0) this.usedPorts.splice(i, 1);
      }
    }
    const ns = pi.pod.metadata?.namespace ?? 'default';
    for (const v of pi.pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const key = `${ns}/${claim}`;
      const n = (this.pvcRefCounts.get(key) ?? 0) + sign;
      if (n > 0) this.pvcRefCounts.set(key, n);
      else this.pvcRefCounts.delete(key);
    }
    this.generation++;
  }

  /** A copy that shares PodInfos (they are immutable) but not the lists or sums. */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.copyFrom(this);
    return c;
  }

  /**
   * Makes this NodeInfo what `source.clone()` would be, keeping this object (the snapshot's entries
   * keep their identity): the node, the copied lists and sums, the shared image states. It is
   * detached from any columns; its `row` is left for the owner of the columns.
   */
  copyFrom(source: NodeInfo): void {
    this.columns = undefined;
    this.nodeObject = source.nodeObject;
    this.nodeName = source.nodeName;
    this.cordoned = source.cordoned;
    this.nodeTaints = source.nodeTaints;
    this.pods = [...source.pods];
    this.podsWithAffinity = [...source.podsWithAffinity];
    this.podsWithRequiredAntiAffinity = [...source.podsWithRequiredAntiAffinity];
    this.usedPorts = [...source.usedPorts];
    this.requested = source.requested.clone();
    this.nonZeroRequested = source.nonZeroRequested.clone();
    this.allocatable = source.allocatable.clone();
    this.imageStates = source.imageStates;
    this.pvcRefCounts = new Map(source.pvcRefCounts);
    this.generation = source.generation;
  }
}

/** The host ports a pod's containers ask for (hostPort > 0), hostIP defaulted to 0.0.0.0 as upstream. */
export function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** A node's score from one plugin, or the total (upstream framework.NodeScore). */
export interface NodeScore {
  name: string;
  score: number;
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
