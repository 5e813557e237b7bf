import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepFreeze } from '../src/api/freeze';
import { StrategicMergePatchError, UNSUPPORTED_PATCH_MESSAGE, lookupPatchMeta, strategicMergePatch } from '../src/api/strategic_merge';

const POD = { apiVersion: 'v1', kind: 'Pod' };
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const NODE = { apiVersion: 'v1', kind: 'Node' };

type Obj = Record<string, unknown>;

/** Runs a patch on frozen inputs, so any mutation of them fails the test. */
function smp(original: Obj, patch: unknown, kind = POD): Obj {
  return strategicMergePatch(deepFreeze(structuredClone(original)), deepFreeze(structuredClone(patch)), kind);
}

const deployment = (containers: unknown[]): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});
const containersOf = (d: Obj): unknown => ((d.spec as Obj).template as { spec: { containers: unknown } }).spec.containers;

test('upstream-style cases: lists merge by their patchMergeKey, others replace', () => {
  const cases: { name: string; original: Obj; patch: unknown; kind?: { apiVersion: string; kind: string }; want: Obj }[] = [
    {
      name: 'container image change by name (Deployment pod template)',
      original: deployment([{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }]),
      patch: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } },
      kind: DEPLOYMENT,
      want: deployment([{ name: 'app', image: 'nginx:1.26' }, { name: 'side', image: 'busybox' }]),
    },
    {
      name: 'add an env var to a container (env merges by name)',
      original: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }] }] } },
      patch: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] }] } },
      want: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] }] } },
    },
    {
      name: 'delete a container with $patch: delete',
      original: { spec: { containers: [{ name: 'app' }, { name: 'side' }] } },
      patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
      want: { spec: { containers: [{ name: 'app' }] } },
    },
    {
      name: 'replace a merging list with $patch: replace',
      original: { spec: { containers: [{ name: 'app', image: 'a' }, { name: 'side' }] } },
      patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'new', image: 'n' }] } },
      want: { spec: { containers: [{ name: 'new', image: 'n' }] } },
    },
    {
      name: 'null deletes a key',
      original: { metadata: { name: 'p', labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { a: null, c: '3' } } },
      want: { metadata: { name: 'p', labels: { b: '2', c: '3' } } },
    },
    {
      name: 'null for an absent key changes nothing',
      original: { metadata: { name: 'p' } },
      patch: { metadata: { labels: null } },
      want: { metadata: { name: 'p' } },
    },
    {
      name: 'finalizers merge as a set of primitives (patch items first, deduplicated)',
      original: { metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { finalizers: ['b', 'c'] } },
      want: { metadata: { finalizers: ['a', 'b', 'c'] } },
    },
    {
      name: 'a new finalizer lands in front of server-only ones (mergeSortedSlice)',
      original: { metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { finalizers: ['c'] } },
      want: { metadata: { finalizers: ['c', 'a', 'b'] } },
    },
    {
      name: '$deleteFromPrimitiveList removes finalizers',
      original: { metadata: { finalizers: ['a', 'b', 'c'] } },
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } },
      want: { metadata: { finalizers: ['a', 'c'] } },
    },
    {
      name: '$deleteFromPrimitiveList on an absent list leaves it absent',
      original: { metadata: { name: 'p' } },
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
      want: { metadata: { name: 'p' } },
    },
    {
      name: '$deleteFromPrimitiveList works on a list without merge strategy (container args)',
      original: { spec: { containers: [{ name: 'app', args: ['--debug', '--other'] }] } },
      patch: { spec: { containers: [{ name: 'app', '$deleteFromPrimitiveList/args': ['--debug'] }] } },
      want: { spec: { containers: [{ name: 'app', args: ['--other'] }] } },
    },
    {
      name: 'tolerations have no strategy: replaced',
      original: { spec: { tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } },
      patch: { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
      want: { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
    },
    {
      name: 'node spec.taints have no strategy in v1.32 types: replaced',
      original: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }] } },
      patch: { spec: { taints: [{ key: 'a', value: 'x', effect: 'NoSchedule' }] } },
      kind: NODE,
      want: { spec: { taints: [{ key: 'a', value: 'x', effect: 'NoSchedule' }] } },
    },
    {
      name: 'node conditions merge by type, addresses by type',
      original: {
        status: {
          conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }],
          addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        },
      },
      patch: { status: { conditions: [{ type: 'Ready', status: 'Unknown' }], addresses: [{ type: 'Hostname', address: 'n1' }] } },
      kind: NODE,
      want: {
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown' }, { type: 'MemoryPressure', status: 'False' }],
          addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }],
        },
      },
    },
    {
      name: 'node podCIDRs merge as a primitive set',
      original: { spec: { podCIDRs: ['10.0.0.0/24'] } },
      patch: { spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } },
      kind: NODE,
      want: { spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } },
    },
    {
      name: 'container ports merge by containerPort, volumeMounts by mountPath',
      original: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }], volumeMounts: [{ mountPath: '/a', name: 'x' }] }] } },
      patch: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ mountPath: '/a', readOnly: true }] }] } },
      want: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ mountPath: '/a', name: 'x', readOnly: true }] }] } },
    },
    {
      name: 'service ports merge by port',
      original: { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
      patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      kind: { apiVersion: 'v1', kind: 'Service' },
      want: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
    },
    {
      name: 'ownerReferences merge by uid',
      original: { metadata: { ownerReferences: [{ uid: 'u1', name: 'rs-1', kind: 'ReplicaSet' }] } },
      patch: { metadata: { ownerReferences: [{ uid: 'u1', controller: true }] } },
      want: { metadata: { ownerReferences: [{ uid: 'u1', name: 'rs-1', kind: 'ReplicaSet', controller: true }] } },
    },
    {
      name: 'volumes merge by name; $retainKeys in an element clears the old source',
      original: { spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] } },
      patch: { spec: { volumes: [{ name: 'data', hostPath: { path: '/d' }, $retainKeys: ['name', 'hostPath'] }] } },
      want: { spec: { volumes: [{ name: 'data', hostPath: { path: '/d' } }, { name: 'cfg', configMap: { name: 'c' } }] } },
    },
    {
      name: 'CronJob jobTemplate containers merge by name',
      original: { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'a' }, { name: 'b' }] } } } } } },
      patch: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'b' }] } } } } } },
      kind: { apiVersion: 'batch/v1', kind: 'CronJob' },
      want: { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'b' }, { name: 'b' }] } } } } } },
    },
    {
      name: 'deployment status conditions merge by type',
      original: { status: { conditions: [{ type: 'Available', status: 'False' }, { type: 'Progressing', status: 'True' }] } },
      patch: { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      kind: DEPLOYMENT,
      want: { status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] } },
    },
    {
      name: 'matchExpressions have no strategy: replaced',
      original: { spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } } },
      patch: { spec: { selector: { matchExpressions: [{ key: 'b', operator: 'Exists' }] } } },
      kind: DEPLOYMENT,
      want: { spec: { selector: { matchExpressions: [{ key: 'b', operator: 'Exists' }] } } },
    },
    {
      name: '$patch: replace on a map replaces it',
      original: { metadata: { labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
      want: { metadata: { labels: { c: '3' } } },
    },
    {
      name: '$patch: delete on a map empties it',
      original: { metadata: { name: 'p', labels: { a: '1' } } },
      patch: { metadata: { labels: { $patch: 'delete' } } },
      want: { metadata: { name: 'p', labels: {} } },
    },
    {
      name: '$retainKeys clears the keys it does not list',
      original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      kind: DEPLOYMENT,
      want: { spec: { strategy: { type: 'Recreate' } } },
    },
    {
      name: 'values the original lacks are taken whole, without directives or nulls',
      original: { metadata: { name: 'p' } },
      patch: { spec: { containers: [{ name: 'a', image: 'x', $patch: 'merge', args: null }], nodeSelector: { $patch: 'replace', disk: 'ssd', zone: null } } },
      want: { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }], nodeSelector: { disk: 'ssd' } } },
    },
    {
      name: 'a changed scalar type replaces the value',
      original: { spec: { replicas: 'x' } },
      patch: { spec: { replicas: 3 } },
      kind: DEPLOYMENT,
      want: { spec: { replicas: 3 } },
    },
    {
      name: 'fields of unknown types merge as plain maps, their lists replace',
      original: { spec: { custom: { a: [1, 2], b: { c: 1 } } } },
      patch: { spec: { custom: { a: [3], b: { d: 2 } } } },
      want: { spec: { custom: { a: [3], b: { c: 1, d: 2 } } } },
    },
    {
      name: 'a built-in kind outside the field map still merges metadata.finalizers',
      original: { metadata: { finalizers: ['a'] }, spec: { x: [1] } },
      patch: { metadata: { finalizers: ['a', 'b'] }, spec: { x: [2] } },
      kind: { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver' },
      want: { metadata: { finalizers: ['a', 'b'] }, spec: { x: [2] } },
    },
  ];
  for (const c of cases) {
    assert.deepEqual(smp(c.original, c.patch, c.kind ?? POD), c.want, c.name);
  }
});

