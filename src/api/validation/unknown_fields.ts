/** Unknown fields, as upstream's strict decoding reports them, against generated/fields.json or a CRD schema. */
import fieldsJson from '../generated/fields.json';
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import { goQuote } from './errors';
import { asObj, isObj } from './json';
import { child, index } from './paths';

interface FieldsFile {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
}
const FIELDS = fieldsJson as unknown as FieldsFile;

/** The root type name of a built-in kind in generated/fields.json, if it has one. */
export function rootTypeOf(apiVersion: string, kind: string): string | undefined {
  return FIELDS.kinds[`${apiVersion}/${kind}`];
}

function walkKnownFields(value: unknown, type: string, path: string, out: string[]): void {
  if (type.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((v, i) => walkKnownFields(v, type.slice(2), index(path, i), out));
    return;
  }
  if (type.startsWith('map[string]')) {
    if (isObj(value)) for (const [k, v] of Object.entries(value)) walkKnownFields(v, type.slice('map[string]'.length), child(path, k), out);
    return;
  }
  const fields = FIELDS.types[type];
  if (!fields || !isObj(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const fieldType = fields[k];
    if (fieldType === undefined) out.push(`unknown field ${goQuote(child(path, k))}`);
    else walkKnownFields(v, fieldType, child(path, k), out);
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
      walkKnownFields(v, 'V1ObjectMeta', child(path, k), out);
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
  if (root) walkKnownFields(obj, root, '', out);
  return out;
}
