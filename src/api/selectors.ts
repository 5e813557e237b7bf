/**
 * Label and field selectors, as apimachinery's `labels` and `fields` packages and the per-kind
 * field-label conversions of the API server.
 *
 * Label selectors:
 * - `parseLabelSelector` is `labels.Parse` (kubectl syntax): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 *   `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated ANDs. Requirements are sorted by key, values
 *   deduplicated and sorted, exactly as upstream, so `toString()` is canonical.
 * - `labelSelectorFromObject` is `metav1.LabelSelectorAsSelector`: a nil selector selects nothing, an
 *   empty one everything.
 * Errors carry upstream's text (`unable to parse requirement: ...`, `found '...', expected: ...`).
 *
 * Field selectors: `parseFieldSelector` is `fields.ParseSelector` (`=`, `==`, `!=`, `\`-escapes; no
 * whitespace trimming, as upstream); `convertFieldSelector(kind, sel)` applies the kind's field-label
 * conversion (the API server rejects unsupported fields with that function's message);
 * `fieldsFor(kind, obj)` is the registry's `ToSelectableFields` for the kind.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** A selector that could not be parsed or built; the message is upstream's. */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

/** A field selector naming a field the kind does not support (the API server answers 400 BadRequest). */
export class FieldSelectorError extends SelectorParseError {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

// ---------------------------------------------------------------------------------------------
// Validation of label keys and values (apimachinery util/validation), with upstream's messages.

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
export const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
export const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Go's `len(s)`: bytes, not UTF-16 units. */
export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** `validation.RegexError`, double spaces and all. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** `validation.IsQualifiedName` (label keys). */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else {
      const sub: string[] = [];
      if (byteLength(prefix) > 253) sub.push(maxLenError(253));
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) sub.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
      for (const m of sub) errs.push(`prefix part ${m}`);
    }
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** `validation.IsValidLabelValue`. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Go's `%q` for a string (strconv.Quote): JSON quoting with Go's `\x` escapes for control bytes. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** Go's `%#v` of a `[]string` (how field.Invalid prints a bad values list). */
function goStringSlice(values: readonly string[] | null): string {
  if (values === null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** field.Invalid(...).Error(): `<path>: Invalid value: <value>: <detail>`; a nil path prints `<nil>`. */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${value}: ${detail}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several as `[a, b]` (duplicates dropped). */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------
// Requirements and label selectors.

/** `selection.Operator` values. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, 'exists', '!'];

/** Labels as a plain map (an object's `metadata.labels`). */
export type Labels = Readonly<Record<string, string>>;

const hasLabel = (labels: Labels | undefined, key: string): boolean =>
  labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);

/** Go's strconv.ParseInt(s, 10, 64) succeeding. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** One `key op values` clause of a label selector. Build with `newRequirement`; immutable. */
export class Requirement {
  /** Values as given (sorted and deduplicated when parsed); `toString()` prints them sorted. */
  readonly values: readonly string[];
  constructor(
    readonly key: string,
    readonly operator: Operator,
    values: readonly string[],
  ) {
    this.values = Object.freeze([...values]);
  }

  /** `Requirement.Matches`: NotIn and != match when the key is absent; Gt/Lt need an integer label. */
  matches(labels: Labels | undefined): boolean {
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return hasLabel(labels, this.key) && this.values.includes(labels![this.key]);
      case 'notin':
      case '!=':
        return !hasLabel(labels, this.key) || !this.values.includes(labels![this.key]);
      case 'exists':
        return hasLabel(labels, this.key);
      case '!':
        return !hasLabel(labels, this.key);
      case 'gt':
      case 'lt': {
        if (!hasLabel(labels, this.key) || this.values.length !== 1) return false;
        const actual = parseInt64(labels![this.key]);
        const bound = parseInt64(this.values[0]);
        if (actual === undefined || bound === undefined) return false;
        return this.operator === 'gt' ? actual > bound : actual < bound;
      }
    }
  }

  /** `Requirement.String()`: `!k`, `k`, `k=v`, `k in (a,b)`, `k>1`; values sorted. */
  toString(): string {
    let out = this.operator === '!' ? `!${this.key}` : this.key;
    switch (this.operator) {
      case 'exists':
      case '!':
        return out;
      case 'in':
        out += ' in ';
        break;
      case 'notin':
        out += ' notin ';
        break;
      case 'gt':
        out += '>';
        break;
      case 'lt':
        out += '<';
        break;
      default:
        out += this.operator;
    }
    const vals = this.values.length === 1 ? this.values[0] : [...this.values].sort(compareGo).join(',');
    return this.operator === 'in' || this.operator === 'notin' ? `${out}(${vals})` : out + vals;
  }
}

