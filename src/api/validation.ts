/**
 * What the API server rejects, with upstream's messages (apimachinery `field/errors.go`,
 * `pkg/apis/<group>/validation`): a type/schema pass (kubernetes-models' compiled validators for the
 * built-in kinds, ajv over the openAPIV3Schema for CRD-served kinds), then the semantic rules users
 * hit most, run on the defaulted object as upstream does. Unknown fields are reported separately
 * (`checkUnknownFields`), as upstream's strict decoding does before validation.
 *
 * Sections: field errors and their text; name and format checks; ObjectMeta; PodSpec; one validator
 * per kind; schema passes; unknown fields; entry points.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { StatusError, type KubeObject, type Status } from './object';
import type { ResourceInfo, ResourceRegistry } from './resources';
import { ERR_FORMAT_WRONG, QuantityParseError, compareQuantity, formatQuantity, parseQuantity, sign, type Quantity } from './quantity';
import { labelSelectorFromObject, labelValueErrors, qualifiedNameErrors, selectorFromSet } from './selectors';
import fieldsJson from './generated/fields.json';

// =============================================================================================
// Field errors

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

const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, detail, value });
const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
const duplicate = (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, detail: '', value });
const notFound = (field: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field, detail: '', value });
const typeInvalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, detail, value });
const tooLong = (field: string, value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `may not be longer than ${max}`,
  value,
});
const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field,
  detail: `must have at most ${max} items`,
  value: actual,
});
/** `field.NotSupported`: the valid values quoted in the order given. */
const notSupported = (field: string, value: unknown, valid: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  detail: valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '',
  value,
});

const child = (path: string, ...names: string[]): string => names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
const index = (path: string, i: number): string => `${path}[${i}]`;
const key = (path: string, k: string): string => `${path}[${k}]`;

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

// =============================================================================================
// Names and formats (apimachinery util/validation)

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): J | undefined => (isObj(v) ? v : undefined);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): J[] => asList(v).filter(isObj);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
const IS_NEGATIVE = 'must be greater than or equal to 0';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(DNS1123_SUBDOMAIN_RE.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

const isValidPortNum = (port: number): string[] => (port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)]);

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!new RegExp(`^${CONFIG_MAP_KEY_FMT}$`).test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** RelaxedEnvironmentVariableValidation is on by default in v1.32. */
function isRelaxedEnvVarName(value: string): string[] {
  if (value.length === 0) return ['environment variable name must be non-empty'];
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(value) ? [] : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

const PERCENT_FMT = '[0-9]+%';
const isValidPercent = (v: string): string[] =>
  /^[0-9]+%$/.test(v) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];

function isValidIP(value: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(value)) return true;
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false;
  const parts = value.split('::');
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p === '' ? [] : p.split(':')));
  const tailV4 = groups.length > 0 && groups[groups.length - 1].includes('.');
  if (tailV4 && !v4.test(groups[groups.length - 1])) return false;
  const count = groups.length + (tailV4 ? 1 : 0);
  if (!groups.slice(0, tailV4 ? -1 : undefined).every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return parts.length === 2 ? count < 8 : count === 8;
}
const IP_ERROR = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** A name checker: messages for a bad name; `prefix` means a generateName (a trailing '-' is allowed). */
type NameFn = (name: string, prefix: boolean) => string[];
/** `maskTrailingDash`: generateName may end in '-' since random characters follow. */
const maskTrailingDash = (name: string): string => (name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name);
const nameIsDNSSubdomain: NameFn = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
const nameIsDNSLabel: NameFn = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
const nameIsDNS1035Label: NameFn = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);
/** `path.ValidatePathSegmentName` (RBAC objects). */
const nameIsPathSegment: NameFn = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

const validateDNS1123Label = (value: string, path: string): FieldError[] => isDNS1123Label(value).map((m) => invalid(path, value, m));
const validateDNS1123Subdomain = (value: string, path: string): FieldError[] => isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
const validateQualifiedName = (value: string, path: string): FieldError[] => qualifiedNameErrors(value).map((m) => invalid(path, value, m));
function validateNonnegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

/** `ValidateLabels`: bad keys and values are reported at the map's path, not at the key. */
function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(asObj(labels) ?? {})) {
    errs.push(...validateQualifiedName(k, path));
    for (const m of labelValueErrors(str(v))) errs.push(invalid(path, str(v), m));
  }
  return errs;
}

/** `ValidateLabelSelector` (metav1): matchLabels and each matchExpression. */
function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  const s = asObj(sel);
  if (!s) return [];
  const errs = validateLabels(s.matchLabels, child(path, 'matchLabels'));
  objs(s.matchExpressions).forEach((expr, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const values = asList(expr.values);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), str(expr.operator), 'not a valid selector operator'));
    }
    errs.push(...validateQualifiedName(str(expr.key), child(p, 'key')));
  });
  return errs;
}

/** Go's `%#v` of a `metav1.LabelSelector`, as v1.32 prints a selector value in field errors. */
function goLabelSelector(sel: J): GoValue {
  const exprs = sel.matchExpressions;
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${objs(exprs)
          .map((e) => {
            const values = e.values === undefined || e.values === null ? '[]string(nil)' : `[]string{${asList(e.values).map((v) => goQuote(str(v))).join(', ')}}`;
            return `v1.LabelSelectorRequirement{Key:${goQuote(str(e.key))}, Operator:${goQuote(str(e.operator))}, Values:${values}}`;
          })
          .join(', ')}}`;
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).text}, MatchExpressions:${exprText}}`);
}

/** `intstr.IntOrString.String()`. */
const intOrStringValue = (v: unknown): GoValue => new GoValue(String(v));

/** `ValidatePositiveIntOrPercent`. */
function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrStringValue(v), m));
  if (isInt(v)) return validateNonnegative(v, path);
  return [];
}

/** `IsNotMoreThan100Percent`. */
function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !/^[0-9]+%$/.test(v)) return [];
  return parseInt(v, 10) > 100 ? [invalid(path, intOrStringValue(v), 'must not be greater than 100%')] : [];
}

/** The int or percent of a rollingUpdate field (`getIntOrPercentValue`). */
const intOrPercent = (v: unknown): number => (typeof v === 'string' ? parseInt(v, 10) || 0 : isInt(v) ? v : 0);

/** A quantity as upstream decodes one, or undefined (with the parse error) when it is not one. */
function toQuantity(raw: unknown): { q?: Quantity; error?: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { error: ERR_FORMAT_WRONG };
  try {
    return { q: parseQuantity(raw) };
  } catch (e) {
    return { error: e instanceof QuantityParseError ? e.message : ERR_FORMAT_WRONG };
  }
}

// =============================================================================================
// ObjectMeta (apimachinery api/validation/objectmeta.go)

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

interface MetaOptions {
  namespaced: boolean;
  nameFn: NameFn;
  /** core's ValidateObjectMeta also requires finalizers to be standard or domain-qualified. */
  kubeFinalizers: boolean;
}

