/**
 * Object and DNS name checks of apimachinery `util/validation` and `api/validation`, and the
 * per-kind name checkers (`NameFn`). Label keys use selectors.ts's `qualifiedNameErrors`.
 */
import { DNS1123_LABEL_FMT, DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, DNS1123_SUBDOMAIN_RE, byteLength, maxLenError, qualifiedNameErrors, regexError } from '../selectors';
import { type FieldError, invalid } from './errors';

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
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

/** A name checker: messages for a bad name; `prefix` means a generateName (a trailing '-' is allowed). */
export type NameFn = (name: string, prefix: boolean) => string[];
/** `maskTrailingDash`: generateName may end in '-' since random characters follow. */
const maskTrailingDash = (name: string): string => (name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name);
export const nameIsDNSSubdomain: NameFn = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameFn = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameFn = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);
/** `path.ValidatePathSegmentName` (RBAC objects). */
export const nameIsPathSegment: NameFn = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

export const validateDNS1123Label = (value: string, path: string): FieldError[] => isDNS1123Label(value).map((m) => invalid(path, value, m));
export const validateDNS1123Subdomain = (value: string, path: string): FieldError[] => isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
export const validateQualifiedName = (value: string, path: string): FieldError[] => qualifiedNameErrors(value).map((m) => invalid(path, value, m));
