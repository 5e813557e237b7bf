import { deepCopy } from '../../../api/freeze';
import { compareQuantity, parseQuantity } from '../../../api/quantity';
import type { EventType } from '../../../client/event_types';
import type { PVControllerContext, PVCObj, PVObj } from './context';

/** Upstream RESOURCE for status writes. */
const PVS = 'persistentvolumes';
const PVCS = 'persistentvolumeclaims';

function sameModes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((m, i) => m === b![i]);
}

/**
 * updateClaimStatus: the claim's phase, and the access modes and capacity of the volume it is
 * bound to (cleared without a volume). The capacity is copied only when the claim becomes Bound: a
 * later difference may be a resize in progress. Writes nothing when nothing changes.
 */
export function updateClaimStatus(ctx: PVControllerContext, claim: PVCObj, phase: string, volume: PVObj | undefined): PVCObj {
  const clone = deepCopy(claim) as PVCObj & { status: Record<string, unknown> };
  clone.status = { ...(clone.status ?? {}) };
  let dirty = false;
  if (claim.status?.phase !== phase) {
    clone.status.phase = phase;
    dirty = true;
  }
  if (!volume) {
    if (claim.status?.accessModes !== undefined) {
      delete clone.status.accessModes;
      dirty = true;
    }
    if (claim.status?.capacity !== undefined) {
      delete clone.status.capacity;
      dirty = true;
    }
  } else {
    if (!sameModes(claim.status?.accessModes, volume.spec?.accessModes)) {
      clone.status.accessModes = volume.spec?.accessModes ? [...volume.spec.accessModes] : undefined;
      dirty = true;
    }
    if (claim.status?.phase !== phase) {
      const volumeCap = volume.spec?.capacity?.storage;
      if (volumeCap === undefined) throw new Error(`PersistentVolume "${volume.metadata!.name}" is without a storage capacity`);
      const claimCap = claim.status?.capacity?.storage;
      if (claimCap === undefined || compareQuantity(parseQuantity(volumeCap), parseQuantity(claimCap)) !== 0) {
        clone.status.capacity = { ...volume.spec!.capacity };
        dirty = true;
      }
    }
  }
  if (!dirty) return claim;
  return ctx.storeClaim(ctx.client.updateStatus<PVCObj>(PVCS, clone));
}

/** updateClaimStatusWithEvent: as updateClaimStatus, and an event when the phase changes. */
export function updateClaimStatusWithEvent(ctx: PVControllerContext, claim: PVCObj, phase: string, volume: PVObj | undefined, type: EventType, reason: string, message: string): PVCObj {
  if (claim.status?.phase === phase) return claim;
  const updated = updateClaimStatus(ctx, claim, phase, volume);
  ctx.recorder.event(updated, type, reason, message);
  return updated;
}

/** updateVolumePhase: the PV's phase and message; nothing is written when the phase is already set. */
export function updateVolumePhase(ctx: PVControllerContext, volume: PVObj, phase: string, message: string): PVObj {
  if (volume.status?.phase === phase) return volume;
  const clone = deepCopy(volume) as PVObj & { status: Record<string, unknown> };
  clone.status = { ...(clone.status ?? {}), phase };
  if (message) clone.status.message = message;
  else delete clone.status.message;
  return ctx.storeVolume(ctx.client.updateStatus<PVObj>(PVS, clone));
}

/** updateVolumePhaseWithEvent: as updateVolumePhase, and an event when the phase changes. */
export function updateVolumePhaseWithEvent(ctx: PVControllerContext, volume: PVObj, phase: string, type: EventType, reason: string, message: string): PVObj {
  if (volume.status?.phase === phase) return volume;
  const updated = updateVolumePhase(ctx, volume, phase, message);
  ctx.recorder.event(updated, type, reason, message);
  return updated;
}
