import { step, stepWithDocString } from './support/define';
import type { KubespecWorld } from './support/world';

const MANIFEST = 'Given the manifest:\n  """\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: settings\n  data:\n    mode: fast\n  """';

stepWithDocString<KubespecWorld>(
  'Given',
  'the manifest:',
  { section: 'Objects', example: MANIFEST, doc: 'One or more YAML documents, applied like `kubectl apply`; then waits until the workloads it declares are available (pods Running and Ready).' },
  function (doc: string) {
    this.driver.givenManifest(doc);
  },
);

step<KubespecWorld>('Given', 'the manifest {string}', { section: 'Objects', example: 'Given the manifest "manifests/web.yaml"', doc: 'A file or a folder (every .yaml/.yml/.json in name order), relative to the feature file.' }, function (p: string) {
  this.driver.givenManifestPath(p);
});

stepWithDocString<KubespecWorld>('When', 'I apply the manifest:', { section: 'Objects', example: MANIFEST.replace('Given the manifest:', 'When I apply the manifest:'), doc: 'Applies; does not wait.' }, function (doc: string) {
  this.driver.whenApply(doc);
});

step<KubespecWorld>('When', 'I apply the manifest {string}', { section: 'Objects', example: 'When I apply the manifest "manifests/web.yaml"' }, function (p: string) {
  this.driver.whenApplyPath(p);
});

stepWithDocString<KubespecWorld>(
  'When',
  'I try to apply the manifest:',
  { section: 'Objects', example: MANIFEST.replace('Given the manifest:', 'When I try to apply the manifest:'), doc: 'Like apply, but a rejection is recorded for `Then the request is rejected ...` instead of failing the step.' },
  function (doc: string) {
    this.driver.tryApply(doc);
  },
);

step<KubespecWorld>(
  'Given',
  'a Service {string} selecting {string} on port {int}',
  { section: 'Objects', example: 'Given a Service "web" selecting "app=web" on port 80', doc: 'A ClusterIP Service; the selector is `k=v,k2=v2`.' },
  function (name: string, selector: string, port: number) {
    this.driver.givenService(name, selector, port);
  },
);

step<KubespecWorld>('When', 'I scale {kind} {ref} to {int}', { section: 'Objects', example: 'When I scale deployment "web" to 5' }, function (kind: string, ref: string, n: number) {
  this.driver.scale(kind, ref, n);
});

step<KubespecWorld>(
  'When',
  'I set the image of {kind} {ref} to {string}',
  { section: 'Objects', example: 'When I set the image of deployment "web" to "nginx:1.26"', doc: 'Sets the image of every container of the pod template (of the pod, for a pod).' },
  function (kind: string, ref: string, image: string) {
    this.driver.setImage(kind, ref, image);
  },
);

stepWithDocString<KubespecWorld>(
  'When',
  'I patch {kind} {ref} with:',
  { section: 'Objects', example: 'When I patch deployment "web" with:\n  """\n  spec:\n    replicas: 2\n  """', doc: 'A strategic merge patch, in YAML.' },
  function (kind: string, ref: string, doc: string) {
    this.driver.patch(kind, ref, doc);
  },
);

stepWithDocString<KubespecWorld>(
  'When',
  'I patch {kind} {ref} with a JSON merge patch:',
  { section: 'Objects', example: 'When I patch configmap "settings" with a JSON merge patch:\n  """\n  data:\n    mode: null\n  """', doc: 'RFC 7396 (`kubectl patch --type merge`): maps merge, lists are replaced, null deletes.' },
  function (kind: string, ref: string, doc: string) {
    this.driver.patch(kind, ref, doc, 'merge');
  },
);

stepWithDocString<KubespecWorld>(
  'When',
  'I patch {kind} {ref} with a JSON patch:',
  { section: 'Objects', example: 'When I patch configmap "settings" with a JSON patch:\n  """\n  - {op: replace, path: /data/mode, value: safe}\n  """', doc: 'RFC 6902 operations (`kubectl patch --type json`), written in YAML or JSON.' },
  function (kind: string, ref: string, doc: string) {
    this.driver.patch(kind, ref, doc, 'json');
  },
);

step<KubespecWorld>('When', 'I delete {kind} {ref}', { section: 'Objects', example: 'When I delete configmap "settings"' }, function (kind: string, ref: string) {
  this.driver.delete(kind, ref);
});

step<KubespecWorld>('When', 'I force delete pod {ref}', { section: 'Objects', example: 'When I force delete pod "web-0"', doc: 'Grace period 0: the pod object goes at once.' }, function (ref: string) {
  this.driver.forceDelete(ref);
});

step<KubespecWorld>(
  'When',
  'I delete {kind} {ref} with propagation {string}',
  { section: 'Objects', example: 'When I delete deployment "web" with propagation "Foreground"', doc: '`Background`, `Foreground` or `Orphan`.' },
  function (kind: string, ref: string, policy: string) {
    this.driver.delete(kind, ref, policy);
  },
);

step<KubespecWorld>(
  'Given',
  'a pod {ref}',
  { section: 'Objects', example: 'Given a pod "web"', doc: 'Label `app=<name>`, one container `app`, image `nginx:1.25`, requests `cpu: 100m, memory: 128Mi`; waits until Running and Ready.' },
  function (ref: string) {
    this.driver.givenPod(ref);
  },
);

step<KubespecWorld>(
  'Given',
  'a pod {ref} on node {string}',
  { section: 'Objects', example: 'Given a pod "web" on node "node-1"', doc: 'As `Given a pod`, with `spec.nodeName` set (the scheduler is bypassed, as upstream).' },
  function (ref: string, node: string) {
    this.driver.givenPod(ref, node);
  },
);

