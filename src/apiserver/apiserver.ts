import type { KubeObject, StatusCause } from '../api/object';
import { StatusError, isStatusError } from '../api/object';
import { deepCopy, frozenCopy } from '../api/freeze';
import type { ResourceInfo, ResourceRegistry } from '../api/resources';
import { storageKey, storagePrefix } from '../api/keys';
import { applyDefaults } from '../api/defaults';
import { checkUnknownFields, formatFieldError, validateObject } from '../api/validation';
import type { FieldError } from '../api/validation';
import { GoValue, validateObjectUpdate } from '../api/validation';
import { convertFieldSelector, fieldsFor, parseFieldSelector, parseLabelSelector } from '../api/selectors';
import { applyPatch, PatchError } from '../api/patch';
import { findBadQuantity } from '../api/quantity_fields';
import type { EventLog } from '../sim/eventlog';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import type { Store } from '../store';
import type { KeyValue } from '../store/types';
import type {
  Binding,
  Client,
  DeleteOptions,
  Eviction,
  ListOptions,
  PropagationPolicy,
  ObjectList,
  PatchType,
  ResourceName,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../api/client_types';
import { AdmissionChain } from './admission';
import type { AdmissionAttributes, AdmissionContext, Operation } from './admission';
import * as errors from './errors';
import { rfc3339 } from '../api/time';
import { generateName, newUid } from './names';
import { dropDisabledFields, generationChanged, podGracePeriod, prepareDaemonSetUpdate, prepareForCreate, tracksGeneration } from './strategy';
import { FeatureGates } from '../api/feature_gates';
import { toWatchEvent } from './watch';
import { CrdHooks } from './crd';
import { aggregateMessage, assignPod, BindingRefused, validatePodBinding } from './binding';
import { evictPod } from './eviction';
import { checkPriorityClassDelete } from './bootstrap_priority';

export interface ApiServerOptions {
  loop: Loop;
  rng: Rng;
  log: EventLog;
  store: Store<KubeObject>;
  registry: ResourceRegistry;
  admission?: AdmissionChain;
  /** The wall-clock instant virtual time 0 stands for (timestamps in objects are epoch + now). */
  epochMs: number;
  /** Gates the strategies consult to drop fields of disabled features (default: v1.32 defaults). */
  featureGates?: FeatureGates;
}

/** How many names generateName tries before giving up with AlreadyExists (RetryGenerateName). */
const GENERATE_NAME_ATTEMPTS = 8;

type Meta = NonNullable<KubeObject['metadata']>;

/**
 * The API server: the verbs of the Kubernetes API over the MVCC store, with defaulting, admission,
 * validation, optimistic concurrency, finalizers and graceful deletion, answering failures with the
 * Status objects upstream sends. Every component reaches the cluster only through `client(user)`.
 *
 * Contracts:
 * - Calls are synchronous and atomic; a call either writes one revision or fails without writing.
 * - Objects handed out are deep-frozen and carry `metadata.resourceVersion` = the store's modRevision.
 * - A write that changes nothing writes nothing (no new resourceVersion, no watch event), as the
 *   real storage layer skips identical bytes; controllers rely on it to reach a fixed point.
 */
export class ApiServer {
  readonly registry: ResourceRegistry;
  readonly admission: AdmissionChain;
  private readonly crd: CrdHooks;
  private readonly gates: FeatureGates;

  constructor(private readonly o: ApiServerOptions) {
    this.registry = o.registry;
    this.gates = o.featureGates ?? FeatureGates.defaults();
    this.admission = o.admission ?? new AdmissionChain();
    this.crd = new CrdHooks(this);
  }

  get store(): Store<KubeObject> {
    return this.o.store;
  }

  /** A client acting as `user` (a component name: `kube-scheduler`, `kubelet/node-1`, `user`). */
  client(user: string): Client {
    return {
      create: (r, obj) => this.create(user, r, obj),
      get: (r, ns, name) => this.get(r, ns, name),
      list: (r, opts) => this.list(r, opts),
      update: (r, obj) => this.update(user, r, obj, ''),
      updateStatus: (r, obj) => this.update(user, r, obj, 'status'),
      patch: (r, ns, name, type, patch, opts) => this.patch(user, r, ns, name, type, patch, opts?.subresource ?? ''),
      delete: (r, ns, name, opts) => this.delete(user, r, ns, name, opts),
      watch: (r, opts, handler) => this.watch(r, opts, handler),
      bind: (ns, name, binding) => this.bind(user, ns, name, binding),
      evict: (ns, name, eviction) => this.evict(user, ns, name, eviction),
    } as Client;
  }

  /** The resource behind a name such as `pods` or `deployments.apps`; 404 when not served. */
  resource(name: ResourceName): ResourceInfo {
    const info = this.registry.byName(name);
    if (!info) throw errors.noSuchResource(name);
    return info;
  }

  // ---- reads -------------------------------------------------------------------------------

  get<T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T {
    const info = this.resource(resource);
    const kv = this.read(info, namespace, name);
    if (!kv) throw errors.notFound(target(info), name);
    return kv.value as T;
  }

  list<T extends KubeObject>(resource: ResourceName, opts: ListOptions = {}): ObjectList<T> {
    const info = this.resource(resource);
    const match = this.filter(info, opts.labelSelector, opts.fieldSelector);
    const rv = opts.resourceVersion ? Number(opts.resourceVersion) : 0;
    if (!(Number.isInteger(rv) && rv >= 0)) throw errors.badRequest(`invalid resource version "${opts.resourceVersion}"`);
    if (opts.resourceVersionMatch && !rv) {
      throw errors.badRequest(`resourceVersionMatch is forbidden unless resourceVersion is provided`);
    }
    const current = this.o.store.rev;
    if (rv > current) throw errors.tooLargeResourceVersion(rv, current);
    if (opts.resourceVersionMatch === 'Exact' && rv < this.o.store.compactRevision) {
      throw errors.expired('The resourceVersion for the provided list is too old.');
    }
    const res = this.o.store.range(storagePrefix(info, info.namespaced ? opts.namespace : undefined), {
      prefix: true,
      revision: opts.resourceVersionMatch === 'Exact' ? rv : 0,
    });
    const items: T[] = [];
    for (const kv of res.kvs) {
      if (!match(kv.value)) continue;
      items.push(kv.value as T);
      if (opts.limit && items.length >= opts.limit) break;
    }
    return { apiVersion: info.apiVersion, kind: info.listKind, metadata: { resourceVersion: String(res.revision) }, items };
  }

  watch<T extends KubeObject>(resource: ResourceName, opts: WatchOptions, handler: (ev: WatchEvent<T>) => void): WatchHandle {
    const info = this.resource(resource);
    const match = this.filter(info, opts.labelSelector, opts.fieldSelector);
    const { loop, store } = this.o;
    let stopped = false;
    const deliver = (events: WatchEvent[]) => {
      if (events.length === 0) return;
      loop.post(
        () => {
          for (const e of events) if (!stopped) handler(e as WatchEvent<T>);
        },
        { label: `watch ${info.name}` },
      );
    };
    const prefix = storagePrefix(info, info.namespaced ? opts.namespace : undefined);
    let startRevision: number;
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      const rv = Number(opts.resourceVersion);
      if (!Number.isInteger(rv) || rv < 0) throw errors.badRequest(`invalid resource version "${opts.resourceVersion}"`);
      startRevision = rv + 1;
    } else {
      // No resourceVersion: "get state and start at most recent" — synthetic ADDED events for
      // what exists now, then everything after.
      const now = store.range(prefix, { prefix: true });
      deliver(now.kvs.filter((kv) => match(kv.value)).map((kv) => ({ type: 'ADDED' as const, object: kv.value })));
      startRevision = now.revision + 1;
    }
    const watcher = store.watch(prefix, { prefix: true, startRevision, prevKv: true }, (resp) => {
      if (resp.compactRevision !== undefined) {
        const oldest = resp.compactRevision - 1;
        deliver([
          { type: 'ERROR', object: errors.expired(`too old resource version: ${startRevision - 1} (${oldest})`).status },
        ]);
        return; // the store has cancelled the watcher: the ERROR is the last event

      }
      const out: WatchEvent[] = [];
      for (const ev of resp.events) {
        const w = toWatchEvent(ev, match);
        if (w) out.push(w);
      }
      deliver(out);
    });
    return {
      stop: () => {
        stopped = true;
        watcher.cancel();
      },
    };
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Create, in upstream's order: decode and default; mutating admission (which sees the object as the
   * client sent it, without a generated name or UID); then the registry's BeforeCreate — system
   * fields, generateName, PrepareForCreate — validation, validating admission, and the write.
   */
  create<T extends KubeObject>(user: string, resource: ResourceName, input: T): T {
    const info = this.resource(resource);
    this.crd.checkCreate(info);
    const obj = this.decode(info, input);
    const meta = obj.metadata!;
    if (info.namespaced) meta.namespace ||= 'default';
    else delete meta.namespace;
    applyDefaults(info, obj);
    this.admission.mutate(this.attrs('CREATE', user, info, meta.namespace ?? '', meta.name ?? '', obj), this.ctx);
    const explicitName = !!meta.name;
    for (let attempt = 0; ; attempt++) {
      if (!explicitName && meta.generateName) meta.name = generateName(meta.generateName, this.o.rng);
      // createOnce writes system fields into its object; only a generateName retry needs a fresh one.
      const candidate = explicitName ? obj : deepCopy(obj);
      try {
        return this.createOnce(user, info, candidate) as T;
      } catch (e) {
        const retry = !explicitName && meta.generateName && isStatusError(e) && e.reason === 'AlreadyExists';
        if (!retry || attempt + 1 >= GENERATE_NAME_ATTEMPTS) throw e;
      }
    }
  }

  private createOnce(user: string, info: ResourceInfo, obj: KubeObject): KubeObject {
    const meta = obj.metadata!;
    meta.uid = newUid(this.o.rng);
    meta.creationTimestamp = this.timestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.generation;
    delete (meta as Record<string, unknown>).selfLink;
    prepareForCreate(info, obj);
    dropDisabledFields(info, obj, undefined, this.gates);
    // PV strategy PrepareForCreate: the Pending phase starts now.
    if (info.name === 'persistentvolumes') (obj.status as Record<string, unknown>).lastPhaseTransitionTime = this.timestamp();
    if (tracksGeneration(info)) meta.generation = 1;
    this.validate(info, obj, meta.name ?? '', []);
    this.admission.validate(this.attrs('CREATE', user, info, meta.namespace ?? '', meta.name ?? '', obj), this.ctx);
    const key = storageKey(info, meta.namespace, meta.name!);
    meta.resourceVersion = String(this.o.store.rev + 1);
    const frozen = frozenCopy(obj);
    const res = this.o.store.txn({
      compare: [{ key, target: 'create', result: '=', value: 0 }],
      success: [{ type: 'put', key, value: frozen }],
      failure: [],
    });
    if (!res.succeeded) throw errors.alreadyExists(target(info), meta.name!);
    this.record(user, 'create', info, frozen);
    this.crd.afterWrite(info, frozen);
    return frozen;
  }

  update<T extends KubeObject>(user: string, resource: ResourceName, input: T, subresource: Subresource): T {
    const info = this.resource(resource);
    this.checkSubresource(info, subresource);
    const obj = this.decode(info, input);
    const ns = info.namespaced ? obj.metadata!.namespace || 'default' : undefined;
    const name = obj.metadata!.name ?? '';
    if (!name) throw this.invalid(info, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
    const kv = this.read(info, ns, name);
    if (!kv) throw errors.notFound(target(info), name);
    const rv = obj.metadata!.resourceVersion;
    if (rv && rv !== String(kv.modRevision)) throw errors.conflict(target(info), name);
    if (!rv && info.crd) {
      // Custom resources do not allow unconditional updates (AllowUnconditionalUpdate is false).
      throw this.invalid(info, name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', detail: 'must be specified for an update', value: new GoValue('0x0') }]);
    }
    return this.writeUpdate(user, info, kv, obj, subresource) as T;
  }

  patch<T extends KubeObject>(
    user: string,
    resource: ResourceName,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource: Subresource,
  ): T {
    const info = this.resource(resource);
    this.checkSubresource(info, subresource);
    const ns = info.namespaced ? namespace || 'default' : undefined;
    const kv = this.read(info, ns, name);
    if (!kv) throw errors.notFound(target(info), name);
    let patched: KubeObject;
    try {
      patched = applyPatch(kv.value, type, patch, { apiVersion: info.apiVersion, kind: info.kind }) as KubeObject;
    } catch (e) {
      if (isStatusError(e)) throw e;
      if (type === 'json' && e instanceof PatchError && e.code === 422) throw errors.rejectedPatch(target(info), name, e.message);
      if (e instanceof PatchError && e.code !== 422) throw errors.status(e.code, e.reason, e.message);
      throw this.invalid(info, name, [], [`${(e as Error).message}`]);
    }
    // The patched object's resourceVersion, when the patch set one, is a precondition.
    const wantRv = (patched as KubeObject | null)?.metadata?.resourceVersion;
    if (wantRv && wantRv !== String(kv.modRevision)) throw errors.conflict(target(info), name);
    const obj = this.decode(info, patched);
    if (obj.metadata!.name !== name) {
      throw errors.badRequest(`the name of the object (${obj.metadata!.name}) does not match the name on the URL (${name})`);
    }
    if (info.namespaced && obj.metadata!.namespace && obj.metadata!.namespace !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    return this.writeUpdate(user, info, kv, obj, subresource) as T;
  }

  delete<T extends KubeObject>(user: string, resource: ResourceName, namespace: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const info = this.resource(resource);
    if (info.name === 'priorityclasses.scheduling.k8s.io') checkPriorityClassDelete(name);
    const ns = info.namespaced ? namespace || 'default' : undefined;
    const kv = this.read(info, ns, name);
    if (!kv) throw errors.notFound(target(info), name);
    const cur = kv.value;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata?.uid) {
      throw errors.conflict(target(info), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata?.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== String(kv.modRevision)) {
      throw errors.conflict(
        target(info),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${kv.modRevision}`,
      );
    }
    if (opts.propagationPolicy && !['Background', 'Foreground', 'Orphan'].includes(opts.propagationPolicy)) {
      throw this.invalid(info, name, [
        {
          type: 'FieldValueNotSupported',
          field: 'propagationPolicy',
          detail: 'supported values: "Background", "Foreground", "Orphan"',
          value: opts.propagationPolicy,
        },
      ]);
    }
    this.admission.validate(this.attrs('DELETE', user, info, ns ?? '', name, undefined, cur), this.ctx);
    const obj = deepCopy(cur);
    const meta = obj.metadata!;
    this.crd.beforeDelete(info, obj);
    const finalizers = gcFinalizers(meta.finalizers ?? [], opts.propagationPolicy ?? defaultPropagation(info));
    const finalizersChanged = finalizers.join('\0') !== (meta.finalizers ?? []).join('\0');
    const grace = info.name === 'pods' ? podGracePeriod(cur, opts.gracePeriodSeconds) : 0;
    const now = this.o.loop.now;

    if (info.name === 'namespaces') {
      // Fact 153 (namespace REST Delete): the first DELETE only turns the namespace Terminating; the
      // namespace controller empties it and finalizes it. Later DELETEs remove it once spec.finalizers
      // is empty.
      const specFinalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = this.timestamp(now);
        setFinalizers(meta, finalizers);
        obj.status = { ...(obj.status as object), phase: 'Terminating' };
        return this.put(user, 'delete', info, kv, obj) as T;
      }
      if (specFinalizers.length) return cur as T;
      if (finalizers.length === 0) return this.remove(user, info, kv) as T;
      if (!finalizersChanged) return cur as T;
      setFinalizers(meta, finalizers);
      return this.put(user, 'delete', info, kv, obj) as T;
    }

    if (meta.deletionTimestamp) {
      // Deleting again: a pod's grace period may only shrink; the propagation policy may change the
      // garbage collector's finalizers; otherwise the object waits for its finalizers.
      let changed = finalizersChanged;
      const oldGrace = meta.deletionGracePeriodSeconds ?? 0;
      if (info.name === 'pods' && grace < oldGrace) {
        // rest.BeforeDelete: the new deadline counts from when the deletion started.
        const started = Date.parse(meta.deletionTimestamp) - this.o.epochMs - oldGrace * 1000;
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = this.timestamp(started + grace * 1000);
        changed = true;
      }
      if (finalizers.length === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0) return this.remove(user, info, kv) as T;
      if (!changed) return cur as T;
      setFinalizers(meta, finalizers);
      return this.put(user, 'delete', info, kv, obj) as T;
    }
    if (finalizers.length === 0 && grace === 0) return this.remove(user, info, kv) as T;
    meta.deletionTimestamp = this.timestamp(now + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
    setFinalizers(meta, finalizers);
    if (tracksGeneration(info)) meta.generation = (meta.generation ?? 0) + 1;
    return this.put(user, 'delete', info, kv, obj) as T;
  }

  // ---- pod subresources --------------------------------------------------------------------

  /**
   * POST pods/{name}/binding (BindingREST.Create, assignPod): sets spec.nodeName of an unassigned
   * pod, merges the binding's annotations and sets PodScheduled=True, in one write logged as `bind`.
   * Like upstream's GuaranteedUpdate it goes straight to storage: no admission, no update
   * validation (which forbids changing spec.nodeName). Watchers see a MODIFIED pod.
   * @throws StatusError 400 name/namespace mismatch, 500 invalid target, 404 no pod, 409 pod
   *   assigned/terminating/gated or a failed uid/resourceVersion precondition.
   */
  bind(user: string, namespace: string, name: string, binding: Binding): void {
    const info = this.resource('pods');
    const ns = namespace || 'default';
    if (binding === null || typeof binding !== 'object' || Array.isArray(binding)) {
      throw errors.badRequest(`not a Binding object: ${JSON.stringify(binding)}`);
    }
    const meta = binding.metadata ?? { name: '' };
    if (meta.namespace && meta.namespace !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if ((meta.name ?? '') !== name) throw errors.badRequest('name in URL does not match name in Binding object');
    const invalidTarget = validatePodBinding(binding);
    if (invalidTarget.length) throw errors.unknown(aggregateMessage(invalidTarget));
    const kv = this.read(info, ns, name);
    if (!kv) throw errors.notFound(target(info), name);
    const pod = kv.value;
    // The binding's uid and resourceVersion are storage preconditions (a failed one is a storage
    // "invalid object" error, which InterpretUpdateError turns into a Conflict on pods).
    const rv = (meta as { resourceVersion?: string }).resourceVersion;
    const failed =
      meta.uid && meta.uid !== pod.metadata!.uid
        ? `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${pod.metadata!.uid}`
        : rv && rv !== String(kv.modRevision)
          ? `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${kv.modRevision}`
          : undefined;
    if (failed) {
      throw errors.conflict(target(info), name, `StorageError: invalid object, Code: 4, Key: ${kv.key}, ResourceVersion: 0, AdditionalErrorMsg: ${failed}`);
    }
    let bound: KubeObject;
    try {
      bound = assignPod(pod, binding.target.name, meta.annotations, this.timestamp());
    } catch (e) {
      if (e instanceof BindingRefused) throw errors.conflict({ qualifiedResource: 'pods/binding', plural: 'pods/binding', group: '' }, name, e.message);
      throw e;
    }
    this.put(user, 'bind', info, kv, bound);
  }

  /**
   * POST pods/{name}/eviction (policy/v1 Eviction): see `evictPod`. Its writes — the budget's
   * status, the pod's DisruptionTarget condition, the pod's DELETE — go through the ordinary verbs
   * as `user`, so each is validated and logged as it is upstream.
   */
  evict(user: string, namespace: string, name: string, eviction: Eviction = {}): void {
    const ns = namespace || 'default';
    if (eviction === null || typeof eviction !== 'object' || Array.isArray(eviction)) {
      throw errors.badRequest(`not a Eviction object: ${JSON.stringify(eviction)}`);
    }
    if (eviction.metadata?.namespace && eviction.metadata.namespace !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    evictPod(
      {
        getPod: () => this.get('pods', ns, name),
        listPdbs: () => this.list('poddisruptionbudgets.policy', { namespace: ns }).items,
        updatePdbStatus: (pdb) => this.update(user, 'poddisruptionbudgets.policy', pdb, 'status'),
        updatePodStatus: (pod) => this.update(user, 'pods', pod, 'status'),
        deletePod: (opts) => {
          this.delete(user, 'pods', ns, name, opts);
        },
        now: () => this.timestamp(),
      },
      name,
      eviction,
    );
  }

  // ---- internals ---------------------------------------------------------------------------

  /** The common tail of update and patch: carry over what the client may not change, then write. */
  private writeUpdate(user: string, info: ResourceInfo, kv: KeyValue<KubeObject>, obj: KubeObject, subresource: Subresource): KubeObject {
    const old = kv.value;
    const oldMeta = old.metadata!;
    const meta = obj.metadata!;
    meta.name = oldMeta.name;
    if (info.namespaced) meta.namespace = oldMeta.namespace;
    else delete meta.namespace;
    // An update without a uid or resourceVersion means "this object": Store.Update fills them in
    // before validation; a different uid is then an immutable-field error.
    if (!meta.uid) meta.uid = oldMeta.uid;
    if (!meta.resourceVersion) meta.resourceVersion = oldMeta.resourceVersion;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (oldMeta.generation !== undefined) meta.generation = oldMeta.generation;
    else delete meta.generation;
    if (meta.generateName === undefined && oldMeta.generateName !== undefined) meta.generateName = oldMeta.generateName;

    let next: KubeObject;
    if (subresource === 'status') {
      // The status endpoint changes status only (and, as upstream, keeps labels/annotations).
      next = { ...deepCopy(old), status: obj.status };
      next.metadata = { ...next.metadata, resourceVersion: oldMeta.resourceVersion };
      if (info.name === 'persistentvolumes') stampPhaseTransition(next, old, this.timestamp());
      // deploymentStatusStrategy resets only spec and labels: the deployment controller writes
      // the deployment.kubernetes.io/revision annotation through deployments/status.
      if (info.name === 'deployments.apps') {
        if (meta.annotations && Object.keys(meta.annotations).length) next.metadata.annotations = deepCopy(meta.annotations);
        else delete next.metadata.annotations;
      }
    } else if (subresource === 'finalize') {
      // namespaces/finalize changes spec.finalizers only (the namespace controller's last step).
      next = deepCopy(old);
      next.spec = { ...(next.spec as object), finalizers: (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] };
    } else {
      applyDefaults(info, obj);
      if (info.subresources.status) {
        if (old.status === undefined) delete obj.status;
        else obj.status = deepCopy(old.status);
      }
      next = obj;
      if (info.name === 'namespaces') {
        // spec.finalizers of a namespace change only through namespaces/finalize.
        next.spec = { ...(next.spec as object), finalizers: (old.spec as { finalizers?: string[] } | undefined)?.finalizers };
      }
      if (info.name === 'daemonsets.apps') prepareDaemonSetUpdate(next, old);
      dropDisabledFields(info, next, old, this.gates);
      if (generationChanged(info, next, old)) next.metadata!.generation = (oldMeta.generation ?? 0) + 1;
    }
    const attrs = this.attrs('UPDATE', user, info, oldMeta.namespace ?? '', oldMeta.name!, next, old, subresource);
    this.admission.mutate(attrs, this.ctx);
    const errs = validateObjectUpdate(info, next, old, this.registry);
    if (errs.length) throw this.invalid(info, oldMeta.name!, errs);
    this.admission.validate(attrs, this.ctx);

    next.metadata!.resourceVersion = oldMeta.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(old)) return old;
    if (next.metadata!.deletionTimestamp && !hasFinalizers(info, next) && (next.metadata!.deletionGracePeriodSeconds ?? 0) === 0) {
      return this.remove(user, info, kv);
    }
    if (next.metadata!.finalizers && next.metadata!.finalizers.length === 0) delete next.metadata!.finalizers;
    return this.put(user, subresource ? `update-${subresource}` : 'update', info, kv, next);
  }

  /** Writes `obj` over `kv` if nobody wrote in between (compare on modRevision). */
  private put(user: string, verb: string, info: ResourceInfo, kv: KeyValue<KubeObject>, obj: KubeObject): KubeObject {
    obj.metadata!.resourceVersion = String(this.o.store.rev + 1);
    const frozen = frozenCopy(obj);
    const res = this.o.store.txn({
      compare: [{ key: kv.key, target: 'mod', result: '=', value: kv.modRevision }],
      success: [{ type: 'put', key: kv.key, value: frozen }],
      failure: [],
    });
    if (!res.succeeded) throw errors.conflict(target(info), obj.metadata!.name!);
    this.record(user, verb, info, frozen);
    this.crd.afterWrite(info, frozen);
    return frozen;
  }

  /** Removes the object for good; returns its last state (with the deletion's resourceVersion). */
  private remove(user: string, info: ResourceInfo, kv: KeyValue<KubeObject>): KubeObject {
    const res = this.o.store.txn({
      compare: [{ key: kv.key, target: 'mod', result: '=', value: kv.modRevision }],
      success: [{ type: 'delete', key: kv.key }],
      failure: [],
    });
    if (!res.succeeded) throw errors.conflict(target(info), kv.value.metadata!.name!);
    const last = frozenCopy({ ...kv.value, metadata: { ...kv.value.metadata, resourceVersion: String(res.revision) } });
    this.record(user, 'remove', info, last);
    this.crd.afterRemove(info, last);
    return last;
  }

  /** Copies the request body, checks its apiVersion/kind and rejects unknown fields (strict decoding). */
  private decode(info: ResourceInfo, input: KubeObject): KubeObject {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw errors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    }
    const obj = deepCopy(input);
    obj.apiVersion ??= info.apiVersion;
    obj.kind ??= info.kind;
    if (obj.kind !== info.kind || obj.apiVersion !== info.apiVersion) {
      throw errors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${info.apiVersion})` +
          (obj.kind !== info.kind ? `, or the kind (${obj.kind}) does not match the expected kind (${info.kind})` : ''),
      );
    }
    if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
      if (obj.metadata !== undefined) throw this.undecodable(info, 'metadata', obj.metadata, 'v1.ObjectMeta');
      obj.metadata = {};
    }
    for (const f of ['name', 'namespace', 'generateName', 'resourceVersion', 'uid'] as const) {
      const v = obj.metadata[f];
      if (v !== undefined && v !== null && typeof v !== 'string') throw this.undecodable(info, `metadata.${f}`, v, 'string');
    }
    const badQuantity = info.crd ? undefined : findBadQuantity(obj);
    if (badQuantity) throw errors.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${badQuantity.message}`);
    const unknown = checkUnknownFields(info, obj);
    if (unknown.length) {
      throw errors.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${unknown.join(', ')}`);
    }
    return obj;
  }

  /** A body field of the wrong JSON type: the 400 the API server's decoder answers with. */
  private undecodable(info: ResourceInfo, field: string, value: unknown, goType: string): StatusError {
    const jsonType = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
    const struct = field.startsWith('metadata.') ? 'ObjectMeta' : info.kind;
    return errors.badRequest(
      `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${jsonType} into Go struct field ${struct}.${field} of type ${goType}`,
    );
  }

  private validate(info: ResourceInfo, obj: KubeObject, name: string, extra: FieldError[]): void {
    const errs = [...validateObject(info, obj, this.registry), ...extra];
    if (errs.length) throw this.invalid(info, name, errs);
  }

  private invalid(info: ResourceInfo, name: string, errs: FieldError[], plain: string[] = []): StatusError {
    const list: { text: string; cause: StatusCause }[] = errs.map((e) => ({
      text: formatFieldError(e),
      cause: { reason: e.type, message: formatFieldError(e).slice(e.field.length + 2), field: e.field },
    }));
    for (const p of plain) list.push({ text: p, cause: { message: p } });
    return errors.invalid({ kind: info.kind, group: info.group }, name, list);
  }

  private read(info: ResourceInfo, namespace: string | undefined, name: string): KeyValue<KubeObject> | undefined {
    if (!name) return undefined;
    const ns = info.namespaced ? namespace || 'default' : undefined;
    return this.o.store.range(storageKey(info, ns, name)).kvs[0];
  }

  /** The label/field selector predicate of a list or watch; a bad selector is a 400 as upstream. */
  private filter(info: ResourceInfo, labelSelector?: string, fieldSelector?: string): (o: KubeObject) => boolean {
    let labels: ReturnType<typeof parseLabelSelector> | undefined;
    let fields: ReturnType<typeof parseFieldSelector> | undefined;
    try {
      if (labelSelector) labels = parseLabelSelector(labelSelector);
      if (fieldSelector) fields = convertFieldSelector(info.kind, parseFieldSelector(fieldSelector));
    } catch (e) {
      throw errors.badRequest((e as Error).message);
    }
    if (!labels && !fields) return () => true;
    return (o) =>
      (!labels || labels.matches(o.metadata?.labels ?? {})) && (!fields || fields.matches(fieldsFor(info.kind, o, info.namespaced)));
  }

  private attrs(
    operation: Operation,
    user: string,
    resource: ResourceInfo,
    namespace: string,
    name: string,
    object?: KubeObject,
    oldObject?: KubeObject,
    subresource: Subresource = '',
  ): AdmissionAttributes {
    return { operation, user, resource, namespace, name, object, oldObject, subresource };
  }

  private readonly ctx: AdmissionContext = {
    get: (resource, namespace, name) => {
      const info = this.registry.byName(resource);
      return info ? this.read(info, namespace, name)?.value : undefined;
    },
    list: (resource, namespace) => {
      const info = this.registry.byName(resource);
      if (!info) return [];
      return this.o.store.range(storagePrefix(info, info.namespaced ? namespace : undefined), { prefix: true }).kvs.map((kv) => kv.value);
    },
    now: () => this.o.loop.now,
  };

  private checkSubresource(info: ResourceInfo, sub: Subresource): void {
    if (sub === 'status' && !info.subresources.status) throw errors.noSuchResource(`${info.name}/status`);
    if (sub === 'finalize' && info.name !== 'namespaces') throw errors.noSuchResource(`${info.name}/finalize`);
  }

  /** RFC 3339 for a virtual instant (default: now). */
  timestamp(atMs = this.o.loop.now): string {
    return rfc3339(this.o.epochMs, atMs);
  }

  private record(user: string, verb: string, info: ResourceInfo, obj: KubeObject): void {
    const meta = obj.metadata!;
    const owner = meta.ownerReferences?.find((r) => r.controller);
    const entry: Record<string, unknown> = { user, kind: info.kind, resource: info.name, name: meta.name, uid: meta.uid, rv: meta.resourceVersion };
    if (meta.namespace) entry.namespace = meta.namespace;
    if (owner) entry.owner = `${owner.kind}/${owner.name}`;
    this.o.log.record('apiserver', verb, entry);
  }
}

