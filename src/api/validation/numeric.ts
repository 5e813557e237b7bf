/** Numeric fields: non-negative integers, int-or-percent values and resource quantities. */
import { ERR_FORMAT_WRONG, type Quantity, QuantityParseError, parseQuantity } from '../quantity';
import { type FieldError, GoValue, invalid } from './errors';
import { isValidPercent } from './formats';
import { isInt } from './json';

export const IS_NEGATIVE = 'must be greater than or equal to 0';

export function validateNonnegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

/** `intstr.IntOrString.String()`. */
export const intOrStringValue = (v: unknown): GoValue => new GoValue(String(v));

/** `ValidatePositiveIntOrPercent`. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrStringValue(v), m));
  if (isInt(v)) return validateNonnegative(v, path);
  return [];
}

/** `IsNotMoreThan100Percent`. */
export function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !/^[0-9]+%$/.test(v)) return [];
  return parseInt(v, 10) > 100 ? [invalid(path, intOrStringValue(v), 'must not be greater than 100%')] : [];
}

/** The int or percent of a rollingUpdate field (`getIntOrPercentValue`). */
export const intOrPercent = (v: unknown): number => (typeof v === 'string' ? parseInt(v, 10) || 0 : isInt(v) ? v : 0);

/** A quantity as upstream decodes one, or undefined (with the parse error) when it is not one. */
export function toQuantity(raw: unknown): { q?: Quantity; error?: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { error: ERR_FORMAT_WRONG };
  try {
    return { q: parseQuantity(raw) };
  } catch (e) {
    return { error: e instanceof QuantityParseError ? e.message : ERR_FORMAT_WRONG };
  }
}
