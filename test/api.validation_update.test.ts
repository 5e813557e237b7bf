import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceRegistry, crdToResourceInfo } from '../src/api/resources';
import { applyDefaults } from '../src/api/defaults';
import { formatFieldError, validateObjectUpdate } from '../src/api/validation';
import { renderDiff } from '../src/api/validation/spec_diff';
import { semanticEqual } from '../src/api/validation/semantic';
import { goTime } from '../src/api/validation/meta_update';
import type { KubeObject } from '../src/api/object';

/** Objects in these tests are plain JSON; `any` keeps the mutations short. */
type Obj = any;

const registry = ResourceRegistry.builtin();

/** The object as the store holds it: defaulted, in its namespace, with server-set metadata. */
function stored(resource: string, obj: KubeObject, reg = registry): KubeObject {
  const info = reg.resolve(resource)!;
  const o = applyDefaults(info, structuredClone(obj));
  o.metadata = {
    ...(info.namespaced ? { namespace: 'default' } : {}),
    ...o.metadata,
    uid: 'uid-1',
    resourceVersion: '5',
    creationTimestamp: '2024-01-01T00:00:00Z',
  };
  return o;
}

/** What an update of the stored `obj` changed by `mutate` reports: defaults first, as the API server does. */
function updateErrors(resource: string, obj: KubeObject, mutate: (o: Obj) => void, reg = registry): string[] {
  const info = reg.resolve(resource)!;
  const old = stored(resource, obj, reg);
  const next = structuredClone(old) as Obj;
  mutate(next);
  applyDefaults(info, next);
  return validateObjectUpdate(info, next, old, reg).map(formatFieldError);
}

const IMMUTABLE = 'field is immutable';
const POD_FORBIDDEN =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const container = (extra: Obj = {}): Obj => ({ name: 'app', image: 'nginx:1.25', ...extra });
const pod = (spec: Obj = {}, status: Obj = { phase: 'Pending', qosClass: 'BestEffort' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [container()], ...spec },
  status,
});
const template = (labels: Obj = { app: 'web' }, spec: Obj = {}): Obj => ({ metadata: { labels }, spec: { containers: [container()], ...spec } });
const deployment = (spec: Obj = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation: 2 },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
});
const statefulSet = (spec: Obj = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
});
const job = (spec: Obj = {}, status: Obj = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  spec: { template: template({ app: 'j' }, { restartPolicy: 'Never' }), ...spec },
  status,
});
const cronJob = (name: string): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template({ app: 'j' }, { restartPolicy: 'OnFailure' }) } } },
});
const service = (spec: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ...spec },
});
const pvc = (spec: Obj = {}, status: Obj = { phase: 'Bound', capacity: { storage: '1Gi' } }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  status,
});
const pv = (spec: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1' },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' }, ...spec },
});
const zoneAffinity = (key: string, zone = 'a'): Obj => ({
  required: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: [zone] }] }] },
});

type Case = [name: string, resource: string, obj: KubeObject, mutate: (o: Obj) => void, expected: string[]];

