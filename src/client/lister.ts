import type { KubeObject } from '../api/object';
import { parseLabelSelector } from '../api/selectors';
import { Indexer, NAMESPACE_INDEX } from './indexer';

/**
 * Anything that decides whether a label set matches: a `Selector` from src/api/selectors.ts, or
 * a selector string in kubectl syntax (`app=web,tier!=db`), parsed with `parseLabelSelector`
 * (which throws `SelectorParseError` on bad syntax).
 */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

/**
 * Read access to an informer's cache (client-go generated listers). Results are the cached,
 * deep-frozen objects themselves: copy before changing one. `get` returns undefined for an object
 * not in the cache, where client-go returns a NotFound error.
 */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(readonly indexer: Indexer<T>) {}

  /** Every cached object, or those whose labels match `selector`. */
  list(selector?: LabelMatcher | string): T[] {
    return filterByLabels(this.indexer.list(), selector);
  }

  /** A cluster-scoped object by name. */
  get(name: string): T | undefined {
    return this.indexer.getByKey(name);
  }

  /** The objects of one namespace. */
  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }

  /** Objects indexed under `value` by the index `indexName` (e.g. `spec.nodeName`). */
  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value);
  }
}

export class NamespaceLister<T extends KubeObject = KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    readonly namespaceName: string,
  ) {}

  list(selector?: LabelMatcher | string): T[] {
    // client-go `ListAllByNamespace`: through the namespace index when there is one.
    const objs = this.indexer.hasIndex(NAMESPACE_INDEX)
      ? this.indexer.byIndex(NAMESPACE_INDEX, this.namespaceName)
      : this.indexer.list().filter((o) => (o.metadata?.namespace ?? '') === this.namespaceName);
    return filterByLabels(objs, selector);
  }

  get(name: string): T | undefined {
    return this.indexer.getByKey(`${this.namespaceName}/${name}`);
  }
}

function filterByLabels<T extends KubeObject>(objs: T[], selector: LabelMatcher | string | undefined): T[] {
  if (selector === undefined || selector === '') return objs;
  const matcher = typeof selector === 'string' ? parseLabelSelector(selector) : selector;
  return objs.filter((o) => matcher.matches(o.metadata?.labels ?? {}));
}