/** Go's string ordering (byte-wise on UTF-8; code-unit order agrees for the ASCII labels allow). */
function compareGo(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `labels.NewRequirement`: validates the key, the value count for the operator and each value.
 * `values` of `null` stands for a Go nil slice (only visible in error text).
 * @throws SelectorParseError with upstream's aggregated field errors.
 */
export function newRequirement(key: string, operator: Operator, values: readonly string[] | null): Requirement {
  const vals = values ?? [];
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0) errs.push(invalid('key', goQuote(key), keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid('values', goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid('values', goStringSlice(values), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid('values', goStringSlice(values), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid('values', goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(
        `operator: Unsupported value: ${goQuote(String(operator))}: supported values: ${VALID_OPERATORS.map((o) => goQuote(o)).join(', ')}`,
      );
  }
  vals.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) errs.push(invalid(`values[${i}][${key}]`, goQuote(v), valueErrs.join('; ')));
  });
  if (errs.length > 0) throw new SelectorParseError(aggregate(errs));
  return new Requirement(key, operator, vals);
}

/**
 * A label selector: the AND of its requirements, or the special "nothing" selector
 * (`labels.Nothing()`, what a nil metav1 selector converts to). Immutable.
 */
export class Selector {
  private static readonly EVERYTHING = new Selector(Object.freeze([]), false);
  private static readonly NOTHING = new Selector(Object.freeze([]), true);

  private constructor(
    readonly requirements: readonly Requirement[],
    private readonly nothing: boolean,
  ) {}

  /** `labels.Everything()`: the empty selector, which matches every label set. */
  static empty(): Selector {
    return Selector.EVERYTHING;
  }
  /** Alias of `empty()`, upstream's name. */
  static everything(): Selector {
    return Selector.EVERYTHING;
  }
  /** `labels.Nothing()`: matches no label set. */
  static nothing(): Selector {
    return Selector.NOTHING;
  }
  /** A selector of the given requirements, sorted by key (stable) as `Selector.Add` does. */
  static of(requirements: readonly Requirement[]): Selector {
    return new Selector(Object.freeze(sortByKey(requirements)), false);
  }

  matches(labels: Labels | undefined): boolean {
    return !this.nothing && this.requirements.every((r) => r.matches(labels));
  }
  /** `Selector.Empty()`: true for the everything selector (false for nothing). */
  isEmpty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }
  /** `labels.MatchesNothing`. */
  isNothing(): boolean {
    return this.nothing;
  }
  /** A new selector with more requirements (`Selector.Add`); adding to nothing stays nothing. */
  add(...requirements: Requirement[]): Selector {
    return this.nothing ? this : Selector.of([...this.requirements, ...requirements]);
  }
  /**
   * `RequiresExactMatch`: the single value the selector demands for `label` (via `=`, `==` or a
   * one-value `in`), looking only at the first requirement on that key, as upstream.
   */
  requiresExactMatch(label: string): string | undefined {
    const r = this.requirements.find((q) => q.key === label);
    if (r && (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }
  /** Canonical text: requirements joined with `,`; `''` for both everything and nothing, as upstream. */
  toString(): string {
    return this.nothing ? '' : this.requirements.map((r) => r.toString()).join(',');
  }
}

function sortByKey(reqs: readonly Requirement[]): Requirement[] {
  return [...reqs].sort((a, b) => compareGo(a.key, b.key));
}

// ---------------------------------------------------------------------------------------------
// The kubectl-syntax parser: labels.Parse's lexer and recursive descent, token for token.

const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch.length === 1;

interface Item {
  tok: Tok;
  lit: string;
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    if (isSpecialSymbol(s[pos])) {
      // Longest run of special symbols that is still a known token.
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos])) {
        buffer += s[pos];
        const t = STRING_TO_TOKEN.get(buffer);
        if (t !== undefined) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    while (pos < s.length && !isSpecialSymbol(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
    const t = STRING_TO_TOKEN.get(buffer);
    items.push({ tok: t ?? Tok.Identifier, lit: buffer });
  }
}

/** In the Values context `in` and `notin` are plain identifiers (`x in (in)`). */
const enum Ctx {
  KeyAndOperator,
  Values,
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private lookahead(ctx: Ctx): Item {
    return this.asCtx(this.items[this.position], ctx);
  }
  private consume(ctx: Ctx): Item {
    return this.asCtx(this.items[this.position++], ctx);
  }
  private asCtx(item: Item, ctx: Ctx): Item {
    return ctx === Ctx.Values && (item.tok === Tok.In || item.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: item.lit } : item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(Ctx.Values);
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
          }
          requirements.push(r);
          const next = this.consume(Ctx.Values);
          if (next.tok === Tok.EndOfString) return requirements;
          if (next.tok === Tok.Comma) {
            const after = this.lookahead(Ctx.Values);
            if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) {
              throw new SelectorParseError(`found '${after.lit}', expected: identifier after ','`);
            }
            break;
          }
          throw new SelectorParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
        case Tok.EndOfString:
          return requirements;
        default:
          throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort(compareGo));
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | undefined } {
    let operator: Operator | undefined;
    let item = this.consume(Ctx.Values);
    if (item.tok === Tok.DoesNotExist) {
      operator = '!';
      item = this.consume(Ctx.Values);
    }
    if (item.tok !== Tok.Identifier) throw new Error(`found '${item.lit}', expected: identifier`);
    const keyErrs = qualifiedNameErrors(item.lit);
    // The parser validates keys with its own (nil) path, so upstream prints `<nil>:` here.
    if (keyErrs.length > 0) throw new Error(invalid('<nil>', goQuote(item.lit), keyErrs.join('; ')));
    const next = this.lookahead(Ctx.Values).tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && operator !== '!') operator = 'exists';
    return { key: item.lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(Ctx.KeyAndOperator);
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      case Tok.NotIn:
        return 'notin';
      case Tok.NotEquals:
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(Ctx.Values);
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(Ctx.Values);
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(Ctx.Values).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.consume(Ctx.Values);
        return new Set(['']);
      default:
        throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(Ctx.Values);
      switch (tok) {
        case Tok.Identifier: {
          s.add(lit);
          const next = this.lookahead(Ctx.Values);
          if (next.tok === Tok.Comma) continue;
          if (next.tok === Tok.ClosedPar) return s;
          throw new Error(`found '${next.lit}', expected: ',' or ')'`);
        }
        case Tok.Comma: {
          if (s.size === 0) s.add(''); // "(,"
          const next = this.lookahead(Ctx.Values).tok;
          if (next === Tok.ClosedPar) {
            s.add(''); // ",)"
            return s;
          }
          if (next === Tok.Comma) {
            this.consume(Ctx.Values);
            s.add(''); // ",,"
          }
          break;
        }
        default:
          throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(Ctx.Values).tok;
    if (next === Tok.EndOfString || next === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume(Ctx.Values);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/**
 * `labels.Parse`: kubectl's label-selector syntax. Whitespace around tokens is ignored; `''` is the
 * everything selector.
 * @throws SelectorParseError with upstream's message.
 */
export function parseLabelSelector(s: string): Selector {
  return Selector.of(new Parser(lex(s)).parse());
}

/**
 * `metav1.LabelSelectorAsSelector`: `undefined`/`null` selects nothing; `{}` selects everything;
 * otherwise matchLabels as `=` requirements and matchExpressions with In/NotIn/Exists/DoesNotExist.
 * @throws SelectorParseError for a bad operator (`"Foo" is not a valid label selector operator`) or
 *   any requirement error.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): Selector {
  if (sel === undefined || sel === null) return Selector.nothing();
  const matchLabels = sel.matchLabels ?? {};
  const expressions = sel.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return Selector.everything();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of expressions) {
    let op: Operator;
    switch (expr.operator) {
      case 'In':
        op = 'in';
        break;
      case 'NotIn':
        op = 'notin';
        break;
      case 'Exists':
        op = 'exists';
        break;
      case 'DoesNotExist':
        op = '!';
        break;
      default:
        throw new SelectorParseError(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
    }
    const values = expr.values && expr.values.length > 0 ? [...expr.values] : null;
    reqs.push(newRequirement(expr.key, op, values));
  }
  return Selector.of(reqs);
}

/** `labels.SelectorFromSet` (a Service's or ReplicationController's map selector); `{}` selects everything. */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => new Requirement(k, '=', [v])));
}

/** `labels.ValidatedSelectorFromSet`: as `selectorFromSet`, validating keys and values. */
export function validatedSelectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => newRequirement(k, '=', [v])));
}

