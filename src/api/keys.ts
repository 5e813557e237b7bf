/**
 * etcd keys exactly as the Kubernetes API server lays them out (SEMANTICS.md facts 181-182):
 * `/registry/<resourcePrefix>/<namespace>/<name>` for namespaced kinds and
 * `/registry/<resourcePrefix>/<name>` for cluster-scoped ones.
 */
import type { ResourceInfo } from './resources';

/** `DefaultEtcdPathPrefix`. */
export const REGISTRY_PREFIX = '/registry';

/**
 * Upstream's key functions refuse names that are not valid path segments (`path.IsValidPathSegmentName`),
 * so a key can never escape its prefix.
 */
function checkSegment(what: string, value: string): void {
  if (value === '.' || value === '..' || value.includes('/') || value.includes('%')) {
    throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  }
}

/**
 * The key of one object. A namespaced kind needs a namespace (upstream: "Namespace parameter
 * required."); for a cluster-scoped kind the namespace is ignored, as `NoNamespaceKeyFunc` does.
 */
export function storageKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  if (!name) throw new Error('Name parameter required.');
  checkSegment('name', name);
  if (!info.namespaced) return `${REGISTRY_PREFIX}/${info.etcdPrefix}/${name}`;
  if (!namespace) throw new Error('Namespace parameter required.');
  checkSegment('namespace', namespace);
  return `${REGISTRY_PREFIX}/${info.etcdPrefix}/${namespace}/${name}`;
}

/**
 * The prefix to range or watch over, with a trailing '/': every object of the kind, or (namespaced
 * kinds, namespace given) every object in one namespace.
 */
export function storagePrefix(info: ResourceInfo, namespace?: string): string {
  if (info.namespaced && namespace) {
    checkSegment('namespace', namespace);
    return `${REGISTRY_PREFIX}/${info.etcdPrefix}/${namespace}/`;
  }
  return `${REGISTRY_PREFIX}/${info.etcdPrefix}/`;
}
