import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/object';
import { UserError } from './errors';

/** One document of a manifest, with where it starts (for messages). */
export interface ManifestDoc {
  object: KubeObject;
  /** `features/x.feature:14` or `manifests/web.yaml:1` — the document's first line. */
  where: string;
}

/**
 * Parses YAML text holding one or more documents. `file` and `firstLine` place the text in the
 * user's file (a doc string starts on the line after its opening quotes), so a YAML error names
 * the real file and line. Empty documents are skipped; anything that is not a mapping is an error.
 */
export function parseManifest(text: string, file: string, firstLine: number): ManifestDoc[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ManifestDoc[] = [];
  for (const doc of list) {
    const start = lineCounter.linePos(doc.range[0]).line + firstLine - 1;
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      const line = pos ? pos.line + firstLine - 1 : start;
      const col = pos ? `, column ${pos.col}` : '';
      throw new UserError(`${file}:${line}${col}: malformed YAML in the manifest: ${err.message.split('\n')[0]}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(`${file}:${start}: a manifest document must be a mapping with apiVersion, kind and metadata, not ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
    }
    const where = `${file}:${start}`;
    const obj = value as KubeObject;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items as KubeObject[]) out.push({ object: item, where });
      continue;
    }
    if (!obj.apiVersion || !obj.kind) {
      const missing = [!obj.apiVersion && 'apiVersion', !obj.kind && 'kind'].filter(Boolean).join(' and ');
      throw new UserError(`${where}: the manifest document has no ${missing}`);
    }
    out.push({ object: obj, where });
  }
  return out;
}

/** Reads a manifest file, or every .yaml/.yml/.json file of a folder in name order. */
export function readManifestPath(target: string, displayBase: string): ManifestDoc[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new UserError(`no manifest file or folder at ${path.relative(displayBase, target) || target}`);
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
  return out;
}
