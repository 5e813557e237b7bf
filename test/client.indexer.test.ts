import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { Indexer, metaNamespaceKeyFunc, NAMESPACE_INDEX, splitMetaNamespaceKey } from '../src/client/indexer';
import { Lister, type LabelMatcher } from '../src/client/lister';

const pod = (ns: string, name: string, node?: string, labels?: Record<string, string>): KubeObject => ({
  kind: 'Pod',
  metadata: { namespace: ns, name, labels },
  spec: { nodeName: node },
});
const nodeIndex = { 'spec.nodeName': (o: KubeObject) => [((o.spec as { nodeName?: string }).nodeName ?? '')] };
const names = (objs: KubeObject[]) => objs.map((o) => metaNamespaceKeyFunc(o));

const keyCases = [
  { obj: pod('ns1', 'a'), key: 'ns1/a' },
  { obj: { kind: 'Node', metadata: { name: 'node-1' } }, key: 'node-1' },
];
for (const c of keyCases) {
  test(`indexer: key of ${c.key}`, () => {
    assert.equal(metaNamespaceKeyFunc(c.obj), c.key);
    const split = splitMetaNamespaceKey(c.key);
    assert.equal(split.name, c.obj.metadata!.name);
    assert.equal(split.namespace, c.obj.metadata!.namespace);
  });
}

test('indexer: add, update, delete keep the namespace and custom indexes right', () => {
  const ix = new Indexer(metaNamespaceKeyFunc, { [NAMESPACE_INDEX]: (o) => [o.metadata?.namespace ?? ''], ...nodeIndex });
  ix.add(pod('ns1', 'a', 'n1'));
  ix.add(pod('ns1', 'b', 'n2'));
  ix.add(pod('ns2', 'c', 'n1'));
  assert.deepEqual(names(ix.byIndex('namespace', 'ns1')), ['ns1/a', 'ns1/b']);
  assert.deepEqual(names(ix.byIndex('spec.nodeName', 'n1')), ['ns1/a', 'ns2/c']);
  ix.update(pod('ns1', 'a', 'n2'));
  assert.deepEqual(names(ix.byIndex('spec.nodeName', 'n1')), ['ns2/c']);
  assert.deepEqual(names(ix.byIndex('spec.nodeName', 'n2')), ['ns1/b', 'ns1/a']);
  ix.delete(pod('ns2', 'c'));
  assert.deepEqual(ix.byIndex('spec.nodeName', 'n1'), []);
  assert.deepEqual(ix.listIndexFuncValues('spec.nodeName'), ['n2'], 'empty index values are dropped');
  assert.deepEqual(names(ix.index('spec.nodeName', pod('x', 'y', 'n2'))), ['ns1/b', 'ns1/a']);
  assert.equal(ix.size, 2);
});

test('indexer: replace rebuilds everything; objects are stored as given', () => {
  const ix = new Indexer(metaNamespaceKeyFunc, nodeIndex);
  ix.add(pod('ns', 'old', 'n1'));
  const fresh = Object.freeze(pod('ns', 'new', 'n1'));
  ix.replace([fresh]);
  assert.deepEqual(ix.listKeys(), ['ns/new']);
  assert.equal(ix.getByKey('ns/new'), fresh);
  assert.deepEqual(names(ix.byIndex('spec.nodeName', 'n1')), ['ns/new']);
});

test('indexer: indexes added later cover existing objects; unknown or duplicate index names throw', () => {
  const ix = new Indexer();
  ix.add(pod('ns', 'a', 'n1'));
  ix.addIndexers(nodeIndex);
  assert.deepEqual(names(ix.byIndex('spec.nodeName', 'n1')), ['ns/a']);
  assert.throws(() => ix.byIndex('nope', 'x'), /Index with name nope does not exist/);
  assert.throws(() => ix.addIndexers(nodeIndex), /indexer conflict/);
});

test('indexer: multi-valued index functions', () => {
  const ix = new Indexer(metaNamespaceKeyFunc, { labels: (o) => Object.keys(o.metadata?.labels ?? {}) });
  ix.add(pod('ns', 'a', undefined, { x: '1', y: '1' }));
  ix.add(pod('ns', 'b', undefined, { y: '1' }));
  assert.deepEqual(names(ix.byIndex('labels', 'y')), ['ns/a', 'ns/b']);
  assert.deepEqual(names(ix.index('labels', pod('ns', 'q', undefined, { x: '', y: '' }))), ['ns/a', 'ns/b']);
});

const eq = (k: string, v: string): LabelMatcher => ({ matches: (l) => l[k] === v });

test('lister: list with a selector, get, namespace lister, byIndex', () => {
  const ix = new Indexer(metaNamespaceKeyFunc, { [NAMESPACE_INDEX]: (o) => [o.metadata?.namespace ?? ''], ...nodeIndex });
  ix.add(pod('ns1', 'a', 'n1', { app: 'web' }));
  ix.add(pod('ns1', 'b', 'n1', { app: 'db' }));
  ix.add(pod('ns2', 'a', 'n2', { app: 'web' }));
  const l = new Lister(ix);
  assert.equal(l.list().length, 3);
  assert.deepEqual(names(l.list(eq('app', 'web'))), ['ns1/a', 'ns2/a']);
  assert.deepEqual(names(l.list('app=web')), ['ns1/a', 'ns2/a'], 'a selector string is parsed');
  assert.deepEqual(names(l.list('app notin (web)')), ['ns1/b']);
  assert.deepEqual(names(l.namespace('ns1').list('app')), ['ns1/a', 'ns1/b']);
  assert.deepEqual(names(l.namespace('ns1').list()), ['ns1/a', 'ns1/b']);
  assert.deepEqual(names(l.namespace('ns1').list(eq('app', 'db'))), ['ns1/b']);
  assert.equal(l.namespace('ns2').get('a')?.metadata?.namespace, 'ns2');
  assert.equal(l.namespace('ns2').get('b'), undefined);
  assert.equal(l.get('a'), undefined, 'namespaced objects are not found by bare name');
  assert.deepEqual(names(l.byIndex('spec.nodeName', 'n1')), ['ns1/a', 'ns1/b']);
});

test('lister: namespace lister without a namespace index filters', () => {
  const ix = new Indexer(metaNamespaceKeyFunc, {});
  ix.add(pod('ns1', 'a'));
  ix.add(pod('ns2', 'b'));
  assert.deepEqual(names(new Lister(ix).namespace('ns2').list()), ['ns2/b']);
});
