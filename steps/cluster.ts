import type { DataTable } from '@cucumber/cucumber';
import { nodeSpecsFromTable } from '../src/dsl/nodes';
import { step, stepWithDocString, stepWithTable } from './support/define';
import type { KubespecWorld } from './support/world';

step<KubespecWorld>(
  'Given',
  'a cluster with {int} node(s)',
  { section: 'Cluster', example: 'Given a cluster with 3 nodes', doc: '`node-1`..`node-N`, each 4 CPU, 8Gi memory, 110 pods.' },
  function (n: number) {
    this.driver.startCluster(Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}` })));
  },
);

stepWithTable<KubespecWorld>(
  'Given',
  'a cluster with nodes:',
  {
    section: 'Cluster',
    example: 'Given a cluster with nodes:\n  | name   | cpu | memory | zone | labels    | taints               |\n  | node-a | 8   | 16Gi   | z1   | disk=ssd  |                      |\n  | node-b | 2   | 4Gi    | z2   |           | dedicated=db:NoSchedule |',
    doc: 'Columns: `name` and any of `cpu | memory | pods | labels | taints | zone | images | unschedulable`.',
  },
  function (table: DataTable) {
    this.driver.startCluster(nodeSpecsFromTable(table.hashes(), this.driver.pos));
  },
);

step<KubespecWorld>(
  'Given',
  'the feature gates {string}',
  {
    section: 'Cluster',
    example: 'Given the feature gates "MaxUnavailableStatefulSet=true"',
    doc: 'As the components\' `--feature-gates` flag (`Name=true,Other=false`), before `Given a cluster`. Defaults are v1.32\'s; only gates kubespec simulates are accepted.',
  },
  function (gates: string) {
    this.driver.setFeatureGates(gates);
  },
);

step<KubespecWorld>('Given', 'the random seed is {int}', { section: 'Cluster', example: 'Given the random seed is 42' }, function (seed: number) {
  this.driver.setSeed(seed);
});

step<KubespecWorld>('When', 'a node {string} joins the cluster', { section: 'Cluster', example: 'When a node "node-4" joins the cluster' }, function (name: string) {
  this.driver.addNode({ name });
});

stepWithDocString<KubespecWorld>(
  'Given',
  'the scheduler configuration:',
  {
    section: 'Cluster',
    example:
      'Given the scheduler configuration:\n  """\n  apiVersion: kubescheduler.config.k8s.io/v1\n  kind: KubeSchedulerConfiguration\n  profiles:\n    - schedulerName: default-scheduler\n      pluginConfig:\n        - name: NodeResourcesFit\n          args:\n            scoringStrategy:\n              type: MostAllocated\n  """',
    doc: 'A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1). Before the cluster starts, kube-scheduler starts with it; afterwards kube-scheduler restarts with it. Invalid configuration is rejected with a message naming the field.',
  },
  function (text: string) {
    this.driver.configureScheduler(text);
  },
);

stepWithDocString<KubespecWorld>(
  'When',
  'I try to set the scheduler configuration:',
  {
    section: 'Cluster',
    example:
      'When I try to set the scheduler configuration:\n  """\n  apiVersion: kubescheduler.config.k8s.io/v1\n  kind: KubeSchedulerConfiguration\n  percentageOfNodesToScore: 120\n  """',
    doc: 'As `Given the scheduler configuration:`, but an invalid configuration is recorded (kube-scheduler keeps the one it runs with) for `Then the scheduler configuration is rejected with message`.',
  },
  function (text: string) {
    this.driver.trySchedulerConfig(text);
  },
);

step<KubespecWorld>(
  'Then',
  'the scheduler configuration is rejected with message {string}',
  {
    section: 'Cluster',
    example: 'Then the scheduler configuration is rejected with message "percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]"',
    doc: 'After `When I try to set the scheduler configuration:`: the validation error, exactly (`*` matches any text); it names the field as kube-scheduler does.',
  },
  function (message: string) {
    this.driver.schedulerConfigRejected(message);
  },
);
