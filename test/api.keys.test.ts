import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceRegistry, crdToResourceInfo } from '../src/api/resources';
import { storageKey, storagePrefix } from '../src/api/keys';

const registry = ResourceRegistry.builtin();
registry.register(
  crdToResourceInfo({
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
  }),
);
registry.register(
  crdToResourceInfo({
    spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'gadgets', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true }] },
  }),
);

// [resource, namespace, name, key] — SEMANTICS.md facts 181-182
const keyCases: [string, string | undefined, string, string][] = [
  ['pods', 'default', 'nginx', '/registry/pods/default/nginx'],
  ['deployments.apps', 'default', 'web', '/registry/deployments/default/web'],
  ['nodes', undefined, 'node-1', '/registry/minions/node-1'],
  ['services', 'default', 'kubernetes', '/registry/services/specs/default/kubernetes'],
  ['endpoints', 'default', 'kubernetes', '/registry/services/endpoints/default/kubernetes'],
  ['ingresses.networking.k8s.io', 'web', 'site', '/registry/ingress/web/site'],
  ['replicationcontrollers', 'default', 'rc1', '/registry/controllers/default/rc1'],
  ['leases.coordination.k8s.io', 'kube-node-lease', 'node-1', '/registry/leases/kube-node-lease/node-1'],
  ['namespaces', undefined, 'default', '/registry/namespaces/default'],
  ['persistentvolumes', undefined, 'pv-1', '/registry/persistentvolumes/pv-1'],
  ['clusterroles.rbac.authorization.k8s.io', undefined, 'admin', '/registry/clusterroles/admin'],
  ['horizontalpodautoscalers.autoscaling', 'default', 'web', '/registry/horizontalpodautoscalers/default/web'],
  ['customresourcedefinitions.apiextensions.k8s.io', undefined, 'widgets.example.com', '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com'],
  ['widgets.example.com', 'default', 'w1', '/registry/example.com/widgets/default/w1'],
  ['gadgets.example.com', undefined, 'g1', '/registry/example.com/gadgets/g1'],
  // a cluster-scoped key ignores the namespace, as NoNamespaceKeyFunc does
  ['nodes', 'default', 'node-1', '/registry/minions/node-1'],
];

for (const [resource, namespace, name, key] of keyCases) {
  test(`storageKey(${resource}, ${namespace}, ${name}) = ${key}`, () => {
    assert.equal(storageKey(registry.byName(resource)!, namespace, name), key);
  });
}

// [resource, namespace, prefix]
const prefixCases: [string, string | undefined, string][] = [
  ['pods', undefined, '/registry/pods/'],
  ['pods', 'default', '/registry/pods/default/'],
  ['services', undefined, '/registry/services/specs/'],
  ['services', 'kube-system', '/registry/services/specs/kube-system/'],
  ['endpoints', undefined, '/registry/services/endpoints/'],
  ['nodes', undefined, '/registry/minions/'],
  ['nodes', 'ignored', '/registry/minions/'],
  ['widgets.example.com', 'default', '/registry/example.com/widgets/default/'],
];

for (const [resource, namespace, prefix] of prefixCases) {
  test(`storagePrefix(${resource}, ${namespace}) = ${prefix}`, () => {
    assert.equal(storagePrefix(registry.byName(resource)!, namespace), prefix);
  });
}

test('a namespace prefix never matches a longer namespace', () => {
  const pods = registry.byName('pods')!;
  assert.ok(!storageKey(pods, 'default2', 'a').startsWith(storagePrefix(pods, 'default')));
  assert.ok(storageKey(pods, 'default', 'a').startsWith(storagePrefix(pods)));
});

// [namespace, name, error]
const badCases: [string | undefined, string, RegExp][] = [
  [undefined, 'x', /Namespace parameter required/],
  ['default', '', /Name parameter required/],
  ['default', 'a/b', /invalid name/],
  ['default', '..', /invalid name/],
  ['default', 'a%2f', /invalid name/],
  ['a/b', 'x', /invalid namespace/],
];

for (const [namespace, name, error] of badCases) {
  test(`storageKey(pods, ${namespace}, ${JSON.stringify(name)}) throws ${error}`, () => {
    assert.throws(() => storageKey(registry.byName('pods')!, namespace, name), error);
  });
}
