/** Container resource requests and limits (`ValidateContainerResourceRequirements`). */
import { ERR_FORMAT_WRONG, type Quantity, compareQuantity, formatQuantity, sign } from '../quantity';
import { type FieldError, invalid, required } from './errors';
import { type J, asObj } from './json';
import { validateQualifiedName } from './names';
import { IS_NEGATIVE, toQuantity } from './numeric';
import { child, key } from './paths';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** `IsNativeResource`: unprefixed or in the kubernetes.io domain. */
const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** `IsOvercommitAllowed`: native resources except huge pages; extended resources must request what they limit. */
const overcommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateQualifiedName(name, path);
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) return [invalid(path, name, 'must be a standard resource for containers')];
  } else if (!isNativeResource(name) && name.startsWith('requests.')) {
    return [invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

function validateQuantityValue(name: string, raw: unknown, path: string): { errs: FieldError[]; q?: Quantity } {
  const { q, error } = toQuantity(raw);
  if (!q) return { errs: [invalid(path, String(raw), error ?? ERR_FORMAT_WRONG)] };
  if (sign(q) < 0) return { errs: [invalid(path, formatQuantity(q), IS_NEGATIVE)], q };
  if (!isNativeResource(name) && q.nanos % 1_000_000_000n !== 0n) return { errs: [invalid(path, formatQuantity(q), 'must be an integer')], q };
  return { errs: [], q };
}

/** ValidateContainerResourceRequirements (requests <= limits; extended resources requested as limited). */
export function validateResources(resources: J | undefined, path: string): FieldError[] {
  if (!resources) return [];
  const errs: FieldError[] = [];
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(asObj(resources.limits) ?? {})) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    const { errs: qErrs, q } = validateQuantityValue(name, raw, p);
    errs.push(...qErrs);
    if (q) limits.set(name, q);
  }
  for (const [name, raw] of Object.entries(asObj(resources.requests) ?? {})) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    const { errs: qErrs, q } = validateQuantityValue(name, raw, p);
    errs.push(...qErrs);
    if (!q) continue;
    const limit = limits.get(name);
    if (limit) {
      if (compareQuantity(q, limit) !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (compareQuantity(q, limit) > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
