import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { cm, newCluster, statusOf } from './support/cluster';
import { crd } from './support/crd';

test('create sets server metadata: uid, creationTimestamp, resourceVersion = store revision', () => {
  const c = newCluster();
  const before = c.store.rev;
  const obj = c.client().create<KubeObject>('configmaps', cm('a'));
  assert.equal(obj.metadata!.namespace, 'default');
  assert.match(obj.metadata!.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(obj.metadata!.creationTimestamp, '2025-01-01T00:00:00Z');
  assert.equal(obj.metadata!.resourceVersion, String(before + 1));
  assert.equal(c.store.rev, before + 1);
  assert.ok(Object.isFrozen(obj) && Object.isFrozen(obj.metadata), 'objects handed out are frozen');
});

test('fact 176: generateName appends 5 characters of the upstream alphabet to a base cut to 58', () => {
  const c = newCluster();
  const long = 'x'.repeat(70);
  const a = c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: long } });
  assert.equal(a.metadata!.name!.length, 63);
  assert.match(a.metadata!.name!, /^x{58}[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const b = c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } });
  assert.match(b.metadata!.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('generated names and UIDs repeat under the same seed', () => {
  const names = (seed: number) => {
    const c = newCluster(seed);
    const o = c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'g-' } });
    return [o.metadata!.name, o.metadata!.uid];
  };
  assert.deepEqual(names(5), names(5));
  assert.notDeepEqual(names(5), names(6));
});

test('fact 171: AlreadyExists and NotFound Statuses', () => {
  const c = newCluster();
  c.client().create<KubeObject>('configmaps', cm('a'));
  const dup = statusOf(() => c.client().create<KubeObject>('configmaps', cm('a')));
  assert.deepEqual(dup, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'configmaps "a" already exists',
    reason: 'AlreadyExists',
    details: { name: 'a', kind: 'configmaps' },
    code: 409,
  });
  const nf = statusOf(() => c.client().get('deployments.apps', 'default', 'web'));
  assert.equal(nf.code, 404);
  assert.equal(nf.message, 'deployments.apps "web" not found');
  assert.deepEqual(nf.details, { name: 'web', group: 'apps', kind: 'deployments' });
});

test('fact 170: an update with a stale resourceVersion is a 409 Conflict with the upstream message', () => {
  const c = newCluster();
  const v1 = c.client().create<KubeObject>('configmaps', cm('foo'));
  c.client().update('configmaps', { ...structuredClone(v1), data: { a: '1' } });
  const s = statusOf(() => c.client().update('configmaps', { ...structuredClone(v1), data: { a: '2' } }));
  assert.equal(s.code, 409);
  assert.equal(s.reason, 'Conflict');
  assert.equal(s.message, 'Operation cannot be fulfilled on configmaps "foo": the object has been modified; please apply your changes to the latest version and try again');
  assert.deepEqual(s.details, { name: 'foo', kind: 'configmaps' });
});

test('an update that changes nothing writes nothing', () => {
  const c = newCluster();
  const v1 = c.client().create<KubeObject>('configmaps', cm('a', { data: { k: 'v' } }));
  const rev = c.store.rev;
  const v2 = c.client().update('configmaps', structuredClone(v1));
  assert.equal(c.store.rev, rev);
  assert.equal(v2.metadata!.resourceVersion, v1.metadata!.resourceVersion);
});

test('generation moves only on spec changes of resources that track it', () => {
  const c = newCluster();
  const dep: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } } },
  };
  const d1 = c.client().create<KubeObject>('deployments.apps', dep);
  assert.equal(d1.metadata!.generation, 1);
  const d2 = c.client().patch('deployments.apps', 'default', 'web', 'merge', { metadata: { labels: { x: 'y' } } });
  assert.equal(d2.metadata!.generation, 1, 'a metadata change is not a spec change');
  const d3 = c.client().patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 4 } });
  assert.equal(d3.metadata!.generation, 2);
  const d4 = c.client().patch('deployments.apps', 'default', 'web', 'merge', { status: { replicas: 9 } }, { subresource: 'status' });
  assert.equal(d4.metadata!.generation, 2, 'a status change is not a spec change');
  assert.deepEqual(d4.status, { replicas: 9 });
  const d5 = c.client().patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 5 }, status: { replicas: 1 } });
  assert.deepEqual(d5.status, { replicas: 9 }, 'the main resource ignores status');
  assert.equal((d5.spec as { replicas: number }).replicas, 5);
});

