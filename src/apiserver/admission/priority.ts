import type { KubeObject } from '../../api/object';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin } from '../admission';
import { DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS } from '../bootstrap_priority';
import { forbidden } from '../errors';

const PRIORITY_CLASSES = 'priorityclasses.scheduling.k8s.io';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

type PodSpec = { priorityClassName?: string; priority?: number; preemptionPolicy?: string };

/**
 * Priority (plugin/pkg/admission/priority, v1.32).
 *
 * Pods, on CREATE: spec.priorityClassName resolves to spec.priority and spec.preemptionPolicy from
 * the class; a pod naming no class gets the global default class (its name too), or priority 0 and
 * PreemptLowerPriority when there is none. An unknown class, or a priority/preemptionPolicy the pod
 * sets itself that disagrees with the class, is 403 Forbidden. On UPDATE the stored priority and
 * preemptionPolicy are kept when the request leaves them out (validation forbids changing them).
 *
 * PriorityClasses, on CREATE/UPDATE: at most one may be the global default.
 */
export const priority: AdmissionPlugin = {
  name: 'Priority',
  handles: (op) => op === 'CREATE' || op === 'UPDATE' || op === 'DELETE',
  mutate(attrs, ctx) {
    if (attrs.subresource || attrs.resource.name !== 'pods' || !attrs.object) return;
    if (attrs.operation === 'CREATE') admitPodCreate(attrs, ctx);
    else if (attrs.operation === 'UPDATE') keepPodPriority(attrs.object, attrs.oldObject);
  },
  validate(attrs, ctx) {
    if (attrs.subresource || attrs.resource.name !== PRIORITY_CLASSES || !attrs.object) return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    const pc = attrs.object as PriorityClass;
    if (!pc.globalDefault) return;
    const current = defaultPriorityClass(ctx);
    if (!current) return;
    // A second default is refused; re-saving the default itself is fine.
    if (attrs.operation === 'CREATE' || current.metadata?.name !== pc.metadata?.name) {
      throw denied(attrs, `PriorityClass ${current.metadata?.name} is already marked as default. Only one default can exist`);
    }
  },
};

function admitPodCreate(attrs: AdmissionAttributes, ctx: AdmissionContext): void {
  const pod = attrs.object!;
  const spec = (pod.spec ?? {}) as PodSpec;
  let value: number;
  let preemptionPolicy: string | undefined;
  if (!spec.priorityClassName) {
    const dpc = defaultPriorityClass(ctx);
    if (dpc) {
      spec.priorityClassName = dpc.metadata!.name;
      value = dpc.value ?? 0;
      preemptionPolicy = dpc.preemptionPolicy;
    } else {
      value = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
      preemptionPolicy = 'PreemptLowerPriority';
    }
  } else {
    const pc = ctx.get(PRIORITY_CLASSES, undefined, spec.priorityClassName) as PriorityClass | undefined;
    if (!pc) throw denied(attrs, `no PriorityClass with name ${spec.priorityClassName} was found`);
    value = pc.value ?? 0;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
    throw denied(
      attrs,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  if (preemptionPolicy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== preemptionPolicy) {
      throw denied(
        attrs,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
  pod.spec = spec;
}

function keepPodPriority(pod: KubeObject, old: KubeObject | undefined): void {
  const spec = (pod.spec ?? {}) as PodSpec;
  const oldSpec = (old?.spec ?? {}) as PodSpec;
  if (spec.priority === undefined && oldSpec.priority !== undefined) spec.priority = oldSpec.priority;
  if (spec.preemptionPolicy === undefined && oldSpec.preemptionPolicy !== undefined) spec.preemptionPolicy = oldSpec.preemptionPolicy;
  pod.spec = spec;
}

/** getDefaultPriorityClass: the global default class; of several (a race), the one with the lowest value. */
function defaultPriorityClass(ctx: AdmissionContext): PriorityClass | undefined {
  let found: PriorityClass | undefined;
  for (const pc of ctx.list(PRIORITY_CLASSES) as PriorityClass[]) {
    if (pc.globalDefault && (!found || (found.value ?? 0) > (pc.value ?? 0))) found = pc;
  }
  return found;
}

/**
 * admission.NewForbidden: 403 on the request's resource, naming the object — by its generateName,
 * or `Unknown`, before the server has named it.
 */
function denied(attrs: AdmissionAttributes, why: string) {
  const r = attrs.resource;
  const name = attrs.name || attrs.object?.metadata?.name || attrs.object?.metadata?.generateName || 'Unknown';
  return forbidden({ qualifiedResource: r.group ? `${r.plural}.${r.group}` : r.plural, plural: r.plural, group: r.group }, name, why);
}
