import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { StatusError } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { defaultTolerationSeconds } from '../src/apiserver/admission/default_toleration_seconds';
import { priority } from '../src/apiserver/admission/priority';
import { ApiServer } from '../src/apiserver/apiserver';
import { systemPriorityClasses } from '../src/apiserver/bootstrap_priority';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';

const PCS = 'priorityclasses.scheduling.k8s.io';

/** An API server with kube-apiserver's Priority and DefaultTolerationSeconds plugins and the system classes. */
function newServer() {
  const loop = new Loop();
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn) });
  const admission = new AdmissionChain().use(priority).use(defaultTolerationSeconds);
  const server = new ApiServer({ loop, rng: new Rng(1), log: new EventLog(loop), store, registry: ResourceRegistry.builtin(), admission, epochMs: Date.UTC(2025, 0, 1) });
  const apiserver = server.client('kube-apiserver');
  apiserver.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  for (const pc of systemPriorityClasses()) apiserver.create(PCS, pc);
  return { server, client: server.client('user') };
}

const pod = (spec: object = {}, metadata: object = { name: 'web' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});

const pc = (name: string, value: number, extra: object = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected the request to be rejected');
}

const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

test('fact 12: DefaultTolerationSeconds adds the not-ready/unreachable NoExecute tolerations a pod lacks', async (t) => {
  const cases: { name: string; tolerations?: object[]; want: object[] }[] = [
    { name: 'no tolerations: both, 300s', want: [NOT_READY, UNREACHABLE] },
    {
      name: 'its own not-ready toleration is kept, unreachable added',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }],
      want: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, UNREACHABLE],
    },
    { name: 'an empty key with operator Exists tolerates both', tolerations: [{ operator: 'Exists' }], want: [{ operator: 'Exists' }] },
    {
      name: 'an empty effect tolerates NoExecute',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }],
      want: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, NOT_READY],
    },
    {
      name: 'a NoSchedule toleration does not count',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }],
      want: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE],
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      const created = client.create<KubeObject>('pods', pod(tc.tolerations ? { tolerations: tc.tolerations } : {}));
      assert.deepEqual((created.spec as { tolerations: object[] }).tolerations, tc.want);
    });
  }
});

test('fact 12: on UPDATE the defaults come back, so an update that leaves them out still validates', () => {
  const { client } = newServer();
  const created = client.create<KubeObject>('pods', pod());
  const spec = { ...(created.spec as Record<string, unknown>) };
  delete spec.tolerations;
  const updated = client.update<KubeObject>('pods', { ...created, metadata: { ...created.metadata, labels: { tier: 'web' } }, spec });
  assert.deepEqual((updated.spec as { tolerations: object[] }).tolerations, [NOT_READY, UNREACHABLE]);
  assert.deepEqual(updated.metadata!.labels, { tier: 'web' });
});