const cases: Case[] = [
  // ObjectMeta (ValidateObjectMetaAccessorUpdate)
  ['metadata: labels may change', 'pods', pod(), (o) => (o.metadata.labels = { tier: 'web' }), []],
  ['metadata.name is immutable', 'pods', pod(), (o) => (o.metadata.name = 'q'), [`metadata.name: Invalid value: "q": ${IMMUTABLE}`]],
  ['metadata.namespace is immutable', 'pods', pod(), (o) => (o.metadata.namespace = 'other'), [`metadata.namespace: Invalid value: "other": ${IMMUTABLE}`]],
  ['metadata.uid is immutable', 'pods', pod(), (o) => (o.metadata.uid = 'x'), [`metadata.uid: Invalid value: "x": ${IMMUTABLE}`]],
  [
    'metadata.creationTimestamp is immutable (printed as Go prints a time)',
    'configmaps',
    { metadata: { name: 'c' } },
    (o) => (o.metadata.creationTimestamp = '2024-02-03T04:05:06Z'),
    [`metadata.creationTimestamp: Invalid value: 2024-02-03 04:05:06 +0000 UTC: ${IMMUTABLE}`],
  ],
  [
    'metadata.deletionTimestamp may not be set by an update',
    'configmaps',
    { metadata: { name: 'c' } },
    (o) => (o.metadata.deletionTimestamp = '2024-02-03T04:05:06Z'),
    [`metadata.deletionTimestamp: Invalid value: 2024-02-03 04:05:06 +0000 UTC: ${IMMUTABLE}`],
  ],
  [
    'metadata.deletionGracePeriodSeconds is immutable',
    'configmaps',
    { metadata: { name: 'c', deletionTimestamp: '2024-02-03T04:05:06Z', deletionGracePeriodSeconds: 30 } },
    (o) => (o.metadata.deletionGracePeriodSeconds = 0),
    [`metadata.deletionGracePeriodSeconds: Invalid value: 0: ${IMMUTABLE}`],
  ],
  [
    'metadata.resourceVersion must be set',
    'configmaps',
    { metadata: { name: 'c' } },
    (o) => delete o.metadata.resourceVersion,
    ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
  ],
  ['metadata.generation may not go back', 'deployments', deployment(), (o) => (o.metadata.generation = 1), ['metadata.generation: Invalid value: 1: must not be decremented']],
  [
    'no new finalizers on a deleting object',
    'configmaps',
    { metadata: { name: 'c', deletionTimestamp: '2024-02-03T04:05:06Z', finalizers: ['example.com/a'] } },
    (o) => (o.metadata.finalizers = ['example.com/a', 'example.com/c', 'example.com/b']),
    ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/c"}'],
  ],
  [
    'an error found by both the create and the update checks is reported once',
    'configmaps',
    { metadata: { name: 'c' } },
    (o) => (o.metadata.labels = { 'a b': 'x' }),
    [
      'metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ],
  ],

  // Pod (ValidatePodUpdate)
  ['pod: a container image may change', 'pods', pod(), (o) => (o.spec.containers[0].image = 'nginx:1.26'), []],
  ['pod: containers may not be added', 'pods', pod(), (o) => o.spec.containers.push(container({ name: 'b' })), ['spec.containers: Forbidden: pod updates may not add or remove containers']],
  [
    'pod: an image may not be padded',
    'pods',
    pod(),
    (o) => (o.spec.containers[0].image = ' nginx'),
    ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
  ],
  ['pod: activeDeadlineSeconds may shrink', 'pods', pod({ activeDeadlineSeconds: 20 }), (o) => (o.spec.activeDeadlineSeconds = 10), []],
  ['pod: activeDeadlineSeconds may be set', 'pods', pod(), (o) => (o.spec.activeDeadlineSeconds = 10), []],
  [
    'pod: activeDeadlineSeconds may not grow',
    'pods',
    pod({ activeDeadlineSeconds: 10 }),
    (o) => (o.spec.activeDeadlineSeconds = 20),
    ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value'],
  ],
  [
    'pod: activeDeadlineSeconds may not be removed',
    'pods',
    pod({ activeDeadlineSeconds: 10 }),
    (o) => delete o.spec.activeDeadlineSeconds,
    ['spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value'],
  ],
  [
    'pod: tolerations may be added, and tolerationSeconds changed',
    'pods',
    pod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] }),
    (o) => {
      o.spec.tolerations[0].tolerationSeconds = 60;
      o.spec.tolerations.push({ key: 'b', operator: 'Exists' });
    },
    [],
  ],
  [
    'pod: an existing toleration may not change',
    'pods',
    pod({ tolerations: [{ key: 'a', operator: 'Equal', value: 'x' }] }),
    (o) => (o.spec.tolerations[0].value = 'y'),
    ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
  ],
  ['pod: scheduling gates may be removed', 'pods', pod({ schedulingGates: [{ name: 'g1' }] }), (o) => delete o.spec.schedulingGates, []],
  [
    'pod: scheduling gates may not be added',
    'pods',
    pod({ schedulingGates: [{ name: 'g1' }] }),
    (o) => o.spec.schedulingGates.push({ name: 'g2' }),
    ["spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'g2'"],
  ],
  [
    'pod: a gated pod may gain node selector entries',
    'pods',
    pod({ schedulingGates: [{ name: 'g1' }], nodeSelector: { a: 'b' } }),
    (o) => (o.spec.nodeSelector = { a: 'b', c: 'd' }),
    [],
  ],
  [
    'pod: a gated pod may not change node selector entries',
    'pods',
    pod({ schedulingGates: [{ name: 'g1' }], nodeSelector: { a: 'b' } }),
    (o) => (o.spec.nodeSelector = { a: 'z', c: 'd' }),
    ['spec.nodeSelector: Invalid value: map[string]string{"a":"z", "c":"d"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)'],
  ],
  ['pod: a negative grace period may become 1', 'pods', pod({ terminationGracePeriodSeconds: -1 }), (o) => (o.spec.terminationGracePeriodSeconds = 1), []],
  [
    'pod: the mirror pod annotation may not be added',
    'pods',
    pod({ nodeName: 'node-1' }),
    (o) => (o.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' }),
    ['metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation'],
  ],
  [
    'pod: existing ephemeral containers are no error on update',
    'pods',
    pod({ ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }),
    (o) => (o.spec.containers[0].image = 'nginx:1.26'),
    [],
  ],

  // Workloads (apps/v1 strategies, ValidateStatefulSetUpdate, ValidateJobSpecUpdate)
  ['deployment: replicas and template may change', 'deployments', deployment(), (o) => ((o.spec.replicas = 5), (o.spec.template.spec.containers[0].image = 'x')), []],
  [
    'deployment: spec.selector is immutable in apps/v1',
    'deployments',
    deployment(),
    (o) => ((o.spec.selector = { matchLabels: { app: 'web2' } }), (o.spec.template.metadata.labels = { app: 'web2' })),
    [`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: ${IMMUTABLE}`],
  ],
  [
    'replicaset: spec.selector is immutable',
    'replicasets',
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
    (o) => ((o.spec.selector = { matchLabels: { app: 'web', v: '2' } }), (o.spec.template.metadata.labels = { app: 'web', v: '2' })),
    [`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: ${IMMUTABLE}`],
  ],
  [
    'daemonset: spec.selector is immutable',
    'daemonsets',
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
    (o) => (o.spec.selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'Exists' }] }),
    [
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Exists", Values:[]string(nil)}}}: ${IMMUTABLE}`,
    ],
  ],
  [
    'statefulset: replicas, template, updateStrategy, minReadySeconds, ordinals and retention may change',
    'statefulsets',
    statefulSet(),
    (o) => {
      o.spec.replicas = 3;
      o.spec.template.spec.containers[0].image = 'postgres';
      o.spec.updateStrategy = { type: 'OnDelete' };
      o.spec.minReadySeconds = 5;
      o.spec.ordinals = { start: 1 };
      o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
    },
    [],
  ],
  [
    'statefulset: other spec fields are forbidden',
    'statefulsets',
    statefulSet(),
    (o) => (o.spec.serviceName = 'db2'),
    [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ],
  ],
  ['job: parallelism may change', 'jobs', job(), (o) => (o.spec.parallelism = 3), []],
  ['job: completions are immutable', 'jobs', job({ completions: 3 }), (o) => (o.spec.completions = 5), [`spec.completions: Invalid value: 5: ${IMMUTABLE}`]],
  [
    'job: an Indexed job changes completions with parallelism',
    'jobs',
    job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }),
    (o) => ((o.spec.completions = 5), (o.spec.parallelism = 5)),
    [],
  ],
  [
    'job: an Indexed job may not change completions alone',
    'jobs',
    job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }),
    (o) => (o.spec.completions = 5),
    ['spec.completions: Invalid value: 5: can only be modified in tandem with spec.parallelism'],
  ],
  [
    'job: completionMode is immutable',
    'jobs',
    job({ completions: 3 }),
    (o) => (o.spec.completionMode = 'Indexed'),
    [`spec.completionMode: Invalid value: "Indexed": ${IMMUTABLE}`],
  ],
  [
    'job: a suspended job that never started may change its scheduling directives',
    'jobs',
    job({ suspend: true }),
    (o) => {
      o.spec.template.spec.nodeSelector = { zone: 'a' };
      o.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
      o.spec.template.metadata.labels.extra = 'x';
    },
    [],
  ],
  ['cronjob: the schedule may change', 'cronjobs', cronJob('c'), (o) => (o.spec.schedule = '*/5 * * * *'), []],
  ['cronjob: the 52-character name limit is not checked on update', 'cronjobs', cronJob('c'.repeat(60)), (o) => (o.spec.suspend = true), []],
  [
    'controllerrevision: data is immutable',
    'controllerrevisions',
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data: { a: 1 }, revision: 1 },
    (o) => (o.data = { a: 2 }),
    [`data: Invalid value: {"a":2}: ${IMMUTABLE}`],
  ],

  // Service (ValidateServiceUpdate)
  ['service: ports may change', 'services', service(), (o) => (o.spec.ports = [{ port: 8080 }]), []],
  ['service: an omitted clusterIP keeps the allocated one', 'services', service(), (o) => (delete o.spec.clusterIP, delete o.spec.clusterIPs), []],
  [
    'service: a set clusterIP may not change',
    'services',
    service(),
    (o) => (o.spec.clusterIP = '10.96.0.11'),
    ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'],
  ],
  [
    'service: ipFamilies may not change',
    'services',
    service(),
    (o) => (o.spec.ipFamilies = ['IPv6']),
    ['spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set'],
  ],
  [
    'service: loadBalancerClass may not change',
    'services',
    service({ type: 'LoadBalancer', loadBalancerClass: 'example.com/a' }),
    (o) => (o.spec.loadBalancerClass = 'example.com/b'),
    ['spec.loadBalancerClass: Invalid value: "example.com/b": may not change once set'],
  ],
  [
    'service: healthCheckNodePort may not change',
    'services',
    service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30001 }),
    (o) => (o.spec.healthCheckNodePort = 30002),
    ['spec.healthCheckNodePort: Forbidden: field is immutable'],
  ],

  // ConfigMap and Secret
  ['configmap: data may change', 'configmaps', { metadata: { name: 'c' }, data: { a: '1' } }, (o) => (o.data.a = '2'), []],
  [
    'configmap: an immutable configmap keeps its data',
    'configmaps',
    { metadata: { name: 'c' }, data: { a: '1' }, immutable: true },
    (o) => (o.data.a = '2'),
    ['data: Forbidden: field is immutable when `immutable` is set'],
  ],
  [
    'configmap: an immutable configmap stays immutable',
    'configmaps',
    { metadata: { name: 'c' }, data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: true },
    (o) => ((o.immutable = false), (o.binaryData = {})),
    ['immutable: Forbidden: field is immutable when `immutable` is set', 'binaryData: Forbidden: field is immutable when `immutable` is set'],
  ],
  [
    'secret: the type is immutable (then the create checks of the new type)',
    'secrets',
    { metadata: { name: 's' }, data: { a: 'eA==' } },
    (o) => (o.type = 'kubernetes.io/tls'),
    [`type: Invalid value: "kubernetes.io/tls": ${IMMUTABLE}`, 'data[tls.crt]: Required value', 'data[tls.key]: Required value'],
  ],
  [
    'secret: stringData counts as data of an immutable secret',
    'secrets',
    { metadata: { name: 's' }, data: { a: 'eA==' }, immutable: true },
    (o) => (o.stringData = { a: 'y' }),
    ['data: Forbidden: field is immutable when `immutable` is set'],
  ],

  // Storage
  ['pvc: a bound claim may grow', 'persistentvolumeclaims', pvc(), (o) => (o.spec.resources.requests.storage = '2Gi'), []],
  ['pvc: volumeName is set once', 'persistentvolumeclaims', pvc(), (o) => (o.spec.volumeName = 'pv-1'), []],
  ['pvc: a storage class may be set on a claim without one', 'persistentvolumeclaims', pvc(), (o) => (o.spec.storageClassName = 'fast'), []],
  [
    'pvc: a bound claim may shrink back above its capacity',
    'persistentvolumeclaims',
    pvc({ resources: { requests: { storage: '10Gi' } } }),
    (o) => (o.spec.resources.requests.storage = '5Gi'),
    [],
  ],
  [
    'pvc: not down to its capacity',
    'persistentvolumeclaims',
    pvc({ resources: { requests: { storage: '10Gi' } } }),
    (o) => (o.spec.resources.requests.storage = '1Gi'),
    ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity'],
  ],
  [
    'pvc: volumeAttributesClassName is forbidden while the gate is off',
    'persistentvolumeclaims',
    pvc(),
    (o) => (o.spec.volumeAttributesClassName = 'gold'),
    ['spec.volumeAttributesClassName: Forbidden: update is forbidden when the VolumeAttributesClass feature gate is disabled'],
  ],
  ['pv: the reclaim policy and claimRef may change', 'persistentvolumes', pv(), (o) => ((o.spec.persistentVolumeReclaimPolicy = 'Delete'), (o.spec.claimRef = { name: 'c', namespace: 'default' })), []],
  [
    'pv: volumeMode is immutable',
    'persistentvolumes',
    pv(),
    (o) => (o.spec.volumeMode = 'Block'),
    [`volumeMode: Invalid value: "Block": ${IMMUTABLE}`],
  ],
  [
    'pv: node affinity may move a beta label to GA',
    'persistentvolumes',
    pv({ nodeAffinity: zoneAffinity('failure-domain.beta.kubernetes.io/zone') }),
    (o) => (o.spec.nodeAffinity = zoneAffinity('topology.kubernetes.io/zone')),
    [],
  ],
  [
    'pv: node affinity is otherwise immutable',
    'persistentvolumes',
    pv({ nodeAffinity: zoneAffinity('topology.kubernetes.io/zone') }),
    (o) => (o.spec.nodeAffinity = zoneAffinity('topology.kubernetes.io/zone', 'b')),
    [
      'nodeAffinity: Invalid value: {"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"In","values":["b"]}]}]}}: field is immutable, except for updating from beta label to GA',
    ],
  ],
  [
    'storageclass: provisioner, parameters and reclaimPolicy are forbidden to change; volumeBindingMode is immutable',
    'storageclasses',
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/a', parameters: { type: 'ssd' } },
    (o) => {
      o.provisioner = 'example.com/b';
      o.parameters = { type: 'hdd' };
      o.reclaimPolicy = 'Retain';
      o.volumeBindingMode = 'WaitForFirstConsumer';
    },
    [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      `volumeBindingMode: Invalid value: "WaitForFirstConsumer": ${IMMUTABLE}`,
    ],
  ],

  // Cluster-scoped core kinds
  ['node: podCIDR may be set once', 'nodes', { metadata: { name: 'n1' }, spec: {} }, (o) => (o.spec.podCIDR = '10.244.1.0/24'), []],
  ['node: taints and unschedulable may change', 'nodes', { metadata: { name: 'n1' }, spec: {} }, (o) => ((o.spec.unschedulable = true), (o.spec.taints = [{ key: 'a', effect: 'NoSchedule' }])), []],
  [
    'node: podCIDRs may not change once set',
    'nodes',
    { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] } },
    (o) => ((o.spec.podCIDR = '10.244.2.0/24'), (o.spec.podCIDRs = ['10.244.2.0/24'])),
    ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'],
  ],
  [
    'node: providerID may not change once set',
    'nodes',
    { metadata: { name: 'n1' }, spec: { providerID: 'sim://n1' } },
    (o) => (o.spec.providerID = 'sim://n2'),
    ['spec.providerID: Forbidden: node updates may not change providerID except from "" to valid'],
  ],
  ['namespace: labels may change', 'namespaces', { metadata: { name: 'team-a' } }, (o) => (o.metadata.labels = { team: 'a' }), []],
  [
    'resourcequota: scopes are immutable',
    'resourcequotas',
    { metadata: { name: 'q' }, spec: { hard: { pods: '10' }, scopes: ['BestEffort'] } },
    (o) => (o.spec.scopes = ['NotBestEffort']),
    [`spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotBestEffort"}: ${IMMUTABLE}`],
  ],

  // Other groups
  [
    'rolebinding: roleRef may not change',
    'rolebindings',
    { metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' }, subjects: [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }] },
    (o) => (o.roleRef.name = 'b'),
    ['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef'],
  ],
  [
    'priorityclass: value and preemptionPolicy may not change',
    'priorityclasses',
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
    (o) => ((o.value = 2000), (o.preemptionPolicy = 'Never')),
    ['value: Forbidden: may not be changed in an update.', `preemptionPolicy: Invalid value: "Never": ${IMMUTABLE}`],
  ],
  [
    'endpointslice: addressType is immutable',
    'endpointslices',
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1' }, addressType: 'IPv4', endpoints: [] },
    (o) => (o.addressType = 'IPv6'),
    [`addressType: Invalid value: "IPv6": ${IMMUTABLE}`],
  ],
  [
    'ingressclass: spec.controller is immutable',
    'ingressclasses',
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'example.com/a' } },
    (o) => (o.spec.controller = 'example.com/b'),
    [`spec.controller: Invalid value: "example.com/b": ${IMMUTABLE}`],
  ],
];

