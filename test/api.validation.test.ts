import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RESOURCES, ResourceRegistry, crdToResourceInfo } from '../src/api/resources';
import { applyDefaults } from '../src/api/defaults';
import {
  checkUnknownFields,
  formatFieldError,
  newInvalid,
  newStrictDecodingError,
  qualifiedKind,
  resourceKind,
  rootTypeOf,
  validateObject,
  type FieldError,
} from '../src/api/validation';
import type { KubeObject } from '../src/api/object';
import { UNCHECKED_FORMATS } from '../src/api/validation/builtin_schema';
import fieldsJson from '../src/api/generated/fields.json';

const registry = ResourceRegistry.builtin();

/** What the API server would answer: defaults first, the request's namespace set, then validation. */
function errorsFor(resource: string, obj: KubeObject, reg = registry): string[] {
  const info = reg.resolve(resource)!;
  const o = applyDefaults(info, structuredClone(obj));
  if (info.namespaced) o.metadata = { namespace: 'default', ...o.metadata };
  return validateObject(info, o, reg).map(formatFieldError);
}

const container = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'app', image: 'nginx:1.25', ...extra });
const pod = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: 'p' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec: { containers: [container()], ...spec },
});
const podWith = (c: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => pod({ containers: [container(c)], ...spec });
const template = (spec: Record<string, unknown> = {}, labels: Record<string, string> | null = { app: 'web' }): Record<string, unknown> => ({
  metadata: labels ? { labels } : {},
  spec: { containers: [container()], ...spec },
});
const deployment = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
});
const service = (spec: Record<string, unknown> = {}, name = 'web'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
});
const job = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  spec: { template: template({ restartPolicy: 'Never' }), ...spec },
});

