/**
 * Partial matching of an expected YAML value against an actual object, for `Then <kind> <ref> matches:`
 * (STEPS.md), and the `*` wildcard every text assertion uses.
 *
 * Rules (the contract the step documents):
 * - Maps match as subsets: every key in expected must match the same key in actual; extra actual keys
 *   are ignored. An expected `{}` matches any map, and an absent value.
 * - Lists match when every expected element matches a distinct actual element, in any order; extra
 *   actual elements are ignored. The pairing is a maximum bipartite matching, so an element that
 *   fits several actual elements never steals the only partner of another. An expected `[]` means
 *   "empty": it matches an empty or absent list only (a subset reading would make it assert nothing).
 * - `null` expects absence: it matches a missing key or a null value, and nothing else.
 * - Scalars compare by YAML value. Numbers and booleans also match a string holding their YAML text,
 *   both ways (`3` matches `"3"`, `true` matches `"true"`), because users write labels, annotations
 *   and quantities unquoted. There is no unit arithmetic: `1Gi` and `1024Mi` differ, as texts do.
 * - An expected string containing `*` is a pattern: `*` matches any run of characters (also none);
 *   everything else is literal. An exact equal text always matches, so a literal `*` still matches itself.
 */

export interface Mismatch {
  /** Where, in `spec.template.spec.containers[0].image` style; `''` is the root. */
  readonly path: string;
  readonly expected: unknown;
  /** `undefined` when the actual value is missing. */
  readonly actual: unknown;
  /** What is wrong, without the path. */
  readonly message: string;
  /** For an expected list element that matched nothing: the most similar actual element and how it differs. */
  readonly closest?: { readonly index: number; readonly mismatches: readonly Mismatch[] };
}

type JsonMap = Record<string, unknown>;

const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * `*` matches any run of characters (including none); every other character is literal.
 * Linear-time greedy matching with one backtrack point, so hostile patterns cannot blow up.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The YAML text of a scalar (what a user would have typed), or undefined for non-scalars. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function scalarMatches(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  const actualText = scalarText(actual);
  if (typeof expected === 'string') {
    if (actualText === undefined) return false;
    return expected === actualText || (expected.includes('*') && wildcardMatch(expected, actualText));
  }
  if (typeof expected === 'number' || typeof expected === 'boolean') return typeof actual === 'string' && actual === String(expected);
  return false;
}

