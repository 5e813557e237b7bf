/**
 * `apiequality.Semantic.DeepEqual` over decoded JSON: the equality update validation compares old
 * and new objects with. Like Go's, a nil slice equals an empty one and quantities compare by value
 * (`1000m` equals `1`); timestamps compare as instants. An absent field equals `null`.
 *
 * Unlike Go, JSON cannot tell a nil pointer from a zero value, so an absent field differs from `0`,
 * `false`, `""` or `{}` (the API's optional scalars are pointers, where upstream differs too).
 */
import { type Quantity, parseQuantity, quantitiesEqual } from '../quantity';
import { asObj, isObj } from './json';

/** Maps whose values are `resource.Quantity` (ResourceList and friends). */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity', 'allocatable', 'hard', 'used', 'overhead', 'allocatedResources']);
/** Fields that hold one `resource.Quantity`. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'divisor']);

const isNullish = (v: unknown): boolean => v === undefined || v === null;
const isEmptyList = (v: unknown): boolean => isNullish(v) || (Array.isArray(v) && v.length === 0);

function quantity(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

function equalAt(a: unknown, b: unknown, quantities: boolean): boolean {
  if (a === b) return true;
  if (isNullish(a) && isNullish(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (isEmptyList(a) && isEmptyList(b)) return true;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equalAt(x, b[i], false));
  }
  if (quantities) {
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa && qb) return quantitiesEqual(qa, qb);
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const [x, y] = [a[k], b[k]];
      if (QUANTITY_MAPS.has(k) && (isObj(x) || isNullish(x)) && (isObj(y) || isNullish(y))) {
        // A ResourceList is a map: nil equals empty.
        if (!equalMap(asObj(x) ?? {}, asObj(y) ?? {})) return false;
      } else if (!equalAt(x, y, QUANTITY_FIELDS.has(k))) {
        return false;
      }
    }
    return true;
  }
  return false;
}

function equalMap(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!equalAt(a[k], b[k], true)) return false;
  return true;
}

/** `apiequality.Semantic.DeepEqual(a, b)` for decoded JSON values. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return equalAt(a, b, false);
}

/** metav1.Time equality (`a.UTC() == b.UTC()`): both unset, or the same instant. */
export function sameTime(a: unknown, b: unknown): boolean {
  if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b);
  if (a === b) return true;
  const ta = typeof a === 'string' ? Date.parse(a) : NaN;
  const tb = typeof b === 'string' ? Date.parse(b) : NaN;
  return !Number.isNaN(ta) && ta === tb;
}
