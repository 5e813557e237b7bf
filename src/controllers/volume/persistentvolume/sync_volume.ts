import { deepCopy } from '../../../api/freeze';
import { isNotFound } from '../../../api/object';
import { checkVolumeModeMismatches } from '../../../api/storage/pv_helpers';
import { ANN_BOUND_BY_CONTROLLER, ANN_DYNAMICALLY_PROVISIONED, IN_TREE_PLUGIN_PREFIX } from '../../../api/storage/storage_util';
import { isPodTerminated } from '../common/pod_terminated';
import { claimRefKey, hasAnnotation, type PVControllerContext, type PVCObj, type PVObj } from './context';
import { updateVolumePhase, updateVolumePhaseWithEvent } from './status';

const PVS = 'persistentvolumes';
/** The in-tree hostPath deleter only removes paths matching this (host_path.go; unanchored, as Go's MatchString). */
const HOSTPATH_DELETABLE = /\/tmp\/.+/;

/**
 * syncVolume (pv_controller.go): a volume without a claimRef is Available; one pre-bound by name
 * only waits for its claim; one whose claim is gone (or was re-created with another uid) is
 * Released and reclaimed per its policy (fact 168); one whose claim is bound elsewhere is unbound
 * (or, provisioned for it under Delete, released and deleted). Idempotent.
 */
export function syncVolume(ctx: PVControllerContext, volume: PVObj): void {
  const ref = volume.spec?.claimRef;
  if (!ref) {
    updateVolumePhase(ctx, volume, 'Available', '');
    return;
  }
  if (!ref.uid) {
    // Pre-bound to a claim by name: that claim's sync binds it.
    updateVolumePhase(ctx, volume, 'Available', '');
    return;
  }
  let claim = ctx.claim(claimRefKey(volume));
  // The cache may not have seen a claim the scheduler or a provisioner bound this volume to:
  // ask the API server before releasing a volume that is still in use.
  if (!claim && volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') claim = ctx.liveClaim(ref.namespace ?? '', ref.name ?? '');
  // A different uid may be a stale cache too: only the API server's answer releases the volume.
  if (claim && claim.metadata?.uid !== ref.uid) {
    claim = ctx.liveClaim(ref.namespace ?? '', ref.name ?? '');
    if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
  }
  if (!claim) {
    let v = volume;
    // A Failed phase stays visible while the reclaim is retried.
    if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = updateVolumePhase(ctx, v, 'Released', '');
    reclaimVolume(ctx, v);
    return;
  }
  const claimVolume = claim.spec?.volumeName ?? '';
  if (claimVolume === '') {
    if (checkVolumeModeMismatches(claim, volume)) {
      // findBestMatchForClaim will never pick this volume for the claim: say so on both.
      ctx.recorder.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata!.name}" due to incompatible volumeMode.`);
      ctx.recorder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata!.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
      return;
    }
    // Bound (or being bound) on the volume side only: the claim's sync completes it.
    ctx.enqueueClaim(`${claim.metadata!.namespace}/${claim.metadata!.name}`);
    return;
  }
  if (claimVolume === volume.metadata!.name) {
    updateVolumePhase(ctx, volume, 'Bound', '');
    return;
  }
  // The claim is bound to another volume.
  if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    let v = volume;
    if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = updateVolumePhase(ctx, v, 'Released', '');
    reclaimVolume(ctx, v);
    return;
  }
  unbindVolume(ctx, volume);
}

/**
 * unbindVolume: a binding the controller made is undone (claimRef and bound-by-controller go); a
 * user's pre-binding keeps its claimRef but loses the uid. Either way the volume is Available.
 */
