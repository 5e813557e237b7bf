import { deepCopy } from '../../../api/freeze';
import type { KubeObject } from '../../../api/object';
import type { Client } from '../../../client/types';

/** protectionutil.IsDeletionCandidate: being deleted and still held by the finalizer. */
export function isDeletionCandidate(obj: KubeObject, finalizer: string): boolean {
  return !!obj.metadata?.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** protectionutil.NeedToAddFinalizer: not being deleted and not yet protected. */
export function needToAddFinalizer(obj: KubeObject, finalizer: string): boolean {
  return !obj.metadata?.deletionTimestamp && !(obj.metadata?.finalizers ?? []).includes(finalizer);
}

/** Writes the object back with the finalizer added (once) or removed. */
export function setFinalizer(client: Client, resource: string, obj: KubeObject, finalizer: string, present: boolean): KubeObject {
  const clone = deepCopy(obj) as KubeObject & { metadata: { finalizers?: string[] } };
  const rest = (clone.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  clone.metadata.finalizers = present ? [...rest, finalizer] : rest;
  if (!clone.metadata.finalizers.length) delete clone.metadata.finalizers;
  return client.update(resource, clone);
}