/** Minimal valid objects of every built-in kind: validation must accept them as the API server does. */
const validObjects: [string, KubeObject][] = [
  ['pods', pod()],
  ['nodes', { metadata: { name: 'node-1' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }],
  ['namespaces', { metadata: { name: 'team-a' } }],
  ['services', service()],
  ['services', service({ clusterIP: 'None', ports: [] })],
  ['services', service({ type: 'ExternalName', externalName: 'example.com', ports: [] })],
  ['services', service({ type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, targetPort: 'https' }] })],
  ['endpoints', { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }],
  ['configmaps', { metadata: { name: 'cfg' }, data: { 'app.properties': 'a=b' } }],
  ['secrets', { metadata: { name: 's' }, data: { password: 'cGFzcw==' } }],
  ['secrets', { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' } }],
  ['serviceaccounts', { metadata: { name: 'default' } }],
  ['events', { metadata: { name: 'p.17a' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Started' }],
  ['persistentvolumes', { metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } }],
  ['persistentvolumeclaims', { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  ['resourcequotas', { metadata: { name: 'q' }, spec: { hard: { pods: '10', 'requests.cpu': '4' } } }],
  ['limitranges', { metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] } }],
  ['replicationcontrollers', { metadata: { name: 'rc' }, spec: { template: template() } }],
  ['deployments', deployment()],
  ['replicasets', { metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }],
  ['statefulsets', { metadata: { name: 'web' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template() } }],
  ['daemonsets', { metadata: { name: 'agent' }, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, template: template() } }],
  ['controllerrevisions', { metadata: { name: 'web-1' }, data: { spec: {} }, revision: 1 }],
  ['jobs', job()],
  ['jobs', job({ manualSelector: true, selector: { matchLabels: { app: 'web' } } })],
  ['cronjobs', { metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * mon-fri', jobTemplate: { spec: { template: template({ restartPolicy: 'OnFailure' }) } } } }],
  ['cronjobs', { metadata: { name: 'hourly' }, spec: { schedule: '@hourly', jobTemplate: { spec: { template: template({ restartPolicy: 'OnFailure' }) } } } }],
  ['leases', { metadata: { name: 'node-1' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }],
  ['endpointslices', { metadata: { name: 'web-abc' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] }],
  [
    'ingresses',
    {
      metadata: { name: 'site' },
      spec: { rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    },
  ],
  ['ingressclasses', { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }],
  ['networkpolicies', { metadata: { name: 'deny' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] } }],
  ['storageclasses', { metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' }],
  ['poddisruptionbudgets', { metadata: { name: 'pdb' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } }],
  ['hpa', { metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } }],
  ['roles', { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }],
  ['rolebindings', { metadata: { name: 'read' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }] }],
  ['clusterroles', { metadata: { name: 'system:reader' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }],
  ['clusterrolebindings', { metadata: { name: 'read' }, roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }] }],
  ['priorityclasses', { metadata: { name: 'high' }, value: 1000 }],
  [
    'crd',
    {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
      },
    },
  ],
  ['pods', pod({}, { generateName: 'web-' })],
  // YAML's empty values are nulls, which Go decodes to zero values
  ['pods', pod({ containers: [container({ resources: null, env: null })], nodeSelector: null }, { name: 'p', labels: null })],
];

for (const [resource, obj] of validObjects) {
  test(`valid ${resource} ${JSON.stringify(obj.metadata)}: no errors`, () => {
    assert.deepEqual(errorsFor(resource, obj), []);
  });
}

const SUBDOMAIN_ERR = (v: string): string =>
  `Invalid value: "${v}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const LABEL_ERR = (v: string): string =>
  `Invalid value: "${v}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const NOT_MATCH = '`selector` does not match template `labels`';

// [case, resource, object, exact upstream messages in order]
const cases: [string, string, KubeObject, string[]][] = [
  // ObjectMeta
  ['name required', 'pods', pod({}, {}), ['metadata.name: Required value: name or generateName is required']],
  ['name must be a DNS-1123 subdomain', 'pods', pod({}, { name: 'Foo_bar' }), [`metadata.name: ${SUBDOMAIN_ERR('Foo_bar')}`]],
  ['generateName must be a DNS-1123 subdomain prefix', 'pods', pod({}, { generateName: 'Web-' }), [`metadata.generateName: ${SUBDOMAIN_ERR('Web-')}`]],
  ['Namespace names are DNS-1123 labels', 'ns', { metadata: { name: 'Team' } }, [`metadata.name: ${LABEL_ERR('Team')}`]],
  ['a label may not contain dots', 'ns', { metadata: { name: 'a.b' } }, ['metadata.name: Invalid value: "a.b": must not contain dots']],
  [
    'Service names are DNS-1035 labels',
    'svc',
    service({}, '1web'),
    [
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
  ],
  [
    'long names (the defaulted name label is too long as well)',
    'ns',
    { metadata: { name: 'a'.repeat(64) } },
    [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`, `metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
  ],
  ['cluster-scoped kinds take no namespace', 'nodes', { metadata: { name: 'n', namespace: 'default' } }, ['metadata.namespace: Forbidden: not allowed on this type']],
  [
    'label keys',
    'pods',
    pod({}, { name: 'p', labels: { 'bad key': 'x' } }),
    [
      `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  ],
  [
    'label values',
    'pods',
    pod({}, { name: 'p', labels: { app: 'a b' } }),
    [
      `metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ],
  [
    'finalizers are standard or qualified',
    'pods',
    pod({}, { name: 'p', finalizers: ['foo', 'example.com/cleanup', 'kubernetes'] }),
    ['metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified'],
  ],
  [
    'one controller owner',
    'pods',
    pod({}, {
      name: 'p',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
      ],
    }),
    [
      'metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    ],
  ],
  ['RBAC names are path segments', 'roles', { metadata: { name: 'a/b' } }, ["metadata.name: Invalid value: \"a/b\": may not contain '/'"]],

  // Pod
  ['containers required', 'pods', pod({ containers: [] }), ['spec.containers: Required value']],
  ['image required', 'pods', pod({ containers: [{ name: 'app' }] }), ['spec.containers[0].image: Required value']],
  ['container name required', 'pods', pod({ containers: [{ image: 'nginx' }] }), ['spec.containers[0].name: Required value']],
  ['container names are DNS-1123 labels', 'pods', podWith({ name: 'App_1' }), [`spec.containers[0].name: ${LABEL_ERR('App_1')}`]],
  ['image whitespace (Pods only)', 'pods', podWith({ image: ' nginx' }), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']],
  [
    'restartPolicy values',
    'pods',
    pod({ restartPolicy: 'Sometimes' }),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ],
  ['duplicate container names', 'pods', pod({ containers: [container(), container()] }), ['spec.containers[1].name: Duplicate value: "app"']],
  ['container port required', 'pods', podWith({ ports: [{ name: 'http' }] }), ['spec.containers[0].ports[0].containerPort: Required value']],
  [
    'container port range',
    'pods',
    podWith({ ports: [{ containerPort: 70000 }, { containerPort: 80, hostPort: -1 }] }),
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
    ],
  ],
  [
    'container port protocol and name',
    'pods',
    podWith({ ports: [{ containerPort: 80, protocol: 'HTTP', name: 'web--port' }] }),
    [
      'spec.containers[0].ports[0].name: Invalid value: "web--port": must not contain consecutive hyphens',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
  ],
  [
    'requests <= limits',
    'pods',
    podWith({ resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  ],
  [
    'requests <= limits, canonical quantities',
    'pods',
    podWith({ resources: { limits: { memory: '1024Mi' }, requests: { memory: '1.5Gi' } } }),
    ['spec.containers[0].resources.requests: Invalid value: "1536Mi": must be less than or equal to memory limit of 1Gi'],
  ],
  [
    'negative quantities',
    'pods',
    podWith({ resources: { requests: { cpu: '-100m' } } }),
    ['spec.containers[0].resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0'],
  ],
  [
    'container resource names',
    'pods',
    podWith({ resources: { limits: { gpu: '1' } } }),
    [
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ],
  ],
  [
    'extended resources need a limit equal to the request',
    'pods',
    pod({ containers: [container({ resources: { requests: { 'example.com/gpu': '1' } } }), container({ name: 'b', resources: { limits: { 'example.com/gpu': '2' }, requests: { 'example.com/gpu': '1' } } })] }),
    [
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
      'spec.containers[1].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ],
  ],
  [
    'imagePullPolicy values',
    'pods',
    podWith({ imagePullPolicy: 'Sometimes' }),
    ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
  ],
  ['a probe needs a handler', 'pods', podWith({ livenessProbe: { periodSeconds: 5 } }), ['spec.containers[0].livenessProbe: Required value: must specify a handler type']],
  [
    'a probe has one handler',
    'pods',
    podWith({ readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }),
    ['spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
  ],
  [
    'liveness successThreshold must be 1',
    'pods',
    podWith({ livenessProbe: { httpGet: { port: 8080 }, successThreshold: 2 } }),
    ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
  ],
  [
    'probe ports',
    'pods',
    podWith({ readinessProbe: { httpGet: { port: 0, scheme: 'FTP' } } }),
    [
      'spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
    ],
  ],
  ['volume mounts need a volume', 'pods', podWith({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
  [
    'volume names are unique',
    'pods',
    pod({ volumes: [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }] }),
    ['spec.volumes[1].name: Duplicate value: "data"'],
  ],
  ['a volume has one source', 'pods', pod({ volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }] }), ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']],
  [
    'env var names',
    'pods',
    podWith({ env: [{ name: 'A=B', value: 'x' }, { value: 'y' }] }),
    [
      `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      'spec.containers[0].env[1].name: Required value',
    ],
  ],
  [
    'env var sources',
    'pods',
    podWith({ env: [{ name: 'A', valueFrom: {} }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'spec.host' } } }] }),
    [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.host": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
  ],
  [
    'host port conflicts',
    'pods',
    pod({ containers: [container({ ports: [{ containerPort: 80, hostPort: 80 }] }), container({ name: 'b', ports: [{ containerPort: 81, hostPort: 80 }] })] }),
    ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"'],
  ],
  [
    'init container restartPolicy and probes',
    'pods',
    pod({ initContainers: [container({ name: 'init', restartPolicy: 'OnFailure', readinessProbe: { exec: { command: ['true'] } } })] }),
    [
      'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
  ],
  ['init container names are unique across containers', 'pods', pod({ initContainers: [container()] }), ['spec.initContainers[0].name: Duplicate value: "app"']],
  [
    'tolerations',
    'pods',
    pod({ tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }, { key: 'k', operator: 'Matches' }] }),
    [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.tolerations[2].operator: Unsupported value: "Matches": supported values: "Equal", "Exists"',
    ],
  ],
  ['dnsPolicy None needs a dnsConfig', 'pods', pod({ dnsPolicy: 'None' }), ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']],
  [
    'fact 119: at most 3 nameservers',
    'pods',
    pod({ dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'] } }),
    ['spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9", "8.8.4.4"}: must not have more than 3 nameservers'],
  ],
  [
    'topology spread constraints',
    'pods',
    pod({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe' }] }),
    [
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ],
  ],
  [
    'node affinity operators',
    'pods',
    pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } } }),
    ["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  ],
  ['ephemeral containers are not created with the pod', 'pods', pod({ ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }), ['spec.ephemeralContainers: Forbidden: cannot be set on create']],
  ['activeDeadlineSeconds range', 'pods', pod({ activeDeadlineSeconds: 0 }), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],

  // Deployment and the other apps workloads
  [
    'Deployment: selector required (and so it matches nothing)',
    'deploy',
    deployment({ selector: undefined }),
    ['spec.selector: Required value', `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}`],
  ],
  [
    'Deployment: empty selector',
    'deploy',
    deployment({ selector: {} }),
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ],
  [
    'Deployment: selector must match the template labels',
    'deploy',
    deployment({ selector: { matchLabels: { app: 'x' } }, template: template({}, { app: 'web', tier: 'fe' }) }),
    [`spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: ${NOT_MATCH}`],
  ],
  [
    'Deployment: a template without labels',
    'deploy',
    deployment({ template: template({}, null) }),
    [`spec.template.metadata.labels: Invalid value: map[string]string(nil): ${NOT_MATCH}`],
  ],
  ['Deployment: replicas >= 0', 'deploy', deployment({ replicas: -1 }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
  [
    'Deployment: template restartPolicy must be Always',
    'deploy',
    deployment({ template: template({ restartPolicy: 'Never' }) }),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    'Deployment: template errors carry the template path',
    'deploy',
    deployment({ template: template({ containers: [{ name: 'app' }] }) }),
    ['spec.template.spec.containers[0].image: Required value'],
  ],
  [
    'Deployment: template label values',
    'deploy',
    deployment({ selector: { matchLabels: { app: 'a b' } }, template: template({}, { app: 'a b' }) }),
    [
      `spec.selector.matchLabels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"a b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: invalid label selector`,
      `spec.template.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ],
  [
    'Deployment: maxSurge and maxUnavailable not both 0',
    'deploy',
    deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0'],
  ],
  [
    'Deployment: percentages',
    'deploy',
    deployment({ strategy: { rollingUpdate: { maxSurge: 'lots', maxUnavailable: '120%' } } }),
    [
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: lots: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 120%: must not be greater than 100%',
    ],
  ],
  [
    'Deployment: Recreate takes no rollingUpdate',
    'deploy',
    deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  ],
  [
    'Deployment: progressDeadlineSeconds > minReadySeconds',
    'deploy',
    deployment({ minReadySeconds: 600 }),
    ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
  ],
  [
    'ReplicaSet: empty selector (upstream says "deployment")',
    'rs',
    { metadata: { name: 'rs' }, spec: { selector: { matchLabels: {} }, template: template() } },
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ],
  [
    'StatefulSet: selector and podManagementPolicy',
    'sts',
    { metadata: { name: 'web' }, spec: { podManagementPolicy: 'Random', template: template() } },
    [
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      'spec.selector: Required value',
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}`,
    ],
  ],
  [
    'StatefulSet: empty selector, restartPolicy',
    'sts',
    { metadata: { name: 'web' }, spec: { selector: {}, template: template({ restartPolicy: 'OnFailure' }) } },
    [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
  ],
  [
    'DaemonSet: selector must match, updateStrategy type',
    'ds',
    { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'x' } }, template: template(), updateStrategy: { type: 'Surge' } } },
    [
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}`,
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Surge", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ],
  ],
  ['StatefulSet names are DNS-1123 labels', 'sts', { metadata: { name: 'web.v1' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } }, ['metadata.name: Invalid value: "web.v1": must not contain dots']],
  [
    "StatefulSet: upstream leaves the pod spec to pod creation",
    'sts',
    { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template({ containers: [{ name: 'app' }], activeDeadlineSeconds: 5 }) } },
    ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'],
  ],
  [
    'DaemonSet: no selector required, but none matches nothing',
    'ds',
    { metadata: { name: 'agent' }, spec: { template: template() } },
    [`spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}`],
  ],
  [
    'DaemonSet: exactly one of maxSurge and maxUnavailable',
    'ds',
    { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template(), updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } } },
    ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'],
  ],
  [
    'DaemonSet: maxUnavailable and maxSurge not both 0',
    'ds',
    { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template(), updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } } },
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
  ],
  [
    'Deployment: activeDeadlineSeconds is not for long-running pods',
    'deploy',
    deployment({ template: template({ activeDeadlineSeconds: 30 }) }),
    ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
  ],
  [
    'ReplicationController: selector from the template; restartPolicy Always',
    'rc',
    { metadata: { name: 'rc' }, spec: { selector: { app: 'x' }, template: template({ restartPolicy: 'Never' }) } },
    [
      `spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}`,
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
  ],

  // batch
  [
    'Job: restartPolicy OnFailure or Never (the default Always is rejected)',
    'jobs',
    job({ template: template() }),
    ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'],
  ],
  ['Job: backoffLimit >= 0', 'jobs', job({ backoffLimit: -1 }), ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
  ['Job: a manual selector is required', 'jobs', job({ manualSelector: true }), ['spec.selector: Required value']],
  [
    'Job: Indexed needs completions',
    'jobs',
    job({ completionMode: 'Indexed', parallelism: 2 }),
    ['spec.completions: Required value: when completion mode is Indexed'],
  ],
  [
    'CronJob: schedule syntax',
    'cj',
    { metadata: { name: 'c' }, spec: { schedule: 'every minute', jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } } },
    ['spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]'],
  ],
  [
    'CronJob: schedule ranges',
    'cj',
    { metadata: { name: 'c' }, spec: { schedule: '61 * * * *', jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } } },
    ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
  ],
  [
    'CronJob: names, concurrency policy and the job template',
    'cj',
    { metadata: { name: 'c'.repeat(53) }, spec: { schedule: '* * * * *', concurrencyPolicy: 'Sometimes', jobTemplate: { spec: { template: template() } } } },
    [
      `metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`,
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ],
  ],
  ['CronJob: schedule required', 'cj', { metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } } } }, ['spec.schedule: Required value']],

  // Service
  ['Service: ports required', 'svc', service({ ports: [] }), ['spec.ports: Required value']],
  [
    'Service: port range and names',
    'svc',
    service({ ports: [{ port: 0, name: 'a' }, { port: 81 }] }),
    [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Required value',
    ],
  ],
  [
    'Service: duplicate ports',
    'svc',
    service({ ports: [{ port: 80, name: 'a' }, { port: 80, name: 'a', targetPort: 8080 }] }),
    [
      'spec.ports[1].name: Duplicate value: "a"',
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  ],
  [
    'Service: type values',
    'svc',
    service({ type: 'Internal' }),
    ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
  ],
  ['Service: headless NodePort', 'svc', service({ type: 'NodePort', clusterIP: 'None' }), ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]],
  ['Service: ClusterIP takes no nodePort', 'svc', service({ ports: [{ port: 80, nodePort: 30080 }] }), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  [
    'Service: externalTrafficPolicy only when externally accessible',
    'svc',
    service({ externalTrafficPolicy: 'Local' }),
    ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
  ],
  ['Service: ExternalName needs a name', 'svc', service({ type: 'ExternalName', ports: [] }), ['spec.externalName: Required value']],
  ['Service: clusterIP must be an IP', 'svc', service({ clusterIP: '10.0.0.300' }), ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  [
    'Service: ClientIP affinity timeout',
    'svc',
    service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } } }),
    ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400'],
  ],
  [
    'Service: targetPort names',
    'svc',
    service({ ports: [{ port: 80, targetPort: 'HTTP' }] }),
    [
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ],
  ],

  // core, other kinds
  [
    'Node: taints unique by key and effect',
    'nodes',
    { metadata: { name: 'n' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'Never' }] } },
    [
      'spec.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair',
      'spec.taints[2].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  ],
  [
    'ConfigMap keys',
    'cm',
    { metadata: { name: 'c' }, data: { 'a b': 'x', k: 'v' }, binaryData: { k: 'dg==' } },
    [
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[k]: Invalid value: "k": duplicate of key present in binaryData',
      'binaryData[k]: Invalid value: "k": duplicate of key present in data',
    ],
  ],
  ['Secret: tls keys', 'secret', { metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }, ['data[tls.key]: Required value']],
  [
    'PersistentVolumeClaim: access modes and storage',
    'pvc',
    { metadata: { name: 'c' }, spec: {} },
    ['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value'],
  ],
  [
    'PersistentVolumeClaim: storage > 0, modes',
    'pvc',
    { metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '0' } } } },
    [
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ],
  ],
  [
    'PersistentVolume: capacity, access modes, a source',
    'pv',
    { metadata: { name: 'pv' }, spec: {} },
    ['spec.accessModes: Required value', 'spec.capacity: Required value', 'spec: Required value: must specify a volume type'],
  ],
  ['LimitRange: item types', 'limits', { metadata: { name: 'l' }, spec: { limits: [{ type: 'Node' }] } }, ['spec.limits[0].type: Unsupported value: "Node": supported values: "Container", "PersistentVolumeClaim", "Pod"']],
  ['Lease: duration > 0', 'lease', { metadata: { name: 'l' }, spec: { leaseDurationSeconds: 0 } }, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
  ['EndpointSlice: address type', 'endpointslices', { metadata: { name: 'e' }, addressType: 'IPv5' }, ['addressType: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "FQDN"']],
  ['ControllerRevision: data', 'controllerrevisions', { metadata: { name: 'r' }, revision: -1 }, ['data: Required value: data is mandatory', 'revision: Invalid value: -1: must be greater than or equal to 0']],

  // other groups
  [
    'Ingress: pathType and absolute paths',
    'ing',
    { metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: 'api', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: 'x', pathType: 'Prefix', backend: { service: { name: 'web' } } }] } }] } },
    [
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "x": must be an absolute path',
      'spec.rules[0].http.paths[1].backend.service.port: Required value: port name or number is required',
    ],
  ],
  ['IngressClass: controller', 'ingressclass', { metadata: { name: 'c' }, spec: {} }, ['spec.controller: Required value']],
  ['NetworkPolicy: policy types', 'netpol', { metadata: { name: 'n' }, spec: { podSelector: {}, policyTypes: ['Both'] } }, ['spec.policyTypes[0]: Unsupported value: "Both": supported values: "Egress", "Ingress"']],
  [
    'StorageClass: provisioner, binding mode',
    'sc',
    { metadata: { name: 's' }, volumeBindingMode: 'Later' },
    ['provisioner: Required value', 'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'],
  ],
  ['PDB: percentages', 'pdb', { metadata: { name: 'p' }, spec: { maxUnavailable: '150%' } }, ['spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%']],
  [
    'HPA: scale target and replica bounds',
    'hpa',
    { metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 3, maxReplicas: 2 } },
    ['spec.scaleTargetRef.name: Required value', 'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`'],
  ],
  [
    'Role: rules need verbs, groups and resources',
    'roles',
    { metadata: { name: 'r' }, rules: [{ resources: ['pods'] }] },
    ['rules[0].verbs: Required value: verbs must contain at least one value', 'rules[0].apiGroups: Required value: resource rules must supply at least one api group'],
  ],
  [
    'RoleBinding: roleRef kind and subject kinds',
    'rolebindings',
    { metadata: { name: 'b' }, roleRef: { kind: 'Pod', name: 'r' }, subjects: [{ kind: 'Robot', name: 'x' }] },
    [
      'roleRef.kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole"',
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ],
  ],
  [
    'ClusterRoleBinding: ClusterRoles only; service accounts need a namespace',
    'clusterrolebindings',
    { metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] },
    ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value'],
  ],
  [
    'PriorityClass: system- prefix and value range',
    'pc',
    { metadata: { name: 'system-mine' }, value: 2000000000 },
    ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved", 'value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
  ],
  [
    'CustomResourceDefinition: name, group, storage version, root schema type',
    'crd',
    {
      metadata: { name: 'widgets' },
      spec: {
        group: 'example',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: { properties: { spec: { properties: {} } } } } }],
      },
    },
    [
      'metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{…}: must have exactly one version marked as storage version',
    ],
  ],

  // schema (type) pass: decoding fails before semantic validation
  [
    'type errors stop validation',
    'deploy',
    deployment({ replicas: '3', selector: undefined }),
    ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'],
  ],
  [
    'type errors inside templates and int-or-string',
    'deploy',
    deployment({ strategy: { rollingUpdate: { maxSurge: true } }, template: template({ containers: [container({ ports: [{ containerPort: '80' }] })] }) }),
    [
      'spec.strategy.rollingUpdate.maxSurge: Invalid value: "boolean": spec.strategy.rollingUpdate.maxSurge in body must be of type integer,string: "boolean"',
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: "string": spec.template.spec.containers[0].ports[0].containerPort in body must be of type integer: "string"',
    ],
  ],
  ['label values must be strings', 'pods', pod({}, { name: 'p', labels: { tier: 1 } }), ['metadata.labels.tier: Invalid value: "integer": metadata.labels.tier in body must be of type string: "integer"']],
  [
    'int32 fields reject numbers beyond int32',
    'pods',
    pod({ containers: [container({ ports: [{ containerPort: 3000000000 }] })] }),
    ['spec.containers[0].ports[0].containerPort: Invalid value: 3000000000: spec.containers[0].ports[0].containerPort in body must be of type int32: "3000000000"'],
  ],
  ['formats the type pass does not check: a date-time that is no time', 'pods', pod({}, { name: 'p', creationTimestamp: 'yesterday' }), []],
  [
    'formats the type pass does not check: Event times, but their JSON types still',
    'events',
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      firstTimestamp: 'soon',
      lastTimestamp: 5,
      count: 1.5,
    } as KubeObject,
    ['count: Invalid value: "number": count in body must be of type integer: "number"', 'lastTimestamp: Invalid value: "integer": lastTimestamp in body must be of type string: "integer"'],
  ],
];

for (const [name, resource, obj, expected] of cases) {
  test(`validation: ${name}`, () => {
    assert.deepEqual(errorsFor(resource, obj), expected);
  });
}

// -------------------------------------------------------------------------------------------
// CRD-served kinds: the openAPIV3Schema decides

const widgetCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            required: ['spec'],
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  name: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
                  port: { 'x-kubernetes-int-or-string': true },
                  note: { type: 'string', nullable: true },
                  parts: { type: 'array', maxItems: 2, items: { type: 'object', properties: { kind: { type: 'string' } } } },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

function widgetRegistry(): ResourceRegistry {
  const r = ResourceRegistry.builtin();
  r.register(crdToResourceInfo(widgetCRD));
  return r;
}

const widget = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'w1' }): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata,
  spec,
});

