import { parseQuantity, value as quantityValue } from '../api/quantity';
import type { NodeSpec } from '../cluster/node_spec';
import { UserError } from './errors';
import type { SourcePos } from './source';
import { at } from './source';

const COLUMNS = new Set(['name', 'cpu', 'memory', 'pods', 'labels', 'taints', 'zone', 'images', 'unschedulable']);

/**
 * Node specs from the `Given a cluster with nodes:` table (STEPS.md, Cluster). Empty cells take the
 * defaults; a bad cell is a UserError naming the file, the node and the column.
 */
export function nodeSpecsFromTable(rows: Record<string, string>[], pos?: SourcePos): NodeSpec[] {
  const where = pos ? `${at(pos)}: ` : '';
  return rows.map((row, i) => {
    for (const col of Object.keys(row)) {
      if (!COLUMNS.has(col)) throw new UserError(`${where}unknown column "${col}" in the nodes table; columns are ${[...COLUMNS].join(', ')}`);
    }
    const name = (row.name ?? '').trim();
    if (!name) throw new UserError(`${where}row ${i + 1} of the nodes table has no name`);
    const bad = (col: string, why: string) => new UserError(`${where}node "${name}", column ${col}: ${why}`);
    const spec: NodeSpec = { name };
    const cell = (c: string) => (row[c] ?? '').trim();
    for (const c of ['cpu', 'memory'] as const) {
      if (!cell(c)) continue;
      try {
        parseQuantity(cell(c));
      } catch (e) {
        throw bad(c, `"${cell(c)}" is not a quantity such as ${c === 'cpu' ? '4 or 500m' : '8Gi or 512Mi'} (${(e as Error).message})`);
      }
      spec[c] = cell(c);
    }
    if (cell('pods')) {
      if (!/^\d+$/.test(cell('pods'))) throw bad('pods', `"${cell('pods')}" is not a whole number`);
      spec.pods = Number(cell('pods'));
    }
    if (cell('zone')) spec.zone = cell('zone');
    if (cell('labels')) spec.labels = pairs(cell('labels'), (m) => bad('labels', m));
    if (cell('taints')) {
      spec.taints = cell('taints')
        .split(',')
        .map((t) => parseTaint(t.trim(), (m) => bad('taints', m)) as NonNullable<NodeSpec['taints']>[number]);
    }
    if (cell('images')) {
      spec.images = cell('images')
        .split(',')
        .map((entry) => {
          const eq = entry.lastIndexOf('=');
          if (eq <= 0) throw bad('images', `"${entry.trim()}" is not name=size (e.g. nginx:1.25=150Mi)`);
          const size = entry.slice(eq + 1).trim();
          let bytes: number;
          try {
            bytes = Number(quantityValue(parseQuantity(size)));
          } catch {
            throw bad('images', `"${size}" is not a size (e.g. 150Mi)`);
          }
          return { name: entry.slice(0, eq).trim(), sizeBytes: bytes };
        });
    }
    if (cell('unschedulable')) {
      const v = cell('unschedulable').toLowerCase();
      if (!['true', 'false', 'yes', 'no'].includes(v)) throw bad('unschedulable', `"${cell('unschedulable')}" is not true or false`);
      spec.unschedulable = v === 'true' || v === 'yes';
    }
    return spec;
  });
}

/** `k=v,k2=v2` */
export function pairs(text: string, err: (m: string) => Error): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0) throw err(`"${p}" is not key=value`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

/** `key=value:Effect` or `key:Effect` (STEPS.md). */
export function parseTaint(text: string, err: (m: string) => Error): { key: string; value?: string; effect: string } {
  const m = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text);
  if (!m) throw err(`"${text}" is not a taint: write key=value:Effect or key:Effect, with Effect NoSchedule, PreferNoSchedule or NoExecute`);
  return { key: m[1], value: m[2], effect: m[3] };
}
