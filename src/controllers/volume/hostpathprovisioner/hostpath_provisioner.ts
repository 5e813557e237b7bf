import type { Node, PersistentVolume } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../../api/freeze';
import { isAlreadyExists, isNotFound, isStatusError, type KubeObject } from '../../../api/object';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  getPersistentVolumeClaimClass,
  RESOURCE_PV,
  RESOURCE_PVC,
  RESOURCE_STORAGE_CLASS,
} from '../../../api/storage/storage_util';
import type { EventRecorder } from '../../../client/event_recorder';
import type { SharedIndexInformer } from '../../../client/informer';
import type { Client } from '../../../client/types';
import { RateLimitingQueue } from '../../../client/workqueue';
import type { ControllerContext } from '../../context';
import type { Controller } from '../../controller';
import { ControllerWiring } from '../../util/wiring';
import type { ClassObj, PVCObj, PVObj } from '../persistentvolume/context';

/** The provisioner name of the bootstrap StorageClass `standard`. */
export const HOSTPATH_PROVISIONER = 'kubespec.io/hostpath';
/** Where provisioned volumes live on their node (local-path-provisioner's layout). */
export const HOSTPATH_BASE_DIR = '/var/lib/kubespec/hostpath';
const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/**
 * The cluster's dynamic provisioner for `kubespec.io/hostpath`, built the way kind's
 * local-path-provisioner is (an external provisioner on sig-storage-lib-external-provisioner): it
 * provisions a claim once the PV controller has named it in `volume.kubernetes.io/storage-provisioner`
 * (and, for a WaitForFirstConsumer class, the scheduler has set `selected-node`), creating PV
 * `pvc-<claim uid>` — a hostPath directory on the selected node, pinned there by node affinity,
 * pre-bound to the claim, with the class's reclaim policy (facts 163, 167). It deletes the volumes it
 * made once they are Released under Delete. Provisioning is instant in virtual time.
 */
