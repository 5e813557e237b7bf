import { parseQuantity } from './quantity';

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
  return walk(obj, '');
}

function walk(v: unknown, path: string): { path: string; message: string } | undefined {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = walk(v[i], `${path}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    if (OPAQUE.has(k)) continue;
    const p = path ? `${path}.${k}` : k;
    if (QUANTITY_MAPS.has(k) && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      for (const [name, q] of Object.entries(child as Record<string, unknown>)) {
        if (typeof q !== 'string' && typeof q !== 'number') continue;
        try {
          parseQuantity(q);
        } catch (e) {
          return { path: `${p}.${name}`, message: (e as Error).message };
        }
      }
      continue;
    }
    const r = walk(child, p);
    if (r) return r;
  }
  return undefined;
}
