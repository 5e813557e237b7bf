import { createHash } from 'node:crypto';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { CSINode } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../../../api/object';
import type { CycleState } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo } from '../../framework/types';
import {
  ephemeralVolumeClaimName,
  ephemeralVolumeIsForPod,
  getPersistentVolumeClaimClass,
  getPV,
  getPVC,
  getStorageClass,
  podNamespace,
  pvcNotFound,
  RESOURCE_CSI_NODE,
} from '../helper/storage';
import {
  csiNameFromInTreeName,
  inTreePluginName,
  isCSIMigrationOn,
  isMigratable,
  isMigratableInTreePluginByName,
  pvInTreeSource,
  translateToCSI,
} from './csi_translation';

/**
 * NodeVolumeLimits (upstream nodevolumelimits/csi.go, CSILimits, v1.32): the CSI volumes attached to
 * a node, counted per driver, must stay within what the node's CSINode says the driver can attach
 * (`spec.drivers[].allocatable.count`, or a node allocatable `attachable-volumes-csi-<driver>`).
 * Counted: PVC-backed CSI volumes (bound: the PV's driver and handle; unbound: the StorageClass's
 * provisioner with a per-claim placeholder handle), generic ephemeral volumes, and in-tree volumes
 * migrated to CSI. A volume shared by several pods on the node counts once.
 */
export const NAME = 'NodeVolumeLimits';

export const ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED = 'node(s) exceed max volume count';

/** v1.ResourceAttachableVolumesPrefix. */
const ATTACHABLE_VOLUMES_PREFIX = 'attachable-volumes-';
const CSI_ATTACH_LIMIT_PREFIX = 'csi-';
/** Resource names are at most 63 characters. */
const RESOURCE_NAME_LENGTH_LIMIT = 63;
/** apimachinery rand.String's alphabet (no vowels, no confusable digits). */
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Upstream volumeutil.GetCSIAttachLimitKey: `attachable-volumes-csi-<driver>`, or for long driver
 * names the first 23 characters plus 16 hex digits of the name's SHA-1.
 */
export function getCSIAttachLimitKey(driverName: string): string {
  const prefix = ATTACHABLE_VOLUMES_PREFIX + CSI_ATTACH_LIMIT_PREFIX;
  if (prefix.length + driverName.length >= RESOURCE_NAME_LENGTH_LIMIT) {
    const hashed = createHash('sha1').update(driverName).digest('hex').slice(0, 16);
    return prefix + driverName.slice(0, 23) + hashed;
  }
  return prefix + driverName;
}

/** Upstream getVolumeLimits: the node's attachable-volumes-* allocatable, overridden per driver by its CSINode. */
function getVolumeLimits(nodeInfo: NodeInfo, csiNode: CSINode | undefined): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [k, v] of Object.entries(nodeInfo.allocatable.scalarResources)) {
    if (k.startsWith(ATTACHABLE_VOLUMES_PREFIX)) limits.set(k, v);
  }
  for (const d of csiNode?.spec?.drivers ?? []) {
    if (d.allocatable?.count !== undefined) limits.set(getCSIAttachLimitKey(d.name), d.allocatable.count);
  }
  return limits;
}

/** A lookup that makes the new pod unschedulable: NotFound is unresolvable, anything else an error. */
class AttachError {
  constructor(
    readonly message: string,
    readonly notFound: boolean,
  ) {}
}

