/** Type pass for built-in kinds: kubernetes-models' compiled ajv validators, filtered to what Go decoding rejects. */
import { formats } from '@kubernetes-models/validate';
import type { ErrorObject } from 'ajv';
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import type { FieldError } from './errors';
import { ajvToFieldErrors, valueAt } from './schema_errors';

/**
 * Formats whose errors `builtinSchemaErrors` drops (Go decoding does not check them; quantities are
 * checked by `findBadQuantity` with upstream's message) are not checked at all: every write to the
 * API server runs these validators, and an Event alone carries three date-times. The compiled
 * validators read each format from @kubernetes-models/validate's table once, when they load, so
 * the entries are replaced here, before `modelValidator` loads any model. Only this table changes:
 * ajv-formats' own (which the CRD schemas use) is untouched. int32 and int64 stay checked.
 */
export const UNCHECKED_FORMATS = ['date-time', 'byte', 'double', 'quantity'] as const;
const formatTable = formats as Record<string, { validate: unknown }>;
for (const name of UNCHECKED_FORMATS) {
  const f = formatTable[name];
  if (f) formatTable[name] = { ...f, validate: f.validate instanceof RegExp ? /(?:)/ : () => true };
}

type ModelClass = { prototype: { validate(this: unknown): void } };
type ValidateFn = ModelClass['prototype']['validate'];
/** Per ResourceInfo: every write asks, and a lookup by object needs no key string (`require` caches the modules). */
const byInfo = new WeakMap<ResourceInfo, ValidateFn | null>();

/** The kubernetes-models validate function of a kind, loaded on first use (each model pulls in its schemas). */
function modelValidator(info: ResourceInfo): ValidateFn | null {
  let fn = byInfo.get(info);
  if (fn !== undefined) return fn;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`kubernetes-models/${info.apiVersion}/${info.kind}`) as Record<string, ModelClass>;
    fn = mod[info.kind]?.prototype.validate ?? null;
  } catch {
    fn = null;
  }
  byInfo.set(info, fn);
  return fn;
}

const INTEGER_FORMATS = new Set(['int32', 'int64']);

/** Type errors of a built-in kind (upstream's decoding failures); apiVersion/kind are the API server's to check. */
export function builtinSchemaErrors(info: ResourceInfo, obj: KubeObject): FieldError[] {
  const validate = modelValidator(info);
  if (!validate) return [];
  try {
    validate.call(obj);
    return [];
  } catch (e) {
    // Upstream decodes built-ins into Go structs: only JSON types (and numbers that do not fit the
    // integer type) fail there, and a null decodes to the zero value anywhere (`resources:` with
    // nothing after it is fine). The OpenAPI `required` lists and enums are not enforced for
    // built-ins; what is required is the semantic validators' business, with their own messages.
    const errors = ((e as { errors?: ErrorObject[] }).errors ?? []).filter(
      (err) =>
        err.instancePath !== '/apiVersion' &&
        err.instancePath !== '/kind' &&
        valueAt(err.instancePath, obj) !== null &&
        (err.keyword === 'type' ||
          (err.keyword === 'format' && INTEGER_FORMATS.has(String((err.params as { format?: string }).format)) && typeof valueAt(err.instancePath, obj) === 'number')),
    );
    return ajvToFieldErrors(errors, obj);
  }
}