test('the status subresource changes only status', () => {
  const c = newCluster();
  const pod = c.client().create<KubeObject>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
  assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
  const next = structuredClone(pod);
  (next.spec as { containers: { image: string }[] }).containers[0].image = 'other';
  next.status = { phase: 'Running' };
  const after = c.client().updateStatus<KubeObject>('pods', next);
  assert.equal((after.status as { phase: string }).phase, 'Running');
  assert.equal((after.spec as { containers: { image: string }[] }).containers[0].image, 'nginx');
});

test('list filters by label and field selectors and carries the list resourceVersion', () => {
  const c = newCluster();
  c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { app: 'web' } } });
  c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', labels: { app: 'db' } } });
  const l = c.client().list('configmaps', { labelSelector: 'app in (web,cache)' });
  assert.deepEqual(l.items.map((o) => o.metadata!.name), ['a']);
  assert.equal(l.kind, 'ConfigMapList');
  assert.equal(l.metadata.resourceVersion, String(c.store.rev));
  const f = c.client().list('configmaps', { fieldSelector: 'metadata.name=b' });
  assert.deepEqual(f.items.map((o) => o.metadata!.name), ['b']);
  const bad = statusOf(() => c.client().list('pods', { fieldSelector: 'spec.foo=x' }));
  assert.equal(bad.code, 400);
  assert.match(bad.message, /field label not supported: spec.foo/);
});

test('list resourceVersion semantics: NotOlderThan reads the latest, Exact the past, the future is a 504', () => {
  const c = newCluster();
  const a = c.client().create<KubeObject>('configmaps', cm('a'));
  c.client().create<KubeObject>('configmaps', cm('b'));
  const rv = a.metadata!.resourceVersion;
  const names = (o: object) => c.client().list('configmaps', o).items.map((x) => x.metadata!.name);
  assert.deepEqual(names({ resourceVersion: rv }), ['a', 'b']);
  assert.deepEqual(names({ resourceVersion: rv, resourceVersionMatch: 'Exact' }), ['a']);
  const future = statusOf(() => c.client().list('configmaps', { resourceVersion: String(c.store.rev + 5) }));
  assert.equal(future.code, 504);
  assert.equal(future.message, `Timeout: Too large resource version: ${c.store.rev + 5}, current: ${c.store.rev}`);
  c.store.compact(c.store.rev);
  const old = statusOf(() => c.client().list('configmaps', { resourceVersion: rv, resourceVersionMatch: 'Exact' }));
  assert.equal(old.code, 410);
});

test('fact 182: etcd keys use the upstream resource prefixes', () => {
  const c = newCluster();
  c.addNode({ name: 'node-1' });
  const keys = c.store.range('/registry/', { prefix: true }).kvs.map((kv) => kv.key);
  for (const k of ['/registry/minions/node-1', '/registry/services/specs/default/kubernetes', '/registry/namespaces/default', '/registry/serviceaccounts/kube-system/default']) {
    assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
  }
});

test('fact 177: delete with finalizers only marks; removing the last finalizer removes', () => {
  const c = newCluster();
  c.client().create<KubeObject>('configmaps', cm('a', { metadata: { finalizers: ['x/y'] } }));
  const marked = c.client().delete('configmaps', 'default', 'a');
  assert.equal(marked.metadata!.deletionTimestamp, '2025-01-01T00:00:00Z');
  assert.equal(marked.metadata!.deletionGracePeriodSeconds, 0);
  const late = statusOf(() => c.client().patch('configmaps', 'default', 'a', 'merge', { metadata: { finalizers: ['x/y', 'z/w'] } }));
  assert.equal(late.code, 422);
  c.client().patch('configmaps', 'default', 'a', 'merge', { metadata: { finalizers: null } });
  assert.equal(statusOf(() => c.client().get('configmaps', 'default', 'a')).code, 404);
});

