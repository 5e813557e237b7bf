/** Kinds that shape the cluster rather than run pods: Node, Namespace, ResourceQuota, LimitRange, PriorityClass, Lease. */
import { formatQuantity, sign } from '../quantity';
import { labelValueErrors } from '../selectors';
import { type FieldError, GoValue, duplicate, forbidden, goQuote, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, objs, specOf, str } from './json';
import { STANDARD_FINALIZERS } from './meta';
import { validateQualifiedName } from './names';
import { IS_NEGATIVE, toQuantity, validateNonnegative } from './numeric';
import { child, index, key } from './paths';
import { SUPPORTED_TAINT_EFFECTS } from './scheduling';

export function validateNode(node: J): FieldError[] {
  const spec = specOf(node);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(spec.taints).forEach((t, i) => {
    const p = index('spec.taints', i);
    errs.push(...validateQualifiedName(str(t.key), child(p, 'key')));
    const valueErrs = labelValueErrors(str(t.value));
    if (valueErrs.length > 0) errs.push(invalid(child(p, 'value'), str(t.value), valueErrs.join(';')));
    const effect = str(t.effect);
    if (!effect) errs.push(required(child(p, 'effect')));
    else if (!SUPPORTED_TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, SUPPORTED_TAINT_EFFECTS));
    const k = `${effect}\u0000${str(t.key)}`;
    if (seen.has(k)) {
      const v = new GoValue(`core.Taint{Key:${goQuote(str(t.key))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(effect)}, TimeAdded:<nil>}`);
      errs.push({ ...duplicate(p, v), detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(k);
  });
  return errs;
}

export function validateResourceQuota(rq: J): FieldError[] {
  const spec = specOf(rq);
  const errs: FieldError[] = [];
  for (const [name, raw] of Object.entries(asObj(spec.hard) ?? {})) {
    const p = key('spec.hard', name);
    errs.push(...validateQualifiedName(name, p));
    const { q } = toQuantity(raw);
    if (q && sign(q) < 0) errs.push(invalid(p, formatQuantity(q), IS_NEGATIVE));
  }
  const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
  asList(spec.scopes).forEach((s) => {
    if (!scopes.includes(str(s))) errs.push(notSupported('spec.scopes', str(s), scopes));
  });
  return errs;
}

export function validateLimitRange(lr: J): FieldError[] {
  const errs: FieldError[] = [];
  const types = ['Container', 'PersistentVolumeClaim', 'Pod'];
  objs(specOf(lr).limits).forEach((item, i) => {
    const t = str(item.type);
    if (!types.includes(t)) errs.push(notSupported(child(index('spec.limits', i), 'type'), t, types));
  });
  return errs;
}

export function validateLease(lease: J): FieldError[] {
  const spec = specOf(lease);
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errs.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

const SYSTEM_PRIORITY_CLASSES = new Set(['system-node-critical', 'system-cluster-critical']);
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

export function validatePriorityClass(pc: J): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(asObj(pc.metadata)?.name);
  if (SYSTEM_PRIORITY_CLASSES.has(name)) return errs;
  if (name.startsWith('system-')) errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
  if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = pc.preemptionPolicy;
  if (policy !== undefined && policy !== null && policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    errs.push(notSupported('preemptionPolicy', str(policy), ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

export function validateNamespaceSpec(ns: J): FieldError[] {
  const errs: FieldError[] = [];
  asList(specOf(ns).finalizers).forEach((f, i) => {
    const name = str(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(index('spec.finalizers', i), name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}