test('the widget CRD itself is valid', () => {
  assert.deepEqual(errorsFor('crd', widgetCRD), []);
});

const crdCases: [string, KubeObject, string[]][] = [
  ['a valid widget', widget({ size: 3, color: 'red', name: 'abc', port: 'http', note: null, parts: [{ kind: 'x' }], extra: { any: 1 }, labels: { a: 'b' } }), []],
  ['int-or-string takes an integer', widget({ size: 3, port: 8080 }), []],
  ['type', widget({ size: 'big' }), ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"']],
  ['required', widget({}), ['spec.size: Required value']],
  ['required at the root', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, ['spec: Required value']],
  ['enum', widget({ size: 1, color: 'pink' }), ['spec.color: Unsupported value: "pink": supported values: "red", "blue"']],
  ['minimum', widget({ size: 0 }), ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']],
  ['maximum', widget({ size: 11 }), ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10']],
  [
    'maxLength and pattern',
    widget({ size: 1, name: 'ABCDEF' }),
    ['spec.name: Too long: may not be longer than 5', "spec.name: Invalid value: \"ABCDEF\": spec.name in body should match '^[a-z]+$'"],
  ],
  ['int-or-string rejects other types', widget({ size: 1, port: true }), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']],
  ['not nullable', widget({ size: 1, color: null }), ['spec.color: Invalid value: "null": spec.color in body must be of type string: "null"']],
  ['array items', widget({ size: 1, parts: [{ kind: 1 }] }), ['spec.parts[0].kind: Invalid value: "integer": spec.parts[0].kind in body must be of type string: "integer"']],
  ['maxItems', widget({ size: 1, parts: [{}, {}, {}] }), ['spec.parts: Too many: 3: must have at most 2 items']],
  ['additionalProperties', widget({ size: 1, labels: { a: 1 } }), ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']],
  ['metadata is validated as for any object', widget({ size: 1 }, { name: 'W_1' }), [`metadata.name: ${SUBDOMAIN_ERR('W_1')}`]],
];

for (const [name, obj, expected] of crdCases) {
  test(`CRD schema validation: ${name}`, () => {
    assert.deepEqual(errorsFor('widgets', obj, widgetRegistry()), expected);
  });
}

test('CRD validation uses the schema registered now, not a stale ResourceInfo', () => {
  const r = widgetRegistry();
  const stale = r.byName('widgets.example.com')!;
  const updated = structuredClone(widgetCRD);
  updated.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.maximum = 100;
  r.register(crdToResourceInfo(updated));
  const obj = applyDefaults(stale, widget({ size: 50 }));
  obj.metadata!.namespace = 'default';
  assert.deepEqual(validateObject(stale, obj, r), []);
  assert.equal(validateObject(stale, obj).length, 1);
});

// -------------------------------------------------------------------------------------------
// Unknown fields (strict decoding)

const unknownCases: [string, string, KubeObject, string[]][] = [
  [
    'top-level and nested, in document order',
    'deploy',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labelz: {} } as KubeObject['metadata'],
      spec: {
        replica: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'b', imagee: 'nginx', resources: { limit: {} } }] } },
      },
      x: 1,
    },
    [
      'unknown field "metadata.labelz"',
      'unknown field "spec.replica"',
      'unknown field "spec.template.spec.containers[1].imagee"',
      'unknown field "spec.template.spec.containers[1].resources.limit"',
      'unknown field "x"',
    ],
  ],
  [
    'fields at the wrong level',
    'deploy',
    { spec: { template: { metadata: { labels: {}, containers: [] }, spec: { restartPolicy: 'Always' } } } },
    ['unknown field "spec.template.metadata.containers"'],
  ],
  [
    'names of Object.prototype members are unknown fields like any other',
    'pods',
    { metadata: { name: 'p', constructor: 1 } as KubeObject['metadata'], spec: { containers: [{ name: 'c', image: 'nginx', toString: 'x' }] } },
    ['unknown field "metadata.constructor"', 'unknown field "spec.containers[0].toString"'],
  ],
  ['status and known fields pass; map values are not fields', 'pods', { metadata: { labels: { anything: 'x' } }, spec: { nodeSelector: { a: 'b' } }, status: { phase: 'Running' } }, []],
  ['RawExtension/any fields are not descended', 'controllerrevisions', { data: { whatever: { deep: 1 } }, revision: 1 }, []],
  ['int-or-string fields are not descended', 'svc', { spec: { ports: [{ port: 80, targetPort: 'http' }] } }, []],
  [
    'CRD schemas are checked as JSONSchemaProps',
    'crd',
    { spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', typo: true } } } } }] } },
    ['unknown field "spec.versions[0].schema.openAPIV3Schema.properties.spec.typo"'],
  ],
];

