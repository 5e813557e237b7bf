import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import type { Client } from '../src/client/types';
import { apply, LAST_APPLIED } from '../src/dsl/apply';
import { crd } from './support/crd';
import { threeWayJsonMergePatch, threeWayMergePatch } from '../src/api/three_way_merge';
import { statusOf } from './support/cluster';

// ---- manifests ----------------------------------------------------------------------------------

type Container = { name: string; image?: string; env?: { name: string; value: string }[]; args?: string[] };

const deployment = (containers: Container[], spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: containers.map((c) => ({ image: 'nginx:1.25', ...c })) } },
    ...spec,
  },
});

const env = (...names: string[]) => names.map((name) => ({ name, value: name.toLowerCase() }));

const service = (ports: { name: string; port: number }[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports },
});

const configMap = (finalizers: string[], data: Record<string, string> = { mode: 'fast' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', ...(finalizers.length ? { finalizers } : {}) },
  data,
});

const gadgetCrd = crd('gadget', 'Gadget', {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        color: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        parts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'integer' } } } },
      },
    },
  },
});

const gadget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec });

// ---- reading the live object --------------------------------------------------------------------

type Live = KubeObject & { spec: Record<string, any>; data?: Record<string, string> };
const podSpec = (d: Live) => d.spec.template.spec as { containers: (Container & Record<string, unknown>)[] };
const containerNames = (d: Live) => podSpec(d).containers.map((c) => c.name);
const envNames = (d: Live, container = 'app') => (podSpec(d).containers.find((c) => c.name === container)?.env ?? []).map((e) => e.name);

// ---- re-applying against a real cluster ---------------------------------------------------------

interface Case {
  name: string;
  resource: string;
  crd?: boolean;
  first: KubeObject;
  /** What others do between the two applies (controllers, `kubectl patch`, `kubectl scale`). */
  between?: (client: Client) => void;
  second: KubeObject;
  check: (live: Live) => void;
}