export class HostPathProvisioner implements Controller {
  readonly name = 'hostpath-provisioner';
  readonly claimQueue: RateLimitingQueue;
  readonly volumeQueue: RateLimitingQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly wiring: ControllerWiring;
  private pvcs!: SharedIndexInformer<PVCObj>;
  private pvs!: SharedIndexInformer<PVObj>;
  private classes!: SharedIndexInformer<ClassObj>;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('system:serviceaccount:kube-system:hostpath-provisioner');
    this.recorder = ctx.recorder(HOSTPATH_PROVISIONER);
    this.claimQueue = new RateLimitingQueue(ctx.loop, { name: 'hostpath-provisioner-claims' });
    this.volumeQueue = new RateLimitingQueue(ctx.loop, { name: 'hostpath-provisioner-volumes' });
    this.wiring = new ControllerWiring(ctx.loop);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pvcs = this.ctx.informers.forResource<PVCObj>(RESOURCE_PVC);
    this.pvs = this.ctx.informers.forResource<PVObj>(RESOURCE_PV);
    this.classes = this.ctx.informers.forResource<ClassObj>(RESOURCE_STORAGE_CLASS);
    const claimKey = (pvc: PVCObj) => `${pvc.metadata!.namespace}/${pvc.metadata!.name}`;
    this.wiring.handlers(
      this.pvcs.addEventHandler({ onAdd: (c) => this.claimQueue.add(claimKey(c)), onUpdate: (_o, c) => this.claimQueue.add(claimKey(c)) }),
      this.pvs.addEventHandler({ onAdd: (v) => this.volumeQueue.add(v.metadata!.name!), onUpdate: (_o, v) => this.volumeQueue.add(v.metadata!.name!) }),
    );
    this.ctx.informers.start();
    this.wiring.worker(this.claimQueue, (key) => this.syncClaim(key), `${this.name}: claims`);
    this.wiring.worker(this.volumeQueue, (key) => this.syncVolume(key), `${this.name}: volumes`);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.wiring.stop();
  }

  /**
   * shouldProvision: unbound, not being deleted, handed to this provisioner by the PV controller,
   * of a class this provisioner serves, with a selected node when the class waits for a consumer,
   * and not provisioned yet.
   */
  private shouldProvision(claim: PVCObj, sc: ClassObj | undefined): boolean {
    if (claim.spec?.volumeName || claim.metadata?.deletionTimestamp) return false;
    const ann = claim.metadata?.annotations ?? {};
    if ((ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER]) !== HOSTPATH_PROVISIONER) return false;
    if (!sc || sc.provisioner !== HOSTPATH_PROVISIONER) return false;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !ann[ANN_SELECTED_NODE]) return false;
    return !this.pvs.lister().get(volumeNameFor(claim));
  }

  private syncClaim(key: string): void {
    const claim = this.pvcs.lister().get(key);
    if (!claim) return;
    const className = getPersistentVolumeClaimClass(claim);
    const sc = this.classes.lister().get(className);
    if (!this.shouldProvision(claim, sc)) return;
    const warn = (message: string) => this.recorder.event(claim, 'Warning', 'ProvisioningFailed', message);
    // The library's canProvision: this provisioner makes filesystem volumes only.
    if (claim.spec?.volumeMode === 'Block') {
      warn(`${HOSTPATH_PROVISIONER} does not support block volume provisioning`);
      return;
    }
    const nodeName = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    let node: (Node & KubeObject) | undefined;
    if (nodeName) {
      try {
        node = this.client.get<Node & KubeObject>('nodes', undefined, nodeName);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // ProvisioningReschedule: the scheduler must choose again.
        warn(`nodes "${nodeName}" not found`);
        this.rescheduleProvisioning(claim);
        return;
      }
    }
    this.recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
    const fail = (why: string) => warn(`failed to provision volume with StorageClass "${className}": ${why}`);
    // local-path-provisioner's checks: one node's directory, no selector.
    const modes = claim.spec?.accessModes ?? [];
    if (modes.some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) {
      fail('NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes');
      return;
    }
    if (claim.spec?.selector) {
      fail('claim.Spec.Selector is not supported');
      return;
    }
    if (!node) {
      // A hostPath volume lives on one node: an Immediate class gives the provisioner none.
      fail('configuration error, no node was specified');
      return;
    }
    const pv = newVolume(claim, sc!, node.metadata?.labels?.[LABEL_HOSTNAME] ?? nodeName!);
    try {
      this.client.create<KubeObject>(RESOURCE_PV, pv as KubeObject);
    } catch (e) {
      if (isAlreadyExists(e)) return;
      if (isStatusError(e)) {
        fail(e.message);
        return;
      }
      throw e;
    }
    this.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata!.name}`);
  }

  /** rescheduleProvisioning: drop `selected-node`, so the scheduler picks a node again. */
  private rescheduleProvisioning(claim: PVCObj): void {
    const clone = deepCopy(claim) as PVCObj & { metadata: { annotations?: Record<string, string> } };
    delete clone.metadata.annotations?.[ANN_SELECTED_NODE];
    try {
      this.client.update<PVCObj>(RESOURCE_PVC, clone);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** shouldDelete: a volume this provisioner made, Released, under the Delete policy. */
  private syncVolume(name: string): void {
    const pv = this.pvs.lister().get(name);
    if (!pv || pv.metadata?.deletionTimestamp) return;
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    if (pv.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== HOSTPATH_PROVISIONER) return;
    try {
      this.client.delete(RESOURCE_PV, undefined, name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** The provisioned volume's name: `pvc-<claim uid>` (fact 167). */
export function volumeNameFor(claim: PVCObj): string {
  return `pvc-${claim.metadata!.uid}`;
}

/** The PV for the claim on the node whose hostname label is `hostname`. */
export function newVolume(claim: PVCObj, sc: ClassObj, hostname: string): PersistentVolume {
  const ns = claim.metadata!.namespace!;
  const name = volumeNameFor(claim);
  const storage = claim.spec?.resources?.requests?.storage;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_DYNAMICALLY_PROVISIONED]: HOSTPATH_PROVISIONER } },
    spec: {
      capacity: storage !== undefined ? { storage } : undefined,
      accessModes: [...(claim.spec?.accessModes ?? [])],
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata!.name,
      mountOptions: sc.mountOptions ? [...sc.mountOptions] : undefined,
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: ns, name: claim.metadata!.name, uid: claim.metadata!.uid, resourceVersion: claim.metadata!.resourceVersion },
      hostPath: { path: `${HOSTPATH_BASE_DIR}/${name}_${ns}_${claim.metadata!.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_HOSTNAME, operator: 'In', values: [hostname] }] }] } },
    },
  };
}
