import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { checkVolumeSatisfyClaim, findBestMatchForClaim } from '../src/api/storage/pv_helpers';
import { Cluster } from '../src/cluster/cluster';
import { newVolume } from '../src/controllers/volume/hostpathprovisioner';
import { podUsesPVC } from '../src/controllers/volume/pvcprotection';

type PVObj = PersistentVolume & KubeObject;
type PVCObj = PersistentVolumeClaim & KubeObject;

function pv(name: string, size: string, o: { modes?: string[]; cls?: string; phase?: string; claimRef?: { name: string; namespace?: string; uid?: string }; labels?: Record<string, string>; mode?: string; deleting?: boolean } = {}): PVObj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels: o.labels, deletionTimestamp: o.deleting ? '2026-01-01T00:00:00Z' : undefined },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      storageClassName: o.cls ?? 'manual',
      volumeMode: o.mode,
      claimRef: o.claimRef ? { namespace: 'default', ...o.claimRef } : undefined,
      hostPath: { path: `/tmp/${name}` },
    },
    status: { phase: o.phase ?? 'Available' },
  } as PVObj;
}

function pvc(size: string, o: { modes?: string[]; cls?: string; selector?: Record<string, string>; mode?: string } = {}): PVCObj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default', uid: 'uid-1' },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      storageClassName: o.cls ?? 'manual',
      volumeMode: o.mode,
      selector: o.selector ? { matchLabels: o.selector } : undefined,
      resources: { requests: { storage: size } },
    },
  } as PVCObj;
}

// ---- findBestMatchForClaim (fact 164, index.go findByClaim) -------------------------------------

const matchCases: { name: string; claim: PVCObj; volumes: PVObj[]; delay?: boolean; want: string | undefined }[] = [
  { name: 'the smallest volume that fits wins', claim: pvc('3Gi'), volumes: [pv('big', '10Gi'), pv('mid', '5Gi'), pv('small', '1Gi')], want: 'mid' },
  { name: 'an exact fit', claim: pvc('1Gi'), volumes: [pv('a', '1Gi'), pv('b', '2Gi')], want: 'a' },
  { name: 'equal sizes resolve by name', claim: pvc('1Gi'), volumes: [pv('z', '1Gi'), pv('y', '1Gi')], want: 'y' },
  { name: 'quantities compare by value, not text', claim: pvc('900Mi'), volumes: [pv('gi', '1Gi'), pv('g', '1G'), pv('m', '800Mi')], want: 'g' },
  { name: 'nothing big enough', claim: pvc('20Gi'), volumes: [pv('a', '10Gi')], want: undefined },
  { name: 'another class does not match', claim: pvc('1Gi', { cls: 'fast' }), volumes: [pv('a', '1Gi')], want: undefined },
  { name: 'a volume not yet Available is skipped', claim: pvc('1Gi'), volumes: [pv('a', '1Gi', { phase: 'Pending' }), pv('b', '2Gi')], want: 'b' },
  { name: 'a Released volume is skipped', claim: pvc('1Gi'), volumes: [pv('a', '1Gi', { phase: 'Released', claimRef: { name: 'old', uid: 'u0' } })], want: undefined },
  { name: 'a volume being deleted is skipped', claim: pvc('1Gi'), volumes: [pv('a', '1Gi', { deleting: true })], want: undefined },
  { name: 'the selector filters by label', claim: pvc('1Gi', { selector: { tier: 'gold' } }), volumes: [pv('a', '1Gi'), pv('b', '5Gi', { labels: { tier: 'gold' } })], want: 'b' },
  { name: 'volume modes must agree (unset is Filesystem)', claim: pvc('1Gi', { mode: 'Block' }), volumes: [pv('a', '1Gi'), pv('b', '1Gi', { mode: 'Block' })], want: 'b' },
  { name: 'access modes must all be offered', claim: pvc('1Gi', { modes: ['ReadWriteMany'] }), volumes: [pv('a', '1Gi'), pv('b', '5Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'] })], want: 'b' },
  { name: 'fewer access modes beat a smaller size', claim: pvc('1Gi'), volumes: [pv('many', '1Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'] }), pv('one', '9Gi')], want: 'one' },
  { name: 'a volume pre-bound to the claim wins over a better fit', claim: pvc('1Gi'), volumes: [pv('fit', '1Gi'), pv('mine', '8Gi', { claimRef: { name: 'data' } })], want: 'mine' },
  { name: 'a volume pre-bound to another claim is skipped', claim: pvc('1Gi'), volumes: [pv('theirs', '1Gi', { claimRef: { name: 'other' } })], want: undefined },
  { name: 'delayed binding: the controller leaves unbound volumes to the scheduler', claim: pvc('1Gi'), volumes: [pv('a', '1Gi')], delay: true, want: undefined },
  { name: 'delayed binding: a volume pre-bound to the claim still binds', claim: pvc('1Gi'), volumes: [pv('a', '1Gi'), pv('mine', '1Gi', { claimRef: { name: 'data', uid: 'uid-1' } })], delay: true, want: 'mine' },
];