function validateObjectMeta(meta: J | undefined, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const name = str(m.name);
  const generateName = str(m.generateName);
  if (generateName) for (const msg of opts.nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  // Upstream validates after name generation; an object still carrying only generateName will get a name.
  if (!name) {
    if (!generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  }
  const namespace = str(m.namespace);
  if (opts.namespaced) {
    if (!namespace) errs.push(required(child(path, 'namespace')));
    else for (const msg of isDNS1123Label(namespace)) errs.push(invalid(child(path, 'namespace'), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(m.generation, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  const finalizers = asList(m.finalizers).map(str);
  for (const f of finalizers) errs.push(...validateQualifiedName(f, child(path, 'finalizers')));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(child(path, 'finalizers'), finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  if (opts.kubeFinalizers) {
    finalizers.forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
        errs.push(invalid(index(child(path, 'finalizers'), i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(asObj(annotations) ?? {})) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += byteLength(k) + byteLength(str(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: 'FieldValueTooLong', field: path, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`, value: '' });
  }
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of objs(refs)) {
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(ref.kind)) errs.push(invalid(child(path, 'kind'), str(ref.kind), 'must not be empty'));
    if (!str(ref.name)) errs.push(invalid(child(path, 'name'), str(ref.name), 'must not be empty'));
    if (!str(ref.uid)) errs.push(invalid(child(path, 'uid'), str(ref.uid), 'must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(
          invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

// =============================================================================================
// PodSpec (pkg/apis/core/validation)

interface PodOptions {
  /** The object is a Pod, not a template embedded in a workload (`ResourceIsPod`). */
  isPod: boolean;
}

const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SUPPORTED_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const SUPPORTED_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const SUPPORTED_DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const SUPPORTED_TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const SUPPORTED_HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const VALID_ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** In upstream's validateVolumeSource order: the first one set counts, later ones are Forbidden. */
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

/** ValidateVolumes: names are unique DNS-1123 labels, each volume has exactly one source. Returns the valid names. */
function validateVolumes(volumes: unknown, path: string, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  objs(volumes).forEach((vol, i) => {
    const p = index(path, i);
    const el: FieldError[] = [];
    const sources = VOLUME_SOURCES.filter((s) => vol[s] !== undefined && vol[s] !== null);
    if (sources.length === 0) el.push(required(p, 'must specify a volume type'));
    for (const extra of sources.slice(1)) el.push(forbidden(child(p, extra), 'may not specify more than 1 volume type'));
    const secret = asObj(vol.secret);
    if (secret && !str(secret.secretName)) el.push(required(child(p, 'secret', 'secretName')));
    const configMap = asObj(vol.configMap);
    if (configMap && !str(configMap.name)) el.push(required(child(p, 'configMap', 'name')));
    const pvc = asObj(vol.persistentVolumeClaim);
    if (pvc && !str(pvc.claimName)) el.push(required(child(p, 'persistentVolumeClaim', 'claimName')));
    const hostPath = asObj(vol.hostPath);
    if (hostPath && !str(hostPath.path)) el.push(required(child(p, 'hostPath', 'path')));
    const name = str(vol.name);
    if (!name) el.push(required(child(p, 'name')));
    else el.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return names;
}

/** ValidatePortNumOrName. */
function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

/** validateHandler: exactly one handler type, each checked. */
function validateHandler(handler: J, path: string, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const h = asObj(handler[kind]);
    if (!h) continue;
    if (count > 0) {
      errs.push(forbidden(child(path, kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = child(path, kind);
    if (kind === 'exec' && asList(h.command).length === 0) errs.push(required(child(p, 'command')));
    if (kind === 'httpGet') {
      if (!str(h.path)) errs.push(required(child(p, 'path')));
      errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
      if (!SUPPORTED_HTTP_SCHEMES.includes(str(h.scheme))) errs.push(notSupported(child(p, 'scheme'), str(h.scheme), SUPPORTED_HTTP_SCHEMES));
    }
    if (kind === 'tcpSocket' || kind === 'grpc') errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function validateProbe(probe: J, path: string, which: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): FieldError[] {
  const errs = validateHandler(probe, path, PROBE_HANDLERS);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[f], child(path, f)));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  if (which !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  }
  if (which === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(ports).forEach((port, i) => {
    const p = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(child(p, 'name'), name, m));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
    if (containerPort === 0) errs.push(required(child(p, 'containerPort')));
    else for (const m of isValidPortNum(containerPort)) errs.push(invalid(child(p, 'containerPort'), containerPort, m));
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(child(p, 'hostPort'), port.hostPort, m));
    }
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(child(p, 'protocol')));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(p, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(sel: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel.name);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  const k = str(sel.key);
  if (!k) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(k)) errs.push(invalid(child(path, 'key'), k, m));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(env).forEach((ev, i) => {
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(p, 'name')));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(p, 'name'), name, m));
    const from = asObj(ev.valueFrom);
    if (!from) return;
    const fp = child(p, 'valueFrom');
    let sources = 0;
    const fieldRef = asObj(from.fieldRef);
    if (fieldRef) {
      sources++;
      const rp = child(fp, 'fieldRef');
      const fieldPath = str(fieldRef.fieldPath);
      if (!str(fieldRef.apiVersion)) errs.push(required(child(rp, 'apiVersion')));
      else if (!fieldPath) errs.push(required(child(rp, 'fieldPath')));
      else {
        const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
        if (sub) errs.push(...validateQualifiedName(sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2], rp));
        else if (!VALID_ENV_FIELD_PATHS.includes(fieldPath)) errs.push(notSupported(child(rp, 'fieldPath'), fieldPath, VALID_ENV_FIELD_PATHS));
      }
    }
    if (asObj(from.resourceFieldRef)) {
      sources++;
      if (!str(asObj(from.resourceFieldRef)?.resource)) errs.push(required(child(fp, 'resourceFieldRef', 'resource')));
    }
    const cm = asObj(from.configMapKeyRef);
    if (cm) {
      sources++;
      errs.push(...validateKeySelector(cm, child(fp, 'configMapKeyRef')));
    }
    const secret = asObj(from.secretKeyRef);
    if (secret) {
      sources++;
      errs.push(...validateKeySelector(secret, child(fp, 'secretKeyRef')));
    }
    if (sources === 0) errs.push(invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (str(ev.value)) errs.push(invalid(fp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(fp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  objs(mounts).forEach((m, i) => {
    const p = index(path, i);
    const name = str(m.name);
    if (!name) errs.push(required(child(p, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(p, 'name'), name));
    const mountPath = str(m.mountPath);
    if (!mountPath) errs.push(required(child(p, 'mountPath')));
    if (paths.has(mountPath)) errs.push(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
  });
  return errs;
}

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
function validateResources(resources: J | undefined, path: string): FieldError[] {
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

/** validateContainerCommon: what every kind of container must get right. */
function validateContainerCommon(c: J, volumes: Set<string>, path: string, opts: PodOptions): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  const image = str(c.image);
  if (!image) errs.push(required(child(path, 'image')));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!SUPPORTED_TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, SUPPORTED_TERMINATION_MESSAGE_POLICIES));
  }
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!SUPPORTED_PULL_POLICIES.includes(pull)) errs.push(notSupported(child(path, 'imagePullPolicy'), pull, SUPPORTED_PULL_POLICIES));
  errs.push(...validateResources(asObj(c.resources), child(path, 'resources')));
  if (opts.isPod && image !== image.trim()) errs.push(invalid(child(path, 'image'), image, 'must not have leading or trailing whitespace'));
  return errs;
}

function validateProbesAndLifecycle(c: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const lifecycle = asObj(c.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    const h = asObj(lifecycle?.[hook]);
    if (h) errs.push(...validateHandler(h, child(path, 'lifecycle', hook), LIFECYCLE_HANDLERS));
  }
  for (const which of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = asObj(c[which]);
    if (probe) errs.push(...validateProbe(probe, child(path, which), which));
  }
  return errs;
}

/** AccumulateUniqueHostPorts: `<protocol>/<hostIP>/<port>` may appear once. */
function checkHostPortConflicts(containers: J[], path: string, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    objs(c.ports).forEach((port, pi) => {
      if (typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const k = `${str(port.protocol)}/${str(port.hostIP)}/${port.hostPort}`;
      if (seen.has(k)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), k));
      else seen.add(k);
    });
  });
  return errs;
}

function validateContainers(containers: unknown, volumes: Set<string>, path: string, opts: PodOptions): FieldError[] {
  const list = objs(containers);
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p, opts));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    errs.push(...validateProbesAndLifecycle(c, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

function validateInitContainers(init: unknown, regular: unknown, volumes: Set<string>, path: string, opts: PodOptions): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objs(regular).map((c) => str(c.name)));
  objs(init).forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p, opts));
    const restartAlways = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && c.restartPolicy !== null && !restartAlways) {
      errs.push(notSupported(child(p, 'restartPolicy'), str(c.restartPolicy), ['Always']));
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([c], path));
    if (restartAlways) errs.push(...validateProbesAndLifecycle(c, p));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

const SUPPORTED_TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(tolerations).forEach((t, i) => {
    const p = index(path, i);
    const k = str(t.key);
    const operator = str(t.operator);
    if (k) errs.push(...validateQualifiedName(k, child(p, 'key')));
    if (!k && operator !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), str(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = labelValueErrors(str(t.value));
      if (msgs.length > 0) errs.push(invalid(child(p, 'operator'), str(t.value), msgs.join(';')));
    } else if (operator === 'Exists') {
      if (str(t.value)) errs.push(invalid(child(p, 'operator'), str(t.value), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), operator, ['Equal', 'Exists']));
    }
    const effect = str(t.effect);
    if (effect && !SUPPORTED_TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, SUPPORTED_TAINT_EFFECTS));
  });
  return errs;
}

/** validateNodeSelectorTerm: each requirement's operator/values and key (matchFields only on metadata.name). */
function validateNodeSelectorTerm(term: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [list, keyIsField] of [['matchExpressions', false], ['matchFields', true]] as const) {
    objs(term[list]).forEach((rq, j) => {
      const p = index(child(path, list), j);
      const values = asList(rq.values);
      switch (rq.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          break;
        case 'Gt':
        case 'Lt':
          if (values.length !== 1) errs.push(required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
          break;
        default:
          errs.push(invalid(child(p, 'operator'), str(rq.operator), 'not a valid selector operator'));
      }
      if (keyIsField) {
        if (rq.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), str(rq.key), 'not a valid field selector key'));
      } else {
        errs.push(...validateQualifiedName(str(rq.key), child(p, 'key')));
      }
    });
  }
  return errs;
}

function validateAffinity(affinity: J | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const nodeAffinity = asObj(affinity.nodeAffinity);
  const requiredTerms = asObj(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  if (requiredTerms) {
    const p = child(path, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    if (asList(requiredTerms.nodeSelectorTerms).length === 0) errs.push(required(p, 'must have at least one node selector term'));
    objs(requiredTerms.nodeSelectorTerms).forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, index(p, i))));
  }
  objs(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((pref, i) => {
    const p = index(child(path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    const weight = pref.weight;
    if (typeof weight === 'number' && (weight <= 0 || weight > 100)) errs.push(invalid(child(p, 'weight'), weight, 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorTerm(asObj(pref.preference) ?? {}, child(p, 'preference')));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = asObj(affinity[kind]);
    if (!a) continue;
    const validateTerm = (term: J, p: string): void => {
      errs.push(...validateLabelSelector(term.labelSelector, child(p, 'labelSelector')));
      if (!str(term.topologyKey)) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
      else errs.push(...validateQualifiedName(str(term.topologyKey), child(p, 'topologyKey')));
    };
    objs(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
      validateTerm(term, index(child(path, kind, 'requiredDuringSchedulingIgnoredDuringExecution'), i)),
    );
    objs(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const p = index(child(path, kind, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = w.weight;
      if (typeof weight === 'number' && (weight <= 0 || weight > 100)) errs.push(invalid(child(p, 'weight'), weight, 'must be in the range 1-100'));
      validateTerm(asObj(w.podAffinityTerm) ?? {}, child(p, 'podAffinityTerm'));
    });
  }
  return errs;
}

function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(constraints).forEach((c, i) => {
    const p = index(path, i);
    if (typeof c.maxSkew === 'number' && c.maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew, 'must be greater than zero'));
    const topologyKey = str(c.topologyKey);
    if (!topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    else errs.push(...validateQualifiedName(topologyKey, child(p, 'topologyKey')));
    const when = str(c.whenUnsatisfiable);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(when)) {
      errs.push(notSupported(child(p, 'whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (typeof c.minDomains === 'number') {
      if (c.minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than 0'));
      else if (when !== 'DoNotSchedule') {
        errs.push(invalid(child(p, 'minDomains'), c.minDomains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"));
      }
    }
    const pair = `{${topologyKey}, ${when}}`;
    if (seen.has(pair)) errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), pair));
    seen.add(pair);
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}

/** ValidatePodSpec. `opts.isPod` adds the checks upstream makes for Pods but not for templates. */
function validatePodSpec(spec: J, path: string, opts: PodOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  }
  const volumes = validateVolumes(spec.volumes, child(path, 'volumes'), errs);
  errs.push(...validateContainers(spec.containers, volumes, child(path, 'containers'), opts));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, child(path, 'initContainers'), opts));
  if (spec.hostNetwork === true) {
    objs(spec.containers).forEach((c, ci) => {
      objs(c.ports).forEach((port, pi) => {
        const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
        if ((opts.isPod || hp !== 0) && hp !== port.containerPort) {
          errs.push(invalid(child(index(child(index(child(path, 'containers'), ci), 'ports'), pi), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  const restartPolicy = str(spec.restartPolicy);
  if (!restartPolicy) errs.push(required(child(path, 'restartPolicy')));
  else if (!SUPPORTED_RESTART_POLICIES.includes(restartPolicy)) {
    errs.push(notSupported(child(path, 'restartPolicy'), restartPolicy, SUPPORTED_RESTART_POLICIES));
  }
  const dnsPolicy = str(spec.dnsPolicy);
  if (!dnsPolicy) errs.push(required(child(path, 'dnsPolicy')));
  else if (!SUPPORTED_DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(child(path, 'dnsPolicy'), dnsPolicy, SUPPORTED_DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateAffinity(asObj(spec.affinity), child(path, 'affinity')));
  errs.push(...validateDNSConfig(asObj(spec.dnsConfig), dnsPolicy, child(path, 'dnsConfig')));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  for (const [field, fn] of [['serviceAccountName', nameIsDNSSubdomain], ['nodeName', nameIsDNSSubdomain], ['priorityClassName', nameIsDNSSubdomain]] as const) {
    const v = str(spec[field]);
    if (v) for (const m of fn(v, false)) errs.push(invalid(child(path, field), v, m));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647)) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, 2147483647)));
  }
  if (str(spec.hostname)) errs.push(...validateDNS1123Label(str(spec.hostname), child(path, 'hostname')));
  if (str(spec.subdomain)) errs.push(...validateDNS1123Label(str(spec.subdomain), child(path, 'subdomain')));
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  return errs;
}

/** validatePodDNSConfig (fact 119): at most 3 nameservers; dnsPolicy None needs one. */
function validateDNSConfig(cfg: J | undefined, dnsPolicy: string, path: string): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!cfg) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (asList(cfg.nameservers).length === 0) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = asList(cfg.nameservers).map(str);
  if (nameservers.length > 3) errs.push(invalid(child(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => {
    if (!isValidIP(ns)) errs.push(invalid(index(child(path, 'nameservers'), i), ns, IP_ERROR));
  });
  const searches = asList(cfg.searches).map(str);
  if (searches.length > 32) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  searches.forEach((s, i) => errs.push(...validateDNS1123Subdomain(s.replace(/\.$/, ''), index(child(path, 'searches'), i))));
  return errs;
}

/** ValidatePodTemplateSpec: note upstream reports template labels at `<path>.labels` (ObjectMeta is embedded). */
function validatePodTemplateSpec(template: J, path: string): FieldError[] {
  const meta = asObj(template.metadata) ?? {};
  const errs = validateLabels(meta.labels, child(path, 'labels'));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpec(asObj(template.spec) ?? {}, child(path, 'spec'), { isPod: false }));
  if (asList(asObj(template.spec)?.ephemeralContainers).length > 0) {
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

// =============================================================================================
// Per-kind validators: each returns the spec/kind-specific errors; ObjectMeta is checked by the caller.

type KindValidator = (obj: J) => FieldError[];

const specOf = (obj: J): J => asObj(obj.spec) ?? {};

function validatePod(pod: J): FieldError[] {
  const spec = specOf(pod);
  const errs = validatePodSpec(spec, 'spec', { isPod: true });
  // Ephemeral containers are added through the ephemeralcontainers subresource only.
  if (asList(spec.ephemeralContainers).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}

/**
 * The selector/template pair shared by the apps workloads: a required, non-empty selector that
 * matches the template's labels (a missing selector selects nothing, so both errors appear, as upstream).
 */
function validateWorkloadSelector(spec: J, kindWord: string, errs: FieldError[], invalidDetail = 'invalid label selector'): void {
  const selector = asObj(spec.selector);
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(asObj(selector.matchLabels) ?? {}).length + asList(selector.matchExpressions).length === 0) {
      errs.push(invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
    }
  }
  const template = asObj(spec.template);
  const labels = asObj(asObj(template?.metadata)?.labels);
  try {
    const sel = labelSelectorFromObject(selector as LabelSelector | undefined);
    if (!sel.isEmpty() && !sel.matches(labels as Record<string, string> | undefined)) {
      errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
  } catch {
    errs.push(invalid('spec.selector', selector ? goLabelSelector(selector) : goStringMap(undefined), invalidDetail));
  }
}

/** The pod template of a workload whose pods must run forever (restartPolicy Always). */
function validateAlwaysRunningTemplate(spec: J, kindWord: string, errs: FieldError[]): void {
  const template = asObj(spec.template);
  if (!template) {
    errs.push(required('spec.template'));
    return;
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = asObj(template.spec) ?? {};
  const rp = str(podSpec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
}

function validateDeployment(d: J): FieldError[] {
  const spec = specOf(d);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  validateWorkloadSelector(spec, 'deployment', errs);
  validateAlwaysRunningTemplate(spec, 'ReplicaSet', errs);
  const strategy = asObj(spec.strategy) ?? {};
  const type = str(strategy.type);
  const rollingUpdate = asObj(strategy.rollingUpdate);
  if (type === 'Recreate') {
    if (rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    if (!rollingUpdate) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else errs.push(...validateRollingUpdate(rollingUpdate, 'spec.strategy.rollingUpdate'));
  } else {
    const ru = rollingUpdate ? '(*apps.RollingUpdateDeployment)(…)' : '(*apps.RollingUpdateDeployment)(nil)';
    errs.push(notSupported('spec.strategy', new GoValue(`apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ru}}`), ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    errs.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateRollingUpdateDeployment: int-or-percent, not both 0, maxUnavailable <= 100%. */
function validateRollingUpdate(ru: J, path: string): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')),
  ];
  if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0) {
    errs.push(invalid(child(path, 'maxUnavailable'), intOrStringValue(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  return errs;
}

function validateReplicaSet(rs: J): FieldError[] {
  const spec = specOf(rs);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  // Upstream's ReplicaSet message says "deployment" too.
  validateWorkloadSelector(spec, 'deployment', errs);
  validateAlwaysRunningTemplate(spec, 'ReplicaSet', errs);
  return errs;
}

/**
 * ValidateStatefulSetSpec. Upstream does not validate a StatefulSet's pod spec (only its labels and
 * annotations); a bad pod spec surfaces when the controller creates pods.
 */
function validateStatefulSet(sts: J): FieldError[] {
  const spec = specOf(sts);
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = asObj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = asObj(strategy.rollingUpdate);
  if (!type) errs.push(required('spec.updateStrategy'));
  else if (type === 'OnDelete') {
    if (ru) errs.push(invalid('spec.updateStrategy.rollingUpdate', new GoValue('&apps.RollingUpdateStatefulSetStrategy{…}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type === 'RollingUpdate') {
    if (ru) {
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validateNonnegative(ru.partition, child(p, 'partition')));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')));
        if (intOrPercent(ru.maxUnavailable) === 0) errs.push(invalid(child(p, 'maxUnavailable'), intOrStringValue(ru.maxUnavailable), 'cannot be 0'));
        errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      }
    }
  } else {
    errs.push(invalid('spec.updateStrategy', new GoValue(`apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ru ? '(*apps.RollingUpdateStatefulSetStrategy)(…)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'}}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = asObj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f]);
      if (v !== 'Retain' && v !== 'Delete') errs.push(notSupported(child('spec.persistentVolumeClaimRetentionPolicy', f), v, ['Retain', 'Delete']));
    }
  }
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const ordinals = asObj(spec.ordinals);
  if (ordinals) errs.push(...validateNonnegative(ordinals.start, 'spec.ordinals.start'));
  validateWorkloadSelector(spec, 'statefulset', errs, '');
  const template = asObj(spec.template) ?? {};
  const meta = asObj(template.metadata) ?? {};
  errs.push(...validateLabels(meta.labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'spec.template.annotations'));
  const podSpec = asObj(template.spec) ?? {};
  const rp = str(podSpec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** ValidateDaemonSetSpec: no selector is required, but a missing one matches no template. */
function validateDaemonSet(ds: J): FieldError[] {
  const spec = specOf(ds);
  const selector = asObj(spec.selector);
  const errs = validateLabelSelector(selector, 'spec.selector');
  const template = asObj(spec.template) ?? {};
  const labels = asObj(asObj(template.metadata)?.labels);
  try {
    if (!labelSelectorFromObject(selector as LabelSelector | undefined).matches(labels as Record<string, string> | undefined)) {
      errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
  } catch {
    // validateLabelSelector has reported the bad selector.
  }
  if (selector && Object.keys(asObj(selector.matchLabels) ?? {}).length + asList(selector.matchExpressions).length === 0) {
    errs.push(invalid('spec.selector', goLabelSelector(selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = asObj(template.spec) ?? {};
  const rp = str(podSpec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const strategy = asObj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = asObj(strategy.rollingUpdate);
  if (type === 'RollingUpdate') {
    if (!ru) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else errs.push(...validateRollingUpdateDaemonSet(ru, 'spec.updateStrategy.rollingUpdate'));
  } else if (type !== 'OnDelete') {
    const v = new GoValue(`apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ru ? '(*apps.RollingUpdateDaemonSet)(…)' : '(*apps.RollingUpdateDaemonSet)(nil)'}}`);
    errs.push(notSupported('spec.updateStrategy', v, ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero. */
function validateRollingUpdateDaemonSet(ru: J, path: string): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')),
    ...isNotMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...isNotMoreThan100Percent(ru.maxSurge, child(path, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercent(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercent(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(path, 'maxSurge'), intOrStringValue(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(child(path, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateReplicationController(rc: J): FieldError[] {
  const spec = specOf(rc);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const selector = asObj(spec.selector) ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(selector, 'spec.selector'));
  const template = asObj(spec.template);
  if (!template) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = asObj(asObj(template.metadata)?.labels);
  if (Object.keys(selector).length > 0 && !selectorFromSet(selector as Record<string, string>).matches(labels as Record<string, string> | undefined)) {
    errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const rp = str(asObj(template.spec)?.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  return errs;
}

/** validateJobSpec, shared by Jobs and CronJob templates (`path` is the JobSpec's). */
function validateJobSpec(spec: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errs.push(...validateNonnegative(spec[f], child(path, f)));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(child(path, 'completionMode'), str(mode), ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
      errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
    }
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null && replacement !== 'TerminatingOrFailed' && replacement !== 'Failed') {
    errs.push(notSupported(child(path, 'podReplacementPolicy'), str(replacement), ['Failed', 'TerminatingOrFailed']));
  }
  const template = asObj(spec.template);
  if (!template) {
    errs.push(required(child(path, 'template')));
    return errs;
  }
  errs.push(...validatePodTemplateSpec(template, child(path, 'template')));
  const rp = str(asObj(template.spec)?.restartPolicy);
  if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(child(path, 'template', 'spec', 'restartPolicy'), rp, ['OnFailure', 'Never']));
  return errs;
}

/**
 * Jobs: the selector is generated by the Job strategy unless `manualSelector` is true, so only a
 * manual selector is required here; any selector must match the template's labels.
 */
function validateJob(job: J): FieldError[] {
  const spec = specOf(job);
  const errs = validateJobSpec(spec, 'spec');
  const selector = asObj(spec.selector);
  if (!selector) {
    if (spec.manualSelector === true) errs.push(required('spec.selector'));
    return errs;
  }
  errs.push(...validateLabelSelector(selector, 'spec.selector'));
  try {
    const labels = asObj(asObj(asObj(spec.template)?.metadata)?.labels);
    if (!labelSelectorFromObject(selector as LabelSelector).matches(labels as Record<string, string> | undefined)) {
      errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
  } catch {
    // validateLabelSelector has reported the bad selector.
  }
  return errs;
}

function validateCronJob(cj: J): FieldError[] {
  const spec = specOf(cj);
  const errs: FieldError[] = [];
  const name = str(asObj(cj.metadata)?.name);
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    if (/(^|\s)(CRON_)?TZ=/.test(schedule)) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    const err = parseCronSchedule(schedule.replace(/^(CRON_)?TZ=\S+\s+/, ''));
    if (err) errs.push(invalid('spec.schedule', schedule, err));
  }
  const policy = str(spec.concurrencyPolicy);
  if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    errs.push(...validateNonnegative(spec[f], child('spec', f)));
  }
  const jobTemplate = asObj(spec.jobTemplate);
  if (!jobTemplate) errs.push(required('spec.jobTemplate'));
  else {
    const meta = asObj(jobTemplate.metadata) ?? {};
    errs.push(...validateLabels(meta.labels, 'spec.jobTemplate.labels'));
    errs.push(...validateAnnotations(meta.annotations, 'spec.jobTemplate.annotations'));
    errs.push(...validateJobSpec(asObj(jobTemplate.spec) ?? {}, 'spec.jobTemplate.spec'));
  }
  return errs;
}

const CRON_FIELDS: readonly { min: number; max: number; names?: readonly string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** robfig/cron's standard parser: the error text it returns, or undefined for a valid schedule. */
function parseCronSchedule(spec: string): string | undefined {
  if (spec.startsWith('@')) {
    if (CRON_DESCRIPTORS.includes(spec) || /^@every\s+\S+$/.test(spec)) return undefined;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.trim().split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const r = CRON_FIELDS[i];
    for (const expr of fields[i].split(',')) {
      const err = parseCronRange(expr, r.min, r.max, r.names);
      if (err) return err;
    }
  }
  return undefined;
}

function parseCronRange(expr: string, min: number, max: number, names?: readonly string[]): string | undefined {
  const [rangeStr, stepStr, extra] = expr.split('/');
  if (extra !== undefined) return `too many slashes: ${expr}`;
  const value = (s: string): number | string => {
    const n = names?.indexOf(s.toLowerCase()) ?? -1;
    if (n >= 0) return n + (min === 1 ? 1 : 0);
    if (!/^\d+$/.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
    return parseInt(s, 10);
  };
  let start = min;
  let end = max;
  if (rangeStr !== '*' && rangeStr !== '?') {
    const [lo, hi, more] = rangeStr.split('-');
    if (more !== undefined) return `too many hyphens: ${expr}`;
    const a = value(lo);
    if (typeof a === 'string') return a;
    start = a;
    end = a;
    if (hi !== undefined) {
      const b = value(hi);
      if (typeof b === 'string') return b;
      end = b;
    }
  }
  if (stepStr !== undefined) {
    const step = value(stepStr);
    if (typeof step === 'string') return step;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
  }
  if (start < min) return `beginning of range (${start}) below minimum (${min}): ${expr}`;
  if (end > max) return `end of range (${end}) above maximum (${max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}

const SUPPORTED_SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Go's `%#v` of the (protocol, port) key upstream reports for a duplicate Service port. */
const servicePortKey = (protocol: string, port: unknown): GoValue =>
  new GoValue(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${isInt(port) ? port : 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );

function validateService(svc: J): FieldError[] {
  const spec = specOf(svc);
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const clusterIPs = asList(spec.clusterIPs).map(str);
  const clusterIP = clusterIPs[0] ?? str(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = objs(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === 'LoadBalancer' && headless) errs.push(invalid('spec.clusterIPs[0]', clusterIP, "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errs.push(invalid('spec.clusterIPs[0]', clusterIP, "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if (clusterIP) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
    else errs.push(required('spec.externalName'));
  } else if (clusterIP && clusterIP !== 'None' && !isValidIP(clusterIP)) {
    errs.push(invalid('spec.clusterIPs[0]', clusterIP, IP_ERROR));
  }
  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    const p = index('spec.ports', i);
    const name = str(port.name);
    if (ports.length > 1 && !name) errs.push(required(child(p, 'name')));
    else if (name) {
      errs.push(...validateDNS1123Label(name, child(p, 'name')));
      if (portNames.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else portNames.add(name);
    }
    const n = isInt(port.port) ? port.port : 0;
    for (const m of isValidPortNum(n)) errs.push(invalid(child(p, 'port'), n, m));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(child(p, 'protocol')));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(p, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
    errs.push(...validatePortNumOrName(port.targetPort, child(p, 'targetPort')));
    if (typeof port.appProtocol === 'string') errs.push(...validateQualifiedName(port.appProtocol, child(p, 'appProtocol')));
  });
  if (spec.selector !== undefined && spec.selector !== null) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const timeout = asObj(asObj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400)) {
      errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  if (!type) errs.push(required('spec.type'));
  else if (!SUPPORTED_SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SUPPORTED_SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (isInt(port.nodePort) && port.nodePort !== 0) errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!isInt(port.nodePort) || port.nodePort === 0) return;
    const k = `${str(port.protocol)}/${port.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), port.nodePort));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const k = `${str(port.protocol)}/${String(port.port)}`;
    if (seen.has(k)) errs.push(duplicate(index('spec.ports', i), servicePortKey(str(port.protocol), port.port)));
    seen.add(k);
  });
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && asList(spec.externalIPs).length > 0);
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') errs.push(required('spec.internalTrafficPolicy'));
  } else if (itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported('spec.internalTrafficPolicy', str(itp), ['Cluster', 'Local']));
  asList(spec.externalIPs).forEach((ip, i) => {
    if (!isValidIP(str(ip))) errs.push(invalid(index('spec.externalIPs', i), str(ip), IP_ERROR));
  });
  return errs;
}

function validateNode(node: J): FieldError[] {
  const spec = specOf(node);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(spec.taints).forEach((t, i) => {
    const p = index('spec.taints', i);
    errs.push(...validateQualifiedName(str(t.key), child(p, 'key')));
    const valueErrs = labelValueErrors(str(t.value));
    if (valueErrs.length > 0) errs.push(invalid(child(p, 'value'), str(t.value), valueErrs.join(';')));
    const effect = str(t.effect);
    if (!effect) errs.push(required(child(p, 'effect')));
    else if (!SUPPORTED_TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, SUPPORTED_TAINT_EFFECTS));
    const k = `${effect}\u0000${str(t.key)}`;
    if (seen.has(k)) {
      const v = new GoValue(`core.Taint{Key:${goQuote(str(t.key))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(effect)}, TimeAdded:<nil>}`);
      errs.push({ ...duplicate(p, v), detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(k);
  });
  return errs;
}

/** Keys of a data map are config keys (`data[key]`); a key may not be in both data maps of a ConfigMap. */
function validateDataKeys(obj: J, field: string, other?: string): FieldError[] {
  const errs: FieldError[] = [];
  const otherMap = other ? asObj(obj[other]) : undefined;
  for (const k of Object.keys(asObj(obj[field]) ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key(field, k), k, m));
    if (otherMap && k in otherMap) errs.push(invalid(key(field, k), k, `duplicate of key present in ${other}`));
  }
  return errs;
}

function validateConfigMap(cm: J): FieldError[] {
  return [...validateDataKeys(cm, 'data', 'binaryData'), ...validateDataKeys(cm, 'binaryData', 'data')];
}

/** ValidateSecret: keys, and the keys each well-known secret type requires. */
function validateSecret(secret: J): FieldError[] {
  const errs = validateDataKeys(secret, 'data');
  const data = { ...(asObj(secret.data) ?? {}), ...(asObj(secret.stringData) ?? {}) };
  const needs = (k: string): void => {
    if (!(k in data)) errs.push(required(key('data', k)));
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!str(asObj(asObj(secret.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
      needs('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      needs('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(required('data[username]'));
      break;
    case 'kubernetes.io/ssh-auth':
      needs('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      needs('tls.crt');
      needs('tls.key');
      break;
    default:
  }
  return errs;
}

const SUPPORTED_ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const list = asList(modes).map(str);
  if (list.length === 0) return [required(path, requiredDetail)];
  return list.filter((m) => !SUPPORTED_ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, SUPPORTED_ACCESS_MODES));
}

function validatePVCSpec(spec: J, path: string): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, child(path, 'accessModes'), 'at least 1 access mode is required');
  errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const storagePath = key(child(path, 'resources'), 'storage');
  const raw = asObj(asObj(spec.resources)?.requests)?.storage;
  if (raw === undefined || raw === null) errs.push(required(storagePath));
  else {
    const { q, error } = toQuantity(raw);
    if (!q) errs.push(invalid(storagePath, String(raw), error ?? ERR_FORMAT_WRONG));
    else if (sign(q) <= 0) errs.push(invalid(storagePath, formatQuantity(q), 'must be greater than zero'));
  }
  const mode = spec.volumeMode;
  if (mode !== undefined && mode !== null && mode !== 'Block' && mode !== 'Filesystem') {
    errs.push(notSupported(child(path, 'volumeMode'), str(mode), ['Block', 'Filesystem']));
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName, child(path, 'storageClassName')));
  }
  return errs;
}

function validatePVC(pvc: J): FieldError[] {
  return validatePVCSpec(specOf(pvc), 'spec');
}

function validatePV(pv: J): FieldError[] {
  const spec = specOf(pv);
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', '');
  const capacity = asObj(spec.capacity) ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity'));
  else if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errs.push(notSupported('spec.capacity', new GoValue('core.ResourceList{…}'), ['storage']));
  } else {
    const { q } = toQuantity(capacity.storage);
    if (q && sign(q) <= 0) errs.push(invalid('spec.capacity[storage]', formatQuantity(q), 'must be greater than zero'));
  }
  const sources = VOLUME_SOURCES.concat(['local']).filter((s) => spec[s] !== undefined && spec[s] !== null && !['emptyDir', 'secret', 'configMap', 'downwardAPI', 'projected', 'ephemeral', 'gitRepo', 'image'].includes(s));
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) errs.push(forbidden(child('spec', extra), 'may not specify more than 1 volume type'));
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy && !['Delete', 'Recycle', 'Retain'].includes(policy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName, 'spec.storageClassName'));
  }
  return errs;
}

function validateResourceQuota(rq: J): FieldError[] {
  const spec = specOf(rq);
  const errs: FieldError[] = [];
  for (const [name, raw] of Object.entries(asObj(spec.hard) ?? {})) {
    const p = key('spec.hard', name);
    errs.push(...validateQualifiedName(name, p));
    const { q } = toQuantity(raw);
    if (q && sign(q) < 0) errs.push(invalid(p, formatQuantity(q), IS_NEGATIVE));
  }
  const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
  asList(spec.scopes).forEach((s) => {
    if (!scopes.includes(str(s))) errs.push(notSupported('spec.scopes', str(s), scopes));
  });
  return errs;
}

function validateLimitRange(lr: J): FieldError[] {
  const errs: FieldError[] = [];
  const types = ['Container', 'PersistentVolumeClaim', 'Pod'];
  objs(specOf(lr).limits).forEach((item, i) => {
    const t = str(item.type);
    if (!types.includes(t)) errs.push(notSupported(child(index('spec.limits', i), 'type'), t, types));
  });
  return errs;
}

function validateControllerRevision(cr: J): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonnegative(cr.revision, 'revision'));
  return errs;
}

function validateLease(lease: J): FieldError[] {
  const spec = specOf(lease);
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errs.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

function validateEndpointSlice(slice: J): FieldError[] {
  const type = str(slice.addressType);
  if (!type) return [required('addressType')];
  if (!['FQDN', 'IPv4', 'IPv6'].includes(type)) return [notSupported('addressType', type, ['IPv4', 'IPv6', 'FQDN'])];
  const errs: FieldError[] = [];
  objs(slice.endpoints).forEach((ep, i) => {
    const addresses = asList(ep.addresses);
    const p = child(index('endpoints', i), 'addresses');
    if (addresses.length === 0) errs.push(required(p, 'must contain at least 1 address'));
    if (addresses.length > 100) errs.push(tooMany(p, addresses.length, 100));
  });
  return errs;
}

function validateEndpoints(ep: J): FieldError[] {
  const errs: FieldError[] = [];
  objs(ep.subsets).forEach((subset, i) => {
    const p = index('subsets', i);
    if (asList(subset.addresses).length === 0 && asList(subset.notReadyAddresses).length === 0) {
      errs.push(required(child(p, 'addresses'), 'must specify `addresses` or `notReadyAddresses`'));
    }
    objs(subset.ports).forEach((port, j) => {
      const pp = index(child(p, 'ports'), j);
      const n = isInt(port.port) ? port.port : 0;
      for (const m of isValidPortNum(n)) errs.push(invalid(child(pp, 'port'), n, m));
      const protocol = str(port.protocol);
      if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(pp, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
    });
  });
  return errs;
}

function validateIngressBackend(backend: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const service = asObj(backend.service);
  const resource = asObj(backend.resource);
  if (service && resource) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (!service && !resource) return [invalid(path, '', 'resource or service backend is required')];
  if (service) {
    const name = str(service.name);
    if (!name) errs.push(required(child(path, 'service', 'name')));
    else for (const m of isDNS1035Label(name)) errs.push(invalid(child(path, 'service', 'name'), name, m));
    const port = asObj(service.port) ?? {};
    const hasName = str(port.name) !== '';
    const hasNumber = isInt(port.number) && port.number !== 0;
    if (hasName && hasNumber) errs.push(invalid(child(path, 'service', 'port'), '', 'cannot set both port name & port number'));
    else if (hasName) for (const m of isValidPortName(str(port.name))) errs.push(invalid(child(path, 'service', 'port', 'name'), str(port.name), m));
    else if (hasNumber) for (const m of isValidPortNum(port.number as number)) errs.push(invalid(child(path, 'service', 'port', 'number'), port.number, m));
    else errs.push(required(child(path, 'service', 'port'), 'port name or number is required'));
  }
  return errs;
}

function validateIngress(ing: J): FieldError[] {
  const spec = specOf(ing);
  const errs: FieldError[] = [];
  const rules = objs(spec.rules);
  const defaultBackend = asObj(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend) errs.push(invalid('spec', new GoValue('[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  if (defaultBackend) errs.push(...validateIngressBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const p = index('spec.rules', i);
    const host = str(rule.host);
    if (host) {
      if (host.startsWith('*.')) {
        for (const m of isDNS1123Subdomain(host.slice(2))) errs.push(invalid(child(p, 'host'), host, m));
      } else {
        errs.push(...validateDNS1123Subdomain(host, child(p, 'host')));
      }
    }
    const http = asObj(rule.http);
    if (!http) return;
    const paths = objs(http.paths);
    if (paths.length === 0) errs.push(required(child(p, 'http', 'paths')));
    paths.forEach((hp, j) => {
      const pp = index(child(p, 'http', 'paths'), j);
      const pathType = str(hp.pathType);
      if (!pathType) errs.push(required(child(pp, 'pathType'), 'pathType must be specified'));
      else if (!['Exact', 'ImplementationSpecific', 'Prefix'].includes(pathType)) {
        errs.push(notSupported(child(pp, 'pathType'), pathType, ['Exact', 'ImplementationSpecific', 'Prefix']));
      }
      const path = str(hp.path);
      if ((pathType === 'Exact' || pathType === 'Prefix') && !path.startsWith('/')) errs.push(invalid(child(pp, 'path'), path, 'must be an absolute path'));
      errs.push(...validateIngressBackend(asObj(hp.backend) ?? {}, child(pp, 'backend')));
    });
  });
  return errs;
}

function validateIngressClass(ic: J): FieldError[] {
  const controller = str(specOf(ic).controller);
  if (!controller) return [required('spec.controller')];
  const segments = controller.split('/');
  if (segments.length < 2 || segments[0] === '' || segments.slice(1).join('/') === '') {
    return [invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  return isDNS1123Subdomain(segments[0]).map((m) => invalid('spec.controller', segments[0], m));
}

function validateNetworkPolicy(np: J): FieldError[] {
  const spec = specOf(np);
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  for (const dir of ['ingress', 'egress']) {
    objs(spec[dir]).forEach((rule, i) => {
      objs(rule.ports).forEach((port, j) => {
        const p = index(child(index(child('spec', dir), i), 'ports'), j);
        const protocol = port.protocol;
        if (protocol !== undefined && protocol !== null && !SUPPORTED_PORT_PROTOCOLS.includes(str(protocol))) {
          errs.push(notSupported(child(p, 'protocol'), str(protocol), SUPPORTED_PORT_PROTOCOLS));
        }
        if (port.port !== undefined && port.port !== null) errs.push(...validatePortNumOrName(port.port, child(p, 'port')));
      });
      for (const peerList of ['from', 'to']) {
        objs(rule[peerList]).forEach((peer, k) => {
          const pp = index(child(index(child('spec', dir), i), peerList), k);
          errs.push(...validateLabelSelector(peer.podSelector, child(pp, 'podSelector')));
          errs.push(...validateLabelSelector(peer.namespaceSelector, child(pp, 'namespaceSelector')));
        });
      }
    });
  }
  asList(spec.policyTypes).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(index('spec.policyTypes', i), str(t), ['Egress', 'Ingress']));
  });
  return errs;
}

function validateStorageClass(sc: J): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push(required('provisioner'));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), 'provisioner').map((e) => ({ ...e, value: provisioner })));
  const policy = str(sc.reclaimPolicy);
  if (!['Delete', 'Retain'].includes(policy)) errs.push(notSupported('reclaimPolicy', policy, ['Delete', 'Retain']));
  const mode = str(sc.volumeBindingMode);
  if (!mode) errs.push(required('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(mode)) errs.push(notSupported('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  return errs;
}

function validatePDB(pdb: J): FieldError[] {
  const spec = specOf(pdb);
  const errs: FieldError[] = [];
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) errs.push(invalid('spec', new GoValue('policy.PodDisruptionBudgetSpec{…}'), 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (spec[f] === undefined || spec[f] === null) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], child('spec', f)));
    errs.push(...isNotMoreThan100Percent(spec[f], child('spec', f)));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', str(policy), ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

function validateHPA(hpa: J): FieldError[] {
  const spec = specOf(hpa);
  const errs: FieldError[] = [];
  const ref = asObj(spec.scaleTargetRef) ?? {};
  if (!str(ref.kind)) errs.push(required('spec.scaleTargetRef.kind'));
  else for (const m of nameIsPathSegment(str(ref.kind), false)) errs.push(invalid('spec.scaleTargetRef.kind', str(ref.kind), m));
  if (!str(ref.name)) errs.push(required('spec.scaleTargetRef.name'));
  else for (const m of nameIsPathSegment(str(ref.name), false)) errs.push(invalid('spec.scaleTargetRef.name', str(ref.name), m));
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (typeof max === 'number' && max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  }
  const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
  objs(spec.metrics).forEach((m, i) => {
    const p = index('spec.metrics', i);
    const t = str(m.type);
    if (!t) errs.push(required(child(p, 'type'), 'must specify a metric source type'));
    else if (!types.includes(t)) errs.push(notSupported(child(p, 'type'), t, types));
    if (t === 'Resource') {
      const resource = asObj(m.resource);
      if (!resource) errs.push(required(child(p, 'resource'), 'must populate information for the given metric source'));
      else if (!str(resource.name)) errs.push(required(child(p, 'resource', 'name'), 'must specify a resource name'));
    }
  });
  return errs;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validatePolicyRules(obj: J, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  objs(obj.rules).forEach((rule, i) => {
    const p = index('rules', i);
    if (asList(rule.verbs).length === 0) errs.push(required(child(p, 'verbs'), 'verbs must contain at least one value'));
    const urls = asList(rule.nonResourceURLs).map(str);
    if (urls.length > 0) {
      if (namespaced) errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (asList(rule.apiGroups).length > 0 || asList(rule.resources).length > 0 || asList(rule.resourceNames).length > 0) {
        errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (asList(rule.apiGroups).length === 0) errs.push(required(child(p, 'apiGroups'), 'resource rules must supply at least one api group'));
    if (asList(rule.resources).length === 0) errs.push(required(child(p, 'resources'), 'resource rules must supply at least one resource'));
  });
  return errs;
}

function validateBinding(b: J, cluster: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const roleRef = asObj(b.roleRef) ?? {};
  if (str(roleRef.apiGroup) !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', str(roleRef.apiGroup), [RBAC_GROUP]));
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(str(roleRef.kind))) errs.push(notSupported('roleRef.kind', str(roleRef.kind), kinds));
  if (!str(roleRef.name)) errs.push(required('roleRef.name'));
  else for (const m of nameIsPathSegment(str(roleRef.name), false)) errs.push(invalid('roleRef.name', str(roleRef.name), m));
  objs(b.subjects).forEach((s, i) => {
    const p = index('subjects', i);
    const name = str(s.name);
    if (!name) errs.push(required(child(p, 'name')));
    switch (s.kind) {
      case 'ServiceAccount':
        if (name) for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(p, 'name'), name, m));
        if (str(s.apiGroup)) errs.push(notSupported(child(p, 'apiGroup'), str(s.apiGroup), ['']));
        if (cluster && !str(s.namespace)) errs.push(required(child(p, 'namespace')));
        break;
      case 'User':
      case 'Group':
        if (str(s.apiGroup) !== RBAC_GROUP) errs.push(notSupported(child(p, 'apiGroup'), str(s.apiGroup), [RBAC_GROUP]));
        break;
      default:
        errs.push(notSupported(child(p, 'kind'), str(s.kind), ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

const SYSTEM_PRIORITY_CLASSES = new Set(['system-node-critical', 'system-cluster-critical']);
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

function validatePriorityClass(pc: J): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(asObj(pc.metadata)?.name);
  if (SYSTEM_PRIORITY_CLASSES.has(name)) return errs;
  if (name.startsWith('system-')) errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
  if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = pc.preemptionPolicy;
  if (policy !== undefined && policy !== null && policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    errs.push(notSupported('preemptionPolicy', str(policy), ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

function validateNamespaceSpec(ns: J): FieldError[] {
  const errs: FieldError[] = [];
  asList(specOf(ns).finalizers).forEach((f, i) => {
    const name = str(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(index('spec.finalizers', i), name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** ValidateCustomResourceDefinition: the name, group, names, scope and versions, plus the schemas' structure. */
function validateCRD(crd: J): FieldError[] {
  const spec = specOf(crd);
  const errs: FieldError[] = [];
  const group = str(spec.group);
  const names = asObj(spec.names) ?? {};
  const plural = str(names.plural);
  const name = str(asObj(crd.metadata)?.name);
  if (name !== `${plural}.${group}`) errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) errs.push(required('spec.group'));
  else {
    errs.push(...validateDNS1123Subdomain(group, 'spec.group'));
    if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope);
  if (!scope) errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  for (const f of ['plural', 'singular']) {
    const v = str(names[f]);
    if (!v) errs.push(required(child('spec.names', f)));
    else {
      const msgs = isDNS1035Label(v);
      if (msgs.length > 0) errs.push(invalid(child('spec.names', f), v, msgs.join(',')));
    }
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(names[f]);
    if (!v) errs.push(required(child('spec.names', f)));
    else {
      const msgs = isDNS1035Label(v.toLowerCase());
      if (msgs.length > 0) errs.push(invalid(child('spec.names', f), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
    }
  }
  if (str(names.kind) && names.kind === names.listKind) errs.push(invalid('spec.names.listKind', str(names.listKind), 'kind and listKind may not be the same'));
  asList(names.shortNames).forEach((s, i) => {
    const msgs = isDNS1035Label(str(s));
    if (msgs.length > 0) errs.push(invalid(index('spec.names.shortNames', i), str(s), msgs.join(',')));
  });
  const versions = objs(spec.versions);
  const versionsValue = new GoValue('[]apiextensions.CustomResourceDefinitionVersion{…}');
  if (versions.length === 0) errs.push(invalid('spec.versions', versionsValue, 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const p = index('spec.versions', i);
    const vname = str(v.name);
    if (v.storage === true) storage++;
    if (seen.has(vname)) unique = false;
    seen.add(vname);
    const msgs = isDNS1035Label(vname);
    if (msgs.length > 0) errs.push(invalid(child(p, 'name'), vname, msgs.join(',')));
    const schema = asObj(asObj(v.schema)?.openAPIV3Schema);
    if (!schema) errs.push(required(child(p, 'schema', 'openAPIV3Schema'), 'schemas are required'));
    else errs.push(...validateStructuralSchema(schema, child(p, 'schema', 'openAPIV3Schema'), true));
  });
  if (!unique) errs.push(invalid('spec.versions', versionsValue, 'must contain unique version names'));
  if (versions.length > 0 && storage !== 1) errs.push(invalid('spec.versions', versionsValue, 'must have exactly one version marked as storage version'));
  if (versions.length > 0 && !versions.some((v) => v.served === true)) errs.push(invalid('spec.versions', versionsValue, 'must have at least one version served'));
  return errs;
}

/** The structural-schema rules users trip over: a typed object root, and a type for every specified field. */
function validateStructuralSchema(schema: J, path: string, root: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(schema.type);
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (root) {
    if (!type) errs.push(required(child(path, 'type'), 'must not be empty at the root'));
    else if (type !== 'object') errs.push(invalid(child(path, 'type'), type, 'must be object at the root'));
  } else if (!type && !intOrString && !preserve) {
    errs.push(required(child(path, 'type'), 'must not be empty for specified object fields'));
  }
  for (const [name, prop] of Object.entries(asObj(schema.properties) ?? {})) {
    if (isObj(prop)) errs.push(...validateStructuralSchema(prop, key(child(path, 'properties'), name), false));
  }
  const items = asObj(schema.items);
  if (items) errs.push(...validateStructuralSchema(items, child(path, 'items'), false));
  else if (type === 'array') errs.push(required(child(path, 'items'), 'must be specified'));
  const additional = asObj(schema.additionalProperties);
  if (additional) errs.push(...validateStructuralSchema(additional, child(path, 'additionalProperties'), false));
  return errs;
}

interface KindRules {
  nameFn: NameFn;
  validate?: KindValidator;
}

/** Per `<apiVersion>/<kind>`: how its name is checked and its semantic validator. */
const KIND_RULES: Readonly<Record<string, KindRules>> = {
  'v1/Pod': { nameFn: nameIsDNSSubdomain, validate: validatePod },
  'v1/Node': { nameFn: nameIsDNSSubdomain, validate: validateNode },
  'v1/Namespace': { nameFn: nameIsDNSLabel, validate: validateNamespaceSpec },
  'v1/Service': { nameFn: nameIsDNS1035Label, validate: validateService },
  'v1/Endpoints': { nameFn: nameIsDNSSubdomain, validate: validateEndpoints },
  'v1/ConfigMap': { nameFn: nameIsDNSSubdomain, validate: validateConfigMap },
  'v1/Secret': { nameFn: nameIsDNSSubdomain, validate: validateSecret },
  'v1/ServiceAccount': { nameFn: nameIsDNSSubdomain },
  'v1/Event': { nameFn: nameIsDNSSubdomain },
  'v1/PersistentVolume': { nameFn: nameIsDNSSubdomain, validate: validatePV },
  'v1/PersistentVolumeClaim': { nameFn: nameIsDNSSubdomain, validate: validatePVC },
  'v1/ResourceQuota': { nameFn: nameIsDNSSubdomain, validate: validateResourceQuota },
  'v1/LimitRange': { nameFn: nameIsDNSSubdomain, validate: validateLimitRange },
  'v1/ReplicationController': { nameFn: nameIsDNSSubdomain, validate: validateReplicationController },
  'apps/v1/Deployment': { nameFn: nameIsDNSSubdomain, validate: validateDeployment },
  'apps/v1/ReplicaSet': { nameFn: nameIsDNSSubdomain, validate: validateReplicaSet },
  'apps/v1/StatefulSet': { nameFn: nameIsDNSLabel, validate: validateStatefulSet },
  'apps/v1/DaemonSet': { nameFn: nameIsDNSSubdomain, validate: validateDaemonSet },
  'apps/v1/ControllerRevision': { nameFn: nameIsDNSSubdomain, validate: validateControllerRevision },
  'batch/v1/Job': { nameFn: nameIsDNSSubdomain, validate: validateJob },
  'batch/v1/CronJob': { nameFn: nameIsDNSSubdomain, validate: validateCronJob },
  'coordination.k8s.io/v1/Lease': { nameFn: nameIsDNSSubdomain, validate: validateLease },
  'discovery.k8s.io/v1/EndpointSlice': { nameFn: nameIsDNSSubdomain, validate: validateEndpointSlice },
  'networking.k8s.io/v1/Ingress': { nameFn: nameIsDNSSubdomain, validate: validateIngress },
  'networking.k8s.io/v1/IngressClass': { nameFn: nameIsDNSSubdomain, validate: validateIngressClass },
  'networking.k8s.io/v1/NetworkPolicy': { nameFn: nameIsDNSSubdomain, validate: validateNetworkPolicy },
  'storage.k8s.io/v1/StorageClass': { nameFn: nameIsDNSSubdomain, validate: validateStorageClass },
  'policy/v1/PodDisruptionBudget': { nameFn: nameIsDNSSubdomain, validate: validatePDB },
  'autoscaling/v2/HorizontalPodAutoscaler': { nameFn: nameIsDNSSubdomain, validate: validateHPA },
  'rbac.authorization.k8s.io/v1/Role': { nameFn: nameIsPathSegment, validate: (o) => validatePolicyRules(o, true) },
  'rbac.authorization.k8s.io/v1/RoleBinding': { nameFn: nameIsPathSegment, validate: (o) => validateBinding(o, false) },
  'rbac.authorization.k8s.io/v1/ClusterRole': { nameFn: nameIsPathSegment, validate: (o) => validatePolicyRules(o, false) },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { nameFn: nameIsPathSegment, validate: (o) => validateBinding(o, true) },
  'scheduling.k8s.io/v1/PriorityClass': { nameFn: nameIsDNSSubdomain, validate: validatePriorityClass },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { nameFn: nameIsDNSSubdomain, validate: validateCRD },
};

// =============================================================================================
// Schema pass for built-in kinds: kubernetes-models' compiled ajv validators

type ModelClass = { prototype: { validate(this: unknown): void } };
const modelCache = new Map<string, ModelClass['prototype']['validate'] | null>();

/** The kubernetes-models validate function of a kind, loaded on first use (each model pulls in its schemas). */
function modelValidator(info: ResourceInfo): ModelClass['prototype']['validate'] | null {
  const k = `${info.apiVersion}/${info.kind}`;
  let fn = modelCache.get(k);
  if (fn === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`kubernetes-models/${info.apiVersion}/${info.kind}`) as Record<string, ModelClass>;
      fn = mod[info.kind]?.prototype.validate ?? null;
    } catch {
      fn = null;
    }
    modelCache.set(k, fn);
  }
  return fn;
}

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

function valueAt(instancePath: string, data: unknown): unknown {
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
function ajvToFieldErrors(errors: readonly ErrorObject[], data: unknown): FieldError[] {
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

const INTEGER_FORMATS = new Set(['int32', 'int64']);

/** Type errors of a built-in kind (upstream's decoding failures); apiVersion/kind are the API server's to check. */
function builtinSchemaErrors(info: ResourceInfo, obj: KubeObject): FieldError[] {
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

// =============================================================================================
// CRD-served kinds: ajv over the openAPIV3Schema

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

function crdSchemaErrors(info: ResourceInfo, obj: KubeObject): FieldError[] {
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

// =============================================================================================
// Unknown fields (strict decoding)

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

// =============================================================================================
// Entry point

/**
 * Field errors for an object about to be stored, as the API server's create/update validation
 * reports them; empty when valid. Call it on the defaulted object (after `applyDefaults`) with
 * metadata.namespace already set from the request, as upstream validates after defaulting.
 * Type errors stop there (upstream fails decoding before validating). For CRD kinds the schema of
 * the kind currently registered in `registry` is used, so a CRD update takes effect at once.
 * Update-only rules (immutable fields, metadata that may not change) are not checked here.
 */
export function validateObject(info: ResourceInfo, obj: KubeObject, registry?: ResourceRegistry): FieldError[] {
  const served = (info.crd && registry?.byName(info.name)) || info;
  if (served.crd) {
    const schemaErrs = crdSchemaErrors(served, obj);
    const meta = validateObjectMeta(asObj(obj.metadata), { namespaced: served.namespaced, nameFn: nameIsDNSSubdomain, kubeFinalizers: false });
    return [...meta, ...schemaErrs];
  }
  const typeErrs = builtinSchemaErrors(served, obj);
  if (typeErrs.length > 0) return typeErrs;
  const rules = KIND_RULES[`${served.apiVersion}/${served.kind}`] ?? { nameFn: nameIsDNSSubdomain };
  const errs = validateObjectMeta(asObj(obj.metadata), { namespaced: served.namespaced, nameFn: rules.nameFn, kubeFinalizers: true });
  errs.push(...(rules.validate?.(obj as J) ?? []));
  return errs;
}