export class CSILimits implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  private readonly exceeded = new Status(Code.Unschedulable, [ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED], NAME);
  /** Placeholder handles of unbound claims get this prefix so they cannot collide with real volume ids. */
  private readonly randomVolumeIDPrefix: string;

  constructor(private readonly handle: Handle) {
    this.randomVolumeIDPrefix = handle.rng().string(32, RAND_ALPHABET);
  }

  name(): string {
    return NAME;
  }

  /** v1.32: a new CSINode, a deleted pod (fewer attachments), a PVC being created. */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'CSINode', actionType: ActionType.Add, label: 'CSINodeAdd' },
      { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add, label: 'PvcAdd' },
    ];
  }

  /** Skip pods without PVCs, generic ephemeral volumes or migratable in-tree volumes. */
  preFilter(_state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim || v.ephemeral || isMigratable(v)) return { status: Status.success() };
    }
    return { status: Status.of(Code.Skip) };
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!pod.spec?.volumes || pod.spec.volumes.length === 0) return Status.success();
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    // Without a CSINode only the node's own attachable-volumes limits apply.
    const csiNode = this.handle.get<KubeObject>(RESOURCE_CSI_NODE, undefined, node.metadata?.name ?? '') as CSINode | undefined;

    const newVolumes = new Map<string, string>();
    const err = this.filterAttachableVolumes(pod, csiNode, true, newVolumes);
    if (err) return new Status(err.notFound ? Code.UnschedulableAndUnresolvable : Code.Error, [err.message], NAME);
    if (newVolumes.size === 0) return Status.success();

    const limits = getVolumeLimits(nodeInfo, csiNode);
    if (limits.size === 0) return Status.success();

    const attached = new Map<string, string>();
    for (const existing of nodeInfo.pods) {
      const e = this.filterAttachableVolumes(existing.pod, csiNode, false, attached);
      if (e) return Status.error(e.message);
    }
    const attachedCount = new Map<string, number>();
    for (const [unique, key] of attached) {
      // A volume already attached for another pod costs nothing more.
      newVolumes.delete(unique);
      attachedCount.set(key, (attachedCount.get(key) ?? 0) + 1);
    }
    const newCount = new Map<string, number>();
    for (const key of newVolumes.values()) newCount.set(key, (newCount.get(key) ?? 0) + 1);
    for (const [key, count] of newCount) {
      const max = limits.get(key);
      if (max !== undefined && (attachedCount.get(key) ?? 0) + count > max) return this.exceeded;
    }
    return Status.success();
  }

  /**
   * Adds `<driver>/<handle>` → limit key for each of the pod's CSI volumes to `result`. For the new
   * pod a missing PVC is fatal; for pods already on the node it is skipped (it may belong to a
   * terminating pod).
   */
  private filterAttachableVolumes(pod: Pod, csiNode: CSINode | undefined, newPod: boolean, result: Map<string, string>): AttachError | undefined {
    const ns = podNamespace(pod);
    for (const vol of pod.spec?.volumes ?? []) {
      let pvcName: string;
      let isEphemeral = false;
      if (vol.persistentVolumeClaim) {
        pvcName = vol.persistentVolumeClaim.claimName;
      } else if (vol.ephemeral) {
        pvcName = ephemeralVolumeClaimName(pod, vol);
        isEphemeral = true;
      } else {
        this.checkAttachableInlineVolume(vol, csiNode, result);
        continue;
      }
      if (!pvcName) return new AttachError('PersistentVolumeClaim had no name', false);
      const pvc = getPVC(this.handle, ns, pvcName);
      if (!pvc) {
        if (newPod) return new AttachError(`looking up PVC ${ns}/${pvcName}: ${pvcNotFound(pvcName)}`, true);
        continue;
      }
      if (isEphemeral) {
        const e = ephemeralVolumeIsForPod(pod, pvc);
        if (e) return new AttachError(e, false);
      }
      const info = this.getCSIDriverInfo(csiNode, pvc);
      if (!info) continue;
      result.set(`${info.driver}/${info.handle}`, getCSIAttachLimitKey(info.driver));
    }
    return undefined;
  }

  /** An inline in-tree volume counts when its plugin is migrated to CSI on this node. */
  private checkAttachableInlineVolume(vol: Volume, csiNode: CSINode | undefined, result: Map<string, string>): void {
    const plugin = inTreePluginName(vol);
    if (!plugin || !isCSIMigrationOn(csiNode, plugin)) return;
    const t = translateToCSI(vol, undefined);
    if (!t) return;
    result.set(`${t.driver}/${t.handle}`, getCSIAttachLimitKey(t.driver));
  }

  /**
   * Upstream getCSIDriverInfo: a bound claim counts as its PV's CSI driver and handle (in-tree PVs
   * translated when migrated); an unbound claim, or one whose PV is gone, as its StorageClass's
   * provisioner with a per-claim placeholder handle.
   */
  private getCSIDriverInfo(csiNode: CSINode | undefined, pvc: PersistentVolumeClaim): { driver: string; handle: string } | undefined {
    const pvName = pvc.spec?.volumeName ?? '';
    if (pvName === '') return this.getCSIDriverInfoFromSC(csiNode, pvc);
    const pv = getPV(this.handle, pvName);
    if (!pv) return this.getCSIDriverInfoFromSC(csiNode, pvc);
    const csi = pv.spec?.csi;
    if (csi) return csi.driver && csi.volumeHandle ? { driver: csi.driver, handle: csi.volumeHandle } : undefined;
    const src = pvInTreeSource(pv);
    const plugin = inTreePluginName(src);
    if (!plugin || !isCSIMigrationOn(csiNode, plugin)) return undefined;
    return translateToCSI(src, pv.metadata?.labels);
  }

  private getCSIDriverInfoFromSC(csiNode: CSINode | undefined, pvc: PersistentVolumeClaim): { driver: string; handle: string } | undefined {
    const scName = getPersistentVolumeClaimClass(pvc);
    // No class: Immediate binding, so the claim was bound before scheduling; nothing to count.
    if (scName === '') return undefined;
    const sc = getStorageClass(this.handle, scName);
    if (!sc) return undefined;
    const handle = `${this.randomVolumeIDPrefix}-${pvc.metadata?.namespace ?? 'default'}/${pvc.metadata?.name ?? ''}`;
    const provisioner = sc.provisioner;
    if (isMigratableInTreePluginByName(provisioner)) {
      if (!isCSIMigrationOn(csiNode, provisioner)) return undefined;
      const driver = csiNameFromInTreeName(provisioner);
      return driver ? { driver, handle } : undefined;
    }
    return { driver: provisioner, handle };
  }
}

export const create: PluginFactory = (_args: unknown, handle: Handle) => new CSILimits(handle);