for (const [name, resource, obj, mutate, expected] of cases) {
  test(`update validation: ${name}`, () => {
    assert.deepEqual(updateErrors(resource, obj, mutate), expected);
  });
}

/** Cases whose message carries a rendered diff: the first line exactly, then the diff lines that matter. */
const diffCases: [name: string, resource: string, obj: KubeObject, mutate: (o: Obj) => void, firstLine: string, diffLines: string[]][] = [
  [
    'pod: spec.nodeName is set by binding, not by an update',
    'pods',
    pod(),
    (o) => (o.spec.nodeName = 'node-1'),
    POD_FORBIDDEN,
    ['  core.PodSpec{', '+ \tnodeName: "node-1",', '  }'],
  ],
  [
    'pod: container ports may not change (the image change is allowed and not shown)',
    'pods',
    pod(),
    (o) => {
      o.spec.containers[0].image = 'nginx:1.26';
      o.spec.containers[0].ports = [{ containerPort: 80 }];
    },
    POD_FORBIDDEN,
    ['  \tcontainers: [', '+ \t\t\tports: [{"containerPort":80,"protocol":"TCP"}],'],
  ],
  [
    'pvc: an unbound claim may not change its requests',
    'persistentvolumeclaims',
    pvc({}, { phase: 'Pending' }),
    (o) => (o.spec.resources.requests.storage = '2Gi'),
    'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ['  core.PersistentVolumeClaimSpec{', '- \t\t\tstorage: "1Gi",', '+ \t\t\tstorage: "2Gi",'],
  ],
  [
    'pv: the volume source is immutable',
    'persistentvolumes',
    pv(),
    (o) => (o.spec.hostPath.path = '/other'),
    'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ['  core.PersistentVolumeSource{', '- \t\tpath: "/data",', '+ \t\tpath: "/other",'],
  ],
];

for (const [name, resource, obj, mutate, firstLine, diffLines] of diffCases) {
  test(`update validation: ${name}`, () => {
    const errs = updateErrors(resource, obj, mutate);
    assert.equal(errs.length, 1, errs.join('\n'));
    const lines = errs[0].split('\n');
    assert.equal(lines[0], firstLine);
    for (const l of diffLines) assert.ok(lines.includes(l), `missing diff line ${JSON.stringify(l)} in:\n${errs[0]}`);
    assert.ok(errs[0].endsWith('  }\n'), 'the diff ends with the closing brace and a newline');
  });
}

test('update validation: a pod resource change also breaks its QoS class', () => {
  const errs = updateErrors('pods', pod(), (o) => (o.spec.containers[0].resources = { requests: { cpu: '100m' } }));
  assert.equal(errs.length, 2);
  assert.equal(errs[0], 'metadata: Invalid value: "BestEffort": Pod QoS is immutable');
  assert.equal(errs[1].split('\n')[0], POD_FORBIDDEN);
});

test('update validation: a job template may not change unless suspended and never started', () => {
  const errs = updateErrors('jobs', job(), (o) => (o.spec.template.spec.containers[0].image = 'busybox'));
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^spec\.template: Invalid value: \{.*"image":"busybox".*\}: field is immutable$/);
  const started = job({ suspend: true }, { startTime: '2024-01-01T00:00:00Z' });
  assert.equal(updateErrors('jobs', started, (o) => (o.spec.template.spec.nodeSelector = { zone: 'a' })).length, 1);
});

// CRDs and the kinds they serve

const widgetCRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
  status: { conditions: [{ type: 'Established', status: 'True' }], acceptedNames: { kind: 'Widget', plural: 'widgets' }, storedVersions: ['v1'] },
};