for (const c of matchCases) {
  test(`findBestMatchForClaim: ${c.name}`, () => {
    assert.equal(findBestMatchForClaim(c.claim, c.volumes, c.delay ?? false)?.metadata?.name, c.want);
  });
}

test('checkVolumeSatisfyClaim: the VolumeMismatch reasons, size first', () => {
  assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), pvc('1Gi')), undefined);
  assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), pvc('2Gi', { cls: 'x' })), 'requested PV is too small');
  assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), pvc('1Gi', { cls: 'x' })), 'storageClassName does not match');
  assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), pvc('1Gi', { mode: 'Block' })), 'incompatible volumeMode');
  assert.equal(checkVolumeSatisfyClaim(pv('a', '1Gi'), pvc('1Gi', { modes: ['ReadWriteMany'] })), 'incompatible accessMode');
});

// ---- pvc-protection: which pods hold a claim (fact 169) -----------------------------------------

function podWith(o: { ns?: string; nodeName?: string; phase?: string; claim?: string; ephemeral?: string; name?: string; forceDeleted?: boolean }): Pod {
  const volumes = [] as NonNullable<Pod['spec']>['volumes'] & object[];
  if (o.claim) volumes.push({ name: 'v', persistentVolumeClaim: { claimName: o.claim } });
  if (o.ephemeral) volumes.push({ name: o.ephemeral, ephemeral: {} });
  const deleted = o.forceDeleted ? { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 } : {};
  return { metadata: { name: o.name ?? 'p', namespace: o.ns ?? 'default', uid: 'pod-uid', ...deleted }, spec: { nodeName: o.nodeName, containers: [], volumes }, status: { phase: o.phase } } as Pod;
}

function claimNamed(name: string, owner?: string): PersistentVolumeClaim {
  return { metadata: { name, namespace: 'default', ownerReferences: owner ? [{ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: owner, controller: true }] : undefined } };
}

const useCases: { name: string; pod: Pod; claim: PersistentVolumeClaim; uses: boolean }[] = [
  { name: 'a scheduled pod naming the claim', pod: podWith({ nodeName: 'n', claim: 'data' }), claim: claimNamed('data'), uses: true },
  { name: 'a finished pod still holds it until it is deleted', pod: podWith({ nodeName: 'n', phase: 'Succeeded', claim: 'data' }), claim: claimNamed('data'), uses: true },
  { name: 'a force-deleted pod still holds a named claim', pod: podWith({ nodeName: 'n', claim: 'data', forceDeleted: true }), claim: claimNamed('data'), uses: true },
  { name: 'an unscheduled pod does not', pod: podWith({ claim: 'data' }), claim: claimNamed('data'), uses: false },
  { name: 'a pod naming another claim does not', pod: podWith({ nodeName: 'n', claim: 'other' }), claim: claimNamed('data'), uses: false },
  { name: 'a pod in another namespace does not', pod: podWith({ ns: 'team', nodeName: 'n', claim: 'data' }), claim: claimNamed('data'), uses: false },
  { name: 'an ephemeral claim <pod>-<volume> the pod owns', pod: podWith({ name: 'web', nodeName: 'n', ephemeral: 'scratch' }), claim: claimNamed('web-scratch', 'pod-uid'), uses: true },
  { name: 'an ephemeral claim of that name the pod does not own', pod: podWith({ name: 'web', nodeName: 'n', ephemeral: 'scratch' }), claim: claimNamed('web-scratch', 'someone-else'), uses: false },
  { name: 'an ephemeral claim of a shut-down pod', pod: podWith({ name: 'web', nodeName: 'n', ephemeral: 'scratch', forceDeleted: true }), claim: claimNamed('web-scratch', 'pod-uid'), uses: false },
];

