import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../src/api/object';
import type { Check, CheckResult } from '../src/dsl/assertions';
import { ScenarioDriver } from '../src/dsl/driver';
import { UserError } from '../src/dsl/errors';

/**
 * The pod and workload state assertions, driven through a ScenarioDriver with objects whose status
 * the test writes itself (as a kubelet or a controller would). The controller manager is stopped
 * first, so no controller (GC, ReplicaSet, ...) changes what the test set up.
 */

const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
const SELECTOR = { matchLabels: { app: 'web' } };

function setup(): ScenarioDriver {
  const d = new ScenarioDriver(1);
  d.cluster.controllers.stop();
  return d;
}

function create(d: ScenarioDriver, resource: string, obj: KubeObject): KubeObject {
  return d.cluster.client().create(resource, { ...obj, metadata: { namespace: 'default', ...obj.metadata } });
}

function setStatus(d: ScenarioDriver, resource: string, name: string, status: unknown): void {
  const client = d.cluster.client();
  const live = structuredClone(client.get(resource, 'default', name)) as KubeObject;
  client.updateStatus(resource, { ...live, status });
}

function controllerRef(owner: KubeObject, controller = true): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller, blockOwnerDeletion: true };
}

function pod(d: ScenarioDriver, name: string, opts: { owner?: KubeObject; nodeName?: string; ownerRefs?: OwnerReference[] } = {}): KubeObject {
  const ownerReferences = opts.ownerRefs ?? (opts.owner ? [controllerRef(opts.owner)] : undefined);
  return create(d, 'pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...(ownerReferences ? { ownerReferences } : {}) },
    spec: { ...(opts.nodeName ? { nodeName: opts.nodeName } : {}), containers: [{ name: 'app', image: 'nginx:1.25' }] },
  } as KubeObject);
}

/** A status as the kubelet writes it for a started pod: Running, the container running, Ready as given. */
function runningStatus(ready: boolean) {
  const t = '2025-01-01T00:00:00Z';
  const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: t });
  return {
    phase: 'Running',
    conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
    containerStatuses: [{ name: 'app', image: 'nginx:1.25', imageID: 'docker.io/library/nginx@sha256:0', ready, restartCount: 0, started: true, state: { running: { startedAt: t } } }],
  };
}

const ok = (c: Check): CheckResult => c();
const message = (r: CheckResult): string => (r.ok ? '' : r.message);

test('pod {ref} is {word}: a new bound pod is Pending and NotReady; the failure shows STATUS, READY and containers', () => {
  const d = setup();
  pod(d, 'web', { nodeName: 'node-1' });
  assert.equal(ok(d.checkPod('web', 'Pending')).ok, true);
  assert.equal(ok(d.checkPod('web', 'NotReady')).ok, true);
  assert.equal(ok(d.checkPod('web', 'Ready')).ok, false);
  const r = ok(d.checkPod('web', 'Running'));
  assert.equal(r.ok, false);
  assert.match(message(r), /^expected pod "web" to be Running, but it is Pending\n/);
  assert.match(message(r), /STATUS Pending, READY 0\/1, phase Pending, Ready condition \(none\)/);
  assert.match(message(r), /node: node-1/);
  assert.match(message(r), /containers: \(no statuses reported\)/);
  d.stop();
});

test('pod {ref} is {word}: the check re-reads the pod each time (Running and Ready once the status says so)', () => {
  const d = setup();
  pod(d, 'web', { nodeName: 'node-1' });
  const running = d.checkPod('web', 'Running');
  const ready = d.checkPod('web', 'Ready');
  assert.equal(running().ok, false);
  setStatus(d, 'pods', 'web', runningStatus(false));
  assert.equal(running().ok, true);
  assert.equal(ready().ok, false);
  assert.match(message(ready()), /but it is NotReady\n.*READY 0\/1, phase Running, Ready condition False/);
  setStatus(d, 'pods', 'web', runningStatus(true));
  assert.equal(ready().ok, true);
  assert.equal(d.checkPod('web', 'NotReady')().ok, false);
  d.stop();
});