test('Priority resolves the pod priority from its class, the global default, or 0', async (t) => {
  const cases: { name: string; classes?: KubeObject[]; spec?: object; want: { priorityClassName?: string; priority: number; preemptionPolicy: string } }[] = [
    { name: 'no class and no default: priority 0, PreemptLowerPriority', want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
    {
      name: 'no class: the global default, by name too',
      classes: [pc('standard', 1000, { globalDefault: true, preemptionPolicy: 'Never' })],
      want: { priorityClassName: 'standard', priority: 1000, preemptionPolicy: 'Never' },
    },
    {
      name: 'no class: the global default, not another class',
      classes: [pc('low', 10, { globalDefault: true }), pc('high', 20)],
      want: { priorityClassName: 'low', priority: 10, preemptionPolicy: 'PreemptLowerPriority' },
    },
    { name: 'a named class', classes: [pc('gold', 500)], spec: { priorityClassName: 'gold' }, want: { priorityClassName: 'gold', priority: 500, preemptionPolicy: 'PreemptLowerPriority' } },
    {
      name: 'a system class, in any namespace',
      spec: { priorityClassName: 'system-node-critical' },
      want: { priorityClassName: 'system-node-critical', priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' },
    },
    {
      name: 'a pod that states the same priority and policy itself is fine',
      classes: [pc('gold', 500, { preemptionPolicy: 'Never' })],
      spec: { priorityClassName: 'gold', priority: 500, preemptionPolicy: 'Never' },
      want: { priorityClassName: 'gold', priority: 500, preemptionPolicy: 'Never' },
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      for (const c of tc.classes ?? []) client.create(PCS, c);
      const created = client.create<KubeObject>('pods', pod(tc.spec));
      const spec = created.spec as Record<string, unknown>;
      assert.deepEqual({ priorityClassName: spec.priorityClassName, priority: spec.priority, preemptionPolicy: spec.preemptionPolicy }, { priorityClassName: undefined, ...tc.want });
    });
  }
});

test('Priority refuses pods with an unknown class or a priority of their own (403)', async (t) => {
  const cases: { name: string; metadata?: object; spec: object; message: string; detailsName: string }[] = [
    { name: 'unknown class', spec: { priorityClassName: 'gold' }, message: 'pods "web" is forbidden: no PriorityClass with name gold was found', detailsName: 'web' },
    {
      name: 'unknown class on a generateName pod names it by its generateName',
      metadata: { generateName: 'web-' },
      spec: { priorityClassName: 'gold' },
      message: 'pods "web-" is forbidden: no PriorityClass with name gold was found',
      detailsName: 'web-',
    },
    {
      name: 'a priority that disagrees with the class',
      spec: { priorityClassName: 'system-cluster-critical', priority: 5 },
      message:
        'pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000000000 from the given PriorityClass name',
      detailsName: 'web',
    },
    {
      name: 'a priority without a class disagrees with 0',
      spec: { priority: 7 },
      message: 'pods "web" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
      detailsName: 'web',
    },
    {
      name: 'a preemptionPolicy that disagrees with the class',
      spec: { priorityClassName: 'system-cluster-critical', preemptionPolicy: 'Never' },
      message:
        'pods "web" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
      detailsName: 'web',
    },
  ];
  for (const tc of cases) {
    await t.test(tc.name, () => {
      const { client } = newServer();
      const s = statusOf(() => client.create('pods', pod(tc.spec, tc.metadata ?? { name: 'web' })));
      assert.equal(s.code, 403);
      assert.equal(s.reason, 'Forbidden');
      assert.equal(s.message, tc.message);
      assert.deepEqual(s.details, { name: tc.detailsName, kind: 'pods' });
    });
  }
});

test('Priority keeps the stored priority and preemptionPolicy when an update leaves them out', () => {
  const { client } = newServer();
  const created = client.create<KubeObject>('pods', pod({ priorityClassName: 'system-node-critical' }));
  const spec = { ...(created.spec as Record<string, unknown>) };
  delete spec.priority;
  delete spec.preemptionPolicy;
  const updated = client.update<KubeObject>('pods', { ...created, spec });
  assert.equal((updated.spec as { priority: number }).priority, 2000001000);
  assert.equal((updated.spec as { preemptionPolicy: string }).preemptionPolicy, 'PreemptLowerPriority');
});

test('only one PriorityClass may be the global default', () => {
  const { client } = newServer();
  const a = client.create<KubeObject>(PCS, pc('a', 10, { globalDefault: true }));
  client.create(PCS, pc('b', 20));
  const second = statusOf(() => client.create(PCS, pc('c', 30, { globalDefault: true })));
  assert.equal(second.code, 403);
  assert.equal(second.message, 'priorityclasses.scheduling.k8s.io "c" is forbidden: PriorityClass a is already marked as default. Only one default can exist');
  assert.deepEqual(second.details, { name: 'c', group: 'scheduling.k8s.io', kind: 'priorityclasses' });
  const promote = statusOf(() => client.patch(PCS, undefined, 'b', 'merge', { globalDefault: true }));
  assert.equal(promote.message, 'priorityclasses.scheduling.k8s.io "b" is forbidden: PriorityClass a is already marked as default. Only one default can exist');
  // Re-saving the default itself is fine.
  client.update(PCS, { ...a, description: 'the default' });
});

test('the system PriorityClasses exist from the start and cannot be deleted', () => {
  const { client } = newServer();
  assert.deepEqual(
    systemPriorityClasses().map((c) => [c.metadata!.name, c.value]),
    [
      ['system-node-critical', 2000001000],
      ['system-cluster-critical', 2000000000],
    ],
  );
  const stored = client.get<KubeObject>(PCS, undefined, 'system-cluster-critical');
  assert.equal(stored.preemptionPolicy, 'PreemptLowerPriority');
  assert.equal(stored.description, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.');
  const s = statusOf(() => client.delete(PCS, undefined, 'system-node-critical'));
  assert.equal(s.code, 403);
  assert.equal(s.message, 'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
  client.create(PCS, pc('mine', 1));
  client.delete(PCS, undefined, 'mine');
});

test('admission plugins leave subresources alone: a status update adds no tolerations and resolves no priority', () => {
  const { client } = newServer();
  const created = client.create<KubeObject>('pods', pod({ tolerations: [{ operator: 'Exists' }] }));
  const after = client.updateStatus<KubeObject>('pods', { ...created, status: { phase: 'Running' } });
  assert.deepEqual((after.spec as { tolerations: object[] }).tolerations, [{ operator: 'Exists' }]);
});