/** `metav1.FormatLabelSelector`, as kubectl describe prints selectors: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  try {
    const text = labelSelectorFromObject(sel).toString();
    return text.length === 0 ? '<none>' : text;
  } catch {
    return '<error>';
  }
}

// ---------------------------------------------------------------------------------------------
// Field selectors.

/** One `field=value` / `field!=value` term; `==` parses to `=`. */
export interface FieldTerm {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** Field values keyed by field label (what `fieldsFor` returns). A missing field reads as `''`. */
export type Fields = Readonly<Record<string, string>>;

/** `fields.EscapeValue`. */
export function escapeFieldValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** An AND of field terms. Immutable; the empty selector matches everything. */
export class FieldSelector {
  constructor(readonly terms: readonly FieldTerm[]) {
    this.terms = Object.freeze([...terms]);
  }
  static everything(): FieldSelector {
    return new FieldSelector([]);
  }
  /** `fields.SelectorFromSet`: one `=` term per entry. */
  static fromSet(set: Fields): FieldSelector {
    return new FieldSelector(Object.entries(set).map(([field, value]) => ({ field, op: '=', value })));
  }
  matches(fields: Fields): boolean {
    return this.terms.every((t) => {
      const actual = Object.prototype.hasOwnProperty.call(fields, t.field) ? fields[t.field] : '';
      return t.op === '=' ? actual === t.value : actual !== t.value;
    });
  }
  isEmpty(): boolean {
    return this.terms.length === 0;
  }
  /** The value an `=` term demands for `field`, if any (`RequiresExactMatch`). */
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.op === '=')?.value;
  }
  toString(): string {
    return this.terms.map((t) => `${t.field}${t.op}${escapeFieldValue(t.value)}`).join(',');
  }
}

