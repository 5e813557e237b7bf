import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import { crd } from './support/crd';

const CRDS = 'customresourcedefinitions.apiextensions.k8s.io';

function withWidgets(): Cluster {
  const c = Cluster.start({ seed: 3 });
  c.client().create<KubeObject>(CRDS, crd('widget', 'Widget'));

  c.loop.settle();
  return c;
}

const terminating = (c: Cluster) =>
  ((c.client().get(CRDS, undefined, 'widgets.example.com').status as { conditions: { type: string; reason: string }[] }).conditions.find((x) => x.type === 'Terminating') ?? {}) as { reason?: string };

test('deleting a CRD deletes its instances, then the CRD and its kind go', () => {
  const c = withWidgets();
  c.client().create<KubeObject>('widgets.example.com', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a' } });
  const marked = c.client().delete(CRDS, undefined, 'widgets.example.com');
  assert.deepEqual(marked.metadata!.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  assert.equal((marked.status as { conditions: { type: string; reason: string }[] }).conditions.find((x) => x.type === 'Terminating')!.reason, 'InstanceDeletionPending');
  c.loop.advance(0);
  assert.equal(c.store.range('/registry/example.com/widgets/', { prefix: true }).kvs.length, 0);
  assert.equal(c.store.range('/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com').kvs.length, 0);
  assert.equal(c.registry.byName('widgets.example.com'), undefined);
});

test('an instance with its own finalizer keeps the CRD Terminating until it is released', () => {
  const c = withWidgets();
  c.client().create<KubeObject>('widgets.example.com', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  c.client().delete(CRDS, undefined, 'widgets.example.com');
  c.loop.advance(60_000);
  assert.equal(terminating(c).reason, 'InstanceDeletionInProgress');
  assert.ok(c.registry.byName('widgets.example.com'), 'the kind is still served while instances remain');
  c.client().patch('widgets.example.com', 'default', 'held', 'merge', { metadata: { finalizers: null } });
  assert.equal(c.loop.until(() => c.store.range('/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com').kvs.length === 0, 10_000), true);
  assert.ok(c.loop.now <= 65_000, `gone within one poll interval, at ${c.loop.now}`);
});