test('order: patch items in patch order, server-only items interleaved by server order (design-doc example)', () => {
  const original = { spec: { containers: [{ name: 'c', env: [{ name: 'B' }, { name: 'C' }, { name: 'A' }] }] } };
  const patch = { spec: { containers: [{ name: 'c', env: [{ name: 'A', value: "A'" }, { name: 'B', value: "B'" }, { name: 'D' }] }] } };
  const out = smp(original, patch) as { spec: { containers: { env: { name: string }[] }[] } };
  assert.deepEqual(out.spec.containers[0].env.map((e) => e.name), ['C', 'A', 'B', 'D']);
});

test('$setElementOrder orders the merged list; it may reorder without changing contents', () => {
  const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
  const reorder = smp(original, { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }, { name: 'a' }] } });
  assert.deepEqual(containersOfPod(reorder), ['c', 'b', 'a']);
  const add = smp(original, {
    spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'd' }, { name: 'b' }, { name: 'c' }], containers: [{ name: 'd' }] },
  });
  assert.deepEqual(containersOfPod(add), ['a', 'd', 'b', 'c']);
  const prim = smp({ metadata: { finalizers: ['x', 'y'] } }, { metadata: { '$setElementOrder/finalizers': ['y', 'z', 'x'], finalizers: ['z'] } });
  assert.deepEqual((prim.metadata as Obj).finalizers, ['y', 'z', 'x']);
});