const crdCases: Case[] = [
  ['crd: versions may change', 'crd', widgetCRD, (o) => (o.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.minimum = 1), []],
  ['crd: an established CRD keeps its scope', 'crd', widgetCRD, (o) => (o.spec.scope = 'Cluster'), [`spec.scope: Invalid value: "Cluster": ${IMMUTABLE}`]],
  ['crd: an established CRD keeps its kind', 'crd', widgetCRD, (o) => ((o.spec.names.kind = 'Gadget'), (o.spec.names.listKind = 'GadgetList')), [`spec.names.kind: Invalid value: "Gadget": ${IMMUTABLE}`]],
  [
    'crd: a CRD not yet established may change its scope',
    'crd',
    { ...widgetCRD, status: { conditions: [] } } as KubeObject,
    (o) => (o.spec.scope = 'Cluster'),
    [],
  ],
  [
    'crd: group and plural never change',
    'crd',
    widgetCRD,
    (o) => (o.spec.names.plural = 'gizmos'),
    ['metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group', `spec.names.plural: Invalid value: "gizmos": ${IMMUTABLE}`],
  ],
];

for (const [name, resource, obj, mutate, expected] of crdCases) {
  test(`update validation: ${name}`, () => {
    assert.deepEqual(updateErrors(resource, obj, mutate), expected);
  });
}

