/**
 * Test doubles for the PodTopologySpread, InterPodAffinity and DefaultPreemption unit tests: object
 * builders in the spirit of upstream's `st.MakePod()` / `st.MakeNode()`, a NodeInfo snapshot, and a
 * fake framework Handle whose filter runner and PreFilter extensions run given plugins, whose
 * client records writes, and whose RNG returns scripted values.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Node, Pod, PodAffinityTerm, TopologySpreadConstraint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../src/api/object';
import { StatusError } from '../../src/api/object';
import type { Client } from '../../src/client/types';
import type { EventRecorder } from '../../src/client/event_recorder';
import type { SharedInformerFactory } from '../../src/client/informer_factory';
import type { Rng } from '../../src/sim/rng';
import { CycleState } from '../../src/scheduler/framework/cycle_state';
import type { FilterPlugin, Handle, NodeInfoLister, PodNominator, PreFilterPlugin } from '../../src/scheduler/framework/interface';
import { Code, Status } from '../../src/scheduler/framework/status';
import { NodeInfo, PodInfo } from '../../src/scheduler/framework/types';

// ---- builders ---------------------------------------------------------------------------------

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class PodBuilder {
  readonly pod: Mutable<Pod> & { metadata: NonNullable<Pod['metadata']>; spec: NonNullable<Pod['spec']> };
  constructor(name = '') {
    this.pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c' }] } };
  }
  name(n: string): this {
    this.pod.metadata.name = n;
    return this;
  }
  uid(u: string): this {
    (this.pod.metadata as { uid?: string }).uid = u;
    return this;
  }
  namespace(ns: string): this {
    this.pod.metadata.namespace = ns;
    return this;
  }
  label(k: string, v: string): this {
    this.pod.metadata.labels = { ...(this.pod.metadata.labels ?? {}), [k]: v };
    return this;
  }
  labels(l: Record<string, string>): this {
    this.pod.metadata.labels = { ...(this.pod.metadata.labels ?? {}), ...l };
    return this;
  }
  node(n: string): this {
    this.pod.spec.nodeName = n;
    return this;
  }
  priority(p: number): this {
    this.pod.spec.priority = p;
    return this;
  }
  preemptionPolicy(p: string): this {
    this.pod.spec.preemptionPolicy = p;
    return this;
  }
  req(res: Record<string, string>): this {
    this.pod.spec.containers = [{ name: 'c', resources: { requests: res } }];
    return this;
  }
  startTime(t: string): this {
    this.pod.status = { ...(this.pod.status ?? {}), startTime: t };
    return this;
  }
  nominatedNodeName(n: string): this {
    this.pod.status = { ...(this.pod.status ?? {}), nominatedNodeName: n };
    return this;
  }
  terminating(): this {
    (this.pod.metadata as { deletionTimestamp?: string }).deletionTimestamp = '2025-01-01T00:00:00Z';
    return this;
  }
  condition(type: string, status: string, reason: string): this {
    this.pod.status = { ...(this.pod.status ?? {}), conditions: [...(this.pod.status?.conditions ?? []), { type, status, reason }] };
    return this;
  }
  ownerReference(name: string, apiVersion: string, kind: string): this {
    this.pod.metadata.ownerReferences = [{ apiVersion, kind, name, uid: `${name}-uid`, controller: true }];
    return this;
  }
  nodeSelector(s: Record<string, string>): this {
    this.pod.spec.nodeSelector = s;
    return this;
  }
  toleration(key: string): this {
    this.pod.spec.tolerations = [...(this.pod.spec.tolerations ?? []), { key, operator: 'Exists' }];
    return this;
  }
  nodeAffinityIn(key: string, values: string[]): this {
    return this.nodeAffinity(key, 'In', values);
  }
  nodeAffinityNotIn(key: string, values: string[]): this {
    return this.nodeAffinity(key, 'NotIn', values);
  }
  private nodeAffinity(key: string, operator: string, values: string[]): this {
    this.pod.spec.affinity = {
      ...(this.pod.spec.affinity ?? {}),
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } },
    };
    return this;
  }
  /** st.MakePod().SpreadConstraint(maxSkew, key, when, selector, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys). */
  spreadConstraint(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway',
    labelSelector?: LabelSelector,
    minDomains?: number,
    nodeAffinityPolicy?: 'Honor' | 'Ignore',
    nodeTaintsPolicy?: 'Honor' | 'Ignore',
    matchLabelKeys?: string[],
  ): this {
    const c: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable };
    if (labelSelector) c.labelSelector = labelSelector;
    if (minDomains !== undefined) c.minDomains = minDomains;
    if (nodeAffinityPolicy) c.nodeAffinityPolicy = nodeAffinityPolicy;
    if (nodeTaintsPolicy) c.nodeTaintsPolicy = nodeTaintsPolicy;
    if (matchLabelKeys) c.matchLabelKeys = matchLabelKeys;
    this.pod.spec.topologySpreadConstraints = [...(this.pod.spec.topologySpreadConstraints ?? []), c];
    return this;
  }
  podAffinity(kind: 'required' | 'preferred', anti: boolean, term: PodAffinityTerm, weight = 1): this {
    const a = { ...(this.pod.spec.affinity ?? {}) };
    const field = anti ? 'podAntiAffinity' : 'podAffinity';
    const cur = { ...(a[field] ?? {}) };
    if (kind === 'required') {
      cur.requiredDuringSchedulingIgnoredDuringExecution = [...(cur.requiredDuringSchedulingIgnoredDuringExecution ?? []), term];
    } else {
      const w: WeightedPodAffinityTerm = { weight, podAffinityTerm: term };
      cur.preferredDuringSchedulingIgnoredDuringExecution = [...(cur.preferredDuringSchedulingIgnoredDuringExecution ?? []), w];
    }
    a[field] = cur;
    this.pod.spec.affinity = a;
    return this;
  }
  /** st.PodAffinityIn / PodAntiAffinityIn / ...Exists / ...NotIn with a required term. */
  requiredAffinity(anti: boolean, key: string, topologyKey: string, operator: 'In' | 'NotIn' | 'Exists', values?: string[]): this {
    return this.podAffinity('required', anti, {
      labelSelector: { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] },
      topologyKey,
    });
  }
  affinity(a: NonNullable<Pod['spec']>['affinity']): this {
    this.pod.spec.affinity = a;
    return this;
  }
  obj(): Pod {
    return structuredClone(this.pod);
  }
}

