import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { UserError } from './errors';
import type { SourcePos } from './source';

/**
 * YAML text placed in the user's file: a doc string of a feature or a manifest file. Errors and
 * fields are reported at the user's file, line and column, never at a line of the bare text.
 */

/** Where a YAML text sits in the user's file. */
export interface Origin {
  /** As messages print it: `features/api/objects.feature`, `features/manifests/web.yaml`. */
  file: string;
  /** The file's line holding the text's first line. */
  firstLine: number;
  /** Columns removed from the start of each line (a doc string loses its opening `"""`'s indentation). */
  indent: number;
}

/** The origin of the current step's doc string (its text starts on the line after the opening `"""`). */
export function docStringOrigin(pos: SourcePos | undefined): Origin {
  return {
    file: pos?.uri ?? '(doc string)',
    firstLine: pos?.docStringLine !== undefined ? pos.docStringLine + 1 : 1,
    indent: pos?.docStringColumn !== undefined ? pos.docStringColumn - 1 : 0,
  };
}

/** Parsed YAML documents and how to name a place in them. */
export interface PlacedYaml {
  docs: Document.Parsed[];
  /** `file:line` of an offset into the text; with `column`, `file:line, column N`. */
  at(offset: number, column?: boolean): string;
}

/**
 * Parses every document of the text; a syntax error is a UserError at the user's file, line and column.
 * `what` names the text in the message (`the manifest`, `the patch`).
 */
export function parseYaml(text: string, origin: Origin, what: string): PlacedYaml {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const at = (offset: number, column = false): string => {
    const { line, col } = lines.linePos(offset);
    return `${origin.file}:${origin.firstLine + line - 1}${column ? `, column ${origin.indent + col}` : ''}`;
  };
  for (const doc of docs) {
    if (doc.errors.length) {
      const { offset, message } = firstError(doc.errors, text);
      throw new UserError(`${at(offset, true)}: malformed YAML in ${what}: ${message}`);
    }
  }
  return { docs, at };
}

/**
 * The error to show, and where. A line indented deeper than the key above it continues that key's
 * value, which the `yaml` library reports at the value's start as "Nested mappings are not allowed
 * in compact mappings"; the mistake is on the later line, where the stray `:` is — kubectl
 * (go-yaml) reports it there, as "mapping values are not allowed in this context".
 */
function firstError(errors: YAMLError[], text: string): { offset: number; message: string } {
  const multiline = errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
  if (multiline && errors.some((e) => e.code === 'BLOCK_AS_IMPLICIT_KEY')) {
    const colon = multiline.pos[1];
    const lineStart = text.lastIndexOf('\n', colon - 1) + 1;
    const keyStart = lineStart + (/^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0);
    return { offset: keyStart, message: 'mapping values are not allowed in this context: is this line indented deeper than the key above it?' };
  }
  const e = errors[0];
  return { offset: e.pos[0], message: e.message.split('\n')[0] };
}

/** The document's value as plain JSON; an alias without its anchor is a UserError at the alias. */
export function toPlain(doc: Document.Parsed, placed: PlacedYaml, what: string): unknown {
  let dangling: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (dangling === undefined && !node.resolve(doc)) dangling = node.range?.[0];
    },
  });
  if (dangling !== undefined) {
    throw new UserError(`${placed.at(dangling, true)}: malformed YAML in ${what}: the alias has no anchor before it (write &name on a value above, then *name)`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UserError(`${placed.at(startOf(doc))}: malformed YAML in ${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The offset of a document's content (its first key), past any `---` and comments. */
export function startOf(doc: Document.Parsed): number {
  return doc.contents?.range[0] ?? doc.range[0];
}

/**
 * The offset of a field in a YAML node, by the API's field path (`spec.template.spec.containers[0].image`,
 * `metadata.labels[app]`); the key's offset for a map entry, the item's for a list element. Undefined
 * when the field is not written in the YAML (a missing required field).
 */
export function fieldOffset(root: unknown, field: string): number | undefined {
  const tokens = [...field.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2]);
  let node = root;
  let offset: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (isAlias(node)) return offset;
    if (isSeq(node)) {
      const item = node.items[Number(tokens[i])];
      if (!/^\d+$/.test(tokens[i]) || !item) return undefined;
      node = item;
      offset = (item as { range?: [number] }).range?.[0];
      continue;
    }
    if (!isMap(node)) return undefined;
    const map = node;
    // A key may hold dots (`app.kubernetes.io/name`): try the longest run of tokens that names a key.
    let found = false;
    for (let j = tokens.length; j > i && !found; j--) {
      const key = tokens.slice(i, j).join('.');
      const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key)) {
        offset = pair.key.range?.[0];
        node = pair.value;
        i = j - 1;
        found = true;
      }
    }
    if (!found) return undefined;
  }
  return offset;
}
