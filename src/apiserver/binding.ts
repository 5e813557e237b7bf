import type { Binding } from '../api/client_types';
import type { KubeObject } from '../api/object';
import { formatFieldError, type FieldError } from '../api/validation';
import { notSupported, required } from '../api/validation/errors';
import { updatePodCondition, type PodCondition } from './conditions';

/**
 * The rules of POST pods/{name}/binding (pkg/registry/core/pod/storage/storage.go, BindingREST,
 * v1.32; the scheduler's bind step, SEMANTICS fact 77). The API server does the storage part (read,
 * preconditions, write); these functions say what is checked and what the pod becomes.
 */

/** v1.PodScheduled (fact 132). */
export const POD_SCHEDULED = 'PodScheduled';

/**
 * ValidatePodBinding: the target must be a Node (or name no kind) and must be named. Upstream
 * returns these as a plain aggregate error, which reaches the client as a 500 with reason Unknown.
 */
export function validatePodBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(required('target.name'));
  return errs;
}

/** utilerrors.Aggregate's message of field errors: one alone, several as `[a, b]`. */
export function aggregateMessage(errs: FieldError[]): string {
  const texts = [...new Set(errs.map(formatFieldError))];
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
}

/**
 * Why a pod cannot be bound (setPodHostAndAnnotations' guard). The server wraps the reason in a
 * 409 Conflict on `pods/binding`.
 */
export class BindingRefused extends Error {}

/**
 * setPodHostAndAnnotations: the bound pod, given the stored one. The pod must not be terminating,
 * must have no node yet and no scheduling gates; it gets spec.nodeName, the binding's annotations
 * (merged over its own) and the PodScheduled condition set to True (any reason/message of an
 * earlier Unschedulable condition goes, as UpdatePodCondition replaces the whole condition).
 * `now` is the RFC 3339 time of the request.
 * @throws BindingRefused with upstream's wording.
 */
export function assignPod(stored: KubeObject, nodeName: string, annotations: Record<string, string> | undefined, now: string): KubeObject {
  const storedMeta = stored.metadata!;
  const spec = (stored.spec ?? {}) as { nodeName?: string; schedulingGates?: unknown[] };
  if (storedMeta.deletionTimestamp) throw new BindingRefused(`pod ${storedMeta.name} is being deleted, cannot be assigned to a host`);
  if (spec.nodeName) throw new BindingRefused(`pod ${storedMeta.name} is already assigned to node "${spec.nodeName}"`);
  // Reject binding to a pod that is not ready for scheduling (SEMANTICS: SchedulingGates plugin).
  if ((spec.schedulingGates ?? []).length) throw new BindingRefused(`pod ${storedMeta.name} has non-empty .spec.schedulingGates`);
  // Only the objects on the changed paths are new; the rest (containers, volumes, …) is shared with
  // `stored`, which is frozen in the store, so the write copies and freezes a few objects, not the pod.
  const meta = { ...storedMeta };
  const pod: KubeObject = { ...stored, metadata: meta, spec: { ...spec, nodeName } };
  if (annotations && Object.keys(annotations).length) meta.annotations = { ...(meta.annotations ?? {}), ...annotations };
  const status = { ...((stored.status ?? {}) as { conditions?: PodCondition[] }) };
  updatePodCondition(status, { type: POD_SCHEDULED, status: 'True' }, now);
  pod.status = status;
  return pod;
}