step<KubespecWorld>(
  'Given',
  'a Deployment {ref} with {int} replica(s)',
  {
    section: 'Objects',
    example: 'Given a Deployment "web" with 3 replicas',
    doc: 'Labels `app=<name>`, one container `app`, image `nginx:1.25`, requests `cpu: 100m, memory: 128Mi`; the default RollingUpdate strategy (25% surge, 25% unavailable). Waits until every replica is available.',
  },
  function (ref: string, replicas: number) {
    this.driver.givenDeployment(ref, replicas);
  },
);

step<KubespecWorld>(
  'Given',
  'a DaemonSet {ref}',
  {
    section: 'Objects',
    example: 'Given a DaemonSet "agent"',
    doc: 'Labels `app=<name>`, one container `app`, image `nginx:1.25`, requests `cpu: 100m, memory: 128Mi`; the default RollingUpdate strategy (maxUnavailable 1). Waits until a ready pod runs on every eligible node.',
  },
  function (ref: string) {
    this.driver.givenDaemonSet(ref);
  },
);

step<KubespecWorld>(
  'Given',
  'a StatefulSet {ref} with {int} replica(s)',
  {
    section: 'Objects',
    example: 'Given a StatefulSet "web" with 3 replicas',
    doc: 'Labels `app=<name>`, one container `app`, image `nginx:1.25`, requests `cpu: 100m, memory: 128Mi`, `serviceName: <name>` and the headless Service `<name>` (port 80); OrderedReady, so the pods start one after another. Waits until every replica is ready.',
  },
  function (ref: string, replicas: number) {
    this.driver.givenStatefulSet(ref, replicas);
  },
);

step<KubespecWorld>(
  'When',
  'I drain node {string}',
  {
    section: 'Objects',
    example: 'When I drain node "node-1"',
    doc: '`kubectl drain --ignore-daemonsets --delete-emptydir-data --force`: cordons, then evicts every pod but DaemonSet and mirror pods through the Eviction API, retrying every 5s while a PodDisruptionBudget forbids it. The drain goes on as virtual time passes; `Then eventually the drain of node X has finished` waits for it.',
  },
  function (node: string) {
    this.driver.drain(node);
  },
);

step<KubespecWorld>('When', 'I cordon node {string}', { section: 'Objects', example: 'When I cordon node "node-1"' }, function (node: string) {
  this.driver.cordon(node, true);
});

step<KubespecWorld>('When', 'I uncordon node {string}', { section: 'Objects', example: 'When I uncordon node "node-1"' }, function (node: string) {
  this.driver.cordon(node, false);
});

step<KubespecWorld>('Then', 'the request is rejected with status {int}', { section: 'Objects', example: 'Then the request is rejected with status 422', doc: 'After a `try` step.' }, function (code: number) {
  this.driver.rejected(code);
});

step<KubespecWorld>(
  'Then',
  'the request is rejected with status {int} and message {string}',
  { section: 'Objects', example: 'Then the request is rejected with status 409 and message "configmaps \\"settings\\" already exists"', doc: 'The message is exact; `*` matches any run of characters.' },
  function (code: number, message: string) {
    this.driver.rejected(code, message);
  },
);

const CREATE = 'When I create the manifest:\n  """\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    generateName: settings-\n  """';

stepWithDocString<KubespecWorld>('When', 'I create the manifest:', { section: 'Objects', example: CREATE, doc: 'Like `kubectl create`: every document is created; an existing name fails the step.' }, function (doc: string) {
  this.driver.create(doc);
});

stepWithDocString<KubespecWorld>(
  'When',
  'I try to create the manifest:',
  { section: 'Objects', example: CREATE.replace('I create', 'I try to create'), doc: 'Like create, but a rejection is recorded for `Then the request is rejected ...`.' },
  function (doc: string) {
    this.driver.tryCreate(doc);
  },
);

step<KubespecWorld>('When', 'I try to delete {kind} {ref}', { section: 'Objects', example: 'When I try to delete namespace "default"', doc: 'A rejection is recorded for `Then the request is rejected ...`.' }, function (kind: string, ref: string) {
  this.driver.tryDelete(kind, ref);
});

stepWithDocString<KubespecWorld>(
  'When',
  'I try to patch {kind} {ref} with:',
  { section: 'Objects', example: 'When I try to patch configmap "settings" with:\n  """\n  metadata:\n    finalizers: ["example.com/hold"]\n  """', doc: 'A strategic merge patch whose rejection is recorded.' },
  function (kind: string, ref: string, doc: string) {
    this.driver.tryPatch(kind, ref, doc);
  },
);

step<KubespecWorld>(
  'When',
  'I set the owner of {kind} {ref} to {kind} {ref}',
  { section: 'Objects', example: 'When I set the owner of configmap "child" to configmap "parent"', doc: 'Adds an ownerReference (controller, blockOwnerDeletion) with the owner\'s UID, as a controller would; the dependent\'s other owners stay as non-controller references.' },
  function (depKind: string, depRef: string, ownerKind: string, ownerRef: string) {
    this.driver.setOwner(depKind, depRef, ownerKind, ownerRef);
  },
);

stepWithDocString<KubespecWorld>(
  'When',
  'I try to patch {kind} {ref} with a JSON patch:',
  { section: 'Objects', example: 'When I try to patch deployment "web" with a JSON patch:\n  """\n  - {op: test, path: /spec/replicas, value: 7}\n  """', doc: 'A JSON patch whose rejection is recorded (a failed `test` operation is a 422).' },
  function (kind: string, ref: string, doc: string) {
    this.driver.tryPatch(kind, ref, doc, 'json');
  },
);
