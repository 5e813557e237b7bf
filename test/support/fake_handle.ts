import type { Node, Pod } from 'kubernetes-types/core/v1';
import { deepCopy, deepFreeze } from '../../src/api/freeze';
import type { KubeObject } from '../../src/api/object';
import { applyPatch } from '../../src/api/patch';
import { DEFAULT_EPOCH_MS, EventRecorder, formatRFC3339 } from '../../src/client/event_recorder';
import { SharedInformerFactory } from '../../src/client/informer_factory';
import type { Binding, Client, DeleteOptions, Eviction, ListOptions, ObjectList, PatchType, ResourceName, WatchEvent, WatchHandle, WatchOptions } from '../../src/client/types';
import type { CycleState } from '../../src/scheduler/framework/cycle_state';
import type { FilterPlugin, Handle, NodeInfoLister, PodNominator, PreFilterPlugin } from '../../src/scheduler/framework/interface';
import { Status } from '../../src/scheduler/framework/status';
import { NodeInfo, PodInfo } from '../../src/scheduler/framework/types';
import { Loop } from '../../src/sim/loop';
import { Rng } from '../../src/sim/rng';
import { statusError } from './fake_client';

/**
 * A scheduler framework Handle for plugin unit tests (upstream's runtime.NewFramework with
 * WithSnapshotSharedLister and a fake clientset, in one object):
 * - the snapshot is a fixed list of NodeInfo (build one with `snapshotFromNodes`);
 * - `list`/`get` read an in-memory store of objects by resource name, the same store the
 *   recording client writes, so a plugin's writes are visible to its next reads (an informer that
 *   is always in sync);
 * - the client records every call in `calls` and can be told to fail (`failNext`); watches deliver
 *   nothing;
 * - `runFilterPluginsWithNominatedPods` / `runPreFilterExtension*` run the filter / pre-filter
 *   plugins given in the options (nominated pods are not added: tests that need them add the pods
 *   to the NodeInfo);
 * - the RNG is seeded, time is a Loop's virtual time, events go to the store as `events`.
 */

export interface FakeHandleOptions {
  /** The cycle's snapshot, in list order. */
  nodes?: NodeInfo[];
  /** Objects by resource name (`persistentvolumeclaims`, `storageclasses.storage.k8s.io`, …). */
  objects?: Record<string, KubeObject[]>;
  seed?: number;
  loop?: Loop;
  namespaceLabels?: Record<string, Record<string, string>>;
  nominatedPods?: Record<string, PodInfo[]>;
  /** What runFilterPluginsWithNominatedPods runs, in order. */
  filterPlugins?: FilterPlugin[];
  /** Whose PreFilterExtensions runPreFilterExtensionAddPod/RemovePod run. */
  preFilterPlugins?: PreFilterPlugin[];
  profileName?: string;
  parallelism?: number;
}

/**
 * NodeInfos for `nodes` with `pods` placed on the node their spec.nodeName names (pods naming no
 * known node are left out), and imageStates filled as the scheduler's snapshot does: for every image
 * name on a node, its size and how many of the nodes list that name.
 */
export function snapshotFromNodes(nodes: readonly Node[], pods: readonly Pod[] = []): NodeInfo[] {
  const infos = nodes.map((n) => new NodeInfo(n));
  const byName = new Map(infos.map((ni) => [ni.name, ni]));
  for (const p of pods) {
    const ni = byName.get(p.spec?.nodeName ?? '');
    if (ni) ni.addPod(new PodInfo(p));
  }
  const nodesWithImage = new Map<string, Set<string>>();
  for (const n of nodes) {
    for (const img of n.status?.images ?? []) {
      for (const name of img.names ?? []) {
        const set = nodesWithImage.get(name) ?? new Set<string>();
        set.add(n.metadata?.name ?? '');
        nodesWithImage.set(name, set);
      }
    }
  }
  for (const ni of infos) {
    const states = new Map<string, { size: number; numNodes: number }>();
    for (const img of ni.node?.status?.images ?? []) {
      for (const name of img.names ?? []) states.set(name, { size: img.sizeBytes ?? 0, numNodes: nodesWithImage.get(name)?.size ?? 0 });
    }
    ni.imageStates = states;
  }
  return infos;
}

export class FakeNodeLister implements NodeInfoLister {
  private readonly byName: Map<string, NodeInfo>;

  constructor(private readonly nodes: readonly NodeInfo[]) {
    this.byName = new Map(nodes.map((n) => [n.name, n]));
  }

  list(): readonly NodeInfo[] {
    return this.nodes;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.nodes.filter((n) => n.podsWithAffinity.length > 0);
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.nodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }

  hasImage(imageName: string): boolean {
    return this.nodes.some((n) => n.imageStates.has(imageName));
  }
}

export interface RecordedCall {
  verb: string;
  resource: ResourceName;
  namespace?: string;
  name?: string;
  body?: unknown;
}

const keyOf = (namespace: string | undefined, name: string): string => (namespace ? `${namespace}/${name}` : name);

/**
 * An in-memory Client over plain maps: synchronous, StatusError failures (NotFound, AlreadyExists,
 * Conflict on a stale resourceVersion), deep-frozen results, resourceVersions from one counter.
 * No validation, defaulting, admission or watch events.
 */
export class RecordingClient implements Client {
  readonly calls: RecordedCall[] = [];
  private readonly store = new Map<ResourceName, Map<string, KubeObject>>();
  private rv = 0;
  private uid = 0;
  private readonly failures: { verb: string; resource?: string; error: unknown }[] = [];

  /** The next call of `verb` (on `resource` when given) throws `error`. */
  failNext(verb: string, error: unknown, resource?: string): void {
    this.failures.push({ verb, resource, error });
  }

  /** Puts objects in the store as they are (a resourceVersion and uid are added when missing). */
  seed(resource: ResourceName, objects: readonly KubeObject[]): void {
    for (const o of objects) this.put(resource, deepCopy(o), true);
  }

  /** The stored objects of a resource (in a namespace when given), in insertion order. */
  objects<T extends KubeObject = KubeObject>(resource: ResourceName, namespace?: string): T[] {
    const m = this.store.get(resource);
    if (!m) return [];
    const out: T[] = [];
    for (const o of m.values()) if (namespace === undefined || o.metadata?.namespace === namespace) out.push(o as T);
    return out;
  }

  object<T extends KubeObject = KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T | undefined {
    return this.store.get(resource)?.get(keyOf(namespace, name)) as T | undefined;
  }

  private record(verb: string, resource: ResourceName, namespace?: string, name?: string, body?: unknown): void {
    this.calls.push({ verb, resource, namespace, name, body: body === undefined ? undefined : deepCopy(body) });
    const i = this.failures.findIndex((f) => f.verb === verb && (f.resource === undefined || f.resource === resource));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      throw f.error;
    }
  }

  private put(resource: ResourceName, obj: KubeObject, keepRV = false): KubeObject {
    obj.metadata ??= {};
    if (!keepRV || obj.metadata.resourceVersion === undefined) obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.uid ??= `uid-${++this.uid}`;
    const m = this.store.get(resource) ?? new Map<string, KubeObject>();
    this.store.set(resource, m);
    const frozen = deepFreeze(obj);
    m.set(keyOf(obj.metadata.namespace, obj.metadata.name ?? ''), frozen);
    return frozen;
  }

  private mustGet(resource: ResourceName, namespace: string | undefined, name: string): KubeObject {
    const o = this.object(resource, namespace, name);
    if (!o) throw statusError(404, 'NotFound', `${resource} "${name}" not found`);
    return o;
  }

  create<T extends KubeObject>(resource: ResourceName, obj: T): T {
    this.record('create', resource, obj.metadata?.namespace, obj.metadata?.name, obj);
    const name = obj.metadata?.name ?? '';
    if (this.object(resource, obj.metadata?.namespace, name)) throw statusError(409, 'AlreadyExists', `${resource} "${name}" already exists`);
    const copy = deepCopy(obj);
    if (copy.metadata) delete copy.metadata.resourceVersion;
    return this.put(resource, copy) as T;
  }

  get<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T {
    this.record('get', resource, namespace, name);
    return this.mustGet(resource, namespace, name) as T;
  }

  list<T extends KubeObject>(resource: ResourceName, opts: ListOptions = {}): ObjectList<T> {
    this.record('list', resource, opts.namespace);
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.rv) }, items: this.objects<T>(resource, opts.namespace) };
  }

  private replace<T extends KubeObject>(verb: string, resource: ResourceName, obj: T): T {
    this.record(verb, resource, obj.metadata?.namespace, obj.metadata?.name, obj);
    const name = obj.metadata?.name ?? '';
    const current = this.mustGet(resource, obj.metadata?.namespace, name);
    const want = obj.metadata?.resourceVersion;
    if (want !== undefined && want !== current.metadata?.resourceVersion) {
      throw statusError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const copy = deepCopy(obj);
    copy.metadata ??= {};
    copy.metadata.uid = current.metadata?.uid;
    return this.put(resource, copy) as T;
  }

  update<T extends KubeObject>(resource: ResourceName, obj: T): T {
    return this.replace('update', resource, obj);
  }

  updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): T {
    return this.replace('updateStatus', resource, obj);
  }

  patch<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string, type: PatchType, patch: unknown): T {
    this.record('patch', resource, namespace, name, patch);
    const current = this.mustGet(resource, namespace, name);
    const next = applyPatch(deepCopy(current), type, patch, { apiVersion: current.apiVersion ?? 'v1', kind: current.kind ?? '' });
    return this.put(resource, next) as T;
  }

  delete<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string, _opts?: DeleteOptions): T {
    this.record('delete', resource, namespace, name);
    const current = this.mustGet(resource, namespace, name);
    this.store.get(resource)!.delete(keyOf(namespace, name));
    return current as T;
  }

  watch<T extends KubeObject>(_resource: ResourceName, _opts: WatchOptions, _handler: (ev: WatchEvent<T>) => void): WatchHandle {
    return { stop: () => undefined };
  }

  /** Sets spec.nodeName; 409 when the pod is already assigned, as the API server's binding REST. */
  bind(namespace: string, name: string, binding: Binding): void {
    this.record('bind', 'pods', namespace, name, binding);
    const pod = this.mustGet('pods', namespace, name) as Pod & KubeObject;
    if (pod.spec?.nodeName) {
      throw statusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    }
    const copy = deepCopy(pod) as KubeObject;
    copy.spec = { ...(pod.spec ?? {}), nodeName: binding.target.name };
    this.put('pods', copy);
  }

  evict(namespace: string, name: string, _eviction?: Eviction): void {
    this.record('evict', 'pods', namespace, name);
    this.mustGet('pods', namespace, name);
    this.store.get('pods')!.delete(keyOf(namespace, name));
  }
}

