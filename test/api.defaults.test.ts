import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceRegistry, crdToResourceInfo } from '../src/api/resources';
import { applyDefaults, imageTag } from '../src/api/defaults';
import type { KubeObject } from '../src/api/object';

const registry = ResourceRegistry.builtin();
const defaulted = (resource: string, obj: KubeObject): KubeObject => applyDefaults(registry.resolve(resource)!, structuredClone(obj));

/** A container as the API server stores it after defaulting (fact 129). */
const ctr = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'app',
  image: 'nginx:1.25',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  ...extra,
});

/** PodSpec defaults (fact 128) around the given containers. */
const podSpec = (containers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  containers,
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
  ...extra,
});

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
const defaultedTemplate = { metadata: { labels: { app: 'web' } }, spec: podSpec([ctr()]) };

// [case, resource, input, expected]
const cases: [string, string, KubeObject, KubeObject][] = [
  [
    'fact 128-129: Pod spec and container defaults, service links on',
    'pods',
    { metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    { metadata: { name: 'p' }, spec: podSpec([ctr()], { enableServiceLinks: true }) },
  ],
  [
    'fact 129: Pod requests default to limits per resource only limited',
    'pods',
    { spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }] } },
    { spec: podSpec([ctr({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } } })], { enableServiceLinks: true }) },
  ],
  [
    'fact 130: probe defaults and httpGet path/scheme; container port protocol TCP',
    'pods',
    {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
            startupProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 80, path: '/quit' } } },
          },
        ],
      },
    },
    {
      spec: podSpec(
        [
          ctr({
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
            startupProbe: { grpc: { port: 9000, service: '' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            lifecycle: { preStop: { httpGet: { port: 80, path: '/quit', scheme: 'HTTP' } } },
          }),
        ],
        { enableServiceLinks: true },
      ),
    },
  ],
  [
    'hostNetwork: each hostPort defaults to its containerPort (Pods only)',
    'pods',
    { spec: { hostNetwork: true, containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
    { spec: podSpec([ctr({ ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }] })], { hostNetwork: true, enableServiceLinks: true }) },
  ],
  [
    'volumes: emptyDir when no source, 0644 modes, token expiry, fieldRef apiVersion',
    'pods',
    {
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }],
        volumes: [
          { name: 'scratch' },
          { name: 'cfg', configMap: { name: 'c' } },
          { name: 'sec', secret: { secretName: 's' } },
          { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
        ],
      },
    },
    {
      spec: podSpec([ctr({ env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }] })], {
        enableServiceLinks: true,
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
          { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
          { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }], defaultMode: 420 } },
        ],
      }),
    },
  ],
  [
    'fact 38: Deployment; the template gets PodSpec defaults but not the Pod-only ones',
    'deployments',
    { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) } },
    {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: defaultedTemplate,
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    },
  ],
  [
    'Deployment: Recreate gets no rollingUpdate; set values are kept',
    'deploy',
    { spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 } },
    { spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0, progressDeadlineSeconds: 600 } },
  ],
  ['fact 38: ReplicaSet replicas 1', 'rs', { spec: { template: structuredClone(template) } }, { spec: { template: defaultedTemplate, replicas: 1 } }],
  [
    'fact 24: StatefulSet, including its claim templates',
    'sts',
    { spec: { template: structuredClone(template), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] } },
    {
      spec: {
        template: defaultedTemplate,
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        replicas: 1,
        revisionHistoryLimit: 10,
      },
    },
  ],
  [
    'StatefulSet: an explicit RollingUpdate without rollingUpdate stays so; OnDelete too',
    'sts',
    { spec: { updateStrategy: { type: 'RollingUpdate' }, podManagementPolicy: 'Parallel' } },
    {
      spec: {
        updateStrategy: { type: 'RollingUpdate' },
        podManagementPolicy: 'Parallel',
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        replicas: 1,
        revisionHistoryLimit: 10,
      },
    },
  ],
  [
    'fact 51: DaemonSet',
    'ds',
    { spec: { template: structuredClone(template) } },
    {
      spec: {
        template: defaultedTemplate,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
    },
  ],
  [
    'ReplicationController: selector and labels from the template, replicas 1',
    'rc',
    { metadata: { name: 'rc' }, spec: { template: structuredClone(template) } },
    { metadata: { name: 'rc', labels: { app: 'web' } }, spec: { template: defaultedTemplate, selector: { app: 'web' }, replicas: 1 } },
  ],
  [
    'Job: completions/parallelism 1, backoffLimit 6, labels from the template, restartPolicy left to the user',
    'jobs',
    { metadata: { name: 'j' }, spec: { template: { metadata: { labels: { run: 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] } } } },
    {
      metadata: { name: 'j', labels: { run: 'j' } },
      spec: {
        template: { metadata: { labels: { run: 'j' } }, spec: podSpec([ctr()], { restartPolicy: 'Never' }) },
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
      },
    },
  ],
  [
    'Job: parallelism alone leaves completions unset; a pod failure policy means podReplacementPolicy Failed',
    'jobs',
    { spec: { parallelism: 3, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } },
    {
      spec: {
        parallelism: 3,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'Failed',
      },
    },
  ],
  [
    'CronJob: policy and history limits; the job template gets PodSpec defaults only',
    'cj',
    { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'nginx:1.25' }] } } } } } },
    {
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: { spec: { template: { spec: podSpec([ctr()], { restartPolicy: 'OnFailure' }) } } },
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      },
    },
  ],
  [
    'facts 99: ClusterIP Service; no IP allocated here',
    'svc',
    { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }] } },
    {
      spec: {
        selector: { app: 'web' },
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 80 },
          { port: 443, targetPort: 'https', protocol: 'TCP' },
        ],
        sessionAffinity: 'None',
        type: 'ClusterIP',
        internalTrafficPolicy: 'Cluster',
      },
    },
  ],
  [
    'fact 99: NodePort Service gets externalTrafficPolicy Cluster',
    'svc',
    { spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] } },
    {
      spec: {
        type: 'NodePort',
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
      },
    },
  ],
  [
    'fact 99: LoadBalancer Service allocates node ports by default',
    'svc',
    { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
    {
      spec: {
        type: 'LoadBalancer',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
      },
    },
  ],
  [
    'fact 100: ClientIP affinity times out after 10800s; ExternalName gets no traffic policies',
    'svc',
    { spec: { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'ClientIP' } },
    { spec: { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } } },
  ],
  [
    'fact 152: Namespace phase, name label and the kubernetes finalizer',
    'ns',
    { metadata: { name: 'team-a', labels: { team: 'a' } } },
    { metadata: { name: 'team-a', labels: { team: 'a', 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
  ],
  [
    'fact 162: PersistentVolume Pending, Retain, Filesystem',
    'pv',
    { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
    {
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  ],
  [
    'fact 162: PersistentVolumeClaim Pending, Filesystem',
    'pvc',
    { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
  ],
  ['Secret type Opaque', 'secret', { data: { a: 'Yg==' } }, { data: { a: 'Yg==' }, type: 'Opaque' }],
  ['Secret type kept', 'secret', { type: 'kubernetes.io/tls' }, { type: 'kubernetes.io/tls' }],
  ['StorageClass: Delete, Immediate', 'sc', { provisioner: 'x.io/p' }, { provisioner: 'x.io/p', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }],
  ['PriorityClass: PreemptLowerPriority', 'pc', { value: 1000 }, { value: 1000, preemptionPolicy: 'PreemptLowerPriority' }],
  [
    'autoscaling/v2 (fact 145): minReplicas 1, CPU 80% when no metrics, no behavior when absent',
    'hpa',
    { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } },
    {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        minReplicas: 1,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    },
  ],
  [
    'autoscaling/v2 (fact 145): a present behavior is filled in',
    'hpa',
    { spec: { minReplicas: 2, metrics: [{ type: 'Pods' }], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } },
    {
      spec: {
        minReplicas: 2,
        metrics: [{ type: 'Pods' }],
        behavior: {
          scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: 60 },
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Pods', value: 4, periodSeconds: 15 },
              { type: 'Percent', value: 100, periodSeconds: 15 },
            ],
          },
        },
      },
    },
  ],
  [
    'NetworkPolicy: Ingress and Egress policy types, port protocol TCP',
    'netpol',
    { spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } },
    { spec: { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] } },
  ],
  ['NetworkPolicy: Ingress alone', 'netpol', { spec: { podSelector: {} } }, { spec: { podSelector: {}, policyTypes: ['Ingress'] } }],
  [
    'IngressClass: parameters are cluster-scoped by default',
    'ingressclass',
    { spec: { controller: 'x.io/c', parameters: { kind: 'P', name: 'p' } } },
    { spec: { controller: 'x.io/c', parameters: { kind: 'P', name: 'p', scope: 'Cluster' } } },
  ],
  [
    'EndpointSlice: port name "" and protocol TCP',
    'endpointslices',
    { addressType: 'IPv4', ports: [{ port: 80 }] },
    { addressType: 'IPv4', ports: [{ port: 80, name: '', protocol: 'TCP' }] },
  ],
  ['Endpoints: port protocol TCP', 'ep', { subsets: [{ ports: [{ port: 80 }] }] }, { subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] }],
  [
    'RoleBinding: roleRef and User/Group subjects get the RBAC group; ServiceAccounts none',
    'rolebinding',
    { roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 'sa' }] },
    {
      roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'sa' },
      ],
    },
  ],
  [
    'fact 160: LimitRange default <- max, defaultRequest <- default then min',
    'limits',
    { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }, { type: 'Pod', max: { cpu: '4' } }] } },
    {
      spec: {
        limits: [
          { type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    },
  ],
  [
    'Node: allocatable defaults to capacity',
    'nodes',
    { metadata: { name: 'n' }, status: { capacity: { cpu: '4', pods: '110' } } },
    { metadata: { name: 'n' }, status: { capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '4', pods: '110' } } },
  ],
  [
    'CustomResourceDefinition: singular, listKind, conversion None, storedVersions',
    'crd',
    { spec: { group: 'x.io', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1', served: true, storage: true }] } },
    {
      spec: {
        group: 'x.io',
        names: { plural: 'things', kind: 'Thing', singular: 'thing', listKind: 'ThingList' },
        versions: [{ name: 'v1', served: true, storage: true }],
        conversion: { strategy: 'None' },
      },
      status: { storedVersions: ['v1'] },
    },
  ],
  ['ConfigMap: no defaults', 'cm', { data: { a: 'b' } }, { data: { a: 'b' } }],
  ['Lease: no defaults', 'lease', { spec: { holderIdentity: 'x' } }, { spec: { holderIdentity: 'x' } }],
  ['PodDisruptionBudget: no defaults', 'pdb', { spec: { minAvailable: 1 } }, { spec: { minAvailable: 1 } }],
  ['ServiceAccount: no defaults', 'sa', { metadata: { name: 'default' } }, { metadata: { name: 'default' } }],
];

for (const [name, resource, input, expected] of cases) {
  test(`defaults: ${name}`, () => {
    assert.deepEqual(defaulted(resource, input), expected);
  });
  test(`defaults are idempotent: ${name}`, () => {
    const once = defaulted(resource, input);
    assert.deepEqual(defaulted(resource, once), once);
  });
}

// fact 129: Always for :latest or no tag, otherwise IfNotPresent (parsers.ParseImageName)
const pullPolicyCases: [string, string][] = [
  ['nginx', 'Always'],
  ['nginx:latest', 'Always'],
  ['nginx:1.25', 'IfNotPresent'],
  ['docker.io/library/nginx', 'Always'],
  ['registry:5000/team/app', 'Always'],
  ['registry:5000/team/app:v1', 'IfNotPresent'],
  ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
  ['nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
  ['Nginx', 'IfNotPresent'],
  ['', 'IfNotPresent'],
];

for (const [image, policy] of pullPolicyCases) {
  test(`imagePullPolicy for ${JSON.stringify(image)} is ${policy}`, () => {
    const pod = defaulted('pods', { spec: { containers: [{ name: 'a', image }] } }) as { spec: { containers: { imagePullPolicy: string }[] } };
    assert.equal(pod.spec.containers[0].imagePullPolicy, policy);
  });
}

test('an explicit imagePullPolicy is kept', () => {
  const pod = defaulted('pods', { spec: { containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Never' }] } }) as {
    spec: { containers: { imagePullPolicy: string }[] };
  };
  assert.equal(pod.spec.containers[0].imagePullPolicy, 'Never');
});

test('imageTag follows ParseImageName', () => {
  assert.equal(imageTag('localhost/app'), 'latest');
  assert.equal(imageTag('localhost:5000/app:dev'), 'dev');
  assert.equal(imageTag('a b'), '');
});

test('applyDefaults mutates and returns the object it is given', () => {
  const obj: KubeObject = { spec: {} };
  assert.equal(applyDefaults(registry.resolve('rs')!, obj), obj);
  assert.deepEqual(obj, { spec: { replicas: 1 } });
});

test('CRD kinds: structural defaults from the schema, nested into defaulted values, nulls replaced', () => {
  const r = ResourceRegistry.builtin();
  const info = r.register(
    crdToResourceInfo({
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    default: {},
                    properties: {
                      size: { type: 'integer', default: 3 },
                      color: { type: 'string', default: 'blue' },
                      note: { type: 'string', nullable: true, default: 'n' },
                      parts: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string', default: 'bolt' } } } },
                      labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'integer', default: 1 } } } },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    }),
  );
  assert.deepEqual(applyDefaults(info, { metadata: { name: 'w' } }), { metadata: { name: 'w' }, spec: { size: 3, color: 'blue', note: 'n' } });
  assert.deepEqual(applyDefaults(info, { spec: { size: 5, color: null, note: null, parts: [{}, { kind: 'nut' }], labels: { a: {} } } }), {
    spec: { size: 5, color: 'blue', note: null, parts: [{ kind: 'bolt' }, { kind: 'nut' }], labels: { a: { v: 1 } } },
  });
});
