/** Where a pod may run: tolerations, node and pod affinity, topology spread constraints. */
import { labelValueErrors } from '../selectors';
import { type FieldError, duplicate, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, objs, str } from './json';
import { validateLabelSelector, validateRequirementOperator } from './labels';
import { validateQualifiedName } from './names';
import { child, index } from './paths';

export const SUPPORTED_TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(tolerations).forEach((t, i) => {
    const p = index(path, i);
    const k = str(t.key);
    const operator = str(t.operator);
    if (k) errs.push(...validateQualifiedName(k, child(p, 'key')));
    if (!k && operator !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), str(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = labelValueErrors(str(t.value));
      if (msgs.length > 0) errs.push(invalid(child(p, 'operator'), str(t.value), msgs.join(';')));
    } else if (operator === 'Exists') {
      if (str(t.value)) errs.push(invalid(child(p, 'operator'), str(t.value), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), operator, ['Equal', 'Exists']));
    }
    const effect = str(t.effect);
    if (effect && !SUPPORTED_TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, SUPPORTED_TAINT_EFFECTS));
  });
  return errs;
}

/** validateNodeSelectorTerm: each requirement's operator/values and key (matchFields only on metadata.name). */
function validateNodeSelectorTerm(term: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [list, keyIsField] of [['matchExpressions', false], ['matchFields', true]] as const) {
    objs(term[list]).forEach((rq, j) => {
      const p = index(child(path, list), j);
      errs.push(...validateRequirementOperator(rq, p, true));
      if (keyIsField) {
        if (rq.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), str(rq.key), 'not a valid field selector key'));
      } else {
        errs.push(...validateQualifiedName(str(rq.key), child(p, 'key')));
      }
    });
  }
  return errs;
}

export function validateAffinity(affinity: J | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const nodeAffinity = asObj(affinity.nodeAffinity);
  const requiredTerms = asObj(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  if (requiredTerms) {
    const p = child(path, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    if (asList(requiredTerms.nodeSelectorTerms).length === 0) errs.push(required(p, 'must have at least one node selector term'));
    objs(requiredTerms.nodeSelectorTerms).forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, index(p, i))));
  }
  objs(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((pref, i) => {
    const p = index(child(path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    const weight = pref.weight;
    if (typeof weight === 'number' && (weight <= 0 || weight > 100)) errs.push(invalid(child(p, 'weight'), weight, 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorTerm(asObj(pref.preference) ?? {}, child(p, 'preference')));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = asObj(affinity[kind]);
    if (!a) continue;
    const validateTerm = (term: J, p: string): void => {
      errs.push(...validateLabelSelector(term.labelSelector, child(p, 'labelSelector')));
      if (!str(term.topologyKey)) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
      else errs.push(...validateQualifiedName(str(term.topologyKey), child(p, 'topologyKey')));
    };
    objs(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
      validateTerm(term, index(child(path, kind, 'requiredDuringSchedulingIgnoredDuringExecution'), i)),
    );
    objs(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const p = index(child(path, kind, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = w.weight;
      if (typeof weight === 'number' && (weight <= 0 || weight > 100)) errs.push(invalid(child(p, 'weight'), weight, 'must be in the range 1-100'));
      validateTerm(asObj(w.podAffinityTerm) ?? {}, child(p, 'podAffinityTerm'));
    });
  }
  return errs;
}

export function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(constraints).forEach((c, i) => {
    const p = index(path, i);
    if (typeof c.maxSkew === 'number' && c.maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew, 'must be greater than zero'));
    const topologyKey = str(c.topologyKey);
    if (!topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    else errs.push(...validateQualifiedName(topologyKey, child(p, 'topologyKey')));
    const when = str(c.whenUnsatisfiable);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(when)) {
      errs.push(notSupported(child(p, 'whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (typeof c.minDomains === 'number') {
      if (c.minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than 0'));
      else if (when !== 'DoNotSchedule') {
        errs.push(invalid(child(p, 'minDomains'), c.minDomains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"));
      }
    }
    const pair = `{${topologyKey}, ${when}}`;
    if (seen.has(pair)) errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), pair));
    seen.add(pair);
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}
