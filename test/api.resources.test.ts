import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RESOURCES, ResourceRegistry, crdToResourceInfo, defineResource } from '../src/api/resources';

// What a kubectl user types -> the client ResourceName it resolves to.
const resolveCases: [string, string][] = [
  // short names as kubectl's discovery lists them (v1.32)
  ['po', 'pods'],
  ['no', 'nodes'],
  ['ns', 'namespaces'],
  ['svc', 'services'],
  ['ep', 'endpoints'],
  ['cm', 'configmaps'],
  ['sa', 'serviceaccounts'],
  ['ev', 'events'],
  ['pv', 'persistentvolumes'],
  ['pvc', 'persistentvolumeclaims'],
  ['quota', 'resourcequotas'],
  ['limits', 'limitranges'],
  ['rc', 'replicationcontrollers'],
  ['deploy', 'deployments.apps'],
  ['rs', 'replicasets.apps'],
  ['sts', 'statefulsets.apps'],
  ['ds', 'daemonsets.apps'],
  ['cj', 'cronjobs.batch'],
  ['ing', 'ingresses.networking.k8s.io'],
  ['netpol', 'networkpolicies.networking.k8s.io'],
  ['sc', 'storageclasses.storage.k8s.io'],
  ['pdb', 'poddisruptionbudgets.policy'],
  ['hpa', 'horizontalpodautoscalers.autoscaling'],
  ['pc', 'priorityclasses.scheduling.k8s.io'],
  ['crd', 'customresourcedefinitions.apiextensions.k8s.io'],
  ['crds', 'customresourcedefinitions.apiextensions.k8s.io'],
  // plural, singular and kind, any case
  ['deployments', 'deployments.apps'],
  ['deployment', 'deployments.apps'],
  ['Deployment', 'deployments.apps'],
  ['DEPLOY', 'deployments.apps'],
  ['  pods ', 'pods'],
  ['pod', 'pods'],
  ['secret', 'secrets'],
  ['secrets', 'secrets'],
  ['endpoints', 'endpoints'],
  ['jobs', 'jobs.batch'],
  ['job', 'jobs.batch'],
  ['lease', 'leases.coordination.k8s.io'],
  ['endpointslices', 'endpointslices.discovery.k8s.io'],
  ['ingressclass', 'ingressclasses.networking.k8s.io'],
  ['controllerrevisions', 'controllerrevisions.apps'],
  ['roles', 'roles.rbac.authorization.k8s.io'],
  ['rolebinding', 'rolebindings.rbac.authorization.k8s.io'],
  ['clusterroles', 'clusterroles.rbac.authorization.k8s.io'],
  ['ClusterRoleBinding', 'clusterrolebindings.rbac.authorization.k8s.io'],
  // qualified by group, or by version and group
  ['deployment.apps', 'deployments.apps'],
  ['deployments.apps', 'deployments.apps'],
  ['deploy.apps', 'deployments.apps'],
  ['deployments.v1.apps', 'deployments.apps'],
  ['leases.coordination.k8s.io', 'leases.coordination.k8s.io'],
  ['hpa.autoscaling', 'horizontalpodautoscalers.autoscaling'],
  ['horizontalpodautoscalers.v2.autoscaling', 'horizontalpodautoscalers.autoscaling'],
  ['pods.v1', 'pods'],
];

for (const [input, name] of resolveCases) {
  test(`resolve ${JSON.stringify(input)} -> ${name}`, () => {
    assert.equal(ResourceRegistry.builtin().resolve(input)?.name, name);
  });
}

for (const input of ['', 'foo', 'deployments.batch', 'pods.apps', 'deployments.v2.apps', 'widgets.example.com', '.apps']) {
  test(`resolve ${JSON.stringify(input)} -> nothing`, () => {
    assert.equal(ResourceRegistry.builtin().resolve(input), undefined);
  });
}