function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator at the leftmost position, `!=` before `==` before `=`. */
function splitTerm(term: string): [string, '!=' | '==' | '=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** `fields.UnescapeValue`. Go prints the offending rune with `%v`, i.e. as its code point number. */
function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new SelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      throw new SelectorParseError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw new SelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * `fields.ParseSelector`: comma-separated `field=value`, `field==value`, `field!=value`; values may
 * escape `\`, `,` and `=` with a backslash. Terms are ordered by their text, as upstream sorts them.
 * @throws SelectorParseError (`invalid selector: '<s>'; can't understand '<term>'`).
 */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort(compareGo);
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new SelectorParseError(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    terms.push({ field, op: op === '!=' ? '!=' : '=', value: unescapeFieldValue(rhs) });
  }
  return new FieldSelector(terms);
}

// ---------------------------------------------------------------------------------------------
// Per-kind selectable fields (registry ToSelectableFields) and field-label conversions.

/** Cluster-scoped built-in kinds: their field set has no `metadata.namespace` (ObjectMetaFieldsSet(meta, false)). */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Node',
  'Namespace',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'CustomResourceDefinition',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'RuntimeClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'CertificateSigningRequest',
  'ComponentStatus',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): string => String(typeof v === 'number' ? Math.trunc(v) : 0);
const bool = (v: unknown): string => String(v === true);

/** How each kind's field-label conversion answers: the labels it accepts and its error text. */
interface FieldConversion {
  readonly labels: ReadonlySet<string>;
  /** Labels the conversion renames (Pod `spec.host` → `spec.nodeName`, for old clients). */
  readonly renames?: Readonly<Record<string, string>>;
  readonly error: (label: string) => string;
}

const coreError = (label: string): string => `field label not supported: ${label}`;

const CONVERSIONS: Readonly<Record<string, FieldConversion>> = {
  // pkg/apis/core/v1/conversion.go
  Pod: {
    labels: new Set([
      'metadata.name',
      'metadata.namespace',
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ]),
    renames: { 'spec.host': 'spec.nodeName' },
    error: coreError,
  },
  Node: { labels: new Set(['metadata.name', 'spec.unschedulable']), error: coreError },
  ReplicationController: { labels: new Set(['metadata.name', 'metadata.namespace', 'status.replicas']), error: coreError },
  Event: {
    labels: new Set([
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.namespace',
      'metadata.name',
    ]),
    error: coreError,
  },
  Namespace: { labels: new Set(['status.phase', 'metadata.name']), error: coreError },
  Secret: { labels: new Set(['type', 'metadata.namespace', 'metadata.name']), error: coreError },
  // The ReplicaSet registry exposes status.replicas (pkg/registry/apps/replicaset/strategy.go).
  ReplicaSet: { labels: new Set(['metadata.name', 'metadata.namespace', 'status.replicas']), error: coreError },
  // pkg/apis/batch/v1/conversion.go
  Job: {
    labels: new Set(['metadata.name', 'metadata.namespace', 'status.successful']),
    error: (label) => `field label ${goQuote(label)} not supported for Job`,
  },
};

