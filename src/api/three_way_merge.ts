import { goFmt, indexIn, lookupPatchMeta, normalizeElementOrder, normalizeSliceOrder } from './strategic_merge';

/**
 * kubectl's client-side patch construction for `apply` (apimachinery strategicpatch
 * CreateThreeWayMergePatch and jsonmergepatch CreateThreeWayJSONMergePatch): from the last applied
 * configuration, the new one and the live object, the patch that sets what the new configuration
 * says and removes only what the last one had. Pure functions over plain JSON.
 */

type JsonMap = Record<string, unknown>;
type Kind = { apiVersion: string; kind: string };
const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

interface DiffOptions {
  /** Emit `$setElementOrder/<field>` lists. */
  readonly setElementOrder: boolean;
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  /** The map being diffed has the retainKeys strategy: emit `$retainKeys`. */
  readonly buildRetainKeysDirective: boolean;
}

interface FieldMeta {
  readonly strategy: string;
  readonly retainKeys: boolean;
  readonly mergeKey: string;
}

/** Where a diff or merge is in the object: the kind and the field path from its root. */
interface Schema {
  readonly kind: Kind;
  readonly path: readonly string[];
}

const at = (s: Schema, key: string): Schema => ({ kind: s.kind, path: [...s.path, key] });

/** `LookupPatchMetadata` + `extractRetainKeysPatchStrategy` for a field of the map at `s`. */
function fieldMeta(s: Schema, key: string): FieldMeta {
  const path = [...s.path, key];
  // Map keys with dots (labels, annotations) hold scalars; a dotted path cannot name them anyway.
  const meta = path.some((p) => p.includes('.')) ? undefined : lookupPatchMeta(s.kind, path.join('.'));
  const strategies = meta?.strategy ? meta.strategy.split(',') : [];
  return {
    strategy: strategies.find((x) => x !== 'retainKeys') ?? '',
    retainKeys: strategies.includes('retainKeys'),
    mergeKey: meta?.mergeKey ?? '',
  };
}

/**
 * The strategic merge patch that takes `current` to `modified` without deleting anything, plus the
 * deletions from `original` (the last applied configuration) to `modified`: map keys become `null`,
 * elements of merging lists of maps `{<mergeKey>: v, $patch: delete}`, items of merging lists of
 * scalars go to `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` makes merging lists
 * follow the manifest's order; `$retainKeys` lists the fields of retainKeys-strategy maps. Lists
 * without a merge strategy are sent whole. Pure.
 */
export function threeWayMergePatch(original: JsonMap, modified: JsonMap, current: JsonMap, kind: Kind): JsonMap {
  const root: Schema = { kind, path: [] };
  const delta = diffMaps(clone(current), clone(modified), root, {
    ignoreDeletions: true,
    setElementOrder: true,
    ignoreChangesAndAdditions: false,
    buildRetainKeysDirective: false,
  });
  const deletions = diffMaps(clone(original), clone(modified), root, {
    ignoreDeletions: false,
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
    buildRetainKeysDirective: false,
  });
  // Delta applied to deletions as a patch: strictly additive, so the two never collide on a value.
  return mergeMap(deletions, delta, root);
}

function diffMaps(original: JsonMap, modified: JsonMap, s: Schema, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeysList: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!hasOwn(original, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      // handleDirectiveMarker
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') throw new Error(`invalid value for special key: ${DIRECTIVE}`);
      if (originalValue !== modifiedValue) patch[DIRECTIVE] = modifiedValue;
      continue;
    }
    if (jsonType(originalValue) !== jsonType(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue)) handleMapDiff(key, originalValue, modifiedValue as JsonMap, patch, s, opts);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, s, opts);
    else replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, opts);
  }
  if (!opts.ignoreDeletions) for (const key of Object.keys(original)) if (!hasOwn(modified, key)) patch[key] = null;
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeysList);
  }
  return patch;
}

