import type { Pod } from 'kubernetes-types/core/v1';
import { isStatusError } from '../../../api/object';
import type { VolumeBindingArgs } from '../../apis/config/types';
import type { CycleState, StateData } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type ReservePlugin,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { NodeInfo } from '../../framework/types';
import { ephemeralVolumeIsForPod, getPVC, podNamespace, pvcNotFound } from '../helper/storage';
import { BinderError, VolumeBinder, volumeClaimName, type PodVolumeClaims, type PodVolumes } from './binder';

export {
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_NOT_ENOUGH_SPACE,
  ERR_REASON_PV_NOT_EXIST,
  VolumeBinder,
  localPersistentVolumeNodeNames,
  type BindingInfo,
  type PodVolumeClaims,
  type PodVolumes,
} from './binder';

/**
 * VolumeBinding (upstream pkg/scheduler/framework/plugins/volumebinding, v1.32): pods using PVCs go
 * only where their bound PVs are reachable and their WaitForFirstConsumer claims can be bound or
 * provisioned; Reserve assumes the chosen bindings, PreBind writes them.
 *
 * PreBind returns as soon as the writes succeed: it does not wait (in virtual time) for the PV
 * controller to complete the binding, which upstream polls for up to bindTimeoutSeconds. The PV
 * controller completes it. Scoring (VolumeCapacityPriority/StorageCapacityScoring) is behind a gate
 * that is off in v1.32, where the plugin's PreScore always returns Skip; it is therefore not a score
 * plugin here.
 */
export const NAME = 'VolumeBinding';

/** Fact 78: unbound Immediate claims wait for the PV controller; no node can help. */
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

const STATE_KEY = NAME;

/**
 * Per-cycle state. Filter records per node what the pod needs there, Reserve which node won.
 * Shared by clones (upstream Clone returns the same object): it does not depend on other pods.
 */
class VolumeBindingState implements StateData {
  allBound = false;
  readonly podVolumesByNode = new Map<string, PodVolumes>();
  constructor(
    /** Undefined when PreFilter skipped (the pod has no PVCs). */
    readonly claims: PodVolumeClaims | undefined,
  ) {}
  clone(): StateData {
    return this;
  }
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly binder: VolumeBinder;

