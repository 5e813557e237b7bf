import type { LabelSelector } from 'kubernetes-types/meta/v1';

/**
 * Go's `%v` of a `*metav1.LabelSelector` (its generated String() method), as event messages print
 * a budget's selector: `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 * Map keys are sorted; a nil selector prints `nil`.
 */
export function goLabelSelectorString(sel: LabelSelector | null | undefined): string {
  if (sel === undefined || sel === null) return 'nil';
  const labels = sel.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const map = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:${map},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