function handleMapDiff(key: string, original: JsonMap, modified: JsonMap, patch: JsonMap, s: Schema, opts: DiffOptions): void {
  const meta = fieldMeta(s, key);
  if (meta.strategy === 'replace') {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const value = diffMaps(original, modified, at(s, key), { ...opts, buildRetainKeysDirective: meta.retainKeys });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function handleSliceDiff(key: string, original: unknown[], modified: unknown[], patch: JsonMap, s: Schema, opts: DiffOptions): void {
  const meta = fieldMeta(s, key);
  if (meta.strategy !== 'merge') {
    replacePatchFieldIfNotEqual(key, original, modified, patch, opts);
    return;
  }
  const [add, del, order] = diffLists(original, modified, at(s, key), meta.mergeKey, { ...opts, buildRetainKeysDirective: meta.retainKeys });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function replacePatchFieldIfNotEqual(key: string, original: unknown, modified: unknown, patch: JsonMap, opts: DiffOptions): void {
  if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) patch[key] = modified;
}

function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !hasOwn(modified, k));
}

/** The patch list (changes, additions, then `$patch: delete` elements), the scalar deletions, and the order list. */
function diffLists(original: unknown[], modified: unknown[], s: Schema, mergeKey: string, opts: DiffOptions): [unknown[], unknown[], unknown[]] {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const [changes, deletes] = diffListsOfMaps(original as JsonMap[], modified as JsonMap[], s, mergeKey, opts);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletes];
    const orderSame = isOrderSame(original as JsonMap[], modified as JsonMap[], mergeKey);
    const wantOrder =
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!opts.ignoreDeletions && patchList.length > 0));
    return [patchList, [], wantOrder ? (modified as JsonMap[]).map((v) => ({ [mergeKey]: v[mergeKey] })) : []];
  }
  const [adds, deletes] = diffListsOfScalars(original, modified, opts);
  const patchList = normalizeSliceOrder(adds, modified, mergeKey, kind);
  const wantOrder =
    opts.setElementOrder && ((!opts.ignoreDeletions && deletes.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return [patchList, deletes, wantOrder ? modified : []];
}

function isOrderSame(original: JsonMap[], modified: JsonMap[], mergeKey: string): boolean {
  return original.length === modified.length && modified.every((m, i) => mergeKeyValue(original[i], mergeKey) === mergeKeyValue(m, mergeKey));
}

/** Both lists sorted by the `%v` of their values, then walked side by side, as upstream (duplicates included). */
function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): [unknown[], unknown[]] {
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const adds: unknown[] = [];
  const deletes: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goFmt(o[i]) : undefined;
    const ms = j < m.length ? goFmt(m[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) adds.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletes.push(o[i]);
      i++;
    }
  }
  return [adds, [...new Set(deletes)]];
}