// [name, apiVersion, kind, listKind, namespaced, status subresource]
const builtinCases: [string, string, string, string, boolean, boolean][] = [
  ['pods', 'v1', 'Pod', 'PodList', true, true],
  ['nodes', 'v1', 'Node', 'NodeList', false, true],
  ['namespaces', 'v1', 'Namespace', 'NamespaceList', false, true],
  ['services', 'v1', 'Service', 'ServiceList', true, true],
  ['endpoints', 'v1', 'Endpoints', 'EndpointsList', true, false],
  ['configmaps', 'v1', 'ConfigMap', 'ConfigMapList', true, false],
  ['secrets', 'v1', 'Secret', 'SecretList', true, false],
  ['serviceaccounts', 'v1', 'ServiceAccount', 'ServiceAccountList', true, false],
  ['events', 'v1', 'Event', 'EventList', true, false],
  ['persistentvolumes', 'v1', 'PersistentVolume', 'PersistentVolumeList', false, true],
  ['persistentvolumeclaims', 'v1', 'PersistentVolumeClaim', 'PersistentVolumeClaimList', true, true],
  ['resourcequotas', 'v1', 'ResourceQuota', 'ResourceQuotaList', true, true],
  ['limitranges', 'v1', 'LimitRange', 'LimitRangeList', true, false],
  ['replicationcontrollers', 'v1', 'ReplicationController', 'ReplicationControllerList', true, true],
  ['deployments.apps', 'apps/v1', 'Deployment', 'DeploymentList', true, true],
  ['replicasets.apps', 'apps/v1', 'ReplicaSet', 'ReplicaSetList', true, true],
  ['statefulsets.apps', 'apps/v1', 'StatefulSet', 'StatefulSetList', true, true],
  ['daemonsets.apps', 'apps/v1', 'DaemonSet', 'DaemonSetList', true, true],
  ['controllerrevisions.apps', 'apps/v1', 'ControllerRevision', 'ControllerRevisionList', true, false],
  ['jobs.batch', 'batch/v1', 'Job', 'JobList', true, true],
  ['cronjobs.batch', 'batch/v1', 'CronJob', 'CronJobList', true, true],
  ['leases.coordination.k8s.io', 'coordination.k8s.io/v1', 'Lease', 'LeaseList', true, false],
  ['endpointslices.discovery.k8s.io', 'discovery.k8s.io/v1', 'EndpointSlice', 'EndpointSliceList', true, false],
  ['ingresses.networking.k8s.io', 'networking.k8s.io/v1', 'Ingress', 'IngressList', true, true],
  ['ingressclasses.networking.k8s.io', 'networking.k8s.io/v1', 'IngressClass', 'IngressClassList', false, false],
  ['networkpolicies.networking.k8s.io', 'networking.k8s.io/v1', 'NetworkPolicy', 'NetworkPolicyList', true, false],
  ['storageclasses.storage.k8s.io', 'storage.k8s.io/v1', 'StorageClass', 'StorageClassList', false, false],
  ['csinodes.storage.k8s.io', 'storage.k8s.io/v1', 'CSINode', 'CSINodeList', false, false],
  ['csidrivers.storage.k8s.io', 'storage.k8s.io/v1', 'CSIDriver', 'CSIDriverList', false, false],
  ['csistoragecapacities.storage.k8s.io', 'storage.k8s.io/v1', 'CSIStorageCapacity', 'CSIStorageCapacityList', true, false],
  ['volumeattachments.storage.k8s.io', 'storage.k8s.io/v1', 'VolumeAttachment', 'VolumeAttachmentList', false, true],
  ['poddisruptionbudgets.policy', 'policy/v1', 'PodDisruptionBudget', 'PodDisruptionBudgetList', true, true],
  ['horizontalpodautoscalers.autoscaling', 'autoscaling/v2', 'HorizontalPodAutoscaler', 'HorizontalPodAutoscalerList', true, true],
  ['roles.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1', 'Role', 'RoleList', true, false],
  ['rolebindings.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1', 'RoleBinding', 'RoleBindingList', true, false],
  ['clusterroles.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'ClusterRoleList', false, false],
  ['clusterrolebindings.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'ClusterRoleBindingList', false, false],
  ['priorityclasses.scheduling.k8s.io', 'scheduling.k8s.io/v1', 'PriorityClass', 'PriorityClassList', false, false],
  ['customresourcedefinitions.apiextensions.k8s.io', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'CustomResourceDefinitionList', false, true],
];

test('the built-in kinds are exactly the table below', () => {
  assert.deepEqual(BUILTIN_RESOURCES.map((i) => i.name).sort(), builtinCases.map(([n]) => n).sort());
});

for (const [name, apiVersion, kind, listKind, namespaced, status] of builtinCases) {
  test(`built-in ${name}: ${apiVersion} ${kind}, ${namespaced ? 'namespaced' : 'cluster-scoped'}, status ${status}`, () => {
    const r = ResourceRegistry.builtin();
    const info = r.byName(name);
    assert.ok(info);
    assert.equal(info.apiVersion, apiVersion);
    assert.equal(info.kind, kind);
    assert.equal(info.listKind, listKind);
    assert.equal(info.namespaced, namespaced);
    assert.equal(info.subresources.status, status);
    assert.equal(r.byKind(apiVersion, kind), info);
    assert.ok(Object.isFrozen(info));
  });
}

test('scale subresource on the scalable workloads (kubectl scale, HPA)', () => {
  const r = ResourceRegistry.builtin();
  for (const name of ['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']) {
    assert.equal(r.byName(name)?.subresources.scale?.specReplicasPath, '.spec.replicas', name);
  }
  assert.equal(r.byName('daemonsets.apps')?.subresources.scale, undefined);
});

test('kubectl get all: the "all" category', () => {
  const all = ResourceRegistry.builtin()
    .all()
    .filter((i) => i.categories.includes('all'))
    .map((i) => i.name)
    .sort();
  assert.deepEqual(all, [
    'cronjobs.batch',
    'daemonsets.apps',
    'deployments.apps',
    'horizontalpodautoscalers.autoscaling',
    'jobs.batch',
    'pods',
    'replicasets.apps',
    'replicationcontrollers',
    'services',
    'statefulsets.apps',
  ]);
});

test('byKind does not alias other versions', () => {
  const r = ResourceRegistry.builtin();
  assert.equal(r.byKind('apps/v1beta1', 'Deployment'), undefined);
  assert.equal(r.byKind('v1', 'Deployment'), undefined);
});

const widgetCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
    versions: [
      { name: 'v1alpha1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' } },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } },
      },
    ],
  },
};

