import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepFreeze } from '../src/api/freeze';
import { PatchError, applyPatch, type PatchType } from '../src/api/patch';

const POD = { apiVersion: 'v1', kind: 'Pod' };

const pod = (): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }], nodeName: 'node-1' },
});

test('applyPatch: the three patch types', () => {
  const cases: { name: string; type: PatchType; patch: unknown; want: (p: Record<string, unknown>) => void }[] = [
    {
      name: 'json: replace, add, remove',
      type: 'json',
      patch: [
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.26' },
        { op: 'add', path: '/metadata/labels/env', value: 'prod' },
        { op: 'remove', path: '/metadata/labels/tier' },
        { op: 'add', path: '/spec/containers/-', value: { name: 'third' } },
      ],
      want: (p) => {
        assert.deepEqual((p.metadata as Record<string, unknown>).labels, { app: 'web', env: 'prod' });
        assert.deepEqual(
          (p.spec as { containers: unknown[] }).containers,
          [{ name: 'app', image: 'nginx:1.26' }, { name: 'side', image: 'busybox' }, { name: 'third' }],
        );
      },
    },
    {
      name: 'json: a passing test op, then move and copy',
      type: 'json',
      patch: [
        { op: 'test', path: '/spec/nodeName', value: 'node-1' },
        { op: 'copy', from: '/spec/nodeName', path: '/metadata/labels/node' },
        { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/layer' },
      ],
      want: (p) => assert.deepEqual((p.metadata as Record<string, unknown>).labels, { app: 'web', node: 'node-1', layer: 'front' }),
    },
    {
      name: 'merge (RFC 7396): null deletes, maps merge, lists replace',
      type: 'merge',
      patch: { metadata: { labels: { tier: null, env: 'prod' } }, spec: { containers: [{ name: 'only' }], nodeName: null } },
      want: (p) => {
        assert.deepEqual((p.metadata as Record<string, unknown>).labels, { app: 'web', env: 'prod' });
        assert.deepEqual(p.spec, { containers: [{ name: 'only' }] });
      },
    },
    {
      name: 'merge: nulls inside new maps are dropped',
      type: 'merge',
      patch: { spec: { nodeSelector: { disk: 'ssd', zone: null } } },
      want: (p) => assert.deepEqual((p.spec as Record<string, unknown>).nodeSelector, { disk: 'ssd' }),
    },
    {
      name: 'strategic: containers merge by name',
      type: 'strategic',
      patch: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } },
      want: (p) =>
        assert.deepEqual((p.spec as { containers: unknown[] }).containers, [
          { name: 'app', image: 'nginx:1.26' },
          { name: 'side', image: 'busybox' },
        ]),
    },
    {
      name: 'a patch body may be JSON text',
      type: 'strategic',
      patch: '{"metadata":{"labels":{"app":"api"}}}',
      want: (p) => assert.equal(((p.metadata as Record<string, unknown>).labels as Record<string, unknown>).app, 'api'),
    },
  ];
  for (const c of cases) {
    const original = deepFreeze(pod());
    const patch = deepFreeze(structuredClone(c.patch));
    const out = applyPatch(original, c.type, patch, POD);
    c.want(out);
    assert.deepEqual(original, pod(), `${c.name}: original unchanged`);
  }
});

test('applyPatch: failures are PatchErrors with the status upstream answers', () => {
  const cases: { name: string; type: PatchType; patch: unknown; kind?: { apiVersion: string; kind: string }; code: number; reason: string; message: string | RegExp }[] = [
    {
      name: 'a failing test op is 422',
      type: 'json',
      patch: [{ op: 'test', path: '/spec/nodeName', value: 'node-2' }],
      code: 422,
      reason: 'Invalid',
      message: 'testing value /spec/nodeName failed: test failed',
    },
    {
      name: 'replace of a missing path',
      type: 'json',
      patch: [{ op: 'replace', path: '/spec/missing/deep', value: 1 }],
      code: 422,
      reason: 'Invalid',
      message: /^json patch operation 0 \(replace \/spec\/missing\/deep\) does not apply: /,
    },
    {
      name: 'an unknown op',
      type: 'json',
      patch: [{ op: 'frob', path: '/a' }],
      code: 422,
      reason: 'Invalid',
      message: /^json patch operation 0 \(frob \/a\) does not apply: Operation `op` property is not one of operations defined in RFC-6902/,
    },
    {
      name: 'remove from a missing path (second op)',
      type: 'json',
      patch: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }, { op: 'remove', path: '/metadata/annotations/a' }],
      code: 422,
      reason: 'Invalid',
      message: /^json patch operation 1 \(remove \/metadata\/annotations\/a\) does not apply/,
    },
    { name: 'json patch that is not a list', type: 'json', patch: { op: 'add' }, code: 400, reason: 'BadRequest', message: /cannot unmarshal object/ },
    { name: 'merge patch that is not an object', type: 'merge', patch: [1], code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' },
    { name: 'body that is not JSON', type: 'merge', patch: '{nope', code: 400, reason: 'BadRequest', message: 'invalid JSON document' },
    {
      name: 'strategic to a custom resource is 415',
      type: 'strategic',
      patch: {},
      kind: { apiVersion: 'example.com/v1', kind: 'Widget' },
      code: 415,
      reason: 'UnsupportedMediaType',
      message: /^the body of the request was in an unknown format/,
    },
    {
      name: 'strategic with a bad retainKeys is 400',
      type: 'strategic',
      patch: { metadata: { labels: { $retainKeys: 'x' } } },
      code: 400,
      reason: 'BadRequest',
      message: 'invalid patch format of retainKeys',
    },
  ];
  for (const c of cases) {
    assert.throws(
      () => applyPatch(pod(), c.type, c.patch, c.kind ?? POD),
      (e: unknown) =>
        e instanceof PatchError &&
        e.code === c.code &&
        e.reason === c.reason &&
        (typeof c.message === 'string' ? e.message === c.message : c.message.test(e.message)),
      c.name,
    );
  }
});

test('applyPatch json: values the operations insert are not shared with the patch', () => {
  const patch = [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }];
  const out = applyPatch(pod(), 'json', patch, POD) as { metadata: { annotations: Record<string, string> } };
  out.metadata.annotations.a = 'changed';
  assert.equal(patch[0].value.a, 'b');
});
