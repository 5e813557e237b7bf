import type { KubeObject } from '../api/object';
import { isNotFound } from '../api/object';
import { deepCopy } from '../api/freeze';
import type { Client } from '../client/types';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * `kubectl apply` (client-side): create the object if it is new; otherwise send a strategic merge
 * patch made from three states — the last applied configuration (from the annotation), the new
 * configuration, and the live object — so that fields the user removed from the manifest are
 * removed from the live object, and fields others set (status, defaults, controllers' changes) stay.
 * Returns the object as stored and whether it was created.
 */
export function apply(client: Client, resource: string, namespaced: boolean, config: KubeObject): { object: KubeObject; created: boolean } {
  const modified = withLastApplied(config);
  const ns = namespaced ? config.metadata?.namespace || 'default' : undefined;
  const name = config.metadata?.name;
  if (!name) return { object: client.create(resource, modified), created: true };
  let live: KubeObject;
  try {
    live = client.get(resource, ns, name);
  } catch (e) {
    if (isNotFound(e)) return { object: client.create(resource, modified), created: true };
    throw e;
  }
  const lastText = live.metadata?.annotations?.[LAST_APPLIED];
  let original: Json = {};
  if (lastText) {
    try {
      original = JSON.parse(lastText) as Json;
    } catch {
      original = {};
    }
  }
  const patch = threeWayPatch(original, modified as unknown as Json);
  return { object: client.patch(resource, ns, name, 'strategic', patch), created: false };
}

function withLastApplied(config: KubeObject): KubeObject {
  const copy = deepCopy(config);
  const annotations = { ...(copy.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const forAnnotation = deepCopy(copy);
  if (forAnnotation.metadata) {
    if (Object.keys(annotations).length) forAnnotation.metadata.annotations = annotations;
    else delete forAnnotation.metadata.annotations;
  }
  copy.metadata = { ...(copy.metadata ?? {}), annotations: { ...annotations, [LAST_APPLIED]: JSON.stringify(forAnnotation) + '\n' } };
  return copy;
}

/**
 * The patch that takes the live object to `modified`: everything in `modified`, plus `null` for
 * each map key the last configuration had and `modified` no longer has (recursively through maps).
 */
export function threeWayPatch(original: Json, modified: Json): Json {
  if (!isMap(modified)) return modified;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(modified)) {
    const o = isMap(original) ? original[k] : undefined;
    out[k] = isMap(v) && isMap(o) ? threeWayPatch(o, v) : v;
  }
  if (isMap(original)) for (const k of Object.keys(original)) if (!(k in modified)) out[k] = null;
  return out;
}

function isMap(v: unknown): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
