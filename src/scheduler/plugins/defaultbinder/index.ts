import type { Pod } from 'kubernetes-types/core/v1';
import { isStatusError } from '../../../api/object';
import type { CycleState } from '../../framework/cycle_state';
import type { BindPlugin, Handle, PluginFactory } from '../../framework/interface';
import { Status } from '../../framework/status';

/**
 * DefaultBinder (upstream pkg/scheduler/framework/plugins/defaultbinder): binds the pod with a POST to
 * pods/{name}/binding, the scheduler's only write of spec.nodeName. Bind-only: no cluster events.
 */
export const NAME = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  constructor(private readonly handle: Handle) {}

  name(): string {
    return NAME;
  }

  /**
   * A failed API call (Conflict when the pod is already bound, NotFound when it was deleted, …)
   * becomes an Error status with the server's message, as upstream's framework.AsStatus(err);
   * anything else thrown is a bug and propagates.
   */
  bind(_state: CycleState, pod: Pod, nodeName: string): Status {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    try {
      this.handle.client().bind(namespace, name, {
        metadata: { name, namespace, uid: pod.metadata?.uid },
        target: { kind: 'Node', name: nodeName },
      });
    } catch (err) {
      if (isStatusError(err)) return Status.error(err.message);
      throw err;
    }
    return Status.success();
  }
}

export const create: PluginFactory = (_args: unknown, handle: Handle) => new DefaultBinder(handle);
