import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../../framework/cycle_state';
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
import { getPersistentVolumeClaimClass, getPV, getPVC, getStorageClass, podNamespace, pvcNotFound, pvNotFound, storageClassNotFound } from '../helper/storage';

/**
 * VolumeZone (upstream pkg/scheduler/framework/plugins/volumezone, v1.32): a pod using a bound PVC
 * goes only to nodes in the zone/region its PersistentVolume is labelled with.
 */
export const NAME = 'VolumeZone';

export const ERR_REASON_CONFLICT = 'node(s) had no available volume zone';

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;

export const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
/** Upstream volumehelpers' LabelMultiZoneDelimiter: a PV may list several zones, `a__b`. */
const MULTI_ZONE_DELIMITER = '__';

/** The PV labels compared with the node's, in upstream's order. */
const TOPOLOGY_LABELS = [LABEL_FAILURE_DOMAIN_BETA_ZONE, LABEL_FAILURE_DOMAIN_BETA_REGION, LABEL_TOPOLOGY_ZONE, LABEL_TOPOLOGY_REGION];

/** A beta PV label may be satisfied by the node's GA label. */
function translateToGALabel(label: string): string {
  if (label === LABEL_FAILURE_DOMAIN_BETA_REGION) return LABEL_TOPOLOGY_REGION;
  if (label === LABEL_FAILURE_DOMAIN_BETA_ZONE) return LABEL_TOPOLOGY_ZONE;
  return label;
}

/** Upstream volumehelpers.LabelZonesToSet: `__`-separated, trimmed; an empty element makes the label unusable. */
function labelZonesToSet(value: string): Set<string> | undefined {
  const out = new Set<string>();
  for (const z of value.split(MULTI_ZONE_DELIMITER)) {
    const t = z.trim();
    if (t === '') return undefined;
    out.add(t);
  }
  return out;
}

interface PVTopology {
  pvName: string;
  key: string;
  values: ReadonlySet<string>;
}

class PreFilterState implements StateData {
  constructor(readonly podPVTopologies: readonly PVTopology[]) {}
  clone(): StateData {
    return this;
  }
}

export class VolumeZone implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  private readonly conflict = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_CONFLICT], NAME);

  constructor(private readonly handle: Handle) {}

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on: a WaitForFirstConsumer StorageClass appearing, a node
   * added or relabelled, a PVC created or bound, a PV created or relabelled.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'StorageClass', actionType: ActionType.Add, label: 'StorageClassAdd' },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAdd|UpdateNodeLabel' },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.Update, label: 'PvcAdd|PvcUpdate' },
      { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.Update, label: 'PvAdd|PvUpdate' },
    ];
  }

  /**
   * Upstream getPVbyPod: the topology labels of the PVs bound to the pod's PVCs. Unbound claims of a
   * WaitForFirstConsumer class are skipped (VolumeBinding places them); other lookups failing are
   * UnschedulableAndUnresolvable with upstream's texts.
   */
  private podPVTopologies(pod: Pod): { topologies?: PVTopology[]; status?: Status } {
    const out: PVTopology[] = [];
    const ns = podNamespace(pod);
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const pvcName = v.persistentVolumeClaim.claimName;
      if (!pvcName) return { status: this.unresolvable('PersistentVolumeClaim had no name') };
      const pvc = getPVC(this.handle, ns, pvcName);
      if (!pvc) return { status: this.unresolvable(pvcNotFound(pvcName)) };
      const pvName = pvc.spec?.volumeName ?? '';
      if (pvName === '') {
        const scName = getPersistentVolumeClaimClass(pvc);
        if (scName === '') return { status: this.unresolvable('PersistentVolumeClaim had no pv name and storageClass name') };
        const sc = getStorageClass(this.handle, scName);
        if (!sc) return { status: this.unresolvable(storageClassNotFound(scName)) };
        if (!sc.volumeBindingMode) return { status: this.unresolvable(`VolumeBindingMode not set for StorageClass "${scName}"`) };
        if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
        return { status: this.unresolvable('PersistentVolume had no name') };
      }
      const pv = getPV(this.handle, pvName);
      if (!pv) return { status: this.unresolvable(pvNotFound(pvName)) };
      const labels = pv.metadata?.labels ?? {};
      for (const key of TOPOLOGY_LABELS) {
        const value = labels[key];
        if (value === undefined) continue;
        // A label that does not parse is ignored, as upstream (which only logs it).
        const values = labelZonesToSet(value);
        if (values) out.push({ pvName, key, values });
      }
    }
    return { topologies: out };
  }

  private unresolvable(msg: string): Status {
    return new Status(Code.UnschedulableAndUnresolvable, [msg], NAME);
  }

  /** Skip when no bound PV of the pod carries topology labels. */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const { topologies, status } = this.podPVTopologies(pod);
    if (status) return { status };
    if (topologies!.length === 0) return { status: Status.of(Code.Skip) };
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(topologies!));
    return { status: Status.success() };
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  /**
   * A node with none of the topology labels accepts anything (a single-zone cluster). Otherwise each
   * PV label must be on the node (a beta PV label may match the node's GA one) with a listed value.
   */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!pod.spec?.volumes || pod.spec.volumes.length === 0) return Status.success();
    let topologies = state.read<PreFilterState>(PRE_FILTER_STATE_KEY)?.podPVTopologies;
    if (!topologies) {
      // PreFilter did not run (or skipped): compute here, as upstream falls back to.
      const r = this.podPVTopologies(pod);
      if (r.status) return r.status;
      topologies = r.topologies!;
    }
    const labels = nodeInfo.node?.metadata?.labels;
    if (!labels) return Status.success();
    let hasAnyNodeConstraint = false;
    for (const l of TOPOLOGY_LABELS) {
      if (labels[l] !== undefined) {
        hasAnyNodeConstraint = true;
        break;
      }
    }
    if (!hasAnyNodeConstraint) return Status.success();
    for (const t of topologies) {
      let v = labels[t.key];
      if (v === undefined) v = labels[translateToGALabel(t.key)];
      if (v === undefined || !t.values.has(v)) return this.conflict;
    }
    return Status.success();
  }
}

export const create: PluginFactory = (_args: unknown, handle: Handle) => new VolumeZone(handle);
