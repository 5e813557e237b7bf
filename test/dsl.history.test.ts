import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntry } from '../src/sim/eventlog';
import { podsOf } from '../src/dsl/history';

const w = (type: string, resource: string, kind: string, name: string, uid: string, owner?: string, namespace = 'default'): LogEntry => ({
  t: 0,
  source: 'apiserver',
  type,
  kind,
  resource,
  name,
  uid,
  namespace,
  ...(owner ? { owner } : {}),
});

const log: LogEntry[] = [
  w('create', 'pods', 'Pod', 'test-0', 'u0', 'StatefulSet/test'),
  w('create', 'pods', 'Pod', 'test-1', 'u1', 'StatefulSet/test'),
  w('create', 'pods', 'Pod', 'other-0', 'x0', 'StatefulSet/other'),
  w('create', 'pods', 'Pod', 'test-0', 'n0', 'StatefulSet/test', 'elsewhere'),
  w('delete', 'pods', 'Pod', 'test-1', 'u1', 'StatefulSet/test'), // graceful: marked
  w('update', 'pods', 'Pod', 'test-1', 'u1', 'StatefulSet/test'),
  w('remove', 'pods', 'Pod', 'test-1', 'u1', 'StatefulSet/test'), // the kubelet's final delete: not a second deletion
  w('create', 'pods', 'Pod', 'test-1', 'u2', 'StatefulSet/test'), // recreated under the same name
  w('remove', 'pods', 'Pod', 'test-0', 'u0', 'StatefulSet/test'), // deleted at once (no grace)
  // A Deployment's pods are owned by its ReplicaSets.
  w('create', 'replicasets.apps', 'ReplicaSet', 'web-abc', 'r1', 'Deployment/web'),
  w('create', 'pods', 'Pod', 'web-abc-1', 'p1', 'ReplicaSet/web-abc'),
  w('create', 'replicasets.apps', 'ReplicaSet', 'web-def', 'r2', 'Deployment/web'),
  w('create', 'pods', 'Pod', 'web-def-1', 'p2', 'ReplicaSet/web-def'),
  w('create', 'pods', 'Pod', 'lone', 'p3'),
];

test('pods created by a workload, in order, with repeats, in its namespace only', () => {
  assert.deepEqual(podsOf(log, 'StatefulSet/test', 'default', 'create'), ['test-0', 'test-1', 'test-1']);
  assert.deepEqual(podsOf(log, 'StatefulSet/test', 'elsewhere', 'create'), ['test-0']);
});

test("a pod's deletion counts once: the DELETE that marked it, or its removal when it went at once", () => {
  assert.deepEqual(podsOf(log, 'StatefulSet/test', 'default', 'delete'), ['test-1', 'test-0']);
});

test("a Deployment's pods are found through its ReplicaSets", () => {
  assert.deepEqual(podsOf(log, 'Deployment/web', 'default', 'create'), ['web-abc-1', 'web-def-1']);
  assert.deepEqual(podsOf(log, 'ReplicaSet/web-def', 'default', 'create'), ['web-def-1']);
});