export const makePod = (name = ''): PodBuilder => new PodBuilder(name);

export function makeNode(name: string, labels: Record<string, string> = {}, extra: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, ...extra };
}

/** A node with the given allocatable (and capacity) resources, as st.MakeNode().Capacity(res): pods default to 32. */
export function makeNodeWithCapacity(name: string, res: Record<string, string>, labels: Record<string, string> = {}): Node {
  const all = { pods: '32', ...res };
  return makeNode(name, labels, { status: { capacity: all, allocatable: all } });
}

export const existsSelector = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });

/** upstream cache.NewSnapshot(pods, nodes): pods go to the node named by spec.nodeName (others are dropped). */
export function buildNodeInfos(nodes: Node[], pods: Pod[] = []): NodeInfo[] {
  const infos = nodes.map((n) => new NodeInfo(n));
  const byName = new Map(infos.map((i) => [i.name, i]));
  for (const p of pods) byName.get(p.spec?.nodeName ?? '')?.addPod(new PodInfo(p));
  return infos;
}

export class FakeLister implements NodeInfoLister {
  constructor(readonly nodeInfos: NodeInfo[]) {}
  list(): readonly NodeInfo[] {
    return this.nodeInfos;
  }
  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfos.find((n) => n.name === nodeName);
  }
  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.nodeInfos.filter((n) => n.podsWithAffinity.length > 0);
  }
  hasImage(imageName: string): boolean {
    return this.nodeInfos.some((n) => n.imageStates.has(imageName));
  }
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.nodeInfos.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
}

// ---- client, events, rng ----------------------------------------------------------------------

export interface RecordedCall {
  verb: 'patch' | 'delete';
  namespace?: string;
  name: string;
  body?: unknown;
  subresource?: string;
}

/** Records pod patches and deletes; every other verb is unexpected in these tests. */
export class RecordingClient {
  readonly calls: RecordedCall[] = [];
  /** Names whose next delete answers 404, as a victim deleted meanwhile. */
  readonly missing = new Set<string>();

  patch(resource: string, namespace: string | undefined, name: string, _type: string, patch: unknown, opts?: { subresource?: string }): KubeObject {
    if (resource !== 'pods') throw new Error(`unexpected patch of ${resource}`);
    this.calls.push({ verb: 'patch', namespace, name, body: patch, subresource: opts?.subresource });
    return {};
  }

  delete(resource: string, namespace: string | undefined, name: string): KubeObject {
    if (resource !== 'pods') throw new Error(`unexpected delete of ${resource}`);
    this.calls.push({ verb: 'delete', namespace, name });
    if (this.missing.has(name)) {
      throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `pods "${name}" not found` });
    }
    return {};
  }
}

export interface RecordedEvent {
  object: KubeObject;
  type: string;
  reason: string;
  message: string;
}

export class RecordingEvents {
  readonly events: RecordedEvent[] = [];
  event(object: KubeObject, type: string, reason: string, message: string): void {
    this.events.push({ object, type, reason, message });
  }
}

/** An RNG whose intn() answers the scripted values in turn (upstream's tests seed math/rand with 4). */
export class ScriptedRng {
  private i = 0;
  constructor(private readonly values: number[]) {}
  intn(n: number): number {
    const v = this.values[this.i++ % this.values.length];
    if (v >= n) throw new Error(`scripted value ${v} out of range [0, ${n})`);
    return v;
  }
  int(min: number, max: number): number {
    return min + this.intn(max - min + 1);
  }
}

// ---- the handle -------------------------------------------------------------------------------

export interface FakeHandleOptions {
  nodeInfos?: NodeInfo[];
  objects?: Record<string, KubeObject[]>;
  namespaces?: Record<string, Record<string, string>>;
  filterPlugins?: FilterPlugin[];
  preFilterPlugins?: PreFilterPlugin[];
  rng?: number[];
  /** Virtual ms since the epoch below. */
  nowMs?: number;
  nominated?: Record<string, Pod[]>;
}

