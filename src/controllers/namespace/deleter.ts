import type { Namespace, NamespaceStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { isConflict, isNotFound, isStatusError } from '../../api/object';
import type { ResourceInfo, ResourceRegistry } from '../../api/resources';
import { formatRFC3339 } from '../../client/event_recorder';
import type { Clock } from '../../client/rate_limiter';
import type { Client } from '../../client/types';
import { NamespaceConditionUpdater } from './conditions';

/** The spec finalizer the namespace controller owns (`v1.FinalizerKubernetes`). */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** Upstream `finalizerEstimateSeconds`: how long to assume finalizers on remaining content take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/**
 * Content is still going away (pods terminating gracefully, objects held by finalizers): try again
 * in about `estimate` seconds. Not a failure; the controller requeues after `estimate / 2 + 1` s.
 */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

export interface NamespacedResourcesDeleterOptions {
  client: Client;
  /** Discovery: the served kinds, CRDs included, at the moment of each pass. */
  registry: ResourceRegistry;
  clock: Clock;
  /** The wall-clock instant virtual time 0 stands for (to read and write timestamps). */
  epochMs: number;
  finalizerToken?: string;
}

/** What one resource still holds after a pass (upstream `gvrDeletionMetadata`). */
interface GvrDeletionMetadata {
  /** Seconds to wait; 0 means no estimate, not "all gone". */
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

type Ns = KubeObject & Namespace;

/**
 * Empties a namespace that is being deleted, then gives up its spec finalizer
 * (pkg/controller/namespace/deletion/namespaced_resources_deleter.go, SEMANTICS facts 153–154).
 *
 * `delete(name)` is one idempotent pass: it returns when the namespace is gone, not being deleted,
 * already finalized, or just finalized; it throws `ResourcesRemainingError` when content must be
 * waited for, and any other error (after recording it in the conditions) to be retried
 * rate-limited. Once `spec.finalizers` is empty (and no metadata finalizer holds it) the API
 * server removes the namespace during the finalize update itself; upstream's deleter sends no
 * DELETE afterwards, and neither does this one.
 */
export class NamespacedResourcesDeleter {
  private readonly client: Client;
  private readonly registry: ResourceRegistry;
  private readonly clock: Clock;
  private readonly epochMs: number;
  readonly finalizerToken: string;

  constructor(o: NamespacedResourcesDeleterOptions) {
    this.client = o.client;
    this.registry = o.registry;
    this.clock = o.clock;
    this.epochMs = o.epochMs;
    this.finalizerToken = o.finalizerToken ?? FINALIZER_KUBERNETES;
  }

  delete(name: string): void {
    let ns: Ns;
    try {
      ns = this.client.get<Ns>('namespaces', undefined, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!ns.metadata?.deletionTimestamp) return;

    let current: Ns;
    try {
      current = this.retryOnConflict(ns, (n) => this.updateNamespaceStatus(n));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!current.metadata?.deletionTimestamp) return;
    if (finalized(current)) return;

    const estimate = this.deleteAllContent(current);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);

    try {
      this.retryOnConflict(current, (n) => this.finalize(n));
    } catch (e) {
      // Another deleter sharing the token finished first.
      if (isNotFound(e)) return;
      throw e;
    }
  }

  /** Deletes everything in the namespace; returns seconds until what remains should be gone. */
  private deleteAllContent(ns: Ns): number {
    const namespace = ns.metadata!.name!;
    const deletedAtMs = Date.parse(ns.metadata!.deletionTimestamp!) - this.epochMs;
    const errors: Error[] = [];
    const conditions = new NamespaceConditionUpdater(formatRFC3339(this.epochMs + this.clock.now));
    let estimate = 0;
    const remaining: { group: string; resource: string; count: number }[] = [];
    const finalizers = new Map<string, number>();

    // Discovery is the registry itself: it cannot fail in the simulator, so the discovery and
    // group-version conditions always carry their "ok" variants.
    for (const info of this.deletableNamespacedResources()) {
      let meta: GvrDeletionMetadata;
      try {
        meta = this.deleteAllContentForResource(info, namespace, deletedAtMs);
      } catch (e) {
        if (!(e instanceof ContentError)) throw e;
        errors.push(e.cause);
        conditions.processDeleteContentErr(e.cause.message);
        meta = e.meta;
      }
      if (meta.estimate > estimate) estimate = meta.estimate;
      if (meta.remaining > 0) {
        remaining.push({ group: info.group, resource: info.plural, count: meta.remaining });
        for (const [f, n] of meta.finalizers) if (n > 0) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      }
    }
    conditions.processContentTotals({ remaining, finalizers });

    // Always written when it changed: a condition may have to go back to its "ok" variant.
    const updated = structuredClone(ns) as Ns;
    const status = (updated.status ??= {}) as NamespaceStatus;
    if (conditions.update(status)) {
      try {
        this.client.updateStatus('namespaces', updated);
      } catch (e) {
        // Upstream only logs a failed condition write (HandleError) and goes on.
        if (!isStatusError(e)) throw e;
      }
    }
    if (errors.length) throw aggregate(errors);
    return estimate;
  }

  /** Upstream `deleteAllContentForGroupVersionResource`. Throws ContentError on failure. */
  private deleteAllContentForResource(info: ResourceInfo, namespace: string, deletedAtMs: number): GvrDeletionMetadata {
    const none: GvrDeletionMetadata = { estimate: 0, remaining: 0, finalizers: new Map() };
    let estimate: number;
    try {
      estimate = this.estimateGracefulTermination(info, namespace, deletedAtMs);
    } catch (e) {
      throw contentError(e, none);
    }
    // DeleteCollection semantics: every object, Background propagation so the garbage collector
    // adds no orphan finalizer; NotFound means someone else got there first.
    let items: KubeObject[] | undefined;
    try {
      items = this.listCollection(info, namespace);
      if (items) {
        for (const item of items) {
          try {
            this.client.delete(info.name, namespace, item.metadata!.name!, { propagationPolicy: 'Background' });
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        }
      }
      items = items && this.listCollection(info, namespace);
    } catch (e) {
      throw contentError(e, { ...none, estimate });
    }
    // The resource stopped being served between discovery and now: nothing to wait for.
    if (!items) return { ...none, estimate };
    if (items.length === 0) return none;

    const finalizers = new Map<string, number>();
    for (const item of items) for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (estimate !== 0) return { estimate, remaining: items.length, finalizers };
    // Finalizers are a normal reason to linger: give them the default estimate.
    if (finalizers.size) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
    throw new ContentError(
      new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(info)}`),
      { estimate, remaining: items.length, finalizers: new Map() },
    );
  }

  /** The items of a resource in the namespace; undefined when the resource is no longer served (404). */
  private listCollection(info: ResourceInfo, namespace: string): KubeObject[] | undefined {
    try {
      return this.client.list(info.name, { namespace }).items;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Seconds pods may still need: the longest terminationGracePeriodSeconds of the non-terminal
   * pods, or 0 once that long has passed since the namespace was deleted. Other resources: 0.
   */
  private estimateGracefulTermination(info: ResourceInfo, namespace: string, deletedAtMs: number): number {
    if (info.group !== '' || info.plural !== 'pods') return 0;
    let estimate = 0;
    for (const pod of this.client.list('pods', { namespace }).items) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const grace = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
      if (grace !== undefined && grace > estimate) estimate = grace;
    }
    if (this.clock.now - deletedAtMs >= estimate * 1000) estimate = 0;
    return estimate;
  }

  private deletableNamespacedResources(): ResourceInfo[] {
    return this.registry.all().filter((info) => info.namespaced);
  }

  /** Upstream `updateNamespaceStatusFunc`: make sure the phase says Terminating. */
  private updateNamespaceStatus(ns: Ns): Ns {
    const phase = (ns.status as NamespaceStatus | undefined)?.phase;
    if (!ns.metadata?.deletionTimestamp || phase === 'Terminating') return ns;
    const next = structuredClone(ns) as Ns;
    next.status = { ...(next.status as NamespaceStatus), phase: 'Terminating' };
    return this.client.updateStatus<Ns>('namespaces', next);
  }

  /** Removes our token from spec.finalizers through namespaces/finalize (the rest stay, sorted). */
  private finalize(ns: Ns): Ns {
    const rest = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== this.finalizerToken))].sort();
    return this.client.patch<Ns>(
      'namespaces',
      undefined,
      ns.metadata!.name!,
      'merge',
      { metadata: { resourceVersion: ns.metadata!.resourceVersion }, spec: { finalizers: rest } },
      { subresource: 'finalize' },
    );
  }

  /** Upstream `retryOnConflictError`: re-read and retry on Conflict, unless the namespace was replaced. */
  private retryOnConflict(ns: Ns, fn: (n: Ns) => Ns): Ns {
    let latest = ns;
    for (;;) {
      try {
        return fn(latest);
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
      const prev = latest;
      latest = this.client.get<Ns>('namespaces', undefined, prev.metadata!.name!);
      if (latest.metadata?.uid !== prev.metadata?.uid) throw new Error('namespace uid has changed across retries');
    }
  }
}

/** spec.finalizers is empty: nothing left for any namespace finalizer to do. */
function finalized(ns: Ns): boolean {
  return (ns.spec?.finalizers ?? []).length === 0;
}

/** schema.GroupVersionResource's String(): `/v1, Resource=pods`, `apps/v1, Resource=deployments`. */
function gvrString(info: ResourceInfo): string {
  return `${info.group}/${info.version}, Resource=${info.plural}`;
}

/** A failure for one resource, with what is known of its remaining content. */
class ContentError extends Error {
  constructor(
    override readonly cause: Error,
    readonly meta: GvrDeletionMetadata,
  ) {
    super(cause.message);
  }
}

function contentError(e: unknown, meta: GvrDeletionMetadata): ContentError {
  if (!isStatusError(e)) throw e; // a bug, not an API outcome
  return new ContentError(e, meta);
}

/** utilerrors.NewAggregate(errs).Error(): one message as is; several distinct ones as `[a, b]`. */
function aggregate(errs: Error[]): Error {
  const msgs = [...new Set(errs.map((e) => e.message))];
  return new Error(msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);
}
