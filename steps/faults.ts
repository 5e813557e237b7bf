import { step } from './support/define';
import type { KubespecWorld } from './support/world';

step<KubespecWorld>(
  'When',
  'node {string} fails',
  {
    section: 'Faults',
    example: 'When node "node-2" fails',
    doc: 'Its kubelet stops posting node status and renewing its Lease and no longer acts on its pods; the pods keep their API objects until the control plane acts.',
  },
  function (node: string) {
    this.driver.nodeFault(node, 'fail');
  },
);

step<KubespecWorld>(
  'When',
  'node {string} recovers',
  { section: 'Faults', example: 'When node "node-2" recovers', doc: 'Its kubelet posts status and renews its Lease at once, then reconciles its pods (pods deleted meanwhile are stopped and removed).' },
  function (node: string) {
    this.driver.nodeFault(node, 'recover');
  },
);

step<KubespecWorld>(
  'When',
  'node {string} is deleted',
  { section: 'Faults', example: 'When node "node-2" is deleted', doc: '`kubectl delete node`: the Node object is deleted and the machine with it; PodGC then deletes the pods bound to it (fact 22).' },
  function (node: string) {
    this.driver.nodeFault(node, 'delete');
  },
);

step<KubespecWorld>(
  'When',
  'node {string} is tainted {string}',
  { section: 'Faults', example: 'When node "node-2" is tainted "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"', doc: 'As `kubectl taint nodes`: `key=value:Effect` or `key:Effect`.' },
  function (node: string, taint: string) {
    this.driver.taintNode(node, taint);
  },
);

step<KubespecWorld>(
  'When',
  'container {string} of pod {ref} exits with code {int}',
  { section: 'Faults', example: 'When container "app" of pod "web" exits with code 1', doc: 'The simulated process ends; the kubelet applies the restart policy (and CrashLoopBackOff).' },
  function (container: string, ref: string, code: number) {
    this.driver.exitContainer(container, ref, code);
  },
);

step<KubespecWorld>(
  'When',
  'pod {ref} starts failing its readiness probe',
  { section: 'Faults', example: 'When pod "web" starts failing its readiness probe', doc: 'Every container of the pod fails its readiness checks from now on (without a readiness probe, the container reports not ready).' },
  function (ref: string) {
    this.driver.probeFault(ref, 'readiness', true);
  },
);

step<KubespecWorld>(
  'When',
  'pod {ref} stops failing its readiness probe',
  { section: 'Faults', example: 'When pod "web" stops failing its readiness probe' },
  function (ref: string) {
    this.driver.probeFault(ref, 'readiness', false);
  },
);

step<KubespecWorld>(
  'When',
  'pod {ref} starts failing its liveness probe',
  { section: 'Faults', example: 'When pod "web" starts failing its liveness probe', doc: 'After `failureThreshold` failed checks the kubelet kills and restarts the container (fact 130).' },
  function (ref: string) {
    this.driver.probeFault(ref, 'liveness', true);
  },
);

step<KubespecWorld>(
  'When',
  'pod {ref} stops failing its liveness probe',
  { section: 'Faults', example: 'When pod "web" stops failing its liveness probe' },
  function (ref: string) {
    this.driver.probeFault(ref, 'liveness', false);
  },
);
