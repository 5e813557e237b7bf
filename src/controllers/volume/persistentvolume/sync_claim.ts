import { deepCopy } from '../../../api/freeze';
import { checkVolumeSatisfyClaim, findBestMatchForClaim, getBindVolumeToClaim, isVolumeBoundToClaim } from '../../../api/storage/pv_helpers';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, getPersistentVolumeClaimClass } from '../../../api/storage/storage_util';
import { claimKey, claimRefKey, hasAnnotation, type PVControllerContext, type PVCObj, type PVObj } from './context';
import { assignDefaultStorageClass, emitEventForUnboundDelayBindingClaim, isDelayBindingMode, isDelayBindingProvisioning, provisionClaim } from './provision';
import { updateClaimStatus, updateClaimStatusWithEvent, updateVolumePhase } from './status';

const PVS = 'persistentvolumes';
const PVCS = 'persistentvolumeclaims';

/**
 * syncClaim (pv_controller.go): a claim is "unbound" until the controller has completed its
 * binding once (`pv.kubernetes.io/bind-completed`), "bound" after. Idempotent: every branch reads
 * the current claim and volume and writes only what differs.
 */
export function syncClaim(ctx: PVControllerContext, claim: PVCObj): void {
  if (!hasAnnotation(claim, ANN_BIND_COMPLETED)) syncUnboundClaim(ctx, claim);
  else syncBoundClaim(ctx, claim);
}

function syncUnboundClaim(ctx: PVControllerContext, claim: PVCObj): void {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName === '') {
    // The user did not ask for a volume: find the best fit, or provision, or wait (facts 164–166).
    const delayBinding = isDelayBindingMode(ctx, claim);
    const volume = findBestMatchForClaim(claim, ctx.volumes(), delayBinding) as PVObj | undefined;
    if (volume) {
      bind(ctx, volume, claim);
      return;
    }
    // Retroactive default StorageClass: a claim made before any class was default gets one now;
    // its update brings it back here.
    if (assignDefaultStorageClass(ctx, claim)) return;
    if (delayBinding && !isDelayBindingProvisioning(claim)) {
      emitEventForUnboundDelayBindingClaim(ctx, claim);
    } else if (getPersistentVolumeClaimClass(claim) !== '') {
      provisionClaim(ctx, claim);
      return;
    } else {
      ctx.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    // Pending until a volume appears; the periodic resync looks again.
    updateClaimStatus(ctx, claim, 'Pending', undefined);
    return;
  }
  // The user asked for a specific volume.
  const volume = ctx.volume(volumeName);
  if (!volume) {
    updateClaimStatus(ctx, claim, 'Pending', undefined);
    return;
  }
  if (!volume.spec?.claimRef) {
    const mismatch = checkVolumeSatisfyClaim(volume, claim);
    if (mismatch) {
      ctx.recorder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${mismatch}`);
      updateClaimStatus(ctx, claim, 'Pending', undefined);
      return;
    }
    bind(ctx, volume, claim);
    return;
  }
  if (isVolumeBoundToClaim(volume, claim)) {
    bind(ctx, volume, claim);
    return;
  }
  ctx.recorder.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
  if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) {
    // Claimed by someone else by the user's doing: retry later.
    updateClaimStatus(ctx, claim, 'Pending', undefined);
    return;
  }
  throw new Error(`invalid binding of claim "${claimKey(claim)}" to volume "${volumeName}": volume already claimed by "${claimRefKey(volume)}"`);
}

function syncBoundClaim(ctx: PVControllerContext, claim: PVCObj): void {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName === '') {
    updateClaimStatusWithEvent(ctx, claim, 'Lost', undefined, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    return;
  }
  const volume = ctx.volume(volumeName);
  if (!volume) {
    updateClaimStatusWithEvent(ctx, claim, 'Lost', undefined, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    return;
  }
  const ref = volume.spec?.claimRef;
  if (!ref || ref.uid === claim.metadata?.uid) {
    // Unbound volume (or not yet seen bound), or all is well: bind() fixes whatever is missing.
    bind(ctx, volume, claim);
    return;
  }
  updateClaimStatusWithEvent(ctx, claim, 'Lost', undefined, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}

/**
 * bind: volume → claim (claimRef, bound-by-controller), volume phase Bound, claim → volume
 * (volumeName, bind-completed, bound-by-controller), claim phase Bound with the volume's modes and
 * capacity. Each write is skipped when already done, so a bind interrupted by a conflict is
 * finished by the next sync.
 */
export function bind(ctx: PVControllerContext, volume: PVObj, claim: PVCObj): void {
  const bound = bindVolumeToClaim(ctx, volume, claim);
  updateVolumePhase(ctx, bound, 'Bound', '');
  const updatedClaim = bindClaimToVolume(ctx, claim, bound);
  updateClaimStatus(ctx, updatedClaim, 'Bound', bound);
}

function bindVolumeToClaim(ctx: PVControllerContext, volume: PVObj, claim: PVCObj): PVObj {
  const { pv, dirty } = getBindVolumeToClaim(volume, claim);
  if (!dirty) return volume;
  return ctx.storeVolume(ctx.client.update<PVObj>(PVS, pv as PVObj));
}

function bindClaimToVolume(ctx: PVControllerContext, claim: PVCObj, volume: PVObj): PVCObj {
  const clone = deepCopy(claim) as PVCObj & { metadata: { annotations?: Record<string, string> }; spec: Record<string, unknown> };
  clone.spec = { ...(clone.spec ?? {}) };
  const annotations = { ...(clone.metadata.annotations ?? {}) };
  let dirty = false;
  const name = volume.metadata!.name!;
  const shouldBindByController = claim.spec?.volumeName !== name;
  if (shouldBindByController) {
    clone.spec.volumeName = name;
    dirty = true;
    if (annotations[ANN_BOUND_BY_CONTROLLER] === undefined) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  }
  if (annotations[ANN_BIND_COMPLETED] === undefined) {
    annotations[ANN_BIND_COMPLETED] = 'yes';
    dirty = true;
  }
  if (!dirty) return claim;
  clone.metadata.annotations = annotations;
  return ctx.storeClaim(ctx.client.update<PVCObj>(PVCS, clone));
}