for (const c of useCases) {
  test(`podUsesPVC: ${c.name}`, () => {
    assert.equal(podUsesPVC(c.pod, c.claim), c.uses);
  });
}

test('the provisioner names the volume pvc-<uid>, takes the request and modes, and pins the node (fact 167)', () => {
  const claim = { ...pvc('3Gi', { cls: 'standard', modes: ['ReadWriteOncePod'] }), metadata: { name: 'data', namespace: 'shop', uid: 'abc', resourceVersion: '7' } } as PVCObj;
  const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'kubespec.io/hostpath', reclaimPolicy: 'Retain', mountOptions: ['noatime'] } as never;
  const v = newVolume(claim, sc, 'node-7');
  assert.equal(v.metadata!.name, 'pvc-abc');
  assert.deepEqual(v.spec!.capacity, { storage: '3Gi' });
  assert.deepEqual(v.spec!.accessModes, ['ReadWriteOncePod']);
  assert.equal(v.spec!.persistentVolumeReclaimPolicy, 'Retain');
  assert.deepEqual(v.spec!.mountOptions, ['noatime']);
  assert.equal(v.spec!.hostPath!.path, '/var/lib/kubespec/hostpath/pvc-abc_shop_data');
  assert.deepEqual(v.spec!.claimRef, { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'shop', name: 'data', uid: 'abc', resourceVersion: '7' });
  assert.deepEqual(v.spec!.nodeAffinity!.required!.nodeSelectorTerms[0].matchExpressions, [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-7'] }]);
});

// ---- the controllers through a cluster ---------------------------------------------------------

const PVS = 'persistentvolumes';
const PVCS = 'persistentvolumeclaims';

function events(c: Cluster, name: string): string[] {
  return c.apiserver
    .list('events', {})
    .items.filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name)
    .map((e) => `${(e as { reason?: string }).reason}: ${(e as { message?: string }).message}`);
}

function createVolume(c: Cluster, v: PVObj): void {
  const { status: _status, ...rest } = v;
  c.client().create(PVS, rest as KubeObject);
}

function getPV(c: Cluster, name: string): PVObj {
  return c.client().get<PVObj>(PVS, undefined, name);
}

function getPVC(c: Cluster, name: string): PVCObj {
  return c.client().get<PVCObj>(PVCS, 'default', name);
}

