import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { deepCopy } from '../../api/freeze';
import { isStatusError, type KubeObject } from '../../api/object';
import type { EventRecorder } from '../../client/event_recorder';
import type { Client } from '../../client/types';
import { newControllerRef } from './controller_ref';

/** Event reasons of RealPodControl (fact 47). */
export const SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const FAILED_CREATE = 'FailedCreate';
export const SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const FAILED_DELETE = 'FailedDelete';

/**
 * controller.GetPodFromTemplate: the pod a controller creates from its template — the template's
 * labels, annotations and finalizers, `generateName: <owner>-`, the owner as controller, the spec.
 */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject): Pod & KubeObject {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: owner.metadata!.namespace,
      generateName: `${owner.metadata!.name}-`,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    spec: deepCopy(template?.spec ?? { containers: [] }),
  };
}

/**
 * controller.RealPodControl: creates and deletes a controller's pods through the API server and
 * records the outcome on the controller object (fact 47). Failures are thrown after their event.
 */
export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
  ) {}

  /** CreatePodsWithGenerateName when `generateName` is given (an Indexed Job's `<job>-<index>-`). */
  createPod(template: PodTemplateSpec | undefined, owner: KubeObject, generateName?: string): Pod & KubeObject {
    const pod = podFromTemplate(template, owner);
    if (generateName) pod.metadata!.generateName = generateName;
    if (!Object.keys(pod.metadata?.labels ?? {}).length) throw new Error('unable to create pods, no labels');
    let created: Pod & KubeObject;
    try {
      created = this.client.create('pods', pod);
    } catch (e) {
      this.recorder.eventf(owner, 'Warning', FAILED_CREATE, 'Error creating: %v', errorText(e));
      throw e;
    }
    this.recorder.eventf(owner, 'Normal', SUCCESSFUL_CREATE, 'Created pod: %v', created.metadata!.name);
    return created;
  }

  /** PatchPod: a strategic merge patch; no event. */
  patchPod(namespace: string, name: string, patch: unknown): Pod & KubeObject {
    return this.client.patch<Pod & KubeObject>('pods', namespace, name, 'strategic', patch);
  }

  deletePod(namespace: string, name: string, owner: KubeObject): void {
    try {
      this.client.delete('pods', namespace, name);
    } catch (e) {
      if (isStatusError(e) && e.status.code === 404) throw e; // gone already: no event, as upstream
      this.recorder.eventf(owner, 'Warning', FAILED_DELETE, 'Error deleting: %v', errorText(e));
      throw e;
    }
    this.recorder.eventf(owner, 'Normal', SUCCESSFUL_DELETE, 'Deleted pod: %v', name);
  }
}

function errorText(e: unknown): string {
  return isStatusError(e) ? e.status.message : e instanceof Error ? e.message : String(e);
}
