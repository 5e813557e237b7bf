/** Unknown fields, as upstream's strict decoding reports them, against generated/fields.json or a CRD schema. */
import fieldsJson from '../generated/fields.json';
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import { goQuote } from './errors';
import { asObj, isObj } from './json';
import { child, index, pathOf } from './paths';

interface FieldsFile {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
}
const FIELDS = fieldsJson as unknown as FieldsFile;

/** The root type name of a built-in kind in generated/fields.json, if it has one. */
export function rootTypeOf(apiVersion: string, kind: string): string | undefined {
  return FIELDS.kinds[`${apiVersion}/${kind}`];
}

/** A type of generated/fields.json: a list, a map or a struct of it; leaves (string, int32, …) have none. */
interface Shape {
  list?: string;
  map?: string;
  /** Field name → type; a Map, so that `constructor` or `__proto__` in a body is just an unknown field. */
  fields?: Map<string, string>;
}
const shapes = new Map<string, Shape | null>();

function shapeOf(type: string): Shape | null {
  let s = shapes.get(type);
  if (s === undefined) {
    if (type.startsWith('[]')) s = { list: type.slice(2) };
    else if (type.startsWith('map[string]')) s = { map: type.slice('map[string]'.length) };
    else s = Object.hasOwn(FIELDS.types, type) ? { fields: new Map(Object.entries(FIELDS.types[type])) } : null;
    shapes.set(type, s);
  }
  return s;
}

/**
 * Walks `value` (plain decoded JSON) as `type`, pushing a message per unknown field onto `out`.
 * It runs on every write: the path is kept as a stack of segments and only spelled out for an
 * unknown field, and leaves are not descended into.
 */
function walkKnownFields(value: unknown, type: string, segs: (string | number)[], out: string[]): void {
  const shape = shapeOf(type);
  if (!shape) return;
  if (shape.list !== undefined) {
    if (!Array.isArray(value) || !shapeOf(shape.list)) return;
    for (let i = 0; i < value.length; i++) {
      segs.push(i);
      walkKnownFields(value[i], shape.list, segs, out);
      segs.pop();
    }
    return;
  }
  if (!isObj(value)) return;
  if (shape.map !== undefined) {
    if (!shapeOf(shape.map)) return;
    for (const k in value) {
      segs.push(k);
      walkKnownFields(value[k], shape.map, segs, out);
      segs.pop();
    }
    return;
  }
  const fields = shape.fields!;
  for (const k in value) {
    const fieldType = fields.get(k);
    if (fieldType === undefined) out.push(`unknown field ${goQuote(child(pathOf(segs), k))}`);
    else if (shapeOf(fieldType)) {
      segs.push(k);
      walkKnownFields(value[k], fieldType, segs, out);
      segs.pop();
    }
  }
}

function walkSchemaFields(value: unknown, schema: unknown, path: string, out: string[], root: boolean): void {
  const s = asObj(schema);
  if (!s || s['x-kubernetes-int-or-string'] === true) return;
  if (Array.isArray(value)) {
    if (s.items !== undefined) value.forEach((v, i) => walkSchemaFields(v, s.items, index(path, i), out, false));
    return;
  }
  if (!isObj(value)) return;
  const props = asObj(s.properties) ?? {};
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const additional = s.additionalProperties;
  for (const [k, v] of Object.entries(value)) {
    if ((root || embedded) && (k === 'apiVersion' || k === 'kind')) continue;
    if ((root || embedded) && k === 'metadata') {
      walkKnownFields(v, 'V1ObjectMeta', path ? [path, k] : [k], out);
      continue;
    }
    if (k in props) walkSchemaFields(v, props[k], child(path, k), out, false);
    else if (isObj(additional)) walkSchemaFields(v, additional, child(path, k), out, false);
    else if (additional !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) out.push(`unknown field ${goQuote(child(path, k))}`);
  }
}

/**
 * Upstream's strict-decoding messages for each field the kind does not have, in document order:
 * `unknown field "spec.replica"`, `unknown field "spec.template.spec.containers[0].imagee"`.
 * For CRD kinds, fields outside the schema's properties (unless x-kubernetes-preserve-unknown-fields).
 */
export function checkUnknownFields(info: ResourceInfo, obj: KubeObject): string[] {
  const out: string[] = [];
  if (info.crd) {
    if (isObj(info.schema)) walkSchemaFields(obj, info.schema, '', out, true);
    return out;
  }
  const root = rootTypeOf(info.apiVersion, info.kind);
  if (root) walkKnownFields(obj, root, [], out);
  return out;
}