/** `runtime.DefaultMetaV1FieldSelectorConversion`, for kinds that register no conversion of their own. */
const DEFAULT_CONVERSION: FieldConversion = {
  labels: new Set(['metadata.name', 'metadata.namespace']),
  error: (label) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/**
 * The kind's field-label conversion applied to every term (`Selector.Transform` with
 * `Scheme.ConvertFieldLabel`): renames legacy labels and rejects unsupported ones.
 * @throws FieldSelectorError, e.g. `field label not supported: spec.foo` for a Pod.
 */
export function convertFieldSelector(kind: string, sel: FieldSelector): FieldSelector {
  const conv = CONVERSIONS[kind] ?? DEFAULT_CONVERSION;
  return new FieldSelector(
    sel.terms.map((t) => {
      const field = conv.renames?.[t.field] ?? t.field;
      if (!conv.labels.has(field)) throw new FieldSelectorError(conv.error(t.field));
      return { ...t, field };
    }),
  );
}

/**
 * The field set the registry exposes for an object of `kind` (its `ToSelectableFields`):
 * `metadata.name` always, `metadata.namespace` for namespaced kinds, plus the kind's own fields, as
 * upstream formats them (booleans `true`/`false`, counts in decimal, missing strings `''`).
 * `namespaced` overrides the built-in scope table (needed for custom resources).
 */
export function fieldsFor(kind: string, obj: unknown, namespaced?: boolean): Record<string, string> {
  const o = asObj(obj);
  const meta = asObj(o.metadata);
  const spec = asObj(o.spec);
  const status = asObj(o.status);
  const isNamespaced = namespaced ?? (CLUSTER_SCOPED_KINDS.has(kind) ? false : true);
  const out: Record<string, string> = { 'metadata.name': str(meta.name) };
  if (isNamespaced) out['metadata.namespace'] = str(meta.namespace);
  switch (kind) {
    case 'Pod': {
      const podIPs = Array.isArray(status.podIPs) ? status.podIPs : [];
      out['spec.nodeName'] = str(spec.nodeName);
      out['spec.restartPolicy'] = str(spec.restartPolicy);
      out['spec.schedulerName'] = str(spec.schedulerName);
      out['spec.serviceAccountName'] = str(spec.serviceAccountName);
      out['spec.hostNetwork'] = bool(spec.hostNetwork);
      out['status.phase'] = str(status.phase);
      out['status.podIP'] = podIPs.length > 0 ? str(asObj(podIPs[0]).ip) : str(status.podIP);
      out['status.nominatedNodeName'] = str(status.nominatedNodeName);
      break;
    }
    case 'Node':
      out['spec.unschedulable'] = bool(spec.unschedulable);
      break;
    case 'Event': {
      // core/v1 field names; events.k8s.io/v1 objects carry the same data under newer names.
      const involved = asObj(o.involvedObject ?? o.regarding);
      const source = asObj(o.source ?? o.deprecatedSource);
      const reporting = str(o.reportingComponent ?? o.reportingController);
      out['involvedObject.kind'] = str(involved.kind);
      out['involvedObject.namespace'] = str(involved.namespace);
      out['involvedObject.name'] = str(involved.name);
      out['involvedObject.uid'] = str(involved.uid);
      out['involvedObject.apiVersion'] = str(involved.apiVersion);
      out['involvedObject.resourceVersion'] = str(involved.resourceVersion);
      out['involvedObject.fieldPath'] = str(involved.fieldPath);
      out.reason = str(o.reason);
      out.reportingComponent = reporting;
      out.source = str(source.component) || reporting;
      out.type = str(o.type);
      break;
    }
    case 'Secret':
      out.type = str(o.type);
      break;
    case 'Namespace':
      out['status.phase'] = str(status.phase);
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      out['status.replicas'] = int(status.replicas);
      break;
    case 'Job':
      out['status.successful'] = int(status.succeeded);
      break;
  }
  return out;
}

/**
 * Does `obj` of `kind` satisfy the field selector? Converts the selector first, so an unsupported
 * field throws as the API server would.
 * @throws FieldSelectorError
 */
export function matchesFieldSelector(kind: string, sel: FieldSelector, obj: unknown, namespaced?: boolean): boolean {
  return convertFieldSelector(kind, sel).matches(fieldsFor(kind, obj, namespaced));
}