/** The virtual clock's epoch for timestamps (the event recorder's default). */
export const EPOCH_MS = Date.UTC(2025, 0, 1);

export class FakeHandle implements Handle {
  readonly lister: FakeLister;
  readonly recordingClient = new RecordingClient();
  readonly recordedEvents = new RecordingEvents();
  private readonly scripted: ScriptedRng;
  filterCalls = 0;

  constructor(private readonly opts: FakeHandleOptions = {}) {
    this.lister = new FakeLister(opts.nodeInfos ?? []);
    this.scripted = new ScriptedRng(opts.rng ?? [0]);
  }

  snapshotSharedLister(): NodeInfoLister {
    return this.lister;
  }
  informers(): SharedInformerFactory {
    throw new Error('informers are not available in this fake');
  }
  client(): Client {
    return this.recordingClient as unknown as Client;
  }
  eventRecorder(): EventRecorder {
    return this.recordedEvents as unknown as EventRecorder;
  }
  rng(): Rng {
    return this.scripted as unknown as Rng;
  }
  now(): number {
    return this.opts.nowMs ?? 0;
  }
  timestamp(atMs?: number): string {
    return new Date(EPOCH_MS + (atMs ?? this.now())).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  podNominator(): PodNominator {
    const nominated = this.opts.nominated ?? {};
    return { nominatedPodsForNode: (n: string) => (nominated[n] ?? []).map((p) => new PodInfo(p)) };
  }
  /** Runs the filter plugins in order; the first rejection wins (nominated pods are not modelled). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    this.filterCalls++;
    for (const pl of this.opts.filterPlugins ?? []) {
      if (state.skipFilterPlugins.has(pl.name())) continue;
      const s = pl.filter(state, pod, nodeInfo);
      if (!s.isSuccess()) return s.withPlugin(pl.name());
    }
    return Status.success();
  }
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status {
    return this.runExtension('AddPod', state, pod, toAdd, nodeInfo);
  }
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status {
    return this.runExtension('RemovePod', state, pod, toRemove, nodeInfo);
  }
  private runExtension(which: 'AddPod' | 'RemovePod', state: CycleState, pod: Pod, pi: PodInfo, nodeInfo: NodeInfo): Status {
    for (const pl of this.opts.preFilterPlugins ?? []) {
      const ext = pl.preFilterExtensions?.();
      if (!ext || state.skipFilterPlugins.has(pl.name())) continue;
      const s = which === 'AddPod' ? ext.addPod(state, pod, pi, nodeInfo) : ext.removePod(state, pod, pi, nodeInfo);
      if (!s.isSuccess()) return Status.error(`running ${which} on PreFilter plugin "${pl.name()}": ${s.message()}`);
    }
    return Status.success();
  }
  /** Runs PreFilter of the given plugins into `state`, marking skips as the framework does. */
  runPreFilter(state: CycleState, pod: Pod): Status {
    for (const pl of this.opts.preFilterPlugins ?? []) {
      const { status } = pl.preFilter(state, pod, this.lister.list());
      if (status.isSkip()) state.skipFilterPlugins.add(pl.name());
      else if (!status.isSuccess()) return status;
    }
    return Status.success();
  }
  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.opts.namespaces?.[namespace];
  }
  profileName(): string {
    return 'default-scheduler';
  }
  parallelism(): number {
    return 16;
  }
  list<T extends KubeObject>(resource: string, namespace?: string): T[] {
    const all = (this.opts.objects?.[resource] ?? []) as T[];
    if (resource === 'namespaces' && this.opts.namespaces) {
      return Object.entries(this.opts.namespaces).map(([name, labels]) => ({ metadata: { name, labels } }) as unknown as T);
    }
    return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? 'default') === namespace);
  }
  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    return this.list<T>(resource, namespace).find((o) => o.metadata?.name === name);
  }
}

// ---- a NodeResourcesFit stand-in ----------------------------------------------------------------

/**
 * The parts of NodeResourcesFit's Filter the preemption vectors exercise: the pod count, cpu and
 * memory, with upstream's reasons and order ("Too many pods", "Insufficient cpu", "Insufficient
 * memory"). The real plugin lives in another folder; these tests must not depend on it.
 */
export class FitFilter implements FilterPlugin {
  name(): string {
    return 'NodeResourcesFit';
  }
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const req = new PodInfo(pod).requests;
    const reasons: string[] = [];
    if (nodeInfo.pods.length + 1 > nodeInfo.allocatable.allowedPodNumber) reasons.push('Too many pods');
    if (req.milliCPU > 0 && req.milliCPU > nodeInfo.allocatable.milliCPU - nodeInfo.requested.milliCPU) reasons.push('Insufficient cpu');
    if (req.memory > 0 && req.memory > nodeInfo.allocatable.memory - nodeInfo.requested.memory) reasons.push('Insufficient memory');
    return reasons.length ? Status.of(Code.Unschedulable, ...reasons) : Status.success();
  }
}

export { CycleState };