test('crdToResourceInfo: storage version, names, scope, subresources, schema, etcd prefix', () => {
  const info = crdToResourceInfo(widgetCRD);
  assert.equal(info.name, 'widgets.example.com');
  assert.equal(info.apiVersion, 'example.com/v1');
  assert.equal(info.kind, 'Widget');
  assert.equal(info.listKind, 'WidgetList');
  assert.equal(info.singular, 'widget');
  assert.deepEqual(info.shortNames, ['wd']);
  assert.deepEqual(info.categories, ['all']);
  assert.equal(info.namespaced, true);
  assert.equal(info.crd, true);
  assert.equal(info.subresources.status, true);
  assert.deepEqual(info.subresources.scale, { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' });
  assert.equal(info.etcdPrefix, 'example.com/widgets');
  assert.deepEqual(info.schema, { type: 'object', properties: { spec: { type: 'object' } } });
});

test('crdToResourceInfo: cluster scope, defaulted singular, no status subresource', () => {
  const info = crdToResourceInfo({
    spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'gadgets', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true }] },
  });
  assert.equal(info.namespaced, false);
  assert.equal(info.singular, 'gadget');
  assert.equal(info.subresources.status, false);
  assert.equal(info.schema, undefined);
});

test('crdToResourceInfo rejects a CRD without the fields it needs', () => {
  assert.throws(() => crdToResourceInfo({ spec: { group: 'example.com', names: { plural: 'x' } } }), /needs spec.group/);
});

test('a registered CRD resolves by its names, and is per registry', () => {
  const r = ResourceRegistry.builtin();
  const info = r.register(crdToResourceInfo(widgetCRD));
  for (const input of ['widgets', 'widget', 'wd', 'Widget', 'widgets.example.com', 'widget.example.com', 'widgets.v1.example.com']) {
    assert.equal(r.resolve(input), info, input);
  }
  assert.equal(r.byName('widgets.example.com'), info);
  assert.equal(r.byKind('example.com/v1', 'Widget'), info);
  assert.equal(ResourceRegistry.builtin().resolve('widgets'), undefined);
});

test('re-registering a CRD replaces it; unregister removes it', () => {
  const r = ResourceRegistry.builtin();
  r.register(crdToResourceInfo(widgetCRD));
  const replaced = r.register({ ...crdToResourceInfo(widgetCRD), shortNames: ['wdg'] });
  assert.equal(r.resolve('wdg'), replaced);
  assert.equal(r.resolve('wd'), undefined);
  assert.equal(r.all().filter((i) => i.name === 'widgets.example.com').length, 1);
  assert.equal(r.unregister('widgets.example.com'), true);
  assert.equal(r.resolve('widgets'), undefined);
  assert.equal(r.byKind('example.com/v1', 'Widget'), undefined);
  assert.equal(r.unregister('widgets.example.com'), false);
});

test('built-ins can be neither replaced nor unregistered', () => {
  const r = ResourceRegistry.builtin();
  assert.throws(() => r.register({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, crd: true }), /built in/);
  assert.equal(r.unregister('pods'), false);
  assert.ok(r.byName('pods'));
});

test('built-ins win over a CRD that reuses a short name', () => {
  const r = ResourceRegistry.builtin();
  r.register({ group: 'example.com', version: 'v1', kind: 'Poller', plural: 'pollers', shortNames: ['po'], namespaced: true, crd: true });
  assert.equal(r.resolve('po')?.name, 'pods');
  assert.equal(r.resolve('po.example.com')?.name, 'pollers.example.com');
});

test('defineResource derives apiVersion, name, listKind, singular and the etcd prefix', () => {
  const core = defineResource({ group: '', version: 'v1', kind: 'Thing', plural: 'things', namespaced: true });
  assert.deepEqual([core.apiVersion, core.name, core.listKind, core.singular, core.etcdPrefix], ['v1', 'things', 'ThingList', 'thing', 'things']);
  const crd = defineResource({ group: 'x.io', version: 'v2', kind: 'Thing', plural: 'things', namespaced: false, crd: true });
  assert.deepEqual([crd.apiVersion, crd.name, crd.etcdPrefix], ['x.io/v2', 'things.x.io', 'x.io/things']);
});
