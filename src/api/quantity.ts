/**
 * Kubernetes `resource.Quantity` (apimachinery pkg/api/resource): parsing, exact arithmetic,
 * comparison and the canonical `String()` form.
 *
 * Representation: the exact value in nano-units as a BigInt, plus the format the text was written in
 * (`DecimalSI`, `BinarySI`, `DecimalExponent`). Upstream keeps values at nano precision too (it rounds
 * parsed values up, away from zero, to the nearest 1n), so every quantity upstream can hold is exact here,
 * without upstream's int64 limits, except that a BinarySI value parsed above 2^63-1 is capped as
 * upstream does. `milliValue`/`value` return JS numbers: exact while the result's magnitude is at most
 * 2^53 (about 9.0e15, e.g. 9 PB in bytes, or 9 TB expressed in milli-units); use `milliValueBig` /
 * `valueBig` beyond that.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An immutable quantity. Build with `parseQuantity`, `newQuantity` or `newMilliQuantity`. */
export interface Quantity {
  /** The exact value × 10^9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** The text is not a quantity. Messages are upstream's `ErrFormatWrong`, `ErrNumeric`, `ErrSuffix`. */
export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MAX_BINARY = 2n ** 63n - 1n; // upstream's maxAllowed, applied to BinarySI values only

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);
const DECIMAL_BY_EXPONENT = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map([...BINARY_SUFFIXES].map(([s, e]) => [e, s]));

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

interface Parts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** `parseQuantityString`, including its leniencies (`1.G`, a bare sign meaning zero). */
function splitQuantity(str: string): Parts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  if (pos < end && (str[0] === '-' || str[0] === '+')) {
    positive = str[0] !== '-';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  pos = i;
  if (i >= end) return { positive, num, denom: '', suffix: '' };
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
    if (i >= end) return { positive, num, denom, suffix: '' };
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i])) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) {
    if (!isDigit(str[i])) throw new QuantityParseError(ERR_FORMAT_WRONG);
  }
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

/** `suffixHandler.interpret`: base, exponent and format of a suffix. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const exp = suffix.slice(1);
    // strconv.ParseInt(suffix[1:], 10, 64): an optional sign and digits.
    if (/^[+-]?[0-9]+$/.test(exp)) {
      const e = Number(exp);
      if (Number.isSafeInteger(e)) return { base: 10, exponent: e, format: 'DecimalExponent' };
    }
  }
  return undefined;
}

/** Divides, rounding the magnitude up (inf.RoundUp: away from zero). */
function divAwayFromZero(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n < 0n ? q - 1n : q + 1n;
}

/**
 * `resource.ParseQuantity`. Accepts numbers too (YAML `cpu: 2`), read as their JS text.
 * @throws QuantityParseError with upstream's message.
 */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? String(input) : input;
  if (str.length === 0) throw new QuantityParseError(ERR_FORMAT_WRONG);
  if (str === '0') return { nanos: 0n, format: 'DecimalSI' };
  const { positive, num, denom, suffix } = splitQuantity(str);
  const s = interpretSuffix(suffix);
  if (!s) throw new QuantityParseError(ERR_SUFFIX);
  let format = s.format;
  // value = (num.denom) × base^exponent, held as digits × 10^(-len(denom)).
  let scaled = BigInt(num + denom);
  if (s.base === 2) scaled *= 2n ** BigInt(s.exponent);
  const shift = 9 + (s.base === 10 ? s.exponent : 0) - denom.length;
  let nanos = shift >= 0 ? scaled * pow10(shift) : divAwayFromZero(scaled, pow10(-shift));
  if (format === 'BinarySI' && nanos > MAX_BINARY * NANO) nanos = MAX_BINARY * NANO;
  // Below one, binary suffixes would only confuse (`0.5Ki` is 512, but `0.001Ki` is not a whole Ki).
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  return { nanos: positive ? nanos : -nanos, format };
}

/** `resource.MustParse` for literals in code. */
export const mustParseQuantity = parseQuantity;

/** `resource.NewQuantity(value, format)`. */
export function newQuantity(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: toBig(value) * NANO, format };
}

/** `resource.NewMilliQuantity(milli, format)`. */
export function newMilliQuantity(milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: toBig(milli) * 1_000_000n, format };
}

function toBig(v: number | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return BigInt(v);
}

/** `Quantity.MilliValue()`: the value in milli-units, rounded up away from zero. */
export function milliValueBig(q: Quantity): bigint {
  return divAwayFromZero(q.nanos, 1_000_000n);
}
/** `Quantity.Value()`: the value rounded up away from zero (`100m` → 1). */
export function valueBig(q: Quantity): bigint {
  return divAwayFromZero(q.nanos, NANO);
}
/** `milliValueBig` as a number; exact up to 2^53 in magnitude. */
export function milliValue(q: Quantity): number {
  return Number(milliValueBig(q));
}
/** `valueBig` as a number; exact up to 2^53 in magnitude. */
export function value(q: Quantity): number {
  return Number(valueBig(q));
}
/** `Quantity.AsApproximateFloat64()`. */
export function approximateFloat(q: Quantity): number {
  return Number(q.nanos) / 1e9;
}

export function isZero(q: Quantity): boolean {
  return q.nanos === 0n;
}
export function sign(q: Quantity): -1 | 0 | 1 {
  return q.nanos < 0n ? -1 : q.nanos > 0n ? 1 : 0;
}
/** `Quantity.Cmp`: -1, 0 or 1. Formats do not matter (`1Gi` equals `1073741824`). */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}
export function quantitiesEqual(a: Quantity, b: Quantity): boolean {
  return a.nanos === b.nanos;
}
/** `Quantity.Add`: keeps `a`'s format, or takes `b`'s when `a` is zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}
/** `Quantity.Sub`: as `addQuantity` with `b` negated. */
export function subQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}
export function negQuantity(q: Quantity): Quantity {
  return { nanos: -q.nanos, format: q.format };
}
export function sumQuantities(qs: Iterable<Quantity>, format: QuantityFormat = 'DecimalSI'): Quantity {
  let acc: Quantity = { nanos: 0n, format };
  for (const q of qs) acc = addQuantity(acc, q);
  return acc;
}

/** Strips factors of `base` from a magnitude: `[rest, times]`. */
function removeFactors(v: bigint, base: bigint): [bigint, number] {
  const neg = v < 0n;
  let r = abs(v);
  let times = 0;
  while (r >= base && r % base === 0n) {
    r /= base;
    times++;
  }
  return [neg ? -r : r, times];
}

/**
 * `Quantity.String()`: the canonical form. BinarySI stays binary when the value is a whole number
 * of at least 1024 in magnitude (`1536Mi`, `1Gi`); otherwise decimal with the exponent lowered to a
 * multiple of 3 (`0.5` → `500m`, `1000m` → `1`, `1500` → `1500`, `2000` → `2k`).
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    if ((q.nanos > -1024n * NANO && q.nanos < 1024n * NANO) || q.nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let [amount, times] = removeFactors(q.nanos / NANO, 1024n);
    // Past Ei there is no suffix: keep the excess in the number.
    while (times > 6) {
      amount *= 1024n;
      times--;
    }
    return `${amount}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  let [mantissa, times] = removeFactors(q.nanos, 10n);
  let exponent = times - 9;
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Past E there is no suffix: keep the excess in the number.
  while (exponent > 18) {
    mantissa *= 1000n;
    exponent -= 3;
  }
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/** Parses and re-prints: the canonical spelling of a quantity text. */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}
