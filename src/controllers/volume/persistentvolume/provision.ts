import { deepCopy } from '../../../api/freeze';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, getPersistentVolumeClaimClass, IN_TREE_PLUGIN_PREFIX, persistentVolumeClaimHasClass, pickDefaultClass } from '../../../api/storage/storage_util';
import { claimKey, type PVControllerContext, type PVCObj } from './context';

const PVCS = 'persistentvolumeclaims';

/** isDelayBindingProvisioning: the scheduler already chose a node for this claim's volume. */
export function isDelayBindingProvisioning(claim: PVCObj): boolean {
  return claim.metadata?.annotations?.[ANN_SELECTED_NODE] !== undefined;
}

/**
 * storagehelpers.IsDelayBindingMode: the claim's class binds WaitForFirstConsumer (fact 166). A
 * claim without a class, or with a class that does not exist, binds immediately. The controller
 * then binds only volumes pre-bound to the claim (the scheduler's choice), whether or not the
 * scheduler has also asked for provisioning on a node.
 */
export function isDelayBindingMode(ctx: PVControllerContext, claim: PVCObj): boolean {
  const className = getPersistentVolumeClaimClass(claim);
  if (className === '') return false;
  const sc = ctx.storageClass(className);
  if (!sc) return false;
  return sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/**
 * emitEventForUnboundDelayBindingClaim: WaitForFirstConsumer while no pod uses the claim, or
 * WaitForPodScheduled naming the (non-terminated, unscheduled) pods that do.
 */
export function emitEventForUnboundDelayBindingClaim(ctx: PVControllerContext, claim: PVCObj): void {
  const pods = ctx
    .podsUsingClaim(claimKey(claim))
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.spec?.nodeName)
    .map((p) => p.metadata!.name!)
    .sort();
  let reason = 'WaitForFirstConsumer';
  let message = 'waiting for first consumer to be created before binding';
  if (pods.length > 0) {
    reason = 'WaitForPodScheduled';
    message = pods.length > 1 ? `waiting for pods ${pods.join(',')} to be scheduled` : `waiting for pod ${pods[0]} to be scheduled`;
  }
  ctx.recorder.event(claim, 'Normal', reason, message);
}

/**
 * provisionClaim (provisionClaimOperation / provisionClaimOperationExternal): the class names the
 * provisioner; the claim is annotated with it so that provisioner starts, and an
 * ExternalProvisioning event says whom it waits for (fact 167). Every provisioner here is external
 * (the simulation has no in-tree volume plugins), so an in-tree name fails with the upstream
 * plugin-lookup error. Called again on every resync while the claim is pending, as upstream.
 */
export function provisionClaim(ctx: PVControllerContext, claim: PVCObj): void {
  const className = getPersistentVolumeClaimClass(claim);
  const sc = ctx.storageClass(className);
  if (!sc) {
    ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    return;
  }
  const provisioner = sc.provisioner;
  if (provisioner.startsWith(IN_TREE_PLUGIN_PREFIX)) {
    ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    return;
  }
  const updated = setClaimProvisioner(ctx, claim, provisioner);
  ctx.recorder.event(
    updated,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
}

/** setClaimProvisioner: both the GA and the beta storage-provisioner annotations name the provisioner. */
function setClaimProvisioner(ctx: PVControllerContext, claim: PVCObj, provisioner: string): PVCObj {
  const ann = claim.metadata?.annotations ?? {};
  if (ann[ANN_STORAGE_PROVISIONER] === provisioner && ann[ANN_BETA_STORAGE_PROVISIONER] === provisioner) return claim;
  const clone = deepCopy(claim) as PVCObj & { metadata: { annotations?: Record<string, string> } };
  clone.metadata.annotations = { ...ann, [ANN_STORAGE_PROVISIONER]: provisioner, [ANN_BETA_STORAGE_PROVISIONER]: provisioner };
  return ctx.storeClaim(ctx.client.update<PVCObj>(PVCS, clone));
}

/**
 * assignDefaultStorageClass (retroactive default StorageClass, GA in v1.28): a claim that names no
 * class (not even "") gets the current default class written into it. True when it was updated.
 */
export function assignDefaultStorageClass(ctx: PVControllerContext, claim: PVCObj): boolean {
  if (persistentVolumeClaimHasClass(claim)) return false;
  const sc = pickDefaultClass(ctx.storageClasses());
  if (!sc) return false;
  const clone = deepCopy(claim) as PVCObj & { spec: Record<string, unknown> };
  clone.spec = { ...(clone.spec ?? {}), storageClassName: sc.metadata!.name };
  ctx.storeClaim(ctx.client.update<PVCObj>(PVCS, clone));
  return true;
}