test('a new volume is Pending, then Available; a bound claim records both sides (facts 162, 164)', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('a', '2Gi'));
  assert.equal(getPV(c, 'a').status?.phase, 'Pending');
  c.loop.advance(0);
  assert.equal(getPV(c, 'a').status?.phase, 'Available');
  const created = getPV(c, 'a').status?.lastPhaseTransitionTime;
  assert.ok(created, 'the PV strategy stamps the first phase');
  c.loop.advance(10_000);
  c.client().create(PVCS, { ...pvc('1Gi'), metadata: { name: 'data', namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  const bound = getPV(c, 'a').status?.lastPhaseTransitionTime;
  assert.equal(Date.parse(bound!) - Date.parse(created), 10_000, 'and every phase change after it');
  const claim = getPVC(c, 'data');
  assert.equal(claim.status?.phase, 'Bound');
  assert.deepEqual(claim.status?.capacity, { storage: '2Gi' });
  assert.equal(getPV(c, 'a').spec?.claimRef?.uid, claim.metadata?.uid);
  c.stop();
});

test('a user-pre-bound volume whose claim binds elsewhere keeps its claimRef name but loses the uid', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('other', '1Gi'));
  c.client().create(PVCS, { ...pvc('1Gi'), metadata: { name: 'data', namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  assert.equal(getPVC(c, 'data').spec?.volumeName, 'other');
  // The user points a second volume at the already-bound claim, uid and all.
  createVolume(c, pv('mine', '1Gi', { claimRef: { name: 'data', uid: getPVC(c, 'data').metadata!.uid! } }));
  c.loop.advance(0);
  const mine = getPV(c, 'mine');
  assert.equal(mine.spec?.claimRef?.name, 'data');
  assert.equal(mine.spec?.claimRef?.uid, undefined);
  assert.equal(mine.status?.phase, 'Available');
  c.stop();
});

test('a bound claim whose volume vanishes is Lost with ClaimLost', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('a', '1Gi'));
  c.client().create(PVCS, { ...pvc('1Gi'), metadata: { name: 'data', namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  c.client().patch(PVS, undefined, 'a', 'merge', { metadata: { finalizers: null } });
  c.client().delete(PVS, undefined, 'a');
  c.loop.advance(0);
  assert.equal(getPVC(c, 'data').status?.phase, 'Lost');
  assert.ok(events(c, 'data').includes('ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!'));
  c.stop();
});

test('reclaim failures mark the volume Failed with the upstream reason', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  const volume = (name: string, policy: string, source: Record<string, unknown>): KubeObject =>
    ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: name, persistentVolumeReclaimPolicy: policy, ...source } }) as KubeObject;
  c.client().create(PVS, volume('del', 'Delete', { nfs: { server: 'nfs.example.com', path: '/x' } }));
  c.client().create(PVS, volume('rec', 'Recycle', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } }));
  c.client().create(PVS, volume('csi', 'Delete', { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } }));
  for (const cls of ['del', 'rec', 'csi']) c.client().create(PVCS, { ...pvc('1Gi', { cls }), metadata: { name: cls, namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  for (const cls of ['del', 'rec', 'csi']) c.client().delete(PVCS, 'default', cls);
  c.loop.advance(1000);
  assert.equal(getPV(c, 'csi').status?.phase, 'Released', 'a CSI volume waits for its driver to delete it');
  assert.equal(getPV(c, 'del').status?.phase, 'Failed');
  assert.ok(events(c, 'del').includes('VolumeFailedDelete: error getting deleter volume plugin for volume "del": no deletable volume plugin matched'));
  assert.equal(getPV(c, 'rec').status?.phase, 'Failed');
  assert.ok(events(c, 'rec').includes('VolumeFailedRecycle: No recycler plugin found for the volume!'));
  c.stop();
});

test('an in-tree provisioner name has no plugin here: ProvisioningFailed', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create('storageclasses.storage.k8s.io', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'ebs' }, provisioner: 'kubernetes.io/aws-ebs' } as KubeObject);
  c.client().create(PVCS, { ...pvc('1Gi', { cls: 'ebs' }), metadata: { name: 'data', namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  assert.deepEqual(events(c, 'data'), ['ProvisioningFailed: no volume plugin matched name: kubernetes.io/aws-ebs']);
  c.stop();
});

test('a delayed claim used by unscheduled pods says WaitForPodScheduled, naming them in order', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  for (const name of ['web-b', 'web-a']) {
    c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } } as KubeObject);
  }
  c.loop.advance(0);
  c.client().create(PVCS, { ...pvc('1Gi', { cls: 'standard' }), metadata: { name: 'data', namespace: 'default' } } as KubeObject);
  c.loop.advance(0);
  assert.ok(events(c, 'data').includes('WaitForPodScheduled: waiting for pods web-a,web-b to be scheduled'), events(c, 'data').join('\n'));
  c.stop();
});

test('the kubelet does not start a pod whose claim is being deleted', () => {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
  createVolume(c, pv('a', '1Gi', { cls: '' }));
  c.client().create(PVCS, { ...pvc('1Gi', { cls: '' }), metadata: { name: 'data', namespace: 'default', finalizers: ['example.com/hold'] } } as KubeObject);
  c.loop.advance(0);
  c.client().delete(PVCS, 'default', 'data');
  c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx:1.25' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } } as KubeObject);
  c.loop.advance(30_000);
  const pod = c.client().get<Pod & KubeObject>('pods', 'default', 'web');
  assert.equal(pod.status?.phase, 'Pending');
  assert.equal(pod.status?.podIP, undefined);
  c.stop();
});

