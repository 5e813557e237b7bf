/**
 * Field errors and the API errors built from them, worded as apimachinery's `field/errors.go` and
 * `apierrors` print them, including Go's `%q`/`%#v` renderings of bad values.
 */
import { type Status, StatusError } from '../object';
import type { ResourceInfo } from '../resources';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with `[i]` indexes and `[key]` map keys: `spec.template.spec.containers[0].image`. */
  field: string;
  detail: string;
  value?: unknown;
}

/**
 * A value printed verbatim in an error, for what Go prints with `%#v` or a `String()` method
 * (`core.ServicePort{...}`, an IntOrString's `25%`).
 */
export class GoValue {
  constructor(readonly text: string) {}
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
};

/** Go's `%q` (strconv.Quote) for the strings API objects hold. */
export function goQuote(s: string): string {
  return JSON.stringify(s)
    .replace(/\\u00([0-9a-f]{2})/g, '\\x$1')
    .replace(/\u007f/g, '\\x7f');
}

/** Go's `%#v` of a `map[string]string` (keys sorted, as fmt does); `undefined`/`null` is a nil map. */
export function goStringMap(m: unknown): GoValue {
  if (m === undefined || m === null) return new GoValue('map[string]string(nil)');
  const entries = Object.entries(m as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new GoValue(`map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(String(v))}`).join(', ')}}`);
}

/**
 * How `field.Error.ErrorBody` prints a bad value. Go prints other structs with `%#v`, pointer
 * addresses included, which cannot be reproduced; those are printed as JSON here.
 */
function formatValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (v === undefined || v === null) return '"null"';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map(goQuote).join(', ')}}`;
  if (typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')) return goStringMap(v).text;
  return JSON.stringify(v);
}

/** `field.Error.ErrorBody()`: the message without the field path. */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  if (e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooLong') {
    s += `: ${formatValue(e.value)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `field.Error.Error()`: `spec.selector: Required value`, `metadata.name: Invalid value: "Foo": ...`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, detail, value });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, detail: '', value });
export const notFound = (field: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field, detail: '', value });
export const typeInvalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, detail, value });
export const tooLong = (field: string, value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `may not be longer than ${max}`,
  value,
});
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field,
  detail: `must have at most ${max} items`,
  value: actual,
});
/** `field.NotSupported`: the valid values quoted in the order given. */
export const notSupported = (field: string, value: unknown, valid: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  detail: valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '',
  value,
});

/** `Deployment.apps`, `Pod`: the GroupKind upstream prints in Invalid messages. */
export function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/** `deployments.apps`, `pods`: the GroupResource of NotFound/Conflict/AlreadyExists messages. */
export function resourceKind(info: ResourceInfo): string {
  return info.name;
}

/** `utilerrors.Aggregate`: one message alone, several as `[a, b]`, duplicates dropped. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** `apierrors.NewInvalid`: 422 `Deployment.apps "web" is invalid: spec.selector: Required value`. */
export function newInvalid(info: ResourceInfo, name: string, errors: FieldError[]): StatusError {
  const kind = qualifiedKind(info);
  const message =
    errors.length === 0
      ? `${kind} ${goQuote(name)} is invalid`
      : `${kind} ${goQuote(name)} is invalid: ${aggregate(errors.map(formatFieldError))}`;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    details: {
      name,
      ...(info.group ? { group: info.group } : {}),
      kind: info.kind,
      causes: errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    },
    code: 422,
  };
  return new StatusError(status);
}

/**
 * The 400 upstream's strict decoding answers for unknown fields:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
export function newStrictDecodingError(info: ResourceInfo, unknown: string[]): StatusError {
  const message = `${info.kind} in version ${goQuote(info.version)} cannot be handled as a ${info.kind}: strict decoding error: ${unknown.join(', ')}`;
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
}