const containersOfPod = (pod: Obj): string[] => ((pod.spec as Obj).containers as { name: string }[]).map((c) => c.name);

test('errors carry upstream text and the status code the API server answers with', () => {
  const cases: { name: string; original: Obj; patch: unknown; kind?: { apiVersion: string; kind: string }; message: string | RegExp; code: number }[] = [
    { name: 'not an object', original: {}, patch: [1], message: 'invalid JSON document', code: 400 },
    {
      name: 'custom resource',
      original: {},
      patch: {},
      kind: { apiVersion: 'example.com/v1', kind: 'Widget' },
      message: UNSUPPORTED_PATCH_MESSAGE,
      code: 415,
    },
    {
      name: 'element without its merge key',
      original: { spec: { containers: [{ name: 'a' }] } },
      patch: { spec: { containers: [{ image: 'x' }] } },
      message: 'map: map[image:x] does not contain declared merge key: name',
      code: 500,
    },
    {
      name: 'unknown $patch in a map',
      original: { metadata: { labels: { a: '1' } } },
      patch: { metadata: { labels: { $patch: 'frobnicate' } } },
      message: 'unknown patch type: frobnicate in map: map[$patch:frobnicate]',
      code: 500,
    },
    {
      name: '$patch: merge in a list',
      original: { spec: { containers: [{ name: 'a' }] } },
      patch: { spec: { containers: [{ $patch: 'merge' }] } },
      message: 'merging lists cannot yet be specified in the patch',
      code: 500,
    },
    {
      name: '$retainKeys not a list',
      original: { metadata: { labels: {} } },
      patch: { metadata: { labels: { $retainKeys: 'a' } } },
      message: 'invalid patch format of retainKeys',
      code: 400,
    },
    {
      name: 'patch keys missing from $retainKeys',
      original: { metadata: { labels: { a: '1' } } },
      patch: { metadata: { labels: { $retainKeys: ['a'], b: '2' } } },
      message: "patch content doesn't match retainKeys list",
      code: 422,
    },
    {
      name: 'lists of lists',
      original: { spec: { containers: [] } },
      patch: { spec: { containers: [[1]] } },
      message: 'lists of lists are not supported',
      code: 422,
    },
    {
      name: 'mixed element types',
      original: { metadata: { finalizers: ['a'] } },
      patch: { metadata: { finalizers: [1] } },
      message: 'list element types are not identical: [[a] [1]]',
      code: 500,
    },
    {
      name: 'bad $deleteFromPrimitiveList key',
      original: { metadata: { finalizers: ['a'] } },
      patch: { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } },
      message: 'invalid patch format of primitive list',
      code: 400,
    },
    {
      name: '$setElementOrder inconsistent with the patch list',
      original: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } },
      message: /^The order in patch list:\n\[map\[name:b\] map\[name:a\]\]\n doesn't match \$setElementOrder list:/,
      code: 500,
    },
  ];
  for (const c of cases) {
    assert.throws(
      () => smp(c.original, c.patch, c.kind ?? POD),
      (e: unknown) =>
        e instanceof StrategicMergePatchError &&
        e.code === c.code &&
        (typeof c.message === 'string' ? e.message === c.message : c.message.test(e.message)),
      c.name,
    );
  }
});

