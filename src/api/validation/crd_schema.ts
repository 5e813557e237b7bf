/** Schema pass for CRD-served kinds: ajv over the served version's openAPIV3Schema. */
import Ajv, { type ValidateFunction } from 'ajv';
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import type { FieldError } from './errors';
import { type J, asObj, isObj } from './json';
import { ajvToFieldErrors } from './schema_errors';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crdValidators = new WeakMap<object, ValidateFunction>();

/** The schema as ajv understands it: int-or-string becomes an anyOf, the k8s extensions are dropped. */
function toAjvSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (!isObj(schema)) return schema;
  const out: J = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'example' || k === 'externalDocs') continue;
    out[k] = k === 'properties' || k === 'patternProperties' || k === 'definitions' ? mapValues(v, toAjvSchema) : k === 'enum' || k === 'required' || k === 'default' ? v : toAjvSchema(v);
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...asObj(out.properties) };
  }
  return out;
}

const mapValues = (v: unknown, fn: (x: unknown) => unknown): unknown =>
  isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fn(x)])) : v;

export function crdSchemaErrors(info: ResourceInfo, obj: KubeObject): FieldError[] {
  if (!isObj(info.schema)) return [];
  let validate = crdValidators.get(info.schema);
  if (!validate) {
    const schema = toAjvSchema(info.schema) as J;
    // apiVersion, kind and metadata are the API server's; the CRD schema constrains the rest.
    const props = { ...(asObj(schema.properties) ?? {}) };
    delete props.apiVersion;
    delete props.kind;
    delete props.metadata;
    validate = ajv.compile({ ...schema, properties: props });
    crdValidators.set(info.schema, validate);
  }
  if (validate(obj)) return [];
  // Upstream reports int-or-string mismatches as a type error with both types.
  return ajvToFieldErrors(validate.errors ?? [], obj);
}
