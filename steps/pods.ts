import { assertion } from './support/assertion';
import type { KubespecWorld } from './support/world';

assertion(
  'pod {ref} is {word}',
  {
    section: 'State assertions',
    example: 'pod "web" is Running',
    doc: "kubectl's STATUS column (`Pending`, `ContainerCreating`, `Running`, `Terminating`, `CrashLoopBackOff`, `Completed`, `Error`, `ImagePullBackOff`, `Init:0/1`, ...), or `Ready` / `NotReady` (the Ready condition).",
  },
  function (this: KubespecWorld, ref: string, word: string) {
    return this.driver.checkPod(ref, word);
  },
);

assertion(
  'pod {ref} is running on node {string}',
  { section: 'State assertions', example: 'pod "web" is running on node "node-1"', doc: 'Phase Running, not being deleted, bound to that node.' },
  function (this: KubespecWorld, ref: string, node: string) {
    return this.driver.checkPodRunningOn(ref, node, true);
  },
);

assertion(
  'pod {ref} is running on a node other than {string}',
  { section: 'State assertions', example: 'pod "web-1" is running on a node other than "node-2"', doc: 'Phase Running, not being deleted, bound to some other node.' },
  function (this: KubespecWorld, ref: string, node: string) {
    return this.driver.checkPodRunningOn(ref, node, false);
  },
);

assertion(
  '{kind} {ref} has {int} ready replica(s)',
  { section: 'State assertions', example: 'deployment "web" has 3 ready replicas', doc: '`status.readyReplicas` of a deployment, statefulset, replicaset or replicationcontroller; `status.numberReady` of a daemonset.' },
  function (this: KubespecWorld, kind: string, ref: string, n: number) {
    return this.driver.checkReadyReplicas(kind, ref, n);
  },
);

assertion(
  '{kind} {ref} has {int} running pod(s)',
  {
    section: 'State assertions',
    example: 'deployment "web" has 3 running pods',
    doc: "The pods it controls (by the controller ownerReference's UID; a Deployment's through its ReplicaSets, a CronJob's through its Jobs) in phase Running and not being deleted.",
  },
  function (this: KubespecWorld, kind: string, ref: string, n: number) {
    return this.driver.checkRunningPods(kind, ref, n);
  },
);