const CASES: Case[] = [
  {
    name: 'a container dropped from the manifest is removed',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app' }, { name: 'sidecar', image: 'busybox' }]),
    second: deployment([{ name: 'app' }]),
    check: (d) => assert.deepEqual(containerNames(d), ['app']),
  },
  {
    name: 'an env var dropped from a container is removed, the others keep their order',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app', env: env('X', 'Y', 'Z') }]),
    second: deployment([{ name: 'app', env: env('X', 'Z') }]),
    check: (d) => assert.deepEqual(envNames(d), ['X', 'Z']),
  },
  {
    name: 'a Service port dropped from the manifest is removed, defaults the server set stay',
    resource: 'services',
    first: service([
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ]),
    second: service([{ name: 'http', port: 80 }]),
    check: (s) => {
      assert.deepEqual(
        (s.spec.ports as { port: number }[]).map((p) => p.port),
        [80],
      );
      assert.equal(s.spec.ports[0].targetPort, 80);
      assert.equal(s.spec.type, 'ClusterIP');
    },
  },
  {
    name: 'containers follow the order of the manifest',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app' }, { name: 'sidecar' }, { name: 'proxy' }]),
    second: deployment([{ name: 'proxy' }, { name: 'app' }, { name: 'sidecar' }]),
    check: (d) => assert.deepEqual(containerNames(d), ['proxy', 'app', 'sidecar']),
  },
  {
    name: 'a label and an env var added by others survive a re-apply that drops an env var',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app', env: env('X', 'Y') }]),
    between: (c) =>
      c.patch('deployments.apps', 'default', 'web', 'strategic', {
        metadata: { labels: { team: 'ops' } },
        spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'W', value: 'w' }] }] } } },
      }),
    second: deployment([{ name: 'app', env: env('X') }]),
    check: (d) => {
      assert.deepEqual(d.metadata?.labels, { app: 'web', team: 'ops' });
      assert.deepEqual(envNames(d).sort(), ['W', 'X']);
    },
  },
  {
    name: 'a field the manifest sets is reset to the manifest value (replicas scaled by others)',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app' }]),
    between: (c) => c.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 5 } }),
    second: deployment([{ name: 'app', image: 'nginx:1.26' }]),
    check: (d) => {
      assert.equal(d.spec.replicas, 2);
      assert.equal(podSpec(d).containers[0].image, 'nginx:1.26');
    },
  },
  {
    name: 'a list without a merge strategy (args) is replaced whole',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app', args: ['--a', '--b'] }]),
    second: deployment([{ name: 'app', args: ['--b'] }]),
    check: (d) => assert.deepEqual(podSpec(d).containers[0].args, ['--b']),
  },
  {
    name: 'a retainKeys map (Deployment strategy) drops what the new type does not allow',
    resource: 'deployments.apps',
    first: deployment([{ name: 'app' }]),
    second: deployment([{ name: 'app' }], { strategy: { type: 'Recreate' } }),
    check: (d) => assert.deepEqual(d.spec.strategy, { type: 'Recreate' }),
  },
  {
    name: 'finalizers: the one dropped from the manifest goes, the one another client added stays',
    resource: 'configmaps',
    first: configMap(['example.com/a', 'example.com/b']),
    between: (c) => c.patch('configmaps', 'default', 'settings', 'strategic', { metadata: { finalizers: ['example.com/c'] } }),
    second: configMap(['example.com/a']),
    check: (cm) => assert.deepEqual([...(cm.metadata?.finalizers ?? [])].sort(), ['example.com/a', 'example.com/c']),
  },
  {
    name: 'map keys dropped from the manifest are removed (data, labels)',
    resource: 'configmaps',
    first: { ...configMap([], { mode: 'fast', retries: '3' }), metadata: { name: 'settings', labels: { tier: 'backend' } } },
    second: configMap([], { mode: 'safe' }),
    check: (cm) => {
      assert.deepEqual(cm.data, { mode: 'safe' });
      assert.equal(cm.metadata?.labels, undefined);
    },
  },
  {
    name: 'a custom resource is re-applied with a JSON merge patch: keys removed, lists replaced, others\' labels kept',
    resource: 'gadgets.example.com',
    crd: true,
    first: gadget({ size: 3, color: 'red', tags: ['a', 'b'], parts: [{ name: 'p', count: 1 }, { name: 'q', count: 2 }] }),
    between: (c) => c.patch('gadgets.example.com', 'default', 'g1', 'merge', { metadata: { labels: { team: 'ops' } } }),
    second: gadget({ size: 4, tags: ['a'], parts: [{ name: 'q', count: 2 }] }),
    check: (g) => {
      assert.deepEqual(g.spec, { size: 4, tags: ['a'], parts: [{ name: 'q', count: 2 }] });
      assert.deepEqual(g.metadata?.labels, { team: 'ops' });
    },
  },
];

function setup(): { cluster: Cluster; client: Client } {
  const cluster = Cluster.start({ seed: 3 });
  const client = cluster.client();
  apply(client, 'customresourcedefinitions.apiextensions.k8s.io', false, gadgetCrd);
  cluster.loop.settle();
  return { cluster, client };
}

for (const c of CASES) {
  test(`apply: ${c.name}`, () => {
    const { cluster, client } = setup();
    try {
      const first = apply(client, c.resource, true, c.first, c.crd);
      assert.equal(first.created, true);
      c.between?.(client);
      const second = apply(client, c.resource, true, c.second, c.crd);
      assert.equal(second.created, false);
      const live = client.get<Live>(c.resource, 'default', c.second.metadata!.name!);
      assert.deepEqual(live, second.object);
      c.check(live);
      // The annotation now records the second manifest, so a third apply of it changes nothing.
      const again = apply(client, c.resource, true, c.second, c.crd);
      assert.equal(again.object.metadata?.resourceVersion, live.metadata?.resourceVersion);
    } finally {
      cluster.stop();
    }
  });
}

test('apply: the last applied configuration is recorded as kubectl writes it', () => {
  const { cluster, client } = setup();
  try {
    const { object } = apply(client, 'configmaps', true, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { url: 'a<b&c>' } });
    assert.equal(
      object.metadata?.annotations?.[LAST_APPLIED],
      '{"apiVersion":"v1","data":{"url":"a\\u003cb\\u0026c\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"default"}}\n',
    );
  } finally {
    cluster.stop();
  }
});

test('apply: a strategic merge patch to a custom resource is refused with 415, which is why CRs take a JSON merge patch', () => {
  const { cluster, client } = setup();
  try {
    apply(client, 'gadgets.example.com', true, gadget({ size: 3 }), true);
    const status = statusOf(() => apply(client, 'gadgets.example.com', true, gadget({ size: 4 })));
    assert.equal(status.code, 415);
    assert.equal(status.reason, 'UnsupportedMediaType');
  } finally {
    cluster.stop();
  }
});