/** Both lists sorted by the `%v` of their merge keys and walked side by side: element patches, additions, delete directives. */
function diffListsOfMaps(original: JsonMap[], modified: JsonMap[], s: Schema, mergeKey: string, opts: DiffOptions): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletes: unknown[] = [];
  const o = sortByMergeKey(original, mergeKey);
  const m = sortByMergeKey(modified, mergeKey);
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const ov = i < o.length ? mergeKeyValue(o[i], mergeKey) : undefined;
    const mv = j < m.length ? mergeKeyValue(m[j], mergeKey) : undefined;
    const os = i < o.length ? goFmt(ov) : undefined;
    const ms = j < m.length ? goFmt(mv) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      const value = diffMaps(o[i], m[j], s, opts);
      if (Object.keys(value).length > 0) patch.push({ ...value, [mergeKey]: mv });
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletes.push({ [mergeKey]: ov, [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return [patch, deletes];
}

function sortByMergeKey(list: JsonMap[], mergeKey: string): JsonMap[] {
  return [...list].sort((a, b) => compareStrings(goFmt(a[mergeKey]), goFmt(b[mergeKey])));
}

function sortScalars<T>(list: T[]): T[] {
  return [...list].sort((a, b) => compareStrings(goFmt(a), goFmt(b)));
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `getMapAndMergeKeyValueByIndex`: the merge key's value, which every element must have. */
function mergeKeyValue(m: JsonMap, mergeKey: string): unknown {
  if (!isMap(m)) throw new Error(`expected a map[string]interface {}, but received a ${goTypeName(m)}`);
  if (!hasOwn(m, mergeKey)) throw new Error(`map: ${goFmt(m)} does not contain declared merge key: ${mergeKey}`);
  return m[mergeKey];
}

// ---- merging the delta into the deletions: `mergeMap` with MergeOptions{} (client side) ----------
// Parallel lists are carried, not applied; nulls are kept, so that the server deletes.

function mergeMap(original: JsonMap, patch: JsonMap, s: Schema): JsonMap {
  if (hasOwn(patch, DIRECTIVE)) {
    // handleDirectiveInMergeMap
    if (patch[DIRECTIVE] === 'replace') {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (patch[DIRECTIVE] === 'delete') return {};
    throw new Error(`unknown patch type: ${goFmt(patch[DIRECTIVE])} in map: ${goFmt(patch)}`);
  }
  if (hasOwn(patch, RETAIN_KEYS)) {
    const keys = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!hasOwn(original, RETAIN_KEYS)) original[RETAIN_KEYS] = keys;
    else if (!deepEqual(original[RETAIN_KEYS], keys)) {
      throw new Error(`${goFmt(original[RETAIN_KEYS])} and ${goFmt(keys)} are not deep equal: this may happen when calculating the 3-way diff patch`);
    }
  }
  mergeOrderedLists(original, patch, s);
  for (const [k, patchV] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      original[k] = patchV;
      continue;
    }
    if (patchV === null) delete original[k];
    if (!hasOwn(original, k) || jsonType(original[k]) !== jsonType(patchV)) {
      original[k] = patchV;
      continue;
    }
    const meta = fieldMeta(s, k);
    const o = original[k];
    if (isMap(o)) original[k] = meta.strategy !== 'replace' ? mergeMap(o, patchV as JsonMap, at(s, k)) : patchV;
    else if (Array.isArray(o)) original[k] = meta.strategy === 'merge' ? mergeSlice(o, patchV as unknown[], at(s, k), meta.mergeKey) : patchV;
    else original[k] = patchV;
  }
  return original;
}

/**
 * `mergePatchIntoOriginal`: each `$setElementOrder/<field>` of the patch moves to the original (they
 * must agree where both have one), and its list is merged and put in that order.
 */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, s: Schema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (hasOwn(original, key) && !deepEqual(original[key], order)) throw new Error('invalid patch format of setElementOrder list');
    original[key] = order;
    delete patch[key];
    if (!Array.isArray(order)) throw new Error(`expected a []interface {}, but received a ${goTypeName(order)}`);
    const field = key.slice(SET_ELEMENT_ORDER.length + 1);
    const originalList = hasOwn(original, field) ? original[field] : undefined;
    const patchList = hasOwn(patch, field) ? patch[field] : undefined;
    if (originalList === undefined && patchList === undefined) continue;
    const ol = (originalList ?? []) as unknown[];
    const pl = (patchList ?? []) as unknown[];
    const meta = fieldMeta(s, field);
    let merged: unknown[];
    if (patchList === undefined) merged = ol;
    else if (originalList === undefined) merged = pl;
    else merged = meta.strategy === 'merge' ? mergeSlice(ol, pl, at(s, field), meta.mergeKey) : pl;
    const kind = sliceElementType(ol, pl);
    const [inOrder, serverOnly] = partition(merged, order, meta.mergeKey, kind);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, ol, meta.mergeKey, kind);
    delete patch[field];
  }
}

function mergeSlice(original: unknown[], patch: unknown[], s: Schema, mergeKey: string): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let o = original;
  let p = patch;
  if (kind !== 'map') {
    merged = [...new Set([...original, ...patch])];
  } else {
    if (mergeKey === '') throw new Error('cannot merge lists without merge key for map[string]interface {}');
    [o, p] = mergeSliceWithSpecialElements(original as JsonMap[], patch as JsonMap[], mergeKey);
    merged = [...o];
    for (const item of p as JsonMap[]) {
      const value = mergeKeyValue(item, mergeKey);
      const i = merged.findIndex((x) => isMap(x) && hasOwn(x, mergeKey) && x[mergeKey] === value);
      if (i >= 0) merged[i] = mergeMap(merged[i] as JsonMap, item, s);
      else merged.push(item);
    }
  }
  const [inPatch, serverOnly] = partition(merged, p, mergeKey, kind);
  return normalizeElementOrder(inPatch, serverOnly, p, o, mergeKey, kind);
}