test('pod {ref} is {word}: a bound pod being deleted is Terminating (fact 141); a missing pod fails clearly', () => {
  const d = setup();
  pod(d, 'web', { nodeName: 'node-1' });
  setStatus(d, 'pods', 'web', runningStatus(true));
  d.cluster.client().delete('pods', 'default', 'web');
  const r = d.checkPod('web', 'Running')();
  assert.match(message(r), /but it is Terminating\n/);
  assert.match(message(r), /being deleted: deletionTimestamp 2025-01-01T00:00:30Z, grace period 30s/);
  assert.equal(d.checkPod('web', 'Terminating')().ok, true);
  assert.equal(message(d.checkPod('gone', 'Running')()), 'expected pod "gone" to be Running, but it does not exist');
  assert.equal(message(d.checkPod('other/web', 'Running')()), 'expected pod "other/web" to be Running, but it does not exist');
  d.stop();
});

test('pod {ref} is running on (a node other than) {string}: phase Running, not terminating, by spec.nodeName', () => {
  const d = setup();
  pod(d, 'web', { nodeName: 'node-1' });
  assert.match(message(d.checkPodRunningOn('web', 'node-1', true)()), /to be running on node "node-1", but it is Pending on node "node-1"\n/);
  setStatus(d, 'pods', 'web', runningStatus(true));
  const cases: [string, boolean, boolean][] = [
    ['node-1', true, true],
    ['node-2', true, false],
    ['node-2', false, true],
    ['node-1', false, false],
  ];
  for (const [node, onNode, want] of cases) assert.equal(d.checkPodRunningOn('web', node, onNode)().ok, want, `${onNode ? 'on' : 'other than'} ${node}`);
  assert.match(message(d.checkPodRunningOn('web', 'node-1', false)()), /to be running on a node other than "node-1", but it is running on node "node-1"/);
  d.cluster.client().delete('pods', 'default', 'web');
  assert.match(message(d.checkPodRunningOn('web', 'node-1', true)()), /but it is Terminating on node "node-1"/);
  pod(d, 'unbound');
  assert.match(message(d.checkPodRunningOn('unbound', 'node-1', false)()), /but it is Pending and not bound to a node/);
  d.stop();
});

test('{kind} {ref} has {int} ready replica(s): readyReplicas, or numberReady for a DaemonSet; other kinds are a user error', () => {
  const d = setup();
  const spec = { replicas: 3, selector: SELECTOR, template: TEMPLATE };
  create(d, 'deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
  create(d, 'statefulsets.apps', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { ...spec, serviceName: 'db' } });
  create(d, 'replicasets.apps', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec });
  create(d, 'daemonsets.apps', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: SELECTOR, template: TEMPLATE } });
  const before = d.checkReadyReplicas('deploy', 'web', 2);
  assert.match(message(before()), /^expected deployment "web" to have 2 ready replica\(s\), but it has 0/);
  assert.equal(d.checkReadyReplicas('deployment', 'web', 0)().ok, true, 'an absent readyReplicas is 0 (omitempty)');
  setStatus(d, 'deployments.apps', 'web', { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 });
  setStatus(d, 'statefulsets.apps', 'db', { replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  setStatus(d, 'replicasets.apps', 'rs', { replicas: 3, readyReplicas: 1, availableReplicas: 1, fullyLabeledReplicas: 3 });
  setStatus(d, 'daemonsets.apps', 'agent', { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, numberAvailable: 2 });
  const cases: [string, string, number, boolean][] = [
    ['deployment', 'web', 2, true],
    ['deploy', 'web', 3, false],
    ['sts', 'db', 3, true],
    ['statefulset', 'db', 2, false],
    ['rs', 'rs', 1, true],
    ['ds', 'agent', 2, true],
    ['daemonset', 'agent', 3, false],
  ];
  for (const [kind, name, n, want] of cases) assert.equal(d.checkReadyReplicas(kind, name, n)().ok, want, `${kind} ${name} ${n}`);
  assert.equal(before().ok, true, 'the check re-reads the object');
  assert.equal(
    message(d.checkReadyReplicas('deployment', 'web', 3)()),
    'expected deployment "web" to have 3 ready replica(s), but it has 2 (status: replicas 3, updatedReplicas 3, readyReplicas 2, availableReplicas 2, unavailableReplicas 1)',
  );
  assert.match(message(d.checkReadyReplicas('deployment', 'nope', 1)()), /deployment "nope" to have 1 ready replica\(s\), but it does not exist/);
  assert.throws(() => d.checkReadyReplicas('configmap', 'x', 1), (e: unknown) => e instanceof UserError && /ConfigMap has no replicas/.test(e.message));
  assert.throws(() => d.checkReadyReplicas('pod', 'x', 1), UserError);
  d.stop();
});

