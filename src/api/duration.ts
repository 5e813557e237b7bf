/**
 * Durations as scenario steps write them, and Go's `time.Duration` text.
 *
 * Two spellings are accepted (STEPS.md `{duration}`):
 * - words: a number and a unit, `90 seconds`, `1 second`, `1 minute`, `5 minutes`, `2 hours`,
 *   `1.5 minutes`; units millisecond(s), second(s), minute(s), hour(s), day(s) and the abbreviations
 *   ms, msec(s), sec(s), min(s), hr(s), h, s, d; several terms add up
 *   (`1 minute 30 seconds`, `1 hour and 5 minutes`);
 * - Go's `time.ParseDuration` syntax: `1m30s`, `300ms`, `1h`, `10s`, `2.5s`, `-5s`, `0`.
 * Results are virtual milliseconds, the Loop's unit; sub-millisecond Go units (`ns`, `us`, `µs`) give
 * fractional milliseconds.
 */

/** The text is not a duration; the message names the text and the accepted forms. */
export class DurationParseError extends Error {
  constructor(
    readonly text: string,
    reason?: string,
  ) {
    super(
      `invalid duration ${JSON.stringify(text)}${reason ? ` (${reason})` : ''}: expected a number and a unit ` +
        '(90 seconds, 1 second, 1 minute, 5 minutes, 2 hours) or a Go duration (1m30s, 300ms, 1h, 10s, 2.5s)',
    );
    this.name = 'DurationParseError';
  }
}

const NS_PER_MS = 1_000_000n;

/** Go's unitMap, in nanoseconds. */
const GO_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const WORD_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['millisecond', 1_000_000n],
  ['second', 1_000_000_000n],
  ['minute', 60_000_000_000n],
  ['hour', 3_600_000_000_000n],
  ['day', 86_400_000_000_000n],
]);

/** `time.ParseDuration` in nanoseconds; throws with Go's own reason text. */
function parseGoDuration(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
    const intMatch = /^[0-9]*/.exec(s)![0];
    s = s.slice(intMatch.length);
    let frac = '';
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      frac = /^[0-9]*/.exec(s)![0];
      s = s.slice(frac.length);
      post = frac.length > 0;
    }
    if (intMatch.length === 0 && !post) throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    if (i === 0) throw new Error(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = GO_UNITS.get(u);
    if (unit === undefined) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(orig)}`);
    const whole = intMatch.length > 0 ? BigInt(intMatch) : 0n;
    // The fraction is truncated to whole nanoseconds, as Go does.
    const fracNs = frac.length > 0 ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n;
    total += whole * unit + fracNs;
    if (total > 2n ** 63n) throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
  }
  if (!neg && total > 2n ** 63n - 1n) throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
  return neg ? -total : total;
}

/** Abbreviations accepted in the words form (`300 ms`, `10 secs`, `2 hrs`). */
const WORD_ALIASES: ReadonlyMap<string, string> = new Map([
  ['ms', 'millisecond'],
  ['msec', 'millisecond'],
  ['s', 'second'],
  ['sec', 'second'],
  ['min', 'minute'],
  ['h', 'hour'],
  ['hr', 'hour'],
  ['d', 'day'],
]);

const WORD_TERM = /^(\d+(?:\.\d+)?)\s*([a-zµμ]+)$/i;

function wordUnit(word: string): bigint | undefined {
  const w = word.toLowerCase();
  const direct = WORD_UNITS.get(WORD_ALIASES.get(w) ?? w);
  if (direct !== undefined) return direct;
  if (!w.endsWith('s')) return undefined;
  const singular = w.slice(0, -1);
  return WORD_UNITS.get(WORD_ALIASES.get(singular) ?? singular);
}

/** The words form in nanoseconds, or undefined when the text is not in that form. */
function parseWords(text: string): bigint | undefined {
  const terms = text
    .trim()
    .split(/\s*,\s*|\s+and\s+|\s+(?=\d)/i)
    .filter((t) => t.length > 0);
  if (terms.length === 0) return undefined;
  let total = 0n;
  for (const term of terms) {
    const m = WORD_TERM.exec(term);
    if (!m || !/\s/.test(term)) return undefined; // words need a space: `5s` is Go syntax
    const unit = wordUnit(m[2]);
    if (unit === undefined) return undefined;
    const [whole, frac = ''] = m[1].split('.');
    total += BigInt(whole) * unit + (frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n);
  }
  return total;
}

/**
 * A duration in milliseconds.
 * @throws DurationParseError naming the text and the accepted forms.
 */
export function parseDuration(text: string): number {
  const ns = parseDurationNs(text);
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** A duration in exact nanoseconds (Go's unit). */
export function parseDurationNs(text: string): bigint {
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) {
    const words = parseWords(trimmed);
    if (words === undefined) throw new DurationParseError(text);
    return words;
  }
  try {
    return parseGoDuration(trimmed);
  } catch (e) {
    throw new DurationParseError(text, (e as Error).message);
  }
}

/** Go's fmtFrac: `.123` with trailing zeros dropped, nothing when the fraction is zero. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return [print ? `.${digits}` : '', v];
}

/** `time.Duration.String()` of a number of nanoseconds: `1h0m0s`, `5m0s`, `1m30s`, `2.5s`, `300ms`, `0s`. */
export function formatDurationNs(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1_000n) {
      unit = 'ns';
      prec = 0;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** `time.Duration.String()` of a number of milliseconds, for upstream messages such as `back-off 5m0s` (SEMANTICS.md fact 135). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}`);
  const whole = Math.trunc(ms);
  const ns = BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  return formatDurationNs(ns);
}