test('ephemeral volumes: a claim the pod does not own is retried with back-off in the background, so the cluster settles', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(PVCS, { ...pvc('1Gi', { cls: 'standard' }), metadata: { name: 'web-scratch', namespace: 'default' } } as KubeObject);
  c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }] } } as KubeObject);
  assert.equal(c.loop.settle(), true, 'a conflict is not pending work');
  const failures = () => c.apiserver.list('events', { namespace: 'default' }).items.filter((e) => (e as { reason?: string }).reason === 'FailedBinding').map((e) => (e as { count?: number }).count ?? 1).reduce((a, b) => a + b, 0);
  const first = failures();
  assert.ok(first >= 1);
  c.loop.advance(60_000);
  assert.ok(failures() > first, 'retried meanwhile');
  // The claim still belongs to nobody; the pod's was never made.
  assert.equal(getPVC(c, 'web-scratch').metadata?.ownerReferences, undefined);
  c.stop();
});

// ---- review fixes: upstream branches pinned -----------------------------------------------------

const claimFor = (name: string, o: Parameters<typeof pvc>[1] = {}, meta: Record<string, unknown> = {}): KubeObject => ({ ...pvc('1Gi', o), metadata: { name, namespace: 'default', ...meta } }) as KubeObject;

test('a WaitForFirstConsumer claim the scheduler asked to provision binds only a volume pre-bound to it, never another on some node', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('elsewhere', '1Gi', { cls: 'standard' }));
  c.client().create(PVCS, claimFor('data', { cls: 'standard' }, { annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } }));
  c.loop.advance(0);
  assert.equal(getPVC(c, 'data').spec?.volumeName, undefined);
  assert.equal(getPVC(c, 'data').metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'], 'kubespec.io/hostpath', 'provisioning asked for instead');
  c.stop();
});

test('retroactive default StorageClass: a claim made while no class was default gets the new default', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().delete('storageclasses.storage.k8s.io', undefined, 'standard');
  c.client().create(PVCS, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KubeObject);
  c.client().create(PVCS, claimFor('explicit-none', { cls: '' }));
  c.loop.advance(0);
  assert.equal(getPVC(c, 'data').spec?.storageClassName, undefined);
  c.client().create('storageclasses.storage.k8s.io', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'kubespec.io/hostpath', volumeBindingMode: 'WaitForFirstConsumer' } as KubeObject);
  c.loop.advance(15_000);
  assert.equal(getPVC(c, 'data').spec?.storageClassName, 'fast');
  assert.equal(getPVC(c, 'explicit-none').spec?.storageClassName, '', 'an explicit "" stays: the user asked for no class');
  c.stop();
});

test('a claim naming a volume that is being deleted or bound elsewhere gets the upstream events', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('taken', '1Gi'));
  const going = pv('going', '1Gi', { cls: 'going' });
  createVolume(c, { ...going, metadata: { ...going.metadata, finalizers: ['example.com/hold'] } } as PVObj);
  c.client().create(PVCS, claimFor('first'));
  c.loop.advance(0);
  assert.equal(getPVC(c, 'first').spec?.volumeName, 'taken');
  c.client().delete(PVS, undefined, 'going');
  c.client().create(PVCS, { ...claimFor('second'), spec: { ...pvc('1Gi').spec, volumeName: 'taken' } } as KubeObject);
  c.client().create(PVCS, { ...claimFor('third', { cls: 'going' }), spec: { ...pvc('1Gi', { cls: 'going' }).spec, volumeName: 'going' } } as KubeObject);
  c.loop.advance(0);
  assert.ok(events(c, 'second').includes('FailedBinding: volume "taken" already bound to a different claim.'), events(c, 'second').join('\n'));
  assert.ok(events(c, 'third').includes('VolumeMismatch: Cannot bind to requested volume "going": the volume is marked for deletion "going"'), events(c, 'third').join('\n'));
  c.stop();
});

