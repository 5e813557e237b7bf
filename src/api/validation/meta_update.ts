/**
 * ObjectMeta on update (apimachinery `ValidateObjectMetaAccessorUpdate`, wrapped by core's
 * `ValidateObjectMetaUpdate` for the built-in kinds): identity and timestamps may not change, the
 * generation may not go back, a deleting object takes no new finalizers, and the labels and
 * annotations of the new object must be valid. Its owner references are checked by the create-time
 * ObjectMeta checks, which the update path runs first (validateCommonFields).
 */
import { type FieldError, GoValue, forbidden, goQuote, invalid } from './errors';
import { type J, asList, isInt, str } from './json';
import { STANDARD_FINALIZERS, validateAnnotations } from './meta';
import { validateLabels } from './labels';
import { child, index } from './paths';
import { sameTime } from './semantic';

export const FIELD_IMMUTABLE = 'field is immutable';

/** `ValidateImmutableField` with an already computed equality. */
export const immutable = (equal: boolean, path: string, value: unknown): FieldError[] => (equal ? [] : [invalid(path, value, FIELD_IMMUTABLE)]);

/** `metav1.Time.String()` (Go's `time.Time.String()` in UTC): `2024-05-01 10:00:00 +0000 UTC`. */
export function goTime(ts: string | undefined): string {
  const ms = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01 00:00:00 +0000 UTC';
  const iso = new Date(ms).toISOString(); // 2024-05-01T10:00:00.000Z
  const frac = iso.slice(19, 23).replace(/\.?0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} +0000 UTC`;
}

/** A `*metav1.Time` as a field error prints it: `null` when unset, else its time. */
const timePtr = (ts: unknown): unknown => (typeof ts === 'string' && ts ? new GoValue(goTime(ts)) : undefined);

interface MetaUpdateOptions {
  /** core's wrapper (every built-in kind but CRDs and custom resources) also checks finalizer names. */
  kubeFinalizers: boolean;
}

export function validateObjectMetaUpdate(newMeta: J, oldMeta: J, opts: MetaUpdateOptions, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const finalizers = asList(newMeta.finalizers).map(str);
  if (oldMeta.deletionTimestamp) {
    const before = new Set(asList(oldMeta.finalizers).map(str));
    const added = [...new Set(finalizers.filter((f) => !before.has(f)))].sort();
    if (added.length > 0) {
      errs.push(
        forbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map(goQuote).join(', ')}}`,
        ),
      );
    }
  }
  // Store.Update fills in the stored resourceVersion before validating an unconditional update.
  if (!str(newMeta.resourceVersion)) errs.push(invalid(child(path, 'resourceVersion'), '', 'must be specified for an update'));
  const newGen = isInt(newMeta.generation) ? newMeta.generation : 0;
  const oldGen = isInt(oldMeta.generation) ? oldMeta.generation : 0;
  if (newGen < oldGen) errs.push(invalid(child(path, 'generation'), newGen, 'must not be decremented'));
  for (const f of ['name', 'namespace', 'uid']) {
    errs.push(...immutable(str(newMeta[f]) === str(oldMeta[f]), child(path, f), str(newMeta[f])));
  }
  errs.push(
    ...immutable(
      sameTime(newMeta.creationTimestamp || undefined, oldMeta.creationTimestamp || undefined),
      child(path, 'creationTimestamp'),
      new GoValue(goTime(str(newMeta.creationTimestamp))),
    ),
  );
  errs.push(
    ...immutable(
      sameTime(newMeta.deletionTimestamp || undefined, oldMeta.deletionTimestamp || undefined),
      child(path, 'deletionTimestamp'),
      timePtr(newMeta.deletionTimestamp),
    ),
  );
  const grace = (m: J): number | undefined => (typeof m.deletionGracePeriodSeconds === 'number' ? m.deletionGracePeriodSeconds : undefined);
  errs.push(...immutable(grace(newMeta) === grace(oldMeta), child(path, 'deletionGracePeriodSeconds'), grace(newMeta)));
  errs.push(...validateLabels(newMeta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(newMeta.annotations, child(path, 'annotations')));
  if (opts.kubeFinalizers) {
    finalizers.forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
        errs.push(invalid(index(child(path, 'finalizers'), i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
  }
  return errs;
}
