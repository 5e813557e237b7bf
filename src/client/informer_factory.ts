import type { KubeObject } from '../api/object';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import { SharedIndexInformer, type InformerOptions } from './informer';
import type { Lister } from './lister';
import type { Client, ResourceName } from './types';

export interface InformerFactoryOptions {
  /** Resync period given to informers that do not set their own (client-go `defaultResync`). 0: none. */
  defaultResyncMs?: number;
  /** Restrict every informer to one namespace (client-go `WithNamespace`). */
  namespace?: string;
  /** Jitter source for the informers' relist backoff. */
  rng?: Rng;
}

/** What makes two informers different: the same resource with other selectors is another informer. */
export type ForResourceOptions = Pick<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector' | 'resyncPeriodMs'>;

/**
 * One shared informer per resource (and selector set) for all the controllers of a process
 * (client-go `SharedInformerFactory`): their handlers share one list+watch and one cache.
 *
 * `start()` starts every informer requested so far that is not running yet; an informer asked
 * for after `start()` waits for the next `start()` call, as upstream. `waitForCacheSync()` is
 * trivial here: an informer lists synchronously inside `start()`, so every started informer whose
 * list succeeded is synced when `start()` returns. It is kept so wiring reads like client-go's.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  /** The unfiltered informer of each resource: plugins ask for it per scheduling cycle, so it skips building the key. */
  private readonly plain = new Map<ResourceName, SharedIndexInformer<KubeObject>>();
  private shutDown = false;

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    private readonly options: InformerFactoryOptions = {},
  ) {}

  forResource<T extends KubeObject = KubeObject>(resource: ResourceName, opts?: ForResourceOptions): SharedIndexInformer<T> {
    if (opts === undefined) {
      let informer = this.plain.get(resource);
      if (informer === undefined) this.plain.set(resource, (informer = this.forResourceWith(resource, {})));
      return informer as unknown as SharedIndexInformer<T>;
    }
    return this.forResourceWith<T>(resource, opts);
  }

  private forResourceWith<T extends KubeObject>(resource: ResourceName, opts: ForResourceOptions): SharedIndexInformer<T> {
    const namespace = opts.namespace ?? this.options.namespace;
    const key = JSON.stringify([resource, namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '']);
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedIndexInformer<KubeObject>(this.client, this.loop, resource, {
        namespace,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        resyncPeriodMs: opts.resyncPeriodMs ?? this.options.defaultResyncMs,
        rng: this.options.rng,
      });
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedIndexInformer<T>;
  }

  /** The lister of the resource's (unfiltered) shared informer. */
  lister<T extends KubeObject = KubeObject>(resource: ResourceName): Lister<T> {
    return this.forResource<T>(resource).lister();
  }

  start(): void {
    if (this.shutDown) return;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Each started informer's `hasSynced()`, by resource (and selectors, when it has some). */
  waitForCacheSync(): Map<string, boolean> {
    const result = new Map<string, boolean>();
    for (const informer of this.informers.values()) {
      if (informer.isStarted()) result.set(informer.name.replace(/^informer /, ''), informer.hasSynced());
    }
    return result;
  }

  /** Stops every informer; the factory starts nothing afterwards. */
  shutdown(): void {
    this.shutDown = true;
    for (const informer of this.informers.values()) informer.stop();
  }

  informerList(): SharedIndexInformer<KubeObject>[] {
    return [...this.informers.values()];
  }
}