export class FakeHandle implements Handle {
  readonly recordingClient = new RecordingClient();
  readonly loop: Loop;
  private readonly lister: FakeNodeLister;
  private readonly random: Rng;
  private recorder?: EventRecorder;
  private informerFactory?: SharedInformerFactory;

  constructor(private readonly opts: FakeHandleOptions = {}) {
    this.loop = opts.loop ?? new Loop();
    this.lister = new FakeNodeLister(opts.nodes ?? []);
    this.random = new Rng(opts.seed ?? 1);
    for (const [resource, objs] of Object.entries(opts.objects ?? {})) this.recordingClient.seed(resource, objs);
  }

  snapshotSharedLister(): NodeInfoLister {
    return this.lister;
  }

  /** Informers over the recording client: they list its store; watches deliver nothing. */
  informers(): SharedInformerFactory {
    this.informerFactory ??= new SharedInformerFactory(this.recordingClient, this.loop);
    return this.informerFactory;
  }

  client(): Client {
    return this.recordingClient;
  }

  /** A real recorder writing Events into the store (resource `events`). */
  eventRecorder(): EventRecorder {
    this.recorder ??= new EventRecorder(this.recordingClient, this.loop, { component: this.profileName() });
    return this.recorder;
  }

  rng(): Rng {
    return this.random;
  }

  now(): number {
    return this.loop.now;
  }

  timestamp(atMs?: number): string {
    return formatRFC3339(DEFAULT_EPOCH_MS + (atMs ?? this.loop.now));
  }

  podNominator(): PodNominator {
    const nominated = this.opts.nominatedPods ?? {};
    return { nominatedPodsForNode: (nodeName: string) => nominated[nodeName] ?? [] };
  }

  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    for (const p of this.opts.filterPlugins ?? []) {
      if (state.skipFilterPlugins.has(p.name())) continue;
      const s = p.filter(state, pod, nodeInfo);
      if (!s.isSuccess()) return s.withPlugin(s.plugin || p.name());
    }
    return Status.success();
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.opts.preFilterPlugins ?? []) {
      if (state.skipFilterPlugins.has(p.name())) continue;
      const s = p.preFilterExtensions?.()?.addPod(state, pod, toAdd, nodeInfo);
      if (s && !s.isSuccess()) return s;
    }
    return Status.success();
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.opts.preFilterPlugins ?? []) {
      if (state.skipFilterPlugins.has(p.name())) continue;
      const s = p.preFilterExtensions?.()?.removePod(state, pod, toRemove, nodeInfo);
      if (s && !s.isSuccess()) return s;
    }
    return Status.success();
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.opts.namespaceLabels?.[namespace] ?? this.recordingClient.object('namespaces', undefined, namespace)?.metadata?.labels;
  }

  profileName(): string {
    return this.opts.profileName ?? 'default-scheduler';
  }

  parallelism(): number {
    return this.opts.parallelism ?? 16;
  }

  list<T extends KubeObject>(resource: string, namespace?: string): T[] {
    return this.recordingClient.objects<T>(resource, namespace);
  }

  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    return this.recordingClient.object<T>(resource, namespace, name);
  }
}
