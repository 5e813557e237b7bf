import { applyPatch, type Operation } from 'fast-json-patch';
import { StatusError, type KubeObject, type Status } from '../../src/api/object';
import { deepCopy, deepFreeze } from '../../src/api/freeze';
import type {
  Binding,
  Client,
  DeleteOptions,
  Eviction,
  ListOptions,
  ObjectList,
  PatchType,
  ResourceName,
  WatchEvent,
  WatchEventType,
  WatchHandle,
  WatchOptions,
} from '../../src/client/types';
import type { Loop } from '../../src/sim/loop';

/**
 * An in-memory `Client` over a Loop, for the client machinery's unit tests only (the real API
 * server lives in src/apiserver). It keeps the Client contract: synchronous calls that throw
 * StatusError, deep-frozen results, watch events delivered as loop tasks in resourceVersion
 * order, and a single ERROR 410 event for a watch from a compacted resourceVersion. It does no
 * validation, defaulting or admission.
 *
 * Test hooks: `failNext` (make the next call of a verb throw), `disconnectWatches` (a silent
 * network split: watchers stop getting events), `expireWatches` (send ERROR 410 and close),
 * `compact`, and `calls` (every call made).
 *
 * The pod subresources are the bare minimum: `bind` sets spec.nodeName (409 when the pod has one)
 * and `evict` is a plain delete — no PodDisruptionBudgets, no conditions.
 */

interface Watcher {
  resource: ResourceName;
  opts: WatchOptions;
  handler: (ev: WatchEvent) => void;
  stopped: boolean;
  /** Disconnected: events are silently lost. */
  deaf: boolean;
}

interface HistoryEntry {
  rv: number;
  resource: ResourceName;
  type: WatchEventType;
  object: KubeObject;
}

export interface Call {
  verb: string;
  resource: ResourceName;
  namespace?: string;
  name?: string;
  body?: unknown;
}

const KINDS: Record<string, { kind: string; apiVersion: string }> = {
  pods: { kind: 'Pod', apiVersion: 'v1' },
  nodes: { kind: 'Node', apiVersion: 'v1' },
  events: { kind: 'Event', apiVersion: 'v1' },
  configmaps: { kind: 'ConfigMap', apiVersion: 'v1' },
  namespaces: { kind: 'Namespace', apiVersion: 'v1' },
  'deployments.apps': { kind: 'Deployment', apiVersion: 'apps/v1' },
};

export function statusError(code: number, reason: string, message: string): StatusError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  return new StatusError(s);
}

export class FakeClient implements Client {
  private rv = 0;
  private uid = 0;
  private compactedRV = 0;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly failures: Array<{ verb: string; resource?: string; error: unknown }> = [];
  readonly calls: Call[] = [];

  constructor(private readonly loop: Loop) {}

  /** The next call of `verb` (on `resource`, if given) throws `error`. Queued failures are used in order. */
  failNext(verb: string, error: unknown, resource?: ResourceName): void {
    this.failures.push({ verb, resource, error });
  }

  /** Current watchers of `resource` stop receiving events (without being told). */
  disconnectWatches(resource: ResourceName): void {
    for (const w of this.watchers) if (w.resource === resource) w.deaf = true;
  }

  /** Sends every watcher of `resource` one ERROR 410 Expired event and closes it. */
  expireWatches(resource: ResourceName): void {
    for (const w of [...this.watchers]) {
      if (w.resource !== resource) continue;
      this.watchers.delete(w);
      const ev: WatchEvent = { type: 'ERROR', object: this.expired(w.opts.resourceVersion ?? '') };
      this.loop.post(() => {
        if (!w.stopped) w.handler(ev);
      });
    }
  }

  /** Forget history up to the current revision: watches from older revisions get 410. */
  compact(): void {
    this.compactedRV = this.rv;
    this.history.length = 0;
  }

  activeWatchers(resource: ResourceName): number {
    let n = 0;
    for (const w of this.watchers) if (w.resource === resource && !w.stopped) n++;
    return n;
  }

  /** All stored objects of a resource, frozen, in key order. */
  all<T extends KubeObject = KubeObject>(resource: ResourceName): T[] {
    const m = this.objects.get(resource) ?? new Map();
    return [...m.keys()].sort().map((k) => m.get(k)) as T[];
  }