test('{kind} {ref} has {int} running pod(s): pods controlled by UID, through a Deployment\'s ReplicaSets; Running and not terminating', () => {
  const d = setup();
  const spec = { replicas: 3, selector: SELECTOR, template: TEMPLATE };
  const deploy = create(d, 'deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
  const rs = (name: string, ownerReferences?: OwnerReference[]) =>
    create(d, 'replicasets.apps', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, ...(ownerReferences ? { ownerReferences } : {}) }, spec });
  const current = rs('web-new', [controllerRef(deploy)]);
  const old = rs('web-old', [controllerRef(deploy)]);
  const adopted = rs('web-notcontrolled', [controllerRef(deploy, false)]);
  const other = rs('other');
  const stale = { ...controllerRef(deploy), uid: 'uid-of-an-earlier-web' };

  const runningPods = ['web-new-a', 'web-new-b', 'web-old-a', 'web-new-deleted', 'web-notcontrolled-a', 'other-a', 'stale-a', 'loose-a'];
  pod(d, 'web-new-a', { owner: current, nodeName: 'node-1' });
  pod(d, 'web-new-b', { owner: current, nodeName: 'node-2' });
  pod(d, 'web-new-pending', { owner: current, nodeName: 'node-1' });
  pod(d, 'web-old-a', { owner: old, nodeName: 'node-1' });
  pod(d, 'web-new-deleted', { owner: current, nodeName: 'node-2' });
  pod(d, 'web-notcontrolled-a', { owner: adopted, nodeName: 'node-1' });
  pod(d, 'other-a', { owner: other, nodeName: 'node-1' });
  pod(d, 'stale-a', { ownerRefs: [stale], nodeName: 'node-1' });
  pod(d, 'loose-a', { nodeName: 'node-1' });
  for (const p of runningPods) setStatus(d, 'pods', p, runningStatus(true));
  d.cluster.client().delete('pods', 'default', 'web-new-deleted');

  const cases: [string, string, number][] = [
    ['deployment', 'web', 3],
    ['rs', 'web-new', 2],
    ['replicaset', 'web-old', 1],
    ['rs', 'web-notcontrolled', 1],
    ['rs', 'other', 1],
  ];
  for (const [kind, name, n] of cases) {
    assert.equal(d.checkRunningPods(kind, name, n)().ok, true, `${kind} ${name} has ${n}`);
    assert.equal(d.checkRunningPods(kind, name, n + 1)().ok, false, `${kind} ${name} has not ${n + 1}`);
  }
  assert.equal(
    message(d.checkRunningPods('deployment', 'web', 4)()),
    [
      'expected deployment "web" to have 4 running pod(s), but it has 3; its pods:',
      '  web-new-a Running 1/1 on node-1',
      '  web-new-b Running 1/1 on node-2',
      '  web-new-deleted Terminating 1/1 on node-2',
      '  web-new-pending Pending 0/1 on node-1',
      '  web-old-a Running 1/1 on node-1',
    ].join('\n'),
  );
  assert.match(message(d.checkRunningPods('statefulset', 'none', 1)()), /statefulset "none" to have 1 running pod\(s\), but it does not exist/);
  d.stop();
});

test('the four forms: for 1 minute a deleted bound pod stays Terminating; eventually waits in virtual time', () => {
  const d = setup();
  pod(d, 'web', { nodeName: 'node-1' });
  d.cluster.client().delete('pods', 'default', 'web');
  const start = d.cluster.loop.now;
  d.assert(d.formOf('for', '1 minute'), d.checkPod('web', 'Terminating'));
  assert.equal(d.cluster.loop.now - start, 60_000);
  d.cluster.loop.schedule(30_000, () => d.cluster.client().delete('pods', 'default', 'web', { gracePeriodSeconds: 0 }));
  d.assert(d.formOf('eventually'), d.checkExists('pod', 'web', false));
  assert.equal(d.cluster.loop.now - start, 90_000);
  assert.throws(() => d.assert(d.formOf('within', '10s'), d.checkPod('web', 'Running')), /pod "web" to be Running, but it does not exist/);
  d.stop();
});