test('lookupPatchMeta: the patch tags along paths from each kind root', () => {
  const cases: [{ apiVersion: string; kind: string }, string, unknown][] = [
    [POD, 'spec.containers', { strategy: 'merge', mergeKey: 'name' }],
    [POD, 'spec.containers.env', { strategy: 'merge', mergeKey: 'name' }],
    [POD, 'spec.containers.ports', { strategy: 'merge', mergeKey: 'containerPort' }],
    [POD, 'spec.volumes', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
    [POD, 'spec.tolerations', {}],
    [POD, 'spec.topologySpreadConstraints', { strategy: 'merge', mergeKey: 'topologyKey' }],
    [POD, 'spec.resourceClaims', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
    [POD, 'status.conditions', { strategy: 'merge', mergeKey: 'type' }],
    [POD, 'metadata.finalizers', { strategy: 'merge' }],
    [NODE, 'spec.taints', {}],
    [DEPLOYMENT, 'spec.template.spec.initContainers.volumeDevices', { strategy: 'merge', mergeKey: 'devicePath' }],
    [DEPLOYMENT, 'spec.strategy', { strategy: 'retainKeys' }],
    [{ apiVersion: 'batch/v1', kind: 'CronJob' }, 'spec.jobTemplate.spec.template.spec.imagePullSecrets', { strategy: 'merge', mergeKey: 'name' }],
    [{ apiVersion: 'v1', kind: 'ServiceAccount' }, 'secrets', { strategy: 'merge', mergeKey: 'name' }],
    [{ apiVersion: 'example.com/v1', kind: 'Widget' }, 'spec.items', undefined],
  ];
  for (const [kind, path, want] of cases) assert.deepEqual(lookupPatchMeta(kind, path), want, `${kind.kind} ${path}`);
});

test('purity: inputs are not mutated (they are frozen) and the result shares nothing with them', () => {
  const original = deployment([{ name: 'app', image: 'a', env: [{ name: 'X' }] }]);
  const patch = { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'Y' }] }, { name: 'new', args: ['x'] }] } } } };
  const before = JSON.stringify([original, patch]);
  const out = smp(original, patch, DEPLOYMENT);
  assert.equal(JSON.stringify([original, patch]), before);
  (containersOf(out) as Obj[])[0].image = 'changed';
  assert.equal(JSON.stringify([original, patch]), before);
});