export function unbindVolume(ctx: PVControllerContext, volume: PVObj): PVObj {
  const clone = deepCopy(volume) as PVObj & { metadata: { annotations?: Record<string, string> }; spec: Record<string, unknown> & { claimRef?: Record<string, unknown> } };
  if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
    delete clone.spec.claimRef;
    const ann = { ...(clone.metadata.annotations ?? {}) };
    delete ann[ANN_BOUND_BY_CONTROLLER];
    if (Object.keys(ann).length) clone.metadata.annotations = ann;
    else delete clone.metadata.annotations;
  } else if (clone.spec.claimRef) {
    clone.spec.claimRef = { ...clone.spec.claimRef };
    delete clone.spec.claimRef.uid;
  }
  const updated = ctx.storeVolume(ctx.client.update<PVObj>(PVS, clone));
  return updateVolumePhase(ctx, updated, 'Available', '');
}

/**
 * reclaimVolume: Retain keeps the volume and its claimRef (it cannot bind again until the admin
 * clears it); Recycle scrubs it (simulated) and makes it Available; Delete removes it through its
 * deleter — an external provisioner's volume is left to that provisioner.
 */
export function reclaimVolume(ctx: PVControllerContext, volume: PVObj): void {
  switch (volume.spec?.persistentVolumeReclaimPolicy) {
    case 'Retain':
      return;
    case 'Recycle':
      recycleVolume(ctx, volume);
      return;
    case 'Delete':
      deleteVolume(ctx, volume);
      return;
    default:
      updateVolumePhaseWithEvent(ctx, volume, 'Failed', 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
  }
}

/**
 * recycleVolumeOperation: hostPath and NFS volumes have a recycler (upstream runs a scrubber pod;
 * here the scrub is instant); other volumes fail with VolumeFailedRecycle.
 */
function recycleVolume(ctx: PVControllerContext, volume: PVObj): void {
  // isVolumeUsed: pods of the old claim that have not terminated keep the data in use.
  const users = ctx
    .podsUsingClaim(claimRefKey(volume))
    .filter((p) => !isPodTerminated(p))
    .map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)
    .sort();
  if (users.length) {
    ctx.recorder.event(volume, 'Normal', 'VolumeFailedRecycle', `Volume is used by pods: ${users.join(',')}`);
    return;
  }
  const spec = volume.spec as { hostPath?: unknown; nfs?: unknown } | undefined;
  if (!spec?.hostPath && !spec?.nfs) {
    updateVolumePhaseWithEvent(ctx, volume, 'Failed', 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
    return;
  }
  ctx.recorder.event(volume, 'Normal', 'VolumeRecycled', 'Volume recycled');
  unbindVolume(ctx, volume);
}

/**
 * deleteVolumeOperation with doDeleteVolume: the provisioner that made the volume deletes it; an
 * external one (or a CSI driver) is left to do so (nothing happens here); otherwise the volume's in-tree deleter
 * (only hostPath under /tmp in the simulation) removes it and the PV object is deleted. A volume
 * nothing can delete is Failed with VolumeFailedDelete.
 */
function deleteVolume(ctx: PVControllerContext, volume: PVObj): void {
  const provisionedBy = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (provisionedBy && !provisionedBy.startsWith(IN_TREE_PLUGIN_PREFIX)) return;
  // A CSI volume is its driver's to delete (HonorPVReclaimPolicy, beta and on in v1.32).
  if ((volume.spec as { csi?: unknown } | undefined)?.csi) return;
  const err = inTreeDeleteError(volume);
  if (err) {
    updateVolumePhaseWithEvent(ctx, volume, 'Failed', 'Warning', 'VolumeFailedDelete', err);
    return;
  }
  try {
    ctx.client.delete(PVS, undefined, volume.metadata!.name!);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** Why the in-tree deleter cannot delete this volume, or undefined when it can. */
function inTreeDeleteError(volume: PVObj): string | undefined {
  const hostPath = (volume.spec as { hostPath?: { path?: string } } | undefined)?.hostPath;
  if (!hostPath) return `error getting deleter volume plugin for volume "${volume.metadata!.name}": no deletable volume plugin matched`;
  const path = hostPath.path ?? '';
  if (!HOSTPATH_DELETABLE.test(path)) return `host_path deleter only supports /tmp/.+ but received provided ${path}`;
  return undefined;
}
