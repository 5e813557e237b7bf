import type { KubeObject } from '../api/object';
import { isNotFound } from '../api/object';
import { clone, isMap, threeWayJsonMergePatch, threeWayMergePatch } from '../api/three_way_merge';
import type { Client } from '../client/types';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type JsonMap = Record<string, unknown>;
type Kind = { apiVersion: string; kind: string };

/**
 * `kubectl apply` (client-side, kubectl's `apply.go` and `patcher.go`): create the object if it is
 * new; otherwise patch it with a three-way patch made from the last applied configuration (the
 * annotation), the new configuration and the live object, so that what the user dropped from the
 * manifest is removed while what others set (status, defaults, controllers, other clients) stays.
 *
 * Built-in kinds get a strategic merge patch (`CreateThreeWayMergePatch`); custom resources (`crd`)
 * a JSON merge patch (`CreateThreeWayJSONMergePatch`), because kubectl has no Go type for them and
 * the API server answers a strategic merge patch to a custom resource with 415. When the patch is
 * empty no request is sent and the live object is returned, as kubectl does ("unchanged").
 * Returns the object as stored and whether it was created.
 */
export function apply(
  client: Client,
  resource: string,
  namespaced: boolean,
  config: KubeObject,
  crd = false,
): { object: KubeObject; created: boolean } {
  const obj = clone(config) as KubeObject;
  // kubectl's resource builder sets the default namespace on namespaced objects before anything else.
  if (namespaced && !obj.metadata?.namespace) obj.metadata = { ...(obj.metadata ?? {}), namespace: 'default' };
  const modified = withLastApplied(obj);
  const ns = namespaced ? obj.metadata!.namespace : undefined;
  const name = obj.metadata?.name;
  if (!name) return { object: client.create(resource, modified), created: true };
  let live: KubeObject;
  try {
    live = client.get(resource, ns, name);
  } catch (e) {
    if (isNotFound(e)) return { object: client.create(resource, modified), created: true };
    throw e;
  }
  const original = originalConfiguration(live);
  const current = clone(live) as JsonMap;
  const patch = crd
    ? threeWayJsonMergePatch(original, modified as JsonMap, current)
    : threeWayMergePatch(original, modified as JsonMap, current, { apiVersion: String(obj.apiVersion), kind: String(obj.kind) });
  if (Object.keys(patch).length === 0) return { object: live, created: false };
  return { object: client.patch(resource, ns, name, crd ? 'merge' : 'strategic', patch), created: false };
}

/**
 * `GetModifiedConfiguration(obj, annotate)`: the configuration as kubectl records it — the object
 * without the annotation, with `metadata.annotations` set even when empty (hence the familiar
 * `"annotations":{}`), encoded as Go's encoding/json does — stored in the annotation.
 */
function withLastApplied(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const recorded = { ...obj, metadata: { ...(obj.metadata ?? {}), annotations } };
  return { ...obj, metadata: { ...(obj.metadata ?? {}), annotations: { ...annotations, [LAST_APPLIED]: goJson(recorded) + '\n' } } };
}

/** `GetOriginalConfiguration`: the annotation's object, `{}` when there is none. */
function originalConfiguration(live: KubeObject): JsonMap {
  const text = live.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // CreateThreeWayMergePatch's ErrBadJSONDoc, as kubectl reports it.
  if (!isMap(parsed)) throw new Error(`error when creating patch for ${live.kind} "${live.metadata?.name}": invalid JSON document`);
  return parsed;
}

/** Go's encoding/json of decoded JSON: keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
function goJson(v: unknown): string {
  const encode = (x: unknown): string => {
    if (Array.isArray(x)) return `[${x.map((e) => (e === undefined ? 'null' : encode(e))).join(',')}]`;
    if (isMap(x)) {
      const keys = Object.keys(x).filter((k) => x[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(x[k])}`).join(',')}}`;
    }
    return JSON.stringify(x);
  };
  const esc: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return encode(v).replace(/[<>&\u2028\u2029]/g, (c) => esc[c]);
}

// ---------------------------------------------------------------------------------------------
// CreateThreeWayMergePatch (apimachinery strategicpatch/patch.go), with patch metadata from
// `lookupPatchMeta`. Fields it does not know are walked untyped (maps diffed, lists replaced) where
// upstream's typed lookup fails; the server then judges them.

