import type { Pod, Volume } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo, PodInfo } from '../../framework/types';
import { getPVC, podNamespace, pvcNotFound } from '../helper/storage';

/**
 * VolumeRestrictions (upstream pkg/scheduler/framework/plugins/volumerestrictions, v1.32):
 * - inline disks that cannot be attached twice read-write (GCE PD, AWS EBS, Ceph RBD, iSCSI) must
 *   not already be used that way by a pod on the node;
 * - a PVC with the ReadWriteOncePod access mode may be used by one pod in the whole cluster.
 */
export const NAME = 'VolumeRestrictions';

/** An inline disk conflicts with one a pod on the node already uses. */
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
/** A ReadWriteOncePod PVC of the pod is already used by a scheduled pod (anywhere: the check is cluster-wide). */
export const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;

/**
 * The pod's ReadWriteOncePod claim names and how many scheduled pods use them. Preemption's what-if
 * adjusts the count (AddPod/RemovePod), so clones copy it.
 */
class PreFilterState implements StateData {
  constructor(
    readonly readWriteOncePodPVCs: ReadonlySet<string>,
    public conflictingPVCRefCount: number,
  ) {}

  updateWithPod(podInfo: PodInfo, multiplier: number): void {
    this.conflictingPVCRefCount += multiplier * this.conflictingPVCRefCountForPod(podInfo);
  }

  private conflictingPVCRefCountForPod(podInfo: PodInfo): number {
    let conflicts = 0;
    for (const v of podInfo.pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim !== undefined && this.readWriteOncePodPVCs.has(claim)) conflicts++;
    }
    return conflicts;
  }

  clone(): StateData {
    return new PreFilterState(this.readWriteOncePodPVCs, this.conflictingPVCRefCount);
  }
}

/** Upstream haveOverlap: the two monitor lists share an element. */
function haveOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return false;
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/**
 * Upstream isVolumeConflict: `volume` (of the incoming pod) conflicts with a volume of `pod`.
 * - GCE PD: same pdName, unless both are read-only;
 * - AWS EBS: same volumeID, always;
 * - iSCSI: same IQN, unless both are read-only;
 * - Ceph RBD: an overlapping monitor, same pool and image, unless both are read-only.
 */
export function isVolumeConflict(volume: Volume, pod: Pod): boolean {
  for (const ev of pod.spec?.volumes ?? []) {
    if (volume.gcePersistentDisk && ev.gcePersistentDisk) {
      const d = volume.gcePersistentDisk;
      const e = ev.gcePersistentDisk;
      if (d.pdName === e.pdName && !(d.readOnly && e.readOnly)) return true;
    }
    if (volume.awsElasticBlockStore && ev.awsElasticBlockStore) {
      if (volume.awsElasticBlockStore.volumeID === ev.awsElasticBlockStore.volumeID) return true;
    }
    if (volume.iscsi && ev.iscsi) {
      if (volume.iscsi.iqn === ev.iscsi.iqn && !(volume.iscsi.readOnly && ev.iscsi.readOnly)) return true;
    }
    if (volume.rbd && ev.rbd) {
      const v = volume.rbd;
      const e = ev.rbd;
      if (haveOverlap(v.monitors, e.monitors) && (v.pool ?? '') === (e.pool ?? '') && v.image === e.image && !(v.readOnly && e.readOnly)) return true;
    }
  }
  return false;
}

/** Upstream needsRestrictionsCheck: the volume kinds that can conflict between pods of one node. */
function needsRestrictionsCheck(v: Volume): boolean {
  return v.gcePersistentDisk !== undefined || v.awsElasticBlockStore !== undefined || v.rbd !== undefined || v.iscsi !== undefined;
}

/** Upstream satisfyVolumeConflicts: none of the pod's checkable volumes conflicts with a pod on the node. */
function satisfyVolumeConflicts(pod: Pod, nodeInfo: NodeInfo): boolean {
  for (const v of pod.spec?.volumes ?? []) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const ev of nodeInfo.pods) if (isVolumeConflict(v, ev.pod)) return false;
  }
  return true;
}

export class VolumeRestrictions implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, EnqueueExtensions {
  private readonly diskConflict = new Status(Code.Unschedulable, [ERR_REASON_DISK_CONFLICT], NAME);
  private readonly rwopConflict = new Status(Code.Unschedulable, [ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT], NAME);

  constructor(private readonly handle: Handle) {}

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on: a deleted pod releases its disks and claims, a new node
   * has none in use, and a PVC being created lets its access modes be checked.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
      { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add, label: 'PvcAdd' },
    ];
  }

  /**
   * Looks up the pod's PVCs (a missing one is UnschedulableAndUnresolvable with the lister's
   * NotFound text) and counts the scheduled pods using its ReadWriteOncePod claims. Skip when the
   * pod has no checkable inline disk and no such conflict, i.e. for most pods.
   */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const volumes = pod.spec?.volumes;
    if (!volumes || volumes.length === 0) return { status: Status.of(Code.Skip) };
    let needsCheck = false;
    const ns = podNamespace(pod);
    const rwop = new Set<string>();
    for (const v of volumes) {
      if (needsRestrictionsCheck(v)) needsCheck = true;
      const claimName = v.persistentVolumeClaim?.claimName;
      if (claimName === undefined) continue;
      const pvc = getPVC(this.handle, ns, claimName);
      if (!pvc) return { status: new Status(Code.UnschedulableAndUnresolvable, [pvcNotFound(claimName)], NAME) };
      if ((pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) rwop.add(pvc.metadata?.name ?? claimName);
    }
    let conflicting = 0;
    if (rwop.size > 0) {
      // Cluster-wide, as upstream's snapshot StorageInfos().IsPVCUsedByPods: at most one pod may use the claim.
      const nodes = this.handle.snapshotSharedLister().list();
      for (const claim of rwop) {
        const key = `${ns}/${claim}`;
        for (let i = 0; i < nodes.length; i++) {
          if (nodes[i].pvcRefCounts.has(key)) {
            conflicting++;
            break;
          }
        }
      }
    }
    if (!needsCheck && conflicting === 0) return { status: Status.of(Code.Skip) };
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(rwop, conflicting));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _podToSchedule: Pod, toAdd: PodInfo, _nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`cannot read "${PRE_FILTER_STATE_KEY}" from cycleState`);
    s.updateWithPod(toAdd, 1);
    return Status.success();
  }

  removePod(state: CycleState, _podToSchedule: Pod, toRemove: PodInfo, _nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`cannot read "${PRE_FILTER_STATE_KEY}" from cycleState`);
    s.updateWithPod(toRemove, -1);
    return Status.success();
  }

  /** Disk conflicts on this node first; then the (cluster-wide) ReadWriteOncePod conflict, which preemption can resolve. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!satisfyVolumeConflicts(pod, nodeInfo)) return this.diskConflict;
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`cannot read "${PRE_FILTER_STATE_KEY}" from cycleState`);
    return s.conflictingPVCRefCount > 0 ? this.rwopConflict : Status.success();
  }
}

export const create: PluginFactory = (_args: unknown, handle: Handle) => new VolumeRestrictions(handle);