test('fact 141: a bound pod is deleted gracefully; an unbound one at once; force delete removes', () => {
  const c = newCluster();
  const spec = { containers: [{ name: 'app', image: 'nginx' }] };
  c.client().create<KubeObject>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { ...spec, nodeName: 'node-1', terminationGracePeriodSeconds: 45 } });
  c.client().create<KubeObject>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound' }, spec });
  c.loop.advance(10_000);
  const g = c.client().delete('pods', 'default', 'bound');
  assert.equal(g.metadata!.deletionGracePeriodSeconds, 45);
  assert.equal(g.metadata!.deletionTimestamp, '2025-01-01T00:00:55Z');
  const shorter = c.client().delete('pods', 'default', 'bound', { gracePeriodSeconds: 5 });
  assert.equal(shorter.metadata!.deletionGracePeriodSeconds, 5);
  const longer = c.client().delete('pods', 'default', 'bound', { gracePeriodSeconds: 100 });
  assert.equal(longer.metadata!.deletionGracePeriodSeconds, 5, 'a grace period only shrinks');
  c.client().delete('pods', 'default', 'unbound');
  assert.equal(statusOf(() => c.client().get('pods', 'default', 'unbound')).code, 404);
  c.client().delete('pods', 'default', 'bound', { gracePeriodSeconds: 0 });
  assert.equal(statusOf(() => c.client().get('pods', 'default', 'bound')).code, 404);
});

test('fact 179: Orphan and Foreground add their finalizers', () => {
  const c = newCluster();
  c.client().create<KubeObject>('configmaps', cm('o'));
  c.client().create<KubeObject>('configmaps', cm('f'));
  // Stop the garbage collector so the finalizers stay visible.
  c.controllers.stop();
  assert.deepEqual(c.client().delete('configmaps', 'default', 'o', { propagationPolicy: 'Orphan' }).metadata!.finalizers, ['orphan']);
  assert.deepEqual(c.client().delete('configmaps', 'default', 'f', { propagationPolicy: 'Foreground' }).metadata!.finalizers, ['foregroundDeletion']);
});

test('delete preconditions on uid and resourceVersion', () => {
  const c = newCluster();
  const a = c.client().create<KubeObject>('configmaps', cm('a'));
  const s = statusOf(() => c.client().delete('configmaps', 'default', 'a', { preconditions: { uid: 'other' } }));
  assert.equal(s.code, 409);
  assert.match(s.message, /Precondition failed: UID in precondition: other, UID in object meta: /);
  c.client().delete('configmaps', 'default', 'a', { preconditions: { uid: a.metadata!.uid, resourceVersion: a.metadata!.resourceVersion } });
});

test('fact 174: a watch from a compacted resourceVersion gets one ERROR 410 Expired', () => {
  const c = newCluster();
  c.client().create<KubeObject>('configmaps', cm('a'));
  c.client().create<KubeObject>('configmaps', cm('b'));
  const rev = c.store.rev;
  c.store.compact(rev);
  const got: unknown[] = [];
  c.client().watch('configmaps', { resourceVersion: '2' }, (ev) => got.push(ev));
  c.loop.advance(0);
  assert.equal(got.length, 1);
  const ev = got[0] as { type: string; object: { code: number; reason: string; message: string } };
  assert.equal(ev.type, 'ERROR');
  assert.equal(ev.object.code, 410);
  assert.equal(ev.object.reason, 'Expired');
  assert.equal(ev.object.message, `too old resource version: 2 (${rev - 1})`);
});

