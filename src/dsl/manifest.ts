import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { KubeObject } from '../api/object';
import { UserError } from './errors';
import type { SourcePos } from './source';
import { at } from './source';
import { docStringOrigin, fieldOffset, parseYaml, startOf, toPlain } from './yaml_source';
import type { Origin, PlacedYaml } from './yaml_source';

/** One document of a manifest, with where it starts (for messages). */
export interface ManifestDoc {
  object: KubeObject;
  /** `features/x.feature:14` or `manifests/web.yaml:1` — the document's first line. */
  where: string;
  /** `file:line` of a field written in the document (`spec.replicas`), for messages about that field. */
  fieldAt?: (field: string) => string | undefined;
}

/**
 * Parses YAML text holding one or more documents. `file` and `firstLine` place the text in the
 * user's file (a doc string starts on the line after its opening quotes; `indent` is the indentation
 * Gherkin removed from its lines), so a YAML error names the real file, line and column. Empty
 * documents are skipped; anything that is not an object with apiVersion and kind is an error.
 */
export function parseManifest(text: string, file: string, firstLine: number, indent = 0): ManifestDoc[] {
  return parseAt(text, { file, firstLine, indent });
}

/** The manifest in the current step's doc string; an empty one is an error, as `kubectl apply` makes it. */
export function docStringManifest(text: string, pos: SourcePos | undefined): ManifestDoc[] {
  const docs = parseAt(text, docStringOrigin(pos));
  if (!docs.length) throw new UserError(`${pos ? `${at(pos)}: ` : ''}the manifest has no objects (error: no objects passed to apply)`);
  return docs;
}

/** A YAML value in the current step's doc string (a patch, an expected object); errors at its line. */
export function docStringYaml(text: string, pos: SourcePos | undefined, what: string): unknown {
  const placed = parseYaml(text, docStringOrigin(pos), what);
  if (placed.docs.length > 1) throw new UserError(`${placed.at(startOf(placed.docs[1]))}: ${what} must be one YAML document, not several`);
  return placed.docs.length ? toPlain(placed.docs[0], placed, what) : null;
}

function parseAt(text: string, origin: Origin): ManifestDoc[] {
  const placed = parseYaml(text, origin, 'the manifest');
  const out: ManifestDoc[] = [];
  for (const doc of placed.docs) {
    const value = toPlain(doc, placed, 'the manifest');
    const where = placed.at(startOf(doc));
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new UserError(`${where}: a manifest document must be a mapping with apiVersion, kind and metadata, not ${describe(value)}`);
    if (value.kind === 'List' && Array.isArray(value.items)) {
      const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      value.items.forEach((item, i) => {
        const node = isSeq(items) ? items.items[i] : undefined;
        const itemWhere = node ? placed.at((node as { range?: [number] }).range?.[0] ?? startOf(doc)) : where;
        if (!isObject(item)) throw new UserError(`${itemWhere}: items[${i}] of the List must be an object with apiVersion, kind and metadata, not ${describe(item)}`);
        out.push(placedDoc(item, itemWhere, placed, node));
      });
      continue;
    }
    out.push(placedDoc(value, where, placed, doc.contents));
  }
  return out;
}

/** Checks what kubectl checks before it sends an object: apiVersion, kind, and a decodable metadata. */
function placedDoc(obj: Record<string, unknown>, where: string, placed: PlacedYaml, node: unknown): ManifestDoc {
  const fieldAt = (field: string): string | undefined => {
    const offset = fieldOffset(node, field);
    return offset === undefined ? undefined : placed.at(offset);
  };
  const missing = (['apiVersion', 'kind'] as const).filter((f) => obj[f] === undefined || obj[f] === null || obj[f] === '');
  if (missing.length) throw new UserError(`${where}: the manifest document has no ${missing.join(' and ')}`);
  const mustBeString = (field: string, value: unknown): void => {
    if (value === undefined || value === null || typeof value === 'string') return;
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${String(value)}")` : '';
    throw new UserError(`${fieldAt(field) ?? where}: ${field} must be a string, not ${describe(value)}${hint}`);
  };
  mustBeString('apiVersion', obj.apiVersion);
  mustBeString('kind', obj.kind);
  const meta = obj.metadata;
  if (meta !== undefined && meta !== null) {
    if (!isObject(meta)) throw new UserError(`${fieldAt('metadata') ?? where}: metadata must be a mapping (name, namespace, labels, ...), not ${describe(meta)}`);
    for (const f of ['name', 'generateName', 'namespace']) mustBeString(`metadata.${f}`, meta[f]);
  }
  return { object: obj as KubeObject, where, fieldAt };
}

/**
 * Reads a manifest file, or every .yaml/.yml/.json file of a folder in name order. `from` (the
 * step's `file:line`) leads the message when there is nothing to read.
 */
export function readManifestPath(target: string, displayBase: string, from = ''): ManifestDoc[] {
  const lead = from ? `${from}: ` : '';
  const shown = path.relative(displayBase, target) || target;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new UserError(`${lead}no manifest file or folder at ${shown} (a path is relative to the feature file's folder)`);
  }
  const files = stat.isDirectory()
    ? fs
        .readdirSync(target)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  const out: ManifestDoc[] = [];
  for (const f of files) out.push(...parseManifest(fs.readFileSync(f, 'utf8'), path.relative(displayBase, f) || f, 1));
  if (!out.length) {
    const why = stat.isDirectory() ? 'the folder has no .yaml, .yml or .json file with an object' : 'the file has no objects';
    throw new UserError(`${lead}nothing to apply in ${shown}: ${why} (error: no objects passed to apply)`);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a mapping';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return JSON.stringify(v);
}
