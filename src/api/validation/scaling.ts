/** How many replicas may be away or wanted: PodDisruptionBudgets and HorizontalPodAutoscalers. */
import { type FieldError, GoValue, invalid, notSupported, required } from './errors';
import { type J, asObj, objs, specOf, str } from './json';
import { validateLabelSelector } from './labels';
import { nameIsPathSegment } from './names';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './numeric';
import { child, index } from './paths';

export function validatePDB(pdb: J): FieldError[] {
  const spec = specOf(pdb);
  const errs: FieldError[] = [];
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) errs.push(invalid('spec', new GoValue('policy.PodDisruptionBudgetSpec{…}'), 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (spec[f] === undefined || spec[f] === null) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], child('spec', f)));
    errs.push(...isNotMoreThan100Percent(spec[f], child('spec', f)));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', str(policy), ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

export function validateHPA(hpa: J): FieldError[] {
  const spec = specOf(hpa);
  const errs: FieldError[] = [];
  const ref = asObj(spec.scaleTargetRef) ?? {};
  if (!str(ref.kind)) errs.push(required('spec.scaleTargetRef.kind'));
  else for (const m of nameIsPathSegment(str(ref.kind), false)) errs.push(invalid('spec.scaleTargetRef.kind', str(ref.kind), m));
  if (!str(ref.name)) errs.push(required('spec.scaleTargetRef.name'));
  else for (const m of nameIsPathSegment(str(ref.name), false)) errs.push(invalid('spec.scaleTargetRef.name', str(ref.name), m));
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (typeof max === 'number' && max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  }
  const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
  objs(spec.metrics).forEach((m, i) => {
    const p = index('spec.metrics', i);
    const t = str(m.type);
    if (!t) errs.push(required(child(p, 'type'), 'must specify a metric source type'));
    else if (!types.includes(t)) errs.push(notSupported(child(p, 'type'), t, types));
    if (t === 'Resource') {
      const resource = asObj(m.resource);
      if (!resource) errs.push(required(child(p, 'resource'), 'must populate information for the given metric source'));
      else if (!str(resource.name)) errs.push(required(child(p, 'resource', 'name'), 'must specify a resource name'));
    }
  });
  return errs;
}