test('watch events: ADDED, MODIFIED, DELETED with the last state at the deletion revision', () => {
  const c = newCluster();
  const got: { type: string; name?: string; rv?: string }[] = [];
  c.client().watch('configmaps', { resourceVersion: String(c.store.rev) }, (ev) =>
    got.push({ type: ev.type, name: (ev.object as KubeObject).metadata?.name, rv: (ev.object as KubeObject).metadata?.resourceVersion }),
  );
  const a = c.client().create<KubeObject>('configmaps', cm('a'));
  c.client().patch('configmaps', 'default', 'a', 'merge', { data: { k: 'v' } });
  c.client().delete('configmaps', 'default', 'a');
  const deleteRev = String(c.store.rev);
  c.loop.advance(0);
  assert.deepEqual(got.map((g) => g.type), ['ADDED', 'MODIFIED', 'DELETED']);
  assert.equal(got[0].rv, a.metadata!.resourceVersion);
  assert.equal(got[2].rv, deleteRev);
});

test('the kind and apiVersion of a body must match the resource', () => {
  const c = newCluster();
  const s = statusOf(() => c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }));
  assert.equal(s.code, 400);
});

test('cluster-scoped objects lose a namespace they were sent with', () => {
  const c = newCluster();
  const pc = c.client().create<KubeObject>('priorityclasses.scheduling.k8s.io', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high', namespace: 'default' }, value: 10 });
  assert.equal(pc.metadata!.namespace, undefined);
  assert.equal(c.store.range('/registry/priorityclasses/high').kvs.length, 1);
});

test('a later DELETE with another policy swaps the garbage collector finalizers; Background drops them', () => {
  const c = newCluster();
  c.controllers.stop();
  c.client().create<KubeObject>('configmaps', cm('a', { metadata: { finalizers: ['example.com/keep'] } }));
  assert.deepEqual(c.client().delete('configmaps', 'default', 'a', { propagationPolicy: 'Orphan' }).metadata!.finalizers, ['example.com/keep', 'orphan']);
  assert.deepEqual(c.client().delete('configmaps', 'default', 'a', { propagationPolicy: 'Foreground' }).metadata!.finalizers, ['example.com/keep', 'foregroundDeletion']);
  assert.deepEqual(c.client().delete('configmaps', 'default', 'a').metadata!.finalizers, ['example.com/keep', 'foregroundDeletion'], 'no policy keeps what is there');
  assert.deepEqual(c.client().delete('configmaps', 'default', 'a', { propagationPolicy: 'Background' }).metadata!.finalizers, ['example.com/keep']);
});

test('fact 153: a namespace always gets the kubernetes finalizer, and the first DELETE only makes it Terminating', () => {
  const c = newCluster();
  c.controllers.stop();
  const ns = c.client().create<KubeObject>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['example.com/x'] } });
  assert.deepEqual((ns.spec as { finalizers: string[] }).finalizers, ['example.com/x', 'kubernetes']);
  const deleted = c.client().delete('namespaces', undefined, 'team');
  assert.equal((deleted.status as { phase: string }).phase, 'Terminating');
  assert.equal(deleted.metadata!.deletionGracePeriodSeconds, undefined);
  c.client().patch('namespaces', undefined, 'team', 'merge', { spec: { finalizers: [] } });
  assert.deepEqual((c.client().get('namespaces', undefined, 'team').spec as { finalizers: string[] }).finalizers, ['example.com/x', 'kubernetes'], 'only /finalize changes spec.finalizers');
  c.client().patch('namespaces', undefined, 'team', 'merge', { spec: { finalizers: [] } }, { subresource: 'finalize' });
  assert.equal(statusOf(() => c.client().get('namespaces', undefined, 'team')).code, 404);
});

test('a Job gets a server-generated selector and template labels unless manualSelector is set', () => {
  const c = newCluster();
  const job = c.client().create<KubeObject>('jobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
  });
  const uid = job.metadata!.uid!;
  const spec = job.spec as { selector: unknown; template: { metadata: { labels: Record<string, string> } }; backoffLimit: number };
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual(spec.template.metadata.labels, { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' });
  assert.equal(spec.backoffLimit, 6);
});

test('a metadata field of the wrong JSON type is a 400 from the decoder, not a crash', () => {
  const c = newCluster();
  const s = statusOf(() => c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 42 as unknown as string } }));
  assert.equal(s.code, 400);
  assert.equal(s.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string');
});