// ---- the patches themselves (what kubectl would send) -------------------------------------------

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const CM = { apiVersion: 'v1', kind: 'ConfigMap' };
const tpl = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });

const PATCHES: { name: string; kind?: { apiVersion: string; kind: string }; original: object; modified: object; current: object; want: object }[] = [
  {
    name: 'a removed container: a delete directive and the order to keep',
    kind: DEPLOY,
    original: tpl({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }),
    modified: tpl({ containers: [{ name: 'a', image: 'x' }] }),
    current: tpl({ containers: [{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }, { name: 'b', image: 'y' }] }),
    want: tpl({ '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', $patch: 'delete' }] }),
  },
  {
    name: 'a changed and a removed env var in one container',
    kind: DEPLOY,
    original: tpl({ containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }] }),
    modified: tpl({ containers: [{ name: 'a', env: [{ name: 'X', value: '3' }] }] }),
    current: tpl({ containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }] }),
    want: tpl({
      '$setElementOrder/containers': [{ name: 'a' }],
      containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X', value: '3' }, { name: 'Y', $patch: 'delete' }] }],
    }),
  },
  {
    name: 'a reordered list: only the order',
    kind: DEPLOY,
    original: tpl({ containers: [{ name: 'a' }, { name: 'b' }] }),
    modified: tpl({ containers: [{ name: 'b' }, { name: 'a' }] }),
    current: tpl({ containers: [{ name: 'a' }, { name: 'b' }] }),
    want: tpl({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] }),
  },
  {
    name: 'a removed finalizer: a parallel deletion list; one added by others is not touched',
    kind: CM,
    original: { metadata: { finalizers: ['x/a', 'x/b'] } },
    modified: { metadata: { finalizers: ['x/a'] } },
    current: { metadata: { finalizers: ['x/a', 'x/b', 'x/c'] } },
    want: { metadata: { '$setElementOrder/finalizers': ['x/a'], '$deleteFromPrimitiveList/finalizers': ['x/b'] } },
  },
  {
    name: 'retainKeys: the fields the manifest keeps',
    kind: DEPLOY,
    original: { spec: { strategy: { type: 'RollingUpdate' } } },
    modified: { spec: { strategy: { type: 'Recreate' } } },
    current: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } },
    want: { spec: { strategy: { type: 'Recreate', $retainKeys: ['type'] } } },
  },
  {
    name: 'a list without merge strategy is sent whole; a dropped map key is nulled',
    kind: DEPLOY,
    original: tpl({ tolerations: [{ key: 'a' }, { key: 'b' }], nodeSelector: { disk: 'ssd' } }),
    modified: tpl({ tolerations: [{ key: 'a' }] }),
    current: tpl({ tolerations: [{ key: 'a' }, { key: 'b' }], nodeSelector: { disk: 'ssd' }, dnsPolicy: 'ClusterFirst' }),
    want: tpl({ tolerations: [{ key: 'a' }], nodeSelector: null }),
  },
  {
    name: 'nothing changed since the last apply: an empty patch, whatever others changed',
    kind: DEPLOY,
    original: { metadata: { labels: { app: 'web' } } },
    modified: { metadata: { labels: { app: 'web' } } },
    current: { metadata: { labels: { app: 'web', team: 'ops' } }, status: { replicas: 1 } },
    want: {},
  },
  {
    name: 'custom resource (JSON merge patch): nulls for removed keys, lists whole',
    original: { spec: { size: 3, color: 'red', tags: ['a', 'b'] } },
    modified: { spec: { size: 4, tags: ['a'] } },
    current: { metadata: { labels: { team: 'ops' } }, spec: { size: 3, color: 'red', tags: ['a', 'b'] } },
    want: { spec: { size: 4, color: null, tags: ['a'] } },
  },
];

for (const p of PATCHES) {
  test(`three-way patch: ${p.name}`, () => {
    const args = [p.original, p.modified, p.current] as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const got = p.kind ? threeWayMergePatch(...args, p.kind) : threeWayJsonMergePatch(...args);
    assert.deepEqual(got, p.want);
  });
}
