/** Label maps and metav1 label selectors inside objects (`ValidateLabels`, `ValidateLabelSelector`). */
import { labelValueErrors } from '../selectors';
import { type FieldError, GoValue, forbidden, goQuote, goStringMap, invalid, required } from './errors';
import { type J, asList, asObj, objs, str } from './json';
import { validateQualifiedName } from './names';
import { child, index } from './paths';

/** `ValidateLabels`: bad keys and values are reported at the map's path, not at the key. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(asObj(labels) ?? {})) {
    errs.push(...validateQualifiedName(k, path));
    for (const m of labelValueErrors(str(v))) errs.push(invalid(path, str(v), m));
  }
  return errs;
}

/** `ValidateLabelSelector` (metav1): matchLabels and each matchExpression. */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  const s = asObj(sel);
  if (!s) return [];
  const errs = validateLabels(s.matchLabels, child(path, 'matchLabels'));
  objs(s.matchExpressions).forEach((expr, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    errs.push(...validateRequirementOperator(expr, p, false));
    errs.push(...validateQualifiedName(str(expr.key), child(p, 'key')));
  });
  return errs;
}

/**
 * The operator of one selector requirement at `p` and the values it takes: set operators, and with
 * `numeric` (node selectors) `Gt`/`Lt` with a single value. Label and node selectors word these alike.
 */
export function validateRequirementOperator(rq: J, p: string, numeric: boolean): FieldError[] {
  const values = asList(rq.values);
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? [required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'")] : [];
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0 ? [forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")] : [];
    case 'Gt':
    case 'Lt':
      if (!numeric) break;
      return values.length !== 1 ? [required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'")] : [];
    default:
  }
  return [invalid(child(p, 'operator'), str(rq.operator), 'not a valid selector operator')];
}

/** Go's `%#v` of a `metav1.LabelSelector`, as v1.32 prints a selector value in field errors. */
export function goLabelSelector(sel: J): GoValue {
  const exprs = sel.matchExpressions;
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${objs(exprs)
          .map((e) => {
            const values = e.values === undefined || e.values === null ? '[]string(nil)' : `[]string{${asList(e.values).map((v) => goQuote(str(v))).join(', ')}}`;
            return `v1.LabelSelectorRequirement{Key:${goQuote(str(e.key))}, Operator:${goQuote(str(e.operator))}, Values:${values}}`;
          })
          .join(', ')}}`;
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).text}, MatchExpressions:${exprText}}`);
}
