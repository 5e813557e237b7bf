/**
 * Update rules of the remaining kinds that have any: role bindings keep their roleRef, priority
 * classes their value and preemption policy, endpoint slices their address type, ingress classes
 * their controller, and CRDs their group and plural (and, once Established, their scope and kind).
 */
import { type FieldError, GoValue, forbidden, goQuote, invalid } from './errors';
import { type J, asObj, objs, specOf, str } from './json';
import { immutable } from './meta_update';

/** ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate. */
export function validateBindingUpdate(binding: J, old: J): FieldError[] {
  const ref = asObj(binding.roleRef) ?? {};
  const oldRef = asObj(old.roleRef) ?? {};
  const same = ['apiGroup', 'kind', 'name'].every((f) => str(ref[f]) === str(oldRef[f]));
  if (same) return [];
  const value = new GoValue(`rbac.RoleRef{APIGroup:${goQuote(str(ref.apiGroup))}, Kind:${goQuote(str(ref.kind))}, Name:${goQuote(str(ref.name))}}`);
  return [invalid('roleRef', value, 'cannot change roleRef')];
}

/** ValidatePriorityClassUpdate. */
export function validatePriorityClassUpdate(pc: J, old: J): FieldError[] {
  const errs: FieldError[] = [];
  if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
  const policy = typeof pc.preemptionPolicy === 'string' ? pc.preemptionPolicy : undefined;
  errs.push(...immutable(policy === (typeof old.preemptionPolicy === 'string' ? old.preemptionPolicy : undefined), 'preemptionPolicy', policy));
  return errs;
}

/** ValidateEndpointSliceUpdate. */
export function validateEndpointSliceUpdate(slice: J, old: J): FieldError[] {
  return immutable(str(slice.addressType) === str(old.addressType), 'addressType', str(slice.addressType));
}

/** validateIngressClassSpecUpdate. */
export function validateIngressClassUpdate(ic: J, old: J): FieldError[] {
  const controller = str(specOf(ic).controller);
  return immutable(controller === str(specOf(old).controller), 'spec.controller', controller);
}

const established = (crd: J): boolean => objs(asObj(crd.status)?.conditions).some((c) => c.type === 'Established' && c.status === 'True');

/** validateCustomResourceDefinitionSpecUpdate's immutability rules. */
export function validateCRDUpdate(crd: J, old: J): FieldError[] {
  const spec = specOf(crd);
  const oldSpec = specOf(old);
  const names = asObj(spec.names) ?? {};
  const oldNames = asObj(oldSpec.names) ?? {};
  const errs: FieldError[] = [];
  if (established(old)) {
    errs.push(...immutable(str(spec.scope) === str(oldSpec.scope), 'spec.scope', str(spec.scope)));
    errs.push(...immutable(str(names.kind) === str(oldNames.kind), 'spec.names.kind', str(names.kind)));
  }
  errs.push(...immutable(str(spec.group) === str(oldSpec.group), 'spec.group', str(spec.group)));
  errs.push(...immutable(str(names.plural) === str(oldNames.plural), 'spec.names.plural', str(names.plural)));
  return errs;
}