test('rest.BeforeDelete: a shorter grace period counts from when the deletion started', () => {
  const c = newCluster();
  c.client().create<KubeObject>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] } });
  c.client().delete('pods', 'default', 'p'); // t=0, grace 30 → deadline 00:00:30
  c.loop.advance(5_000);
  const again = c.client().delete('pods', 'default', 'p', { gracePeriodSeconds: 10 });
  assert.equal(again.metadata!.deletionTimestamp, '2025-01-01T00:00:10Z');
  assert.equal(again.metadata!.deletionGracePeriodSeconds, 10);
});

test('DefaultGarbageCollectionPolicy: a Job deleted without a policy orphans; with Background it does not', () => {
  const c = newCluster();
  c.controllers.stop();
  const job = (name: string): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, finalizers: ['example.com/hold'] },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  c.client().create('jobs.batch', job('a'));
  c.client().create('jobs.batch', job('b'));
  assert.deepEqual(c.client().delete('jobs.batch', 'default', 'a').metadata!.finalizers, ['example.com/hold', 'orphan']);
  assert.deepEqual(c.client().delete('jobs.batch', 'default', 'b', { propagationPolicy: 'Background' }).metadata!.finalizers, ['example.com/hold']);
});

test('patch: a different name is a 400; a failed JSON patch test is upstream 422; a resourceVersion in it is a precondition', () => {
  const c = newCluster();
  const a = c.client().create<KubeObject>('configmaps', cm('a', { data: { k: 'v' } }));
  const rename = statusOf(() => c.client().patch('configmaps', 'default', 'a', 'merge', { metadata: { name: 'b' } }));
  assert.equal(rename.code, 400);
  assert.equal(rename.message, 'the name of the object (b) does not match the name on the URL (a)');
  const failed = statusOf(() => c.client().patch('configmaps', 'default', 'a', 'json', [{ op: 'test', path: '/data/k', value: 'x' }]));
  assert.equal(failed.code, 422);
  assert.equal(failed.message, 'the server rejected our request due to an error in our request');
  c.client().patch('configmaps', 'default', 'a', 'merge', { data: { k: 'w' } });
  const stale = statusOf(() => c.client().patch('configmaps', 'default', 'a', 'json', [{ op: 'replace', path: '/metadata/resourceVersion', value: a.metadata!.resourceVersion }]));
  assert.equal(stale.code, 409);
});

test('generation: a Deployment annotation change bumps it; custom resources always track it', () => {
  const c = newCluster();
  c.client().create<KubeObject>('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  });
  const d = c.client().patch('deployments.apps', 'default', 'web', 'merge', { metadata: { annotations: { note: 'x' } } });
  assert.equal(d.metadata!.generation, 2);
  c.client().create<KubeObject>('customresourcedefinitions.apiextensions.k8s.io', crd('gadget', 'Gadget'));

  const g = c.client().create<KubeObject>('gadgets.example.com', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { a: 1 } });
  assert.equal(g.metadata!.generation, 1);
  const unconditional = statusOf(() => c.client().update('gadgets.example.com', { ...structuredClone(g), metadata: { name: 'g', namespace: 'default' }, spec: { a: 2 } }));
  assert.equal(unconditional.code, 422);
  assert.match(unconditional.message, /metadata.resourceVersion: Invalid value: 0x0: must be specified for an update/);
  const g2 = c.client().update<KubeObject>('gadgets.example.com', { ...structuredClone(g), spec: { a: 2 } });
  assert.equal(g2.metadata!.generation, 2);
});

test('a malformed quantity is the decoder 400 with the quantity regular expression', () => {
  const c = newCluster();
  const s = statusOf(() =>
    c.client().create<KubeObject>('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1x' } } }] },
    }),
  );
  assert.equal(s.code, 400);
  assert.equal(s.message, "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  c.client().create<KubeObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'limits' }, data: { limits: 'lots' } });
});