export type Subresource = '' | 'status' | 'finalize';

/**
 * The garbage collector's finalizers after a DELETE with `policy` (registry store's
 * deletionFinalizersForGarbageCollection): Orphan sets `orphan` and drops `foregroundDeletion`,
 * Foreground the reverse, Background drops both; no policy keeps what the object has.
 */
function gcFinalizers(current: string[], policy: PropagationPolicy | undefined): string[] {
  if (!policy) return current;
  const kept = current.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
  if (policy === 'Orphan') kept.push('orphan');
  if (policy === 'Foreground') kept.push('foregroundDeletion');
  return kept;
}

/**
 * DefaultGarbageCollectionPolicy: batch/v1 Jobs and v1 ReplicationControllers orphan their pods when
 * a DELETE names no policy (kubectl always names one: background by default).
 */
function defaultPropagation(info: ResourceInfo): PropagationPolicy | undefined {
  return info.name === 'jobs.batch' || info.name === 'replicationcontrollers' ? 'Orphan' : undefined;
}

function setFinalizers(meta: NonNullable<KubeObject['metadata']>, finalizers: string[]): void {
  if (finalizers.length) meta.finalizers = finalizers;
  else delete meta.finalizers;
}

/** metadata.finalizers, and for a namespace also spec.finalizers, keep a deleted object in place. */
function hasFinalizers(info: ResourceInfo, obj: KubeObject): boolean {
  if ((obj.metadata?.finalizers ?? []).length) return true;
  return info.name === 'namespaces' && ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
}

function target(info: ResourceInfo) {
  return { qualifiedResource: info.group ? `${info.plural}.${info.group}` : info.plural, plural: info.plural, group: info.group };
}

/**
 * PV status strategy PrepareForUpdate: a phase change stamps status.lastPhaseTransitionTime, unless
 * the writer set a new one itself; an unchanged phase keeps the old time.
 */
function stampPhaseTransition(next: KubeObject, old: KubeObject, now: string): void {
  const ns = (next.status ?? {}) as { phase?: string; lastPhaseTransitionTime?: string };
  const os = (old.status ?? {}) as { phase?: string; lastPhaseTransitionTime?: string };
  if (ns.phase === os.phase) {
    // The phase did not change: a writer that left the time out keeps the old one.
    if (ns.lastPhaseTransitionTime === undefined && os.lastPhaseTransitionTime !== undefined) next.status = { ...ns, lastPhaseTransitionTime: os.lastPhaseTransitionTime };
    return;
  }
  if (ns.lastPhaseTransitionTime !== undefined && ns.lastPhaseTransitionTime !== os.lastPhaseTransitionTime) return;
  next.status = { ...ns, lastPhaseTransitionTime: now };
}
