import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../../../api/object';
import type { EventRecorder } from '../../../client/event_recorder';
import type { Client } from '../../../client/types';

export type PVObj = PersistentVolume & KubeObject;
export type PVCObj = PersistentVolumeClaim & KubeObject;
export type PodObj = Pod & KubeObject;
export type ClassObj = StorageClass & KubeObject;

/**
 * What the sync functions use of the PV controller. The getters return the newest version known:
 * the informer's, or the controller's own last write when that is newer (upstream's
 * storeObjectUpdate on its volume and claim caches), so a sync never acts on a version older than
 * one it wrote itself.
 */
export interface PVControllerContext {
  readonly client: Client;
  readonly recorder: EventRecorder;
  volume(name: string): PVObj | undefined;
  volumes(): PVObj[];
  claim(key: string): PVCObj | undefined;
  storageClass(name: string): ClassObj | undefined;
  storageClasses(): ClassObj[];
  /** A claim as the API server has it now (the cache may lag); undefined when it does not exist. */
  liveClaim(namespace: string, name: string): PVCObj | undefined;
  /** Pods whose volumes name the claim (`namespace/name`). */
  podsUsingClaim(key: string): PodObj[];
  /** Record a write the controller made, so later syncs see it before the informer does. */
  storeVolume(pv: PVObj): PVObj;
  storeClaim(pvc: PVCObj): PVCObj;
  enqueueClaim(key: string): void;
}

export function claimKey(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata?.namespace ?? 'default'}/${pvc.metadata?.name ?? ''}`;
}

export function claimRefKey(pv: PersistentVolume): string {
  const ref = pv.spec?.claimRef;
  return `${ref?.namespace ?? ''}/${ref?.name ?? ''}`;
}

export function hasAnnotation(obj: KubeObject, key: string): boolean {
  return obj.metadata?.annotations?.[key] !== undefined;
}
