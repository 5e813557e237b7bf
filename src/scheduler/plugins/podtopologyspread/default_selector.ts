import type { Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import { labelSelectorFromObject, Selector, selectorFromSet, type Requirement } from '../../../api/selectors';
import type { KubeObject } from '../../../api/object';
import type { Handle } from '../../framework/interface';

/**
 * Upstream plugins/helper `DefaultSelector`: the selector the system default spreading constraints
 * (fact 68) count pods with — the union of the selectors of the Services selecting the pod, and of
 * its controlling ReplicationController, ReplicaSet or StatefulSet. A pod that nothing selects gets
 * the empty selector, and the caller then drops the default constraints (so PreScore skips).
 */
export function defaultSelector(pod: Pod, handle: Handle): Selector {
  const ns = pod.metadata?.namespace ?? 'default';
  const podLabels = pod.metadata?.labels ?? {};
  let labelSet: Record<string, string> = {};
  for (const svc of handle.list<KubeObject & Service>('services', ns)) {
    const sel = svc.spec?.selector;
    // Services with a nil selector match nothing, not everything.
    if (sel === undefined || sel === null) continue;
    if (selectorFromSet(sel).matches(podLabels)) labelSet = { ...labelSet, ...sel };
  }
  let selector = selectorFromSet(labelSet);

  const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller === true);
  if (!owner) return selector;
  const gvk = `${owner.apiVersion}/${owner.kind}`;
  switch (gvk) {
    case 'v1/ReplicationController': {
      const rc = handle.get<KubeObject & ReplicationController>('replicationcontrollers', ns, owner.name);
      if (rc) {
        labelSet = { ...labelSet, ...(rc.spec?.selector ?? {}) };
        selector = selectorFromSet(labelSet);
      }
      break;
    }
    case 'apps/v1/ReplicaSet': {
      const rs = handle.get<KubeObject & ReplicaSet>('replicasets.apps', ns, owner.name);
      if (rs) selector = addRequirementsOf(selector, rs.spec?.selector);
      break;
    }
    case 'apps/v1/StatefulSet': {
      const ss = handle.get<KubeObject & StatefulSet>('statefulsets.apps', ns, owner.name);
      if (ss) selector = addRequirementsOf(selector, ss.spec?.selector);
      break;
    }
    default:
    // Not owned by a supported controller.
  }
  return selector;
}

/** `selector.Add(other.Requirements()...)`; an invalid or nil (nothing) selector adds nothing. */
function addRequirementsOf(selector: Selector, ls: Parameters<typeof labelSelectorFromObject>[0]): Selector {
  let other: Selector;
  try {
    other = labelSelectorFromObject(ls);
  } catch {
    return selector;
  }
  if (other.isNothing()) return selector;
  return selector.add(...(other.requirements as Requirement[]));
}