for (const [name, resource, obj, expected] of unknownCases) {
  test(`unknown fields: ${name}`, () => {
    assert.deepEqual(checkUnknownFields(registry.resolve(resource)!, obj), expected);
  });
}

test('unknown fields of CRD kinds: outside the schema, except where unknown fields are preserved', () => {
  const r = widgetRegistry();
  const info = r.resolve('widgets')!;
  const obj = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', annotationz: {} },
    spec: {
      size: 1,
      sizes: 2,
      extra: { free: { form: true } },
      labels: { any: 'x' },
      parts: [{ kind: 'a', kinds: 'b' }],
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {}, other: 1 },
    },
    status: { ready: true, phase: 'x' },
  };
  assert.deepEqual(checkUnknownFields(info, obj), [
    'unknown field "metadata.annotationz"',
    'unknown field "spec.sizes"',
    'unknown field "spec.parts[0].kinds"',
    'unknown field "spec.template.other"',
    'unknown field "status.phase"',
  ]);
});

// -------------------------------------------------------------------------------------------
// Error text and Status

const formatCases: [FieldError, string][] = [
  [{ type: 'FieldValueRequired', field: 'spec.selector', detail: '' }, 'spec.selector: Required value'],
  [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }, 'metadata.name: Required value: name or generateName is required'],
  [{ type: 'FieldValueInvalid', field: 'spec.replicas', detail: 'must be greater than or equal to 0', value: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  [{ type: 'FieldValueInvalid', field: 'a', detail: 'd', value: 'x"y\n' }, 'a: Invalid value: "x\\"y\\n": d'],
  [{ type: 'FieldValueInvalid', field: 'a', detail: 'd', value: null }, 'a: Invalid value: "null": d'],
  [{ type: 'FieldValueInvalid', field: 'a', detail: 'd', value: true }, 'a: Invalid value: true: d'],
  [{ type: 'FieldValueInvalid', field: 'a', detail: 'd', value: { b: '2', a: '1' } }, 'a: Invalid value: map[string]string{"a":"1", "b":"2"}: d'],
  [{ type: 'FieldValueNotSupported', field: 'spec.restartPolicy', detail: 'supported values: "Always"', value: 'Never' }, 'spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  [{ type: 'FieldValueDuplicate', field: 'spec.containers[1].name', detail: '', value: 'app' }, 'spec.containers[1].name: Duplicate value: "app"'],
  [{ type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' }, 'metadata.namespace: Forbidden: not allowed on this type'],
  [{ type: 'FieldValueTooLong', field: 'spec.name', detail: 'may not be longer than 5', value: 'abcdef' }, 'spec.name: Too long: may not be longer than 5'],
  [{ type: 'FieldValueTypeInvalid', field: 'spec.size', detail: 'spec.size in body must be of type integer: "string"', value: 'string' }, 'spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'],
  [{ type: 'FieldValueNotFound', field: 'spec.volumes[0].name', detail: '', value: 'data' }, 'spec.volumes[0].name: Not found: "data"'],
];

for (const [e, text] of formatCases) {
  test(`formatFieldError: ${text}`, () => {
    assert.equal(formatFieldError(e), text);
  });
}

test('qualifiedKind and resourceKind', () => {
  const pods = registry.byName('pods')!;
  const deployments = registry.byName('deployments.apps')!;
  assert.equal(qualifiedKind(pods), 'Pod');
  assert.equal(qualifiedKind(deployments), 'Deployment.apps');
  assert.equal(resourceKind(pods), 'pods');
  assert.equal(resourceKind(deployments), 'deployments.apps');
});

test('newInvalid: 422 with upstream message and causes', () => {
  const deployments = registry.byName('deployments.apps')!;
  const one = newInvalid(deployments, 'web', [{ type: 'FieldValueRequired', field: 'spec.selector', detail: '' }]);
  assert.equal(one.status.message, 'Deployment.apps "web" is invalid: spec.selector: Required value');
  assert.equal(one.status.code, 422);
  assert.equal(one.status.reason, 'Invalid');
  assert.deepEqual(one.status.details, {
    name: 'web',
    group: 'apps',
    kind: 'Deployment',
    causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }],
  });
  const errs = validateObject(deployments, applyDefaults(deployments, { ...structuredClone(deployment({ selector: undefined })), metadata: { name: 'web', namespace: 'default' } }));
  assert.equal(
    newInvalid(deployments, 'web', errs).status.message,
    `Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ${NOT_MATCH}]`,
  );
  assert.equal(newInvalid(registry.byName('pods')!, 'p', []).status.message, 'Pod "p" is invalid');
  assert.equal(newInvalid(registry.byName('pods')!, 'p', []).status.details?.group, undefined);
});

test('newStrictDecodingError: 400 joining the unknown fields', () => {
  const deployments = registry.byName('deployments.apps')!;
  const e = newStrictDecodingError(deployments, ['unknown field "spec.replica"', 'unknown field "x"']);
  assert.equal(e.status.code, 400);
  assert.equal(e.status.reason, 'BadRequest');
  assert.equal(e.status.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "x"');
});

test('generated/fields.json has a root type for exactly the built-in kinds (run `npm run gen:fields` after adding one)', () => {
  for (const info of BUILTIN_RESOURCES) assert.ok(rootTypeOf(info.apiVersion, info.kind), info.name);
  assert.deepEqual(Object.keys(fieldsJson.kinds).sort(), BUILTIN_RESOURCES.map((i) => `${i.apiVersion}/${i.kind}`).sort());
});

test('the model validators check no format whose errors the type pass drops; int32 and int64 stay checked', () => {
  // Loading the validation module replaced the entries; the compiled validators read them when they load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formats } = require('@kubernetes-models/validate') as { formats: Record<string, { validate: ((v: unknown) => boolean) | RegExp }> };
  const check = (name: string, v: unknown) => {
    const f = formats[name].validate;
    return f instanceof RegExp ? f.test(String(v)) : f(v);
  };
  for (const name of UNCHECKED_FORMATS) assert.equal(check(name, '%%% not valid %%%'), true, name);
  assert.equal(check('int32', 3000000000), false);
  assert.equal(check('int32', 80), true);
  assert.equal(check('int64', 1.5), false);
});