/** `$patch: delete` elements remove their match from the original; `$patch: replace` makes the rest the list. */
function mergeSliceWithSpecialElements(original: JsonMap[], patch: JsonMap[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let current: unknown[] = original;
  let replace = false;
  for (const m of patch) {
    if (!hasOwn(m, DIRECTIVE)) {
      plain.push(m);
      continue;
    }
    switch (m[DIRECTIVE]) {
      case 'delete': {
        const value = mergeKeyValue(m, mergeKey);
        current = current.filter((x) => !(isMap(x) && hasOwn(x, mergeKey) && x[mergeKey] === value));
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw new Error('merging lists cannot yet be specified in the patch');
      default:
        throw new Error(`unknown patch type: ${goFmt(m[DIRECTIVE])} in map: ${goFmt(m)}`);
    }
  }
  return replace ? [plain, []] : [current, plain];
}

/** Items whose key (maps) or value (scalars) is in `by`, and the others. */
function partition(list: unknown[], by: unknown[], mergeKey: string, kind: ElementKind): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) {
    if (kind === 'map') mergeKeyValue(v as JsonMap, mergeKey);
    (indexIn(by, v, mergeKey, kind) >= 0 ? inBy : rest).push(v);
  }
  return [inBy, rest];
}



type ElementKind = 'map' | 'scalar';

/** `sliceElementType`: every element of the lists has one JSON type, and it is not a list. */
function sliceElementType(...lists: unknown[][]): ElementKind {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = jsonType(v);
      if (prev === undefined) {
        if (t === 'list') throw new Error('lists of lists are not supported');
        prev = t;
      } else if (t !== prev) {
        throw new Error(`list element types are not identical: ${goFmt(lists)}`);
      }
    }
  }
  if (prev === undefined) throw new Error('no elements in any of the given slices');
  return prev === 'map' ? 'map' : 'scalar';
}

// ---------------------------------------------------------------------------------------------
// CreateThreeWayJSONMergePatch (apimachinery jsonmergepatch/patch.go), for kinds kubectl has no
// Go type for: the additions and changes from current to modified (RFC 7396 diff without nulls),
// merged onto the deletions from original to modified (only the nulls). Lists are replaced whole.

/** The RFC 7396 merge patch kubectl sends when re-applying a custom resource. Pure. */
export function threeWayJsonMergePatch(original: JsonMap, modified: JsonMap, current: JsonMap): JsonMap {
  const addAndChange = keepOrDeleteNull(createMergePatch(current, modified), false);
  const deletions = keepOrDeleteNull(createMergePatch(original, modified), true);
  return mergePatchDocs(deletions, addAndChange);
}

/** evanphx/json-patch `CreateMergePatch` (`getDiff`): what to send to turn `a` into `b`. */
function createMergePatch(a: JsonMap, b: JsonMap): JsonMap {
  const into: JsonMap = {};
  for (const [key, bv] of Object.entries(b)) {
    if (!hasOwn(a, key) || jsonType(a[key]) !== jsonType(bv)) {
      into[key] = bv;
      continue;
    }
    const av = a[key];
    if (isMap(av)) {
      const sub = createMergePatch(av, bv as JsonMap);
      if (Object.keys(sub).length > 0) into[key] = sub;
    } else if (!deepEqual(av, bv)) into[key] = bv;
  }
  for (const key of Object.keys(a)) if (!hasOwn(b, key)) into[key] = null;
  return into;
}

/** `keepOrDeleteNullInObj`: only the nulls (deletions), or everything but the nulls; explicitly empty maps are values. */
function keepOrDeleteNull(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const [key, val] of Object.entries(m)) {
    if (val === null) {
      if (keepNull) out[key] = null;
    } else if (isMap(val)) {
      if (Object.keys(val).length === 0) {
        if (!keepNull) out[key] = val;
        continue;
      }
      const sub = keepOrDeleteNull(val, keepNull);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (!keepNull) out[key] = val;
  }
  return out;
}

/** evanphx/json-patch `MergePatch(doc, patch)`: RFC 7396 application, nulls pruned from what it adds. */
function mergePatchDocs(doc: JsonMap, patch: JsonMap): JsonMap {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete doc[k];
    else if (isMap(doc[k]) && isMap(v)) doc[k] = mergePatchDocs(doc[k] as JsonMap, v);
    else doc[k] = pruneNulls(v);
  }
  return doc;
}

function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}

// ---------------------------------------------------------------------------------------------

export function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** The Go type a decoded JSON value has, as `reflect.TypeOf` tells them apart. */
function jsonType(v: unknown): 'null' | 'map' | 'list' | 'string' | 'number' | 'boolean' {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  return typeof v as 'string' | 'number' | 'boolean';
}

const GO_TYPE_NAMES = { map: 'map[string]interface {}', list: '[]interface {}', null: '<nil>', number: 'float64', boolean: 'bool', string: 'string' };

function goTypeName(v: unknown): string {
  return GO_TYPE_NAMES[jsonType(v)];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