  constructor(
    private readonly handle: Handle,
    /** Defaulted args; bindTimeoutSeconds bounds upstream's wait for the PV controller, which PreBind does not do here. */
    readonly args: VolumeBindingArgs | undefined,
  ) {
    this.binder = new VolumeBinder(handle);
  }

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on: StorageClass, PVC and PV changes, nodes added or relabelled
   * (topology), CSINode changes (CSI migration). CSIDriver and CSIStorageCapacity changes, which
   * upstream also registers, are not cluster events kubespec's queue knows.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'StorageClass', actionType: ActionType.Add | ActionType.Update, label: 'StorageClassAdd|StorageClassUpdate' },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.Update, label: 'PvcAdd|PvcUpdate' },
      { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.Update, label: 'PvAdd|PvUpdate' },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAdd|UpdateNodeLabel' },
      { resource: 'CSINode', actionType: ActionType.Add | ActionType.Update, label: 'CSINodeAdd|CSINodeUpdate' },
    ];
  }

  /**
   * Upstream podHasPVCs: whether the pod uses PVCs, or why it cannot be scheduled at all (missing
   * claim, lost claim, claim being deleted, ephemeral claim of another owner).
   */
  private podHasPVCs(pod: Pod): { hasPVC: boolean; error?: string } {
    let hasPVC = false;
    const ns = podNamespace(pod);
    for (const vol of pod.spec?.volumes ?? []) {
      const claim = volumeClaimName(pod, vol);
      if (!claim) continue;
      hasPVC = true;
      const pvc = getPVC(this.handle, ns, claim.name);
      if (!pvc) {
        return {
          hasPVC,
          error: claim.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${claim.name}"` : pvcNotFound(claim.name),
        };
      }
      if (pvc.status?.phase === 'Lost') {
        return { hasPVC, error: `persistentvolumeclaim "${claim.name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"` };
      }
      if (pvc.metadata?.deletionTimestamp) return { hasPVC, error: `persistentvolumeclaim "${claim.name}" is being deleted` };
      if (claim.ephemeral) {
        const e = ephemeralVolumeIsForPod(pod, pvc);
        if (e) return { hasPVC, error: e };
      }
    }
    return { hasPVC };
  }

  /**
   * Skip pods without PVCs (Reserve/PreBind then have nothing to do); refuse pods with unbound
   * Immediate claims (fact 78); narrow to the nodes local PVs pin.
   */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const { hasPVC, error } = this.podHasPVCs(pod);
    if (error) return { status: new Status(Code.UnschedulableAndUnresolvable, [error], NAME) };
    if (!hasPVC) {
      state.write(STATE_KEY, new VolumeBindingState(undefined));
      return { status: Status.of(Code.Skip) };
    }
    let claims: PodVolumeClaims;
    try {
      claims = this.binder.getPodVolumeClaims(pod);
    } catch (e) {
      if (e instanceof BinderError) return { status: Status.error(e.message) };
      throw e;
    }
    if (claims.unboundClaimsImmediate.length > 0) {
      return { status: new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNBOUND_IMMEDIATE], NAME) };
    }
    const eligible = this.binder.getEligibleNodes(claims.boundClaims);
    state.write(STATE_KEY, new VolumeBindingState(claims));
    return eligible ? { result: { nodeNames: eligible }, status: Status.success() } : { status: Status.success() };
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  /** All the node's conflict reasons at once, UnschedulableAndUnresolvable (preemption cannot move volumes). */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    if (!s) return Status.error(`reading "${STATE_KEY}" from cycleState: not found`);
    if (!s.claims) return Status.success();
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    const nodeName = node.metadata?.name ?? '';
    let found: { podVolumes: PodVolumes; reasons: string[] };
    try {
      found = this.binder.findPodVolumes(pod, s.claims, nodeName, node.metadata?.labels);
    } catch (e) {
      if (e instanceof BinderError) return Status.error(e.message);
      throw e;
    }
    if (found.reasons.length > 0) return new Status(Code.UnschedulableAndUnresolvable, found.reasons, NAME);
    s.podVolumesByNode.set(nodeName, found.podVolumes);
    return Status.success();
  }

  /** Assume the winning node's bindings so the next cycles see the PVs as taken and the claims as placed. */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    if (!s) return Status.error(`reading "${STATE_KEY}" from cycleState: not found`);
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (!podVolumes) {
      // The pod references no PVC.
      s.allBound = true;
      return Status.success();
    }
    try {
      s.allBound = this.binder.assumePodVolumes(pod, nodeName, podVolumes);
    } catch (e) {
      if (e instanceof BinderError) return Status.error(e.message);
      throw e;
    }
    return Status.success();
  }

  unreserve(state: CycleState, _pod: Pod, nodeName: string): void {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    const podVolumes = s?.podVolumesByNode.get(nodeName);
    if (podVolumes) this.binder.revertAssumedPodVolumes(podVolumes);
  }

  /** Write the bindings (PV claimRefs) and provisioning requests (PVC selected-node); success once written. */
  preBind(state: CycleState, _pod: Pod, nodeName: string): Status {
    const s = state.read<VolumeBindingState>(STATE_KEY);
    if (!s) return Status.error(`reading "${STATE_KEY}" from cycleState: not found`);
    if (s.allBound) return Status.success();
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (!podVolumes) return Status.error(`no pod volumes found for node "${nodeName}"`);
    try {
      this.binder.bindPodVolumes(podVolumes);
    } catch (e) {
      if (isStatusError(e)) return Status.error(e.message);
      throw e;
    }
    return Status.success();
  }
}

export const create: PluginFactory = (args: unknown, handle: Handle) => new VolumeBinding(handle, args as VolumeBindingArgs | undefined);
