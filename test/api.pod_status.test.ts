import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodReady, podReadyCount, podStatusColumn } from '../src/api/pod_status';

/**
 * kubectl's STATUS and READY columns. The numbered cases are upstream's own printer tests
 * (pkg/printers/internalversion/printers_test.go: TestPrintPod, TestPrintPodWithRestartableInitContainer,
 * TestPrintPodConditions), with their inputs and the two columns they expect.
 */

type Loose = Record<string, unknown>;
const pod = (p: { spec?: Loose; status?: Loose; deleted?: boolean }): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(p.deleted ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
    spec: { containers: [], ...(p.spec ?? {}) },
    status: p.status ?? {},
  }) as unknown as Pod;
const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'img' }));
const running = { running: {} };
const waiting = (reason?: string) => ({ waiting: reason ? { reason } : {} });
const terminated = (t: Loose = {}) => ({ terminated: { exitCode: 0, ...t } });
const cs = (s: Loose) => ({ name: '', image: '', imageID: '', ready: false, restartCount: 0, ...s });
const sidecars = [
  { name: 'restartable-init-1', image: 'img', restartPolicy: 'Always' },
  { name: 'restartable-init-2', image: 'img', restartPolicy: 'Always' },
];

const cases: { name: string; pod: Pod; status: string; ready: string }[] = [
  // TestPrintPod
  {
    name: 'test1: phase when nothing overrides it; READY counts ready running containers',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'podPhase', containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })] } }),
    status: 'podPhase',
    ready: '1/2',
  },
  {
    name: 'test2: a container waiting reason overwrites the phase',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'podPhase', containerStatuses: [cs({ ready: true, state: running }), cs({ state: waiting('ContainerWaitingReason') })] } }),
    status: 'ContainerWaitingReason',
    ready: '1/2',
  },
  {
    name: 'test3: the first container overwrites the rest',
    pod: pod({
      spec: { containers: containers(2) },
      status: { phase: 'podPhase', containerStatuses: [cs({ state: waiting('ContainerWaitingReason') }), cs({ state: terminated({ reason: 'ContainerTerminatedReason' }) })] },
    }),
    status: 'ContainerWaitingReason',
    ready: '0/2',
  },
  {
    name: 'test4: ready is not enough for reporting running',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'podPhase', containerStatuses: [cs({ ready: true, state: running }), cs({ ready: true })] } }),
    status: 'podPhase',
    ready: '1/2',
  },
  {
    name: 'test5: status.reason wins over the phase',
    pod: pod({ spec: { containers: containers(2) }, status: { reason: 'podReason', phase: 'podPhase', containerStatuses: [cs({ ready: true, state: running }), cs({ ready: true })] } }),
    status: 'podReason',
    ready: '1/2',
  },
  {
    name: 'test6: one container completed, one running, no Ready condition: NotReady',
    pod: pod({
      spec: { containers: containers(2) },
      status: { phase: 'Running', containerStatuses: [cs({ ready: true, state: terminated({ reason: 'Completed' }) }), cs({ ready: true, state: running })] },
    }),
    status: 'NotReady',
    ready: '1/2',
  },
  {
    name: 'test6: one container completed, one running, Ready condition True: Running',
    pod: pod({
      spec: { containers: containers(2) },
      status: {
        phase: 'Running',
        containerStatuses: [cs({ ready: true, state: terminated({ reason: 'Completed' }) }), cs({ ready: true, state: running })],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    }),
    status: 'Running',
    ready: '1/2',
  },
  {
    name: 'test7: one init container restarting: Init:0/1',
    pod: pod({
      spec: { initContainers: containers(1), containers: containers(1) },
      status: { phase: 'podPhase', initContainerStatuses: [cs({ restartCount: 3, state: running })], containerStatuses: [cs({ state: waiting() })] },
    }),
    status: 'Init:0/1',
    ready: '0/1',
  },
  {
    name: 'test8: two init containers, the first restarting: Init:0/2',
    pod: pod({
      spec: { initContainers: containers(2), containers: containers(1) },
      status: { phase: 'podPhase', initContainerStatuses: [cs({ restartCount: 3, state: running }), cs({ state: waiting() })], containerStatuses: [cs({ state: waiting() })] },
    }),
    status: 'Init:0/2',
    ready: '0/1',
  },
  {
    name: 'test9: the first init container completed, the second restarting: Init:1/2',
    pod: pod({
      spec: { initContainers: containers(2), containers: containers(1) },
      status: { phase: 'podPhase', initContainerStatuses: [cs({ state: terminated() }), cs({ restartCount: 3, state: running })], containerStatuses: [cs({ state: waiting() })] },
    }),
    status: 'Init:1/2',
    ready: '0/1',
  },
  {
    name: 'test11: init done, the container running but not ready: phase Running',
    pod: pod({
      spec: { initContainers: containers(1), containers: containers(1) },
      status: { phase: 'Running', initContainerStatuses: [cs({ restartCount: 2, state: terminated() })], containerStatuses: [cs({ restartCount: 4, state: running })] },
    }),
    status: 'Running',
    ready: '0/1',
  },
  {
    name: 'test13: two running ready containers',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'Running', containerStatuses: [cs({ ready: true, state: running }), cs({ ready: true, restartCount: 3, state: running })] } }),
    status: 'Running',
    ready: '2/2',
  },
  {
    name: 'test15: PodScheduled with reason SchedulingGated',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
    status: 'SchedulingGated',
    ready: '0/2',
  },
  {
    name: 'test16: Succeeded pod with a Completed container',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Succeeded', containerStatuses: [cs({ state: terminated({ reason: 'Completed' }) })] } }),
    status: 'Completed',
    ready: '0/1',
  },
  {
    name: 'test17: Failed pod with an Error container',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Failed', containerStatuses: [cs({ state: terminated({ reason: 'Error', exitCode: 1 }) })] } }),
    status: 'Error',
    ready: '0/1',
  },
  {
    name: 'test18: a Succeeded pod being deleted shows Completed, not Terminating (terminal phase, k/k #122038)',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Succeeded', containerStatuses: [cs({ state: terminated({ reason: 'Completed' }) })] } }),
    status: 'Completed',
    ready: '0/1',
  },
  {
    name: 'test19: a Running pod being deleted is Terminating (fact 141)',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ state: running })] } }),
    status: 'Terminating',
    ready: '0/1',
  },
  {
    name: 'test20: a Pending pod being deleted is Terminating',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Pending' } }),
    status: 'Terminating',
    ready: '0/1',
  },
  // TestPrintPodWithRestartableInitContainer
  {
    name: 'sidecars test1: the first running but not started: Init:0/2; sidecars count in READY',
    pod: pod({
      spec: { initContainers: sidecars, containers: containers(1) },
      status: {
        phase: 'Pending',
        initContainerStatuses: [cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: false }), cs({ name: 'restartable-init-2', state: waiting(), started: false })],
        containerStatuses: [cs({ state: waiting() })],
        conditions: [{ type: 'Initialized', status: 'False' }],
      },
    }),
    status: 'Init:0/2',
    ready: '0/3',
  },
  {
    name: 'sidecars test1b: the first started, the second running but not started: Init:1/2',
    pod: pod({
      spec: { initContainers: sidecars, containers: containers(1) },
      status: {
        phase: 'Pending',
        initContainerStatuses: [cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: true }), cs({ name: 'restartable-init-2', state: running, started: false })],
        containerStatuses: [cs({ state: waiting() })],
        conditions: [{ type: 'Initialized', status: 'False' }],
      },
    }),
    status: 'Init:1/2',
    ready: '0/3',
  },
  {
    name: 'sidecars test2: both started, the container running and ready',
    pod: pod({
      spec: { initContainers: sidecars, containers: containers(1) },
      status: {
        phase: 'Running',
        initContainerStatuses: [cs({ name: 'restartable-init-1', restartCount: 3, state: running, started: true }), cs({ name: 'restartable-init-2', state: running, started: true })],
        containerStatuses: [cs({ ready: true, restartCount: 4, state: running })],
        conditions: [{ type: 'Initialized', status: 'True' }],
      },
    }),
    status: 'Running',
    ready: '1/3',
  },
  {
    name: 'sidecars test3: sidecars killed (Error 137) after the container completed, pod Succeeded',
    pod: pod({
      spec: { initContainers: sidecars, containers: containers(1) },
      status: {
        phase: 'Succeeded',
        initContainerStatuses: [
          cs({ name: 'restartable-init-1', restartCount: 3, state: terminated({ reason: 'Error', exitCode: 137 }), started: false }),
          cs({ name: 'restartable-init-2', state: terminated({ reason: 'Error', exitCode: 137 }), started: false }),
        ],
        containerStatuses: [cs({ restartCount: 4, state: terminated({ reason: 'Completed' }) })],
        conditions: [{ type: 'Initialized', status: 'True' }],
      },
    }),
    status: 'Completed',
    ready: '0/3',
  },
  {
    name: 'sidecars test4: statuses naming no spec container',
    pod: pod({
      spec: { initContainers: [{ name: 'init1', image: 'initimage' }, { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' }], containers: [{ name: 'container1', image: 'containerimage' }] },
      status: { phase: 'Running', initContainerStatuses: [cs({ name: 'initinvalid' }), cs({ name: 'init1' }), cs({ name: 'sidecar1' })], containerStatuses: [cs({ name: 'containerinvalid' }), cs({ name: 'container1' })] },
    }),
    status: 'Init:0/2',
    ready: '0/2',
  },
  // TestPrintPodConditions
  {
    name: 'conditions: Succeeded phase with a container still reported running',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'Succeeded', containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })] } }),
    status: 'Succeeded',
    ready: '1/2',
  },
  {
    name: 'conditions: Failed phase with a container still reported running',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'Failed', containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })] } }),
    status: 'Failed',
    ready: '1/2',
  },
  // printPod branches the upstream tables leave out (facts 132, 135, 141, 16).
  {
    name: 'a new pod: status as the API server creates it (phase Pending)',
    pod: pod({ spec: { containers: containers(1), nodeName: 'node-1' }, status: { phase: 'Pending', qosClass: 'BestEffort' } }),
    status: 'Pending',
    ready: '0/1',
  },
  {
    name: 'a pod with no status at all prints an empty STATUS',
    pod: pod({ spec: { containers: containers(1) }, status: {} }),
    status: '',
    ready: '0/1',
  },
  {
    name: 'ContainerCreating while the kubelet starts it (fact 132)',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Pending', containerStatuses: [cs({ state: waiting('ContainerCreating') })] } }),
    status: 'ContainerCreating',
    ready: '0/1',
  },
  {
    name: 'CrashLoopBackOff while the kubelet backs off a restart (fact 135)',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ restartCount: 5, state: waiting('CrashLoopBackOff'), lastState: terminated({ reason: 'Error', exitCode: 1 }) })] } }),
    status: 'CrashLoopBackOff',
    ready: '0/1',
  },
  {
    name: 'ImagePullBackOff / ErrImagePull (fact 132)',
    pod: pod({ spec: { containers: containers(2) }, status: { phase: 'Pending', containerStatuses: [cs({ state: waiting('ImagePullBackOff') }), cs({ state: waiting('ErrImagePull') })] } }),
    status: 'ImagePullBackOff',
    ready: '0/2',
  },
  {
    name: 'OOMKilled terminated reason',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ state: terminated({ reason: 'OOMKilled', exitCode: 137 }) })] } }),
    status: 'OOMKilled',
    ready: '0/1',
  },
  {
    name: 'terminated without a reason: Signal:N',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ state: terminated({ signal: 9, exitCode: 137 }) })] } }),
    status: 'Signal:9',
    ready: '0/1',
  },
  {
    name: 'terminated without a reason or signal: ExitCode:N',
    pod: pod({ spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ state: terminated({ exitCode: 2 }) })] } }),
    status: 'ExitCode:2',
    ready: '0/1',
  },
  {
    name: 'an init container failed with a reason: Init:<reason>',
    pod: pod({ spec: { initContainers: containers(1), containers: containers(1) }, status: { phase: 'Pending', initContainerStatuses: [cs({ state: terminated({ reason: 'Error', exitCode: 1 }) })] } }),
    status: 'Init:Error',
    ready: '0/1',
  },
  {
    name: 'an init container failed without a reason: Init:ExitCode:N',
    pod: pod({ spec: { initContainers: containers(1), containers: containers(1) }, status: { phase: 'Pending', initContainerStatuses: [cs({ state: terminated({ exitCode: 3 }) })] } }),
    status: 'Init:ExitCode:3',
    ready: '0/1',
  },
  {
    name: 'an init container killed by a signal: Init:Signal:N',
    pod: pod({ spec: { initContainers: containers(1), containers: containers(1) }, status: { phase: 'Pending', initContainerStatuses: [cs({ state: terminated({ signal: 15, exitCode: 143 }) })] } }),
    status: 'Init:Signal:15',
    ready: '0/1',
  },
  {
    name: 'an init container waiting with a reason: Init:<reason>',
    pod: pod({ spec: { initContainers: containers(2), containers: containers(1) }, status: { phase: 'Pending', initContainerStatuses: [cs({ state: terminated() }), cs({ state: waiting('CrashLoopBackOff') })] } }),
    status: 'Init:CrashLoopBackOff',
    ready: '0/1',
  },
  {
    name: 'an init container waiting with PodInitializing counts as Init:N/M',
    pod: pod({ spec: { initContainers: containers(1), containers: containers(1) }, status: { phase: 'Pending', initContainerStatuses: [cs({ state: waiting('PodInitializing') })] } }),
    status: 'Init:0/1',
    ready: '0/1',
  },
  {
    name: 'being deleted on a lost node: Unknown (status.reason NodeLost, fact 16)',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs({ ready: true, state: running })] } }),
    status: 'Unknown',
    ready: '1/1',
  },
  {
    name: 'being deleted while crash-looping: Terminating wins over the container reason',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Running', containerStatuses: [cs({ state: waiting('CrashLoopBackOff') })] } }),
    status: 'Terminating',
    ready: '0/1',
  },
  {
    name: 'a Failed pod being deleted keeps its reason (terminal phase)',
    pod: pod({ deleted: true, spec: { containers: containers(1) }, status: { phase: 'Failed', containerStatuses: [cs({ state: terminated({ reason: 'Error', exitCode: 1 }) })] } }),
    status: 'Error',
    ready: '0/1',
  },
];

for (const c of cases) {
  test(`STATUS and READY: ${c.name}`, () => {
    assert.equal(podStatusColumn(c.pod), c.status);
    assert.equal(podReadyCount(c.pod), c.ready);
  });
}

const readiness: { name: string; conditions?: Loose[]; ready: boolean }[] = [
  { name: 'no conditions', ready: false },
  { name: 'Ready True', conditions: [{ type: 'Ready', status: 'True' }], ready: true },
  { name: 'Ready False', conditions: [{ type: 'ContainersReady', status: 'True' }, { type: 'Ready', status: 'False' }], ready: false },
  { name: 'Ready Unknown', conditions: [{ type: 'Ready', status: 'Unknown' }], ready: false },
  { name: 'only ContainersReady True', conditions: [{ type: 'ContainersReady', status: 'True' }], ready: false },
];

for (const r of readiness) {
  test(`isPodReady (the Ready condition, fact 132): ${r.name}`, () => {
    assert.equal(isPodReady(pod({ status: { phase: 'Running', conditions: r.conditions } })), r.ready);
  });
}