/** Appends a map key to a path: `a.b`, or `a["app.kubernetes.io/name"]` when the key is not a plain name. */
export function childPath(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

const indexPath = (path: string, i: number): string => `${path}[${i}]`;

/** A short rendering of a value for messages. */
export function renderValue(v: unknown, max = 120): string {
  if (v === undefined) return '<missing>';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describeKind(v: unknown): string {
  if (Array.isArray(v)) return `a list ${renderValue(v)}`;
  if (isMap(v)) return `a map ${renderValue(v)}`;
  return renderValue(v);
}

/** True when `actual` satisfies `expected` under the rules above. */
export function matches(expected: unknown, actual: unknown): boolean {
  return partialMatch(expected, actual).length === 0;
}

/** Every way `actual` fails `expected`; empty when it matches. `path` prefixes the reported paths. */
export function partialMatch(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  const out: Mismatch[] = [];
  collect(expected, actual, path, out);
  return out;
}

function collect(expected: unknown, actual: unknown, path: string, out: Mismatch[]): void {
  if (expected === undefined) return;
  if (expected === null) {
    if (actual !== undefined && actual !== null) out.push({ path, expected, actual, message: `expected no value, got ${describeKind(actual)}` });
    return;
  }
  if (isMap(expected)) {
    if (actual === undefined && Object.keys(expected).length === 0) return;
    if (!isMap(actual)) {
      out.push({ path, expected, actual, message: actual === undefined ? `expected a map, but it is missing` : `expected a map, got ${describeKind(actual)}` });
      return;
    }
    for (const key of Object.keys(expected)) {
      collect(expected[key], hasOwn(actual, key) ? actual[key] : undefined, childPath(path, key), out);
    }
    return;
  }
  if (Array.isArray(expected)) {
    collectList(expected, actual, path, out);
    return;
  }
  if (!scalarMatches(expected, actual)) {
    const message =
      actual === undefined ? `expected ${renderValue(expected)}, but it is missing` : `expected ${renderValue(expected)}, got ${describeKind(actual)}`;
    out.push({ path, expected, actual, message });
  }
}

function collectList(expected: unknown[], actual: unknown, path: string, out: Mismatch[]): void {
  if (expected.length === 0) {
    if (actual === undefined || actual === null || (Array.isArray(actual) && actual.length === 0)) return;
    const message = Array.isArray(actual)
      ? `expected an empty list, got ${actual.length} element${actual.length === 1 ? '' : 's'} ${renderValue(actual)}`
      : `expected an empty list, got ${describeKind(actual)}`;
    out.push({ path, expected, actual, message });
    return;
  }
  if (!Array.isArray(actual)) {
    out.push({ path, expected, actual, message: actual === undefined ? `expected a list, but it is missing` : `expected a list, got ${describeKind(actual)}` });
    return;
  }
  const fits = expected.map((e) => actual.map((a) => partialMatch(e, a).length === 0));
  const partnerOf = maximumMatching(fits, actual.length);
  const used = new Set(partnerOf.filter((j) => j >= 0));
  expected.forEach((e, i) => {
    if (partnerOf[i] >= 0) return;
    const what = `expected element [${i}] ${renderValue(e)}`;
    if (actual.length === 0) {
      out.push({ path, expected: e, actual, message: `${what} has no match: the list is empty` });
      return;
    }
    const structured = isMap(e) || Array.isArray(e);
    if (!structured) {
      out.push({ path, expected: e, actual, message: `${what} has no match in ${renderValue(actual)}` });
      return;
    }
    const free = actual.map((_, j) => j).filter((j) => !used.has(j));
    const candidates = free.length > 0 ? free : actual.map((_, j) => j);
    let best: { index: number; mismatches: Mismatch[] } | undefined;
    for (const j of candidates) {
      const ms = partialMatch(e, actual[j], indexPath(path, j));
      if (!best || ms.length < best.mismatches.length) best = { index: j, mismatches: ms };
    }
    const taken = free.length === 0 ? ' (every element is already matched by another expected element)' : '';
    out.push({ path, expected: e, actual, message: `${what} has no match among ${actual.length} element${actual.length === 1 ? '' : 's'}${taken}`, closest: best });
  });
}

/**
 * Maximum bipartite matching (Kuhn's augmenting paths) of expected rows to actual columns.
 * Returns, per row, its column or -1. Rows try columns in order, so when several complete matchings
 * exist, earlier rows keep earlier partners.
 */
function maximumMatching(fits: boolean[][], columns: number): number[] {
  const rowOf = new Array<number>(columns).fill(-1);
  const tryRow = (row: number, seen: boolean[]): boolean => {
    for (let col = 0; col < columns; col++) {
      if (!fits[row][col] || seen[col]) continue;
      seen[col] = true;
      if (rowOf[col] === -1 || tryRow(rowOf[col], seen)) {
        rowOf[col] = row;
        return true;
      }
    }
    return false;
  };
  for (let row = 0; row < fits.length; row++) tryRow(row, new Array<boolean>(columns).fill(false));
  const partnerOf = new Array<number>(fits.length).fill(-1);
  rowOf.forEach((row, col) => {
    if (row >= 0) partnerOf[row] = col;
  });
  return partnerOf;
}

/**
 * A readable multi-line report, one mismatch per line (`path: message`), with the closest candidate's
 * differences indented under an unmatched list element.
 */
export function describeMismatches(mismatches: readonly Mismatch[], indent = ''): string {
  const lines: string[] = [];
  for (const m of mismatches) {
    lines.push(`${indent}${m.path === '' ? '(root)' : m.path}: ${m.message}`);
    if (m.closest) {
      lines.push(`${indent}  closest is element [${m.closest.index}], which differs in:`);
      lines.push(describeMismatches(m.closest.mismatches, `${indent}    `));
    }
  }
  return lines.join('\n');
}