test('update validation: custom resources get the metadata rules and their schema', () => {
  const r = ResourceRegistry.builtin();
  r.register(crdToResourceInfo(widgetCRD));
  const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } };
  assert.deepEqual(updateErrors('widgets', widget, (o) => (o.spec.size = 2), r), []);
  assert.deepEqual(
    updateErrors('widgets', widget, (o) => ((o.metadata.uid = 'other'), (o.spec.size = 'big')), r),
    [`metadata.uid: Invalid value: "other": ${IMMUTABLE}`, 'spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'],
  );
});

// The pieces

test('renderDiff: only the differing paths, equal runs folded', () => {
  const diff = renderDiff('core.PodSpec', { a: 1, b: { c: 'x', d: [1, 2, 3] }, e: true }, { a: 1, b: { c: 'y', d: [1, 2, 4] }, e: true, f: null });
  assert.equal(
    diff,
    [
      '  core.PodSpec{',
      '  \t... // 1 identical field',
      '  \tb: {',
      '- \t\tc: "x",',
      '+ \t\tc: "y",',
      '  \t\td: [',
      '  \t\t\t... // 2 identical elements',
      '- \t\t\t3,',
      '+ \t\t\t4,',
      '  \t\t],',
      '  \t},',
      '  \t... // 2 identical fields',
      '  }',
      '',
    ].join('\n'),
  );
  assert.equal(renderDiff('core.PodSpec', { a: 1 }, { a: 1 }), '');
});

