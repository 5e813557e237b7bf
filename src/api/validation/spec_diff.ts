/**
 * The diff upstream appends to "may not change" errors (`cmp.Diff(old, new)` of the internal Go
 * struct, e.g. after `pod updates may not change fields other than …\n`).
 *
 * go-cmp's text cannot be reproduced: it prints Go field names and types and, by design, randomly
 * swaps spaces for non-breaking ones so nobody depends on it. This renders the same shape over the
 * JSON object instead: a header line `  core.PodSpec{`, then only the paths that differ, each line
 * prefixed `  ` (context), `- ` (old) or `+ ` (new) and indented with tabs; runs of equal fields or
 * list elements are folded into `... // N identical fields` / `... // N identical elements`. Field
 * names are the JSON ones; values are Go-quoted strings, numbers, booleans, or compact JSON. The
 * text ends with a newline, as go-cmp's does.
 */
import { goQuote } from './errors';
import { isObj } from './json';
import { semanticEqual } from './semantic';

function leaf(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (v === null) return 'nil';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const tabs = (n: number): string => '\t'.repeat(n);

function folded(count: number, depth: number, what: 'fields' | 'elements'): string[] {
  return count === 0 ? [] : [`  ${tabs(depth)}... // ${count} identical ${count === 1 ? what.slice(0, -1) : what}`];
}

/** Lines for one value that differs, `label` being `name: ` inside a struct and empty in a list. */
function diffValue(a: unknown, b: unknown, depth: number, label: string): string[] {
  if (isObj(a) && isObj(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    return [`  ${tabs(depth)}${label}{`, ...diffEntries(keys, (k) => [a[k], b[k]], depth + 1, 'fields', (k) => `${k}: `), `  ${tabs(depth)}},`];
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const idx = a.map((_, i) => String(i));
    return [`  ${tabs(depth)}${label}[`, ...diffEntries(idx, (i) => [a[+i], b[+i]], depth + 1, 'elements', () => ''), `  ${tabs(depth)}],`];
  }
  const lines: string[] = [];
  if (a !== undefined) lines.push(`- ${tabs(depth)}${label}${leaf(a)},`);
  if (b !== undefined) lines.push(`+ ${tabs(depth)}${label}${leaf(b)},`);
  return lines;
}

function diffEntries(
  keys: string[],
  pair: (k: string) => [unknown, unknown],
  depth: number,
  what: 'fields' | 'elements',
  label: (k: string) => string,
): string[] {
  const lines: string[] = [];
  let same = 0;
  for (const k of keys) {
    const [a, b] = pair(k);
    if (semanticEqual(a, b)) {
      same++;
      continue;
    }
    lines.push(...folded(same, depth, what), ...diffValue(a, b, depth, label(k)));
    same = 0;
  }
  return [...lines, ...folded(same, depth, what)];
}

/** The diff of two objects of Go type `typeName` (`core.PodSpec`); empty when they are equal. */
export function renderDiff(typeName: string, oldValue: unknown, newValue: unknown): string {
  if (semanticEqual(oldValue, newValue)) return '';
  const a = isObj(oldValue) ? oldValue : {};
  const b = isObj(newValue) ? newValue : {};
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  const body = diffEntries(keys, (k) => [a[k], b[k]], 1, 'fields', (k) => `${k}: `);
  return [`  ${typeName}{`, ...body, '  }'].join('\n') + '\n';
}
