import { parseQuantity } from './quantity';
import { pathOf } from './validation/paths';

/** Map fields whose values are resource.Quantity in the built-in kinds (ResourceList and its relatives). */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity', 'allocatable', 'hard', 'used', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio', 'overhead']);
/** Free-form maps that never hold quantities, whatever their keys. */
const OPAQUE = new Set(['metadata', 'data', 'stringData', 'binaryData', 'annotations', 'labels', 'selector', 'nodeSelector', 'parameters']);

/**
 * The first value in a ResourceList of a built-in object that is not a quantity, with the decoder's
 * message (the API server cannot even decode such a body): `quantities must match the regular
 * expression ...`. Undefined when every quantity parses.
 */
export function findBadQuantity(obj: unknown): { path: string; message: string } | undefined {
  return walk(obj, []);
}

/** Runs on every write: the path is a stack of segments, spelled out only for a bad quantity. */
function walk(v: unknown, segs: (string | number)[]): { path: string; message: string } | undefined {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null || typeof x !== 'object') continue;
      segs.push(i);
      const r = walk(x, segs);
      segs.pop();
      if (r) return r;
    }
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (OPAQUE.has(k)) continue;
    const child = o[k];
    if (child === null || typeof child !== 'object') continue;
    if (QUANTITY_MAPS.has(k) && !Array.isArray(child)) {
      const list = child as Record<string, unknown>;
      for (const name in list) {
        const q = list[name];
        if (typeof q !== 'string' && typeof q !== 'number') continue;
        try {
          parseQuantity(q);
        } catch (e) {
          segs.push(k, name);
          return { path: pathOf(segs), message: (e as Error).message };
        }
      }
      continue;
    }
    segs.push(k);
    const r = walk(child, segs);
    segs.pop();
    if (r) return r;
  }
  return undefined;
}