test('a volume pre-bound to a claim of another volume mode says VolumeMismatch on both', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(PVCS, claimFor('data', { mode: 'Block' }));
  c.loop.advance(0);
  const uid = getPVC(c, 'data').metadata!.uid!;
  createVolume(c, pv('fs', '1Gi', { claimRef: { name: 'data', uid } }));
  c.loop.advance(0);
  assert.ok(events(c, 'fs').includes('VolumeMismatch: Cannot bind PersistentVolume to requested PersistentVolumeClaim "data" due to incompatible volumeMode.'));
  assert.ok(events(c, 'data').includes('VolumeMismatch: Cannot bind PersistentVolume "fs" to requested PersistentVolumeClaim due to incompatible volumeMode.'));
  assert.equal(getPVC(c, 'data').status?.phase, 'Pending');
  c.stop();
});

test('Recycle waits while pods of the old claim still run', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, { ...pv('shared', '1Gi'), spec: { ...pv('shared', '1Gi').spec, persistentVolumeReclaimPolicy: 'Recycle' } } as PVObj);
  c.client().create(PVCS, claimFor('data'));
  c.loop.advance(0);
  c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user', namespace: 'default' }, spec: { nodeName: 'gone', containers: [{ name: 'app', image: 'nginx:1.25' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } } as KubeObject);
  c.client().patch(PVCS, 'default', 'data', 'merge', { metadata: { finalizers: null } });
  c.client().delete(PVCS, 'default', 'data');
  c.loop.advance(0);
  assert.ok(events(c, 'shared').includes('VolumeFailedRecycle: Volume is used by pods: default/user'));
  assert.equal(getPV(c, 'shared').status?.phase, 'Released');
  c.stop();
});

const unsupported: { name: string; claim: Parameters<typeof pvc>[1] & { selector?: Record<string, string> }; message: string }[] = [
  { name: 'block mode', claim: { cls: 'standard', mode: 'Block' }, message: 'kubespec.io/hostpath does not support block volume provisioning' },
  { name: 'ReadWriteMany', claim: { cls: 'standard', modes: ['ReadWriteMany'] }, message: 'failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes' },
  { name: 'a selector', claim: { cls: 'standard', selector: { tier: 'gold' } }, message: 'failed to provision volume with StorageClass "standard": claim.Spec.Selector is not supported' },
];

for (const u of unsupported) {
  test(`the hostPath provisioner refuses ${u.name} as local-path-provisioner does`, () => {
    const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }] });
    c.client().create(PVCS, claimFor('data', u.claim, { annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } }));
    c.loop.advance(0);
    assert.ok(events(c, 'data').includes(`ProvisioningFailed: ${u.message}`), events(c, 'data').join('\n'));
    assert.equal(c.apiserver.list(PVS, {}).items.length, 0);
    c.stop();
  });
}

test('the provisioner hands a claim whose selected node is gone back to the scheduler', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  c.client().create(PVCS, claimFor('data', { cls: 'standard' }, { annotations: { 'volume.kubernetes.io/selected-node': 'node-9' } }));
  c.loop.advance(0);
  assert.ok(events(c, 'data').includes('ProvisioningFailed: nodes "node-9" not found'), events(c, 'data').join('\n'));
  assert.equal(getPVC(c, 'data').metadata?.annotations?.['volume.kubernetes.io/selected-node'], undefined);
  assert.ok(!events(c, 'data').some((e) => e.startsWith('Provisioning:')));
  c.stop();
});

test('a PV status write that leaves lastPhaseTransitionTime out keeps it when the phase stays', () => {
  const c = Cluster.start({ seed: 1, nodes: [] });
  createVolume(c, pv('a', '1Gi'));
  c.loop.advance(0);
  const before = getPV(c, 'a');
  const { lastPhaseTransitionTime: _t, ...rest } = before.status!;
  c.client().updateStatus(PVS, { ...before, status: { ...rest, message: 'note' } } as KubeObject);
  assert.equal(getPV(c, 'a').status?.lastPhaseTransitionTime, before.status?.lastPhaseTransitionTime);
  c.stop();
});