  create<T extends KubeObject>(resource: ResourceName, obj: T): T {
    this.enter('create', resource, obj.metadata?.namespace, obj.metadata?.name, obj);
    const o = deepCopy(obj) as KubeObject;
    o.metadata = { ...(o.metadata ?? {}) };
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = `${o.metadata.generateName}${(++this.uid).toString(36)}`;
    const name = o.metadata.name;
    if (!name) throw statusError(422, 'Invalid', `${resource} is invalid: metadata.name: Required value`);
    const key = keyOf(o.metadata.namespace, name);
    const store = this.store(resource);
    if (store.has(key)) throw statusError(409, 'AlreadyExists', `${resource} "${name}" already exists`);
    if (o.metadata.resourceVersion) throw statusError(400, 'BadRequest', 'resourceVersion should not be set on objects to be created');
    const kind = KINDS[resource];
    if (kind) {
      o.apiVersion ??= kind.apiVersion;
      o.kind ??= kind.kind;
    }
    o.metadata.uid = `uid-${++this.uid}`;
    return this.commit(resource, key, o, 'ADDED') as T;
  }

  get<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T {
    this.enter('get', resource, namespace, name);
    const o = this.store(resource).get(keyOf(namespace, name));
    if (!o) throw notFound(resource, name);
    return o as T;
  }

  list<T extends KubeObject>(resource: ResourceName, opts: ListOptions = {}): ObjectList<T> {
    this.enter('list', resource, opts.namespace);
    const items = this.all(resource).filter((o) => matches(o, opts));
    const kind = KINDS[resource];
    return {
      apiVersion: kind?.apiVersion ?? 'v1',
      kind: `${kind?.kind ?? ''}List`,
      metadata: { resourceVersion: String(this.rv) },
      items: items as T[],
    };
  }

  update<T extends KubeObject>(resource: ResourceName, obj: T): T {
    return this.doUpdate('update', resource, obj);
  }

  updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): T {
    return this.doUpdate('updateStatus', resource, obj);
  }

  patch<T extends KubeObject>(
    resource: ResourceName,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: { subresource?: 'status' },
  ): T {
    this.enter(opts?.subresource ? `patch/${opts.subresource}` : 'patch', resource, namespace, name, patch);
    const key = keyOf(namespace, name);
    const current = this.store(resource).get(key);
    if (!current) throw notFound(resource, name);
    let next: KubeObject;
    if (type === 'json') next = applyPatch(deepCopy(current), patch as Operation[], false, false).newDocument;
    else next = mergePatch(deepCopy(current), patch) as KubeObject;
    next.metadata = { ...(next.metadata ?? {}), name, namespace, uid: current.metadata?.uid };
    if (namespace === undefined) delete next.metadata.namespace;
    return this.commit(resource, key, next, 'MODIFIED') as T;
  }

  delete<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string, _opts?: DeleteOptions): T {
    this.enter('delete', resource, namespace, name);
    const key = keyOf(namespace, name);
    const store = this.store(resource);
    const current = store.get(key);
    if (!current) throw notFound(resource, name);
    store.delete(key);
    const last = deepCopy(current);
    last.metadata = { ...last.metadata, resourceVersion: String(++this.rv) };
    deepFreeze(last);
    this.publish(resource, 'DELETED', last);
    return last as T;
  }

  watch<T extends KubeObject>(resource: ResourceName, opts: WatchOptions, handler: (ev: WatchEvent<T>) => void): WatchHandle {
    this.enter('watch', resource, opts.namespace);
    const w: Watcher = { resource, opts, handler: handler as (ev: WatchEvent) => void, stopped: false, deaf: false };
    const from = opts.resourceVersion ? Number(opts.resourceVersion) : undefined;
    if (from !== undefined && from < this.compactedRV) {
      const ev: WatchEvent = { type: 'ERROR', object: this.expired(opts.resourceVersion!) };
      this.loop.post(() => {
        if (!w.stopped) w.handler(ev);
      });
      return { stop: () => (w.stopped = true) };
    }
    if (from !== undefined) {
      for (const h of this.history) if (h.rv > from && h.resource === resource) this.deliver(w, h.type, h.object);
    }
    this.watchers.add(w);
    return {
      stop: () => {
        w.stopped = true;
        this.watchers.delete(w);
      },
    };
  }

  bind(namespace: string, name: string, binding: Binding): void {
    this.enter('bind', 'pods', namespace, name, binding);
    const key = keyOf(namespace, name);
    const current = this.store('pods').get(key);
    if (!current) throw notFound('pods', name);
    const spec = (current.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) {
      throw statusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${spec.nodeName}"`);
    }
    const next = deepCopy(current);
    next.spec = { ...spec, nodeName: binding.target.name };
    if (binding.metadata.annotations) next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, ...binding.metadata.annotations } };
    this.commit('pods', key, next, 'MODIFIED');
  }

  evict(namespace: string, name: string, eviction?: Eviction): void {
    this.enter('evict', 'pods', namespace, name, eviction);
    this.delete('pods', namespace, name, eviction?.deleteOptions);
  }

  private doUpdate<T extends KubeObject>(verb: string, resource: ResourceName, obj: T): T {
    const ns = obj.metadata?.namespace;
    const name = obj.metadata?.name ?? '';
    this.enter(verb, resource, ns, name, obj);
    const key = keyOf(ns, name);
    const current = this.store(resource).get(key);
    if (!current) throw notFound(resource, name);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== current.metadata?.resourceVersion) {
      throw statusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = deepCopy(obj) as KubeObject;
    next.metadata = { ...next.metadata, uid: current.metadata?.uid };
    return this.commit(resource, key, next, 'MODIFIED') as T;
  }

  private commit(resource: ResourceName, key: string, o: KubeObject, type: WatchEventType): KubeObject {
    o.metadata = { ...o.metadata, resourceVersion: String(++this.rv) };
    deepFreeze(o);
    this.store(resource).set(key, o);
    this.publish(resource, type, o);
    return o;
  }

  private publish(resource: ResourceName, type: WatchEventType, object: KubeObject): void {
    this.history.push({ rv: this.rv, resource, type, object });
    for (const w of this.watchers) if (w.resource === resource) this.deliver(w, type, object);
  }

  private deliver(w: Watcher, type: WatchEventType, object: KubeObject): void {
    if (w.deaf || !matches(object, w.opts)) return;
    const ev: WatchEvent = { type, object };
    this.loop.post(() => {
      if (!w.stopped && !w.deaf) w.handler(ev);
    });
  }

  private enter(verb: string, resource: ResourceName, namespace?: string, name?: string, body?: unknown): void {
    this.calls.push({ verb, resource, namespace, name, body });
    const i = this.failures.findIndex((f) => f.verb === verb && (f.resource === undefined || f.resource === resource));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      throw f.error;
    }
  }

  private expired(requested: string): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `too old resource version: ${requested} (${this.compactedRV})`,
      reason: 'Expired',
      code: 410,
    };
  }

  private store(resource: ResourceName): Map<string, KubeObject> {
    let m = this.objects.get(resource);
    if (!m) this.objects.set(resource, (m = new Map()));
    return m;
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function notFound(resource: ResourceName, name: string): StatusError {
  return statusError(404, 'NotFound', `${resource} "${name}" not found`);
}

/** RFC 7396 (strategic merge patches of plain maps behave the same). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function matches(o: KubeObject, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string }): boolean {
  if (opts.namespace && o.metadata?.namespace !== opts.namespace) return false;
  if (opts.labelSelector && !labelsMatch(o.metadata?.labels ?? {}, opts.labelSelector)) return false;
  if (opts.fieldSelector && !fieldsMatch(o, opts.fieldSelector)) return false;
  return true;
}

/** Equality- and set-based requirements: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
function labelsMatch(labels: Record<string, string>, selector: string): boolean {
  const reqs = selector.match(/[^,()]+(?:\([^)]*\))?/g) ?? [];
  return reqs.every((raw) => {
    const r = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = r.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const values = m[3].split(',').map((s) => s.trim());
      const has = m[1] in labels && values.includes(labels[m[1]]);
      return m[2] === 'in' ? has : !has;
    }
    if ((m = r.match(/^([^!=]+)!=(.*)$/))) return labels[m[1].trim()] !== m[2].trim();
    if ((m = r.match(/^([^!=]+)==?(.*)$/))) return labels[m[1].trim()] === m[2].trim();
    if (r.startsWith('!')) return !(r.slice(1).trim() in labels);
    return r in labels;
  });
}

function fieldsMatch(o: KubeObject, selector: string): boolean {
  return selector.split(',').every((raw) => {
    const m = raw.trim().match(/^([^!=]+)(!=|==|=)(.*)$/);
    if (!m) return false;
    let v: unknown = o;
    for (const part of m[1].split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    const actual = v === undefined || v === null ? '' : String(v);
    return m[2] === '!=' ? actual !== m[3] : actual === m[3];
  });
}
