/** ajv errors worded as apiextensions-apiserver words kube-openapi's schema errors. */
import type { ErrorObject } from 'ajv';
import { type FieldError, duplicate, goQuote, invalid, notSupported, required, tooLong, tooMany, typeInvalid } from './errors';
import { asList, asObj, isObj } from './json';
import { child, index } from './paths';

/** The JSON type name kube-openapi reports for a value. */
function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v;
}

/** `/spec/containers/0/image` to `spec.containers[0].image`, deciding index vs key by the data walked. */
function instancePathToField(instancePath: string, data: unknown): string {
  let path = '';
  let cur: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      path = index(path, Number(seg));
      cur = cur[Number(seg)];
    } else {
      path = child(path, seg);
      cur = isObj(cur) ? cur[seg] : undefined;
    }
  }
  return path;
}

export function valueAt(instancePath: string, data: unknown): unknown {
  let cur: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = Array.isArray(cur) ? cur[Number(seg)] : isObj(cur) ? cur[seg] : undefined;
  }
  return cur;
}

/**
 * Translates ajv errors to field errors the way apiextensions-apiserver words kube-openapi's:
 * one TypeInvalid per path (`spec.replicas in body must be of type integer: "string"`), Required,
 * NotSupported for enums, Invalid/TooLong/TooMany for bounds.
 */
export function ajvToFieldErrors(errors: readonly ErrorObject[], data: unknown): FieldError[] {
  const out: FieldError[] = [];
  const typesAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'type') {
      const list = typesAt.get(e.instancePath) ?? [];
      const t = (e.params as { type: string | string[] }).type;
      list.push(...(Array.isArray(t) ? t : [t]));
      typesAt.set(e.instancePath, list);
    }
  }
  const done = new Set<string>();
  for (const e of errors) {
    const value = valueAt(e.instancePath, data);
    const field = instancePathToField(e.instancePath, data);
    const p = e.params as Record<string, unknown>;
    if (typesAt.has(e.instancePath)) {
      if (done.has(e.instancePath)) continue;
      done.add(e.instancePath);
      const types = [...new Set(typesAt.get(e.instancePath))].sort().join(',');
      const actual = jsonTypeName(value);
      out.push(typeInvalid(field, actual, `${field} in body must be of type ${types}: ${goQuote(actual)}`));
      continue;
    }
    switch (e.keyword) {
      case 'required':
        out.push(required(child(field, String(p.missingProperty))));
        break;
      case 'enum':
        out.push(notSupported(field, value, (p.allowedValues as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))));
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const cmp = { minimum: 'greater than or equal to', maximum: 'less than or equal to', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[e.keyword];
        out.push(invalid(field, value, `${field} in body should be ${cmp} ${String(p.limit)}`));
        break;
      }
      case 'minLength':
        out.push(invalid(field, value, `${field} in body should be at least ${String(p.limit)} chars long`));
        break;
      case 'maxLength':
        out.push(tooLong(field, value, Number(p.limit)));
        break;
      case 'pattern':
        out.push(invalid(field, value, `${field} in body should match '${String(p.pattern)}'`));
        break;
      case 'minItems':
        out.push(invalid(field, asList(value).length, `${field} in body should have at least ${String(p.limit)} items`));
        break;
      case 'maxItems':
        out.push(tooMany(field, asList(value).length, Number(p.limit)));
        break;
      case 'uniqueItems':
        out.push(duplicate(index(field, Number(p.j)), asList(value)[Number(p.j)]));
        break;
      case 'multipleOf':
        out.push(invalid(field, value, `${field} in body should be a multiple of ${String(p.multipleOf)}`));
        break;
      case 'minProperties':
        out.push(invalid(field, value, `${field} in body should have at least ${String(p.limit)} properties`));
        break;
      case 'maxProperties':
        out.push(tooMany(field, Object.keys(asObj(value) ?? {}).length, Number(p.limit)));
        break;
      case 'format':
        out.push(invalid(field, value, `${field} in body must be of type ${String(p.format)}: ${goQuote(String(value))}`));
        break;
      case 'oneOf':
      case 'anyOf':
      case 'allOf':
      case 'not':
      case 'if':
        // Reported through the branch errors (types) or not at all; alone they carry no detail a user can act on.
        if (!errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) {
          out.push(invalid(field, value, `${field} in body ${e.message ?? 'is invalid'}`));
        }
        break;
      default:
        out.push(invalid(field, value, `${field} in body ${e.message ?? 'is invalid'}`));
    }
  }
  return out;
}