const semanticCases: [string, unknown, unknown, boolean][] = [
  ['quantities compare by value', { requests: { cpu: '1000m', memory: '1Gi' } }, { requests: { cpu: '1', memory: '1073741824' } }, true],
  ['different quantities differ', { limits: { cpu: '1' } }, { limits: { cpu: '2' } }, false],
  ['a nil list equals an empty one', { a: [] }, {}, true],
  ['an absent ResourceList equals an empty one', { requests: {} }, {}, true],
  ['absent equals null', { a: null }, {}, true],
  ['strings that look like quantities elsewhere are strings', { image: '1' }, { image: '1.0' }, false],
  ['an absent scalar differs from its zero value', { replicas: 0 }, {}, false],
];

for (const [name, a, b, equal] of semanticCases) {
  test(`semanticEqual: ${name}`, () => {
    assert.equal(semanticEqual(a, b), equal);
  });
}

test('goTime prints a timestamp as Go prints a time.Time', () => {
  assert.equal(goTime('2024-05-01T10:00:00Z'), '2024-05-01 10:00:00 +0000 UTC');
  assert.equal(goTime('2024-05-01T12:00:00.5+02:00'), '2024-05-01 10:00:00.5 +0000 UTC');
  assert.equal(goTime(undefined), '0001-01-01 00:00:00 +0000 UTC');
});
