import { assertion } from './support/assertion';
import type { KubespecWorld } from './support/world';

assertion(
  '{kind} {ref} matches:',
  {
    section: 'State assertions',
    argument: 'docstring',
    example: 'configmap "settings" matches:\n  """\n  data:\n    mode: fast\n  """',
    doc: 'Partial match: maps as subsets; arrays when every expected element matches a distinct actual one, in any order; `*` in strings matches any text.',
  },
  function (this: KubespecWorld, kind: string, ref: string, doc: string) {
    return this.driver.checkMatches(kind, ref, doc);
  },
);

assertion(
  '{kind} {ref} does not match:',
  {
    section: 'State assertions',
    argument: 'docstring',
    example: 'configmap "settings" does not match:\n  """\n  data:\n    mode: slow\n  """',
    doc: 'Holds when the partial match fails (or the object does not exist).',
  },
  function (this: KubespecWorld, kind: string, ref: string, doc: string) {
    return this.driver.checkMatches(kind, ref, doc, true);
  },
);

assertion(
  'the volume of claim {ref} matches:',
  {
    section: 'State assertions',
    argument: 'docstring',
    example: 'the volume of claim "data" matches:\n  """\n  spec:\n    persistentVolumeReclaimPolicy: Delete\n  """',
    doc: 'Partial match on the PersistentVolume the claim is bound to (its `spec.volumeName`), for volumes whose name is generated.',
  },
  function (this: KubespecWorld, ref: string, doc: string) {
    return this.driver.checkClaimVolumeMatches(ref, doc);
  },
);

assertion(
  'there is/are {int} {kind}',
  {
    section: 'State assertions',
    example: 'there are 0 persistentvolumes',
    doc: 'Counts the objects of a kind that are not being deleted: in namespace `default`, or all of them for a cluster-scoped kind.',
  },
  function (this: KubespecWorld, n: number, kind: string) {
    return this.driver.checkCount(kind, n);
  },
);

assertion('{kind} {ref} exists', { section: 'State assertions', example: 'configmap "settings" exists' }, function (this: KubespecWorld, kind: string, ref: string) {
  return this.driver.checkExists(kind, ref, true);
});

assertion('{kind} {ref} does not exist', { section: 'State assertions', example: 'configmap "settings" does not exist' }, function (this: KubespecWorld, kind: string, ref: string) {
  return this.driver.checkExists(kind, ref, false);
});

assertion(
  'node {string} is {nodeState}',
  { section: 'State assertions', example: 'node "node-1" is Ready', doc: '`Ready`, `NotReady`, `Unknown` (the Ready condition) or `SchedulingDisabled`.' },
  function (this: KubespecWorld, node: string, word: string) {
    return this.driver.checkNode(node, word);
  },
);

assertion('node {string} has taint {string}', { section: 'State assertions', example: 'node "node-1" has taint "dedicated=db:NoSchedule"' }, function (this: KubespecWorld, node: string, taint: string) {
  return this.driver.checkTaint(node, taint, true);
});

assertion(
  'node {string} does not have taint {string}',
  { section: 'State assertions', example: 'node "node-1" does not have taint "node.kubernetes.io/unreachable:NoExecute"' },
  function (this: KubespecWorld, node: string, taint: string) {
    return this.driver.checkTaint(node, taint, false);
  },
);

assertion('the key {string} exists in the store', { section: 'State assertions', example: 'the key "/registry/configmaps/default/settings" exists in the store' }, function (this: KubespecWorld, key: string) {
  return this.driver.checkStoreKey(key, true);
});

assertion(
  'the key {string} does not exist in the store',
  { section: 'State assertions', example: 'the key "/registry/configmaps/default/settings" does not exist in the store' },
  function (this: KubespecWorld, key: string) {
    return this.driver.checkStoreKey(key, false);
  },
);

assertion(
  'the names of the {kind} labelled {string} match {string}',
  { section: 'State assertions', example: 'the names of the configmaps labelled "app=gen" match "settings-*, settings-*"', doc: 'In every namespace, in name order; comma-separated patterns where `*` matches any text.' },
  function (this: KubespecWorld, kind: string, selector: string, patterns: string) {
    return this.driver.checkNames(kind, selector, patterns);
  },
);
