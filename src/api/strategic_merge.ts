/**
 * Strategic merge patch for the built-in kinds, as apimachinery's `strategicpatch.StrategicMergeMapPatch`
 * applies it on the API server (MergeParallelList and IgnoreUnmatchedNulls on).
 *
 * What it does, as upstream:
 * - maps merge recursively; `null` deletes a key; `$patch: replace` in a map replaces it, `$patch: delete`
 *   empties it; `$retainKeys: [...]` clears the keys it does not list;
 * - lists whose field has `patchStrategy: merge` merge: lists of maps by the field's `patchMergeKey`
 *   (with `{<key>: x, $patch: delete}` elements deleting and a `{$patch: replace}` element replacing the
 *   list), lists of scalars as sets (`$deleteFromPrimitiveList/<field>` removes items); every other list
 *   is replaced;
 * - `$setElementOrder/<field>` orders the merged list; otherwise patch items keep the patch's order,
 *   server-only items the server's, interleaved as `mergeSortedSlice` does (new items end up in front).
 *
 * Field types come from the generated field map (`generated/fields.json`, the OpenAPI models of the
 * built-in kinds); patch strategies and merge keys from `PATCH_META`, the `patchStrategy`/`patchMergeKey`
 * struct tags of the Kubernetes v1.32 types. Fields missing from the map are walked untyped (maps merge,
 * lists are replaced). Where upstream leaves directive keys in the merged JSON for its typed decoding to
 * drop (values the original did not have), they are dropped here too, and so are nulls inside such
 * values (`discardNullValuesFromPatch`).
 *
 * Pure: the inputs are never mutated.
 */
import fieldMap from './generated/fields.json';

/** `patchStrategy` struct-tag values that occur in the built-in types. */
export type PatchStrategy = 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';

export interface PatchMeta {
  readonly strategy?: PatchStrategy;
  readonly mergeKey?: string;
}

const MERGE = (mergeKey?: string): PatchMeta => ({ strategy: 'merge', ...(mergeKey ? { mergeKey } : {}) });
const MERGE_RETAIN = (mergeKey: string): PatchMeta => ({ strategy: 'merge,retainKeys', mergeKey });
const CONTAINER: Readonly<Record<string, PatchMeta>> = {
  ports: MERGE('containerPort'),
  env: MERGE('name'),
  volumeMounts: MERGE('mountPath'),
  volumeDevices: MERGE('devicePath'),
};
const CONDITIONS: Readonly<Record<string, PatchMeta>> = { conditions: MERGE('type') };

/**
 * `typeName → field → {strategy, mergeKey}`: the patch tags of k8s.io/api v1.32, keyed by the type
 * names of the field map. `NodeSpec.taints` and `PodSpec.tolerations` carry no patch strategy, so
 * a patch replaces them whole, as on a real cluster.
 */
export const PATCH_META: Readonly<Record<string, Readonly<Record<string, PatchMeta>>>> = {
  V1ObjectMeta: { finalizers: MERGE(), ownerReferences: MERGE('uid') },
  V1PodSpec: {
    volumes: MERGE_RETAIN('name'),
    initContainers: MERGE('name'),
    containers: MERGE('name'),
    ephemeralContainers: MERGE('name'),
    imagePullSecrets: MERGE('name'),
    hostAliases: MERGE('ip'),
    topologySpreadConstraints: MERGE('topologyKey'),
    schedulingGates: MERGE('name'),
    resourceClaims: MERGE_RETAIN('name'),
  },
  V1Container: CONTAINER,
  V1EphemeralContainer: CONTAINER,
  V1PodStatus: { conditions: MERGE('type'), podIPs: MERGE('ip'), hostIPs: MERGE('ip'), resourceClaimStatuses: MERGE_RETAIN('name') },
  V1ContainerStatus: { volumeMounts: MERGE('mountPath'), allocatedResourcesStatus: MERGE('name') },
  V1NodeSpec: { podCIDRs: MERGE() },
  V1NodeStatus: { conditions: MERGE('type'), addresses: MERGE('type') },
  V1ServiceSpec: { ports: MERGE('port') },
  V1ServiceStatus: CONDITIONS,
  V1ServiceAccount: { secrets: MERGE('name') },
  V1NamespaceStatus: CONDITIONS,
  V1PersistentVolumeClaimStatus: CONDITIONS,
  V1ReplicationControllerStatus: CONDITIONS,
  V1DeploymentSpec: { strategy: { strategy: 'retainKeys' } },
  V1DeploymentStatus: CONDITIONS,
  V1ReplicaSetStatus: CONDITIONS,
  V1StatefulSetStatus: CONDITIONS,
  V1DaemonSetStatus: CONDITIONS,
  V1JobStatus: CONDITIONS,
  V2HorizontalPodAutoscalerStatus: CONDITIONS,
  V1PodDisruptionBudgetStatus: CONDITIONS,
};

/** Groups served by kube-apiserver itself; kinds of any other group are custom resources. */
const BUILTIN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'apiregistration.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * A patch the server cannot apply. `code` is the HTTP status upstream's patch handler answers with:
 * 400 for malformed patches, 422 for content errors (`ErrNoListOfLists`, retainKeys mismatch), 415 for
 * custom resources, 500 for the errors upstream does not classify.
 */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 415 | 422 | 500 = 500,
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

// mergepatch's error values, with their texts.
const errBadJSONDoc = (): StrategicMergePatchError => new StrategicMergePatchError('invalid JSON document', 400);
const errNoListOfLists = (): StrategicMergePatchError => new StrategicMergePatchError('lists of lists are not supported', 422);
const errBadPatchFormatForPrimitiveList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of primitive list', 400);
const errBadPatchFormatForRetainKeys = (): StrategicMergePatchError => new StrategicMergePatchError('invalid patch format of retainKeys', 400);
const errBadPatchFormatForSetElementOrderList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 400);
const errPatchContentNotMatchRetainKeys = (): StrategicMergePatchError =>
  new StrategicMergePatchError("patch content doesn't match retainKeys list", 422);
const errNoMergeKey = (m: unknown, k: string): StrategicMergePatchError =>
  new StrategicMergePatchError(`map: ${goFmt(m)} does not contain declared merge key: ${k}`);
const errBadArgType = (expected: 'map' | 'slice', actual: unknown): StrategicMergePatchError =>
  new StrategicMergePatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );
const errBadPatchType = (t: unknown, m: unknown): StrategicMergePatchError =>
  new StrategicMergePatchError(`unknown patch type: ${goFmt(t)} in map: ${goFmt(m)}`);

/** The 415 kube-apiserver answers a strategic merge patch to a custom resource with. */
export const UNSUPPORTED_PATCH_MESSAGE =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

const DIRECTIVE_MARKER = '$patch';
const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

type JsonMap = Record<string, unknown>;
type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The Go type a JSON value decodes to (apimachinery's json decodes whole numbers as int64). */
function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'object':
      return 'map';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    default:
      return 'nil';
  }
}

function goTypeName(v: unknown): string {
  const k = goKind(v);
  return k === 'map' ? 'map[string]interface {}' : k === 'slice' ? '[]interface {}' : k === 'nil' ? '<nil>' : k;
}

/** Go's `%v` of a decoded JSON value: `map[a:1 b:[x y]]` (keys sorted), `[x y]`, `<nil>`. */
export function goFmt(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFmt).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFmt(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// The type walker: what each field is, from the generated field map and PATCH_META.

interface FieldMap {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
}
const FIELDS = fieldMap as unknown as FieldMap;

/** Root type of a built-in kind the field map does not list: only `metadata` is known. */
const META_ONLY_ROOT = '<meta-only>';

interface FieldInfo {
  /** The type of the value (for maps) or of its elements (for lists); undefined when unknown or a leaf. */
  readonly type?: string;
  readonly strategy: string;
  readonly retainKeys: boolean;
  readonly mergeKey: string;
}

/** `LookupPatchMetadata(t, key)`: the field's value/element type and its patch tags. */
function lookupField(t: string | undefined, key: string): FieldInfo {
  let fieldType: string | undefined;
  if (t === META_ONLY_ROOT) fieldType = key === 'metadata' ? 'V1ObjectMeta' : undefined;
  else if (t?.startsWith('map[string]')) fieldType = t.slice('map[string]'.length);
  else if (t !== undefined) fieldType = FIELDS.types[t]?.[key];
  const elem = fieldType?.startsWith('[]') ? fieldType.slice(2) : fieldType;
  const type = elem !== undefined && (elem in FIELDS.types || elem.startsWith('map[string]')) ? elem : undefined;
  const meta: PatchMeta = (t !== undefined ? PATCH_META[t]?.[key] : undefined) ?? {};
  const strategies = meta.strategy ? meta.strategy.split(',') : [];
  const retainKeys = strategies.includes('retainKeys');
  return { type, strategy: strategies.find((s) => s !== 'retainKeys') ?? '', retainKeys, mergeKey: meta.mergeKey ?? '' };
}

/** The root type of a kind, `META_ONLY_ROOT` for other built-ins, or undefined for custom resources. */
function rootType(kind: { apiVersion: string; kind: string }): string | undefined {
  const root = FIELDS.kinds[`${kind.apiVersion}/${kind.kind}`];
  if (root !== undefined) return root;
  const group = kind.apiVersion.includes('/') ? kind.apiVersion.split('/')[0] : '';
  return BUILTIN_GROUPS.has(group) ? META_ONLY_ROOT : undefined;
}

/**
 * The patch metadata of a dotted field path from a kind's root (`spec.template.spec.containers`),
 * or undefined when the path leaves the known types. Lists are stepped through transparently.
 */
export function lookupPatchMeta(kind: { apiVersion: string; kind: string }, path: string): PatchMeta | undefined {
  let t = rootType(kind);
  const parts = path.split('.');
  let info: FieldInfo | undefined;
  for (const part of parts) {
    if (t === undefined) return undefined;
    info = lookupField(t, part);
    t = info.type;
  }
  if (!info) return undefined;
  const strategy = [info.strategy, info.retainKeys ? 'retainKeys' : ''].filter(Boolean).join(',') as PatchStrategy | '';
  return { ...(strategy ? { strategy } : {}), ...(info.mergeKey ? { mergeKey: info.mergeKey } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The merge, following strategicpatch/patch.go function by function.

/** `discardNullValuesFromPatch`: a value that lands where the original had nothing keeps no nulls. */
function discardNulls<T>(v: T): T {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  }
  return v;
}

/** Drops directive keys that survived the merge (upstream's typed decoding drops them as unknown fields). */
function stripDirectives(v: unknown): void {
  if (Array.isArray(v)) v.forEach(stripDirectives);
  else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (
        k === DIRECTIVE_MARKER ||
        k === RETAIN_KEYS_DIRECTIVE ||
        k.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
        k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
      ) {
        delete v[k];
      } else {
        stripDirectives(v[k]);
      }
    }
  }
}

function mergeMap(original: JsonMap | undefined, patch: JsonMap, t: string | undefined): JsonMap {
  if (hasOwn(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const target = original ?? {};
  applyRetainKeysDirective(target, patch);
  mergePatchIntoOriginal(target, patch, t);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      k = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete target[k];
      continue;
    }
    if (!hasOwn(target, k)) {
      // Deleting from a list that is not there leaves it not there.
      if (!isDeleteList) target[k] = discardNulls(patchV);
      continue;
    }
    const originalKind = goKind(target[k]);
    if (originalKind !== goKind(patchV)) {
      target[k] = discardNulls(patchV);
      continue;
    }
    const info = lookupField(t, k);
    switch (originalKind) {
      case 'map':
        target[k] = info.strategy !== 'replace' ? mergeMap(target[k] as JsonMap, patchV as JsonMap, info.type) : patchV;
        break;
      case 'slice':
        target[k] = mergeSliceHandler(target[k] as unknown[], patchV as unknown[], info, isDeleteList);
        break;
      default:
        target[k] = patchV;
    }
  }
  return target;
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return discardNulls(patch);
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX ? errBadPatchFormatForPrimitiveList() : errBadPatchFormatForSetElementOrderList();
  }
  return s.slice(slash + 1);
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set<unknown>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!keep.has(k)) throw errPatchContentNotMatchRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Processes every `$setElementOrder/<field>` with its list, then removes both from the patch. */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, t: string | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType('slice', setOrder);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = hasOwn(original, originalKey);
    const foundPatch = hasOwn(patch, originalKey);
    let originalList: unknown[] = [];
    let patchList: unknown[] = [];
    if (foundOriginal) {
      if (!Array.isArray(original[originalKey])) throw errBadArgType('slice', original[originalKey]);
      originalList = original[originalKey] as unknown[];
    }
    if (foundPatch) {
      if (!Array.isArray(patch[originalKey])) throw errBadArgType('slice', patch[originalKey]);
      patchList = patch[originalKey] as unknown[];
    }
    const info = lookupField(t, originalKey);
    validatePatchWithSetOrderList(patchList, setOrder, info.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = patchList;
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, info, false);
    else continue;
    const [patchItems, serverOnly] =
      info.mergeKey === '' ? partitionPrimitivesByPresentInList(merged, setOrder) : partitionMapsByPresentInList(merged, setOrder, info.mergeKey);
    const kind = sliceElementType(originalList, patchList);
    original[originalKey] = discardNulls(normalizeElementOrder(patchItems, serverOnly, setOrder, originalList, info.mergeKey, kind));
    delete patch[originalKey];
  }
}

function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const [nonDelete] = mergeKey !== '' ? extractToDeleteItems(patchList) : [patchList];
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    if (isMap(nonDelete[patchIndex]) && hasOwn(nonDelete[patchIndex] as JsonMap, DIRECTIVE_MARKER)) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[patchIndex], setOrderList[setOrderIndex], mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goFmt(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFmt(setOrderList)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isMap(left)) throw errBadArgType('map', left);
  if (!isMap(right)) throw errBadArgType('map', right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** Delete lists apply whatever the field's strategy; other lists merge only under `merge`. */
function mergeSliceHandler(original: unknown[], patch: unknown[], info: FieldInfo, isDeleteList: boolean): unknown[] {
  if (info.strategy === 'merge' || isDeleteList) return mergeSlice(original, patch, info.type, info.mergeKey, isDeleteList);
  return discardNulls(patch);
}

function mergeSlice(original: unknown[], patch: unknown[], elemType: string | undefined, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let serverOrder = original;
  let patchOrder = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw new StrategicMergePatchError('cannot merge lists without merge key for type struct');
    [serverOrder, patchOrder] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(serverOrder, patchOrder, mergeKey, elemType);
  }
  const [patchItems, serverOnly] =
    mergeKey === '' ? partitionPrimitivesByPresentInList(merged, patchOrder) : partitionMapsByPresentInList(merged, patchOrder, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patchOrder, serverOrder, mergeKey, kind);
}

/**
 * Applies `$patch` elements: `{<key>: v, $patch: delete}` removes matching originals, `{$patch: replace}`
 * makes the remaining patch items the whole list. Returns the new original and the plain patch items.
 */
function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  let current = original;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!hasOwn(m, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    switch (m[DIRECTIVE_MARKER]) {
      case 'delete':
        if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
        current = deleteMatchingEntries(current, mergeKey, m[mergeKey]);
        break;
      case 'replace':
        replace = true; // keep going: other `$patch` elements are still pruned
        break;
      case 'merge':
        throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
      default:
        throw errBadPatchType(m[DIRECTIVE_MARKER], m);
    }
  }
  return replace ? [discardNulls(plain), []] : [current, plain];
}

function deleteMatchingEntries(original: unknown[], mergeKey: string, value: unknown): unknown[] {
  return original.filter((item, i) => {
    if (!isMap(item)) throw new StrategicMergePatchError(`value for key ${i} is not a map.`);
    return !(hasOwn(item, mergeKey) && item[mergeKey] === value);
  });
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isMap(item)) throw new StrategicMergePatchError(`value for key ${i} is not a map.`);
    if (hasOwn(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

function mergeSliceWithoutSpecialElements(original: unknown[], patch: unknown[], mergeKey: string, elemType: string | undefined): unknown[] {
  const result = [...original];
  for (const v of patch) {
    const m = v as JsonMap;
    if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const i = findByKey(result, mergeKey, m[mergeKey]);
    if (i >= 0) result[i] = mergeMap(result[i] as JsonMap, m, elemType);
    else result.push(discardNulls(v));
  }
  return result;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const drop = new Set(toDelete);
  return current.filter((v) => !drop.has(v));
}

function deduplicateScalars(s: unknown[]): unknown[] {
  return [...new Set(s)];
}

/** The one Go kind of every element of the lists; lists of lists and mixed lists are errors. */
function sliceElementType(...slices: unknown[][]): GoKind {
  let prev: GoKind | undefined;
  for (const s of slices) {
    for (const v of s) {
      const k = goKind(v);
      if (prev === undefined) {
        prev = k;
        if (k === 'slice') throw errNoListOfLists();
      } else if (prev !== k) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goFmt(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return prev;
}

function partitionPrimitivesByPresentInList(list: unknown[], partitionBy: unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(partitionBy);
  return [list.filter((v) => inPatch.has(v)), list.filter((v) => !inPatch.has(v))];
}

function partitionMapsByPresentInList(list: unknown[], partitionBy: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isMap(v)) throw errBadArgType('map', v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(partitionBy, mergeKey, v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    if (!isMap(v)) throw errBadArgType('map', v);
    (v[DIRECTIVE_MARKER] === 'delete' ? del : keep).push(v);
  }
  return [keep, del];
}

/** Position of an item in `list`: by merge-key value for maps (`kind === 'map'`), by value otherwise; -1 when absent. */
export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: string): number {
  const key = (v: unknown): unknown => (kind === 'map' ? (isMap(v) ? v[mergeKey] : undefined) : v);
  const wanted = key(item);
  return list.findIndex((v) => key(v) === wanted);
}

/** Sorts `toSort` by position in `order` (stable); for maps, `$patch: delete` elements go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: string): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isMap(item)) throw errBadArgType('map', item);
        if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      }
    }
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const sorted = [...items].sort((a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = indexIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}

/**
 * `mergeSortedSlice`: interleaves server-only items (`left`) into patch items (`right`). A server item
 * goes first only when both are in the server list and it comes earlier there; so items new to the
 * server end up ahead of the remaining server-only items, as upstream.
 */
export function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/**
 * Applies a strategic merge patch to an object of the given kind and returns the merged object.
 * @throws StrategicMergePatchError (with the HTTP `code` upstream answers) when the patch is not a
 *   JSON object, the kind is a custom resource (415), or the patch is malformed.
 */
export function strategicMergePatch<T extends object>(original: T, patch: unknown, kind: { apiVersion: string; kind: string }): T {
  if (!isMap(patch)) throw errBadJSONDoc();
  const root = rootType(kind);
  if (root === undefined) throw new StrategicMergePatchError(UNSUPPORTED_PATCH_MESSAGE, 415);
  const originalCopy = JSON.parse(JSON.stringify(original ?? {})) as JsonMap;
  const patchCopy = JSON.parse(JSON.stringify(patch)) as JsonMap;
  const result = mergeMap(originalCopy, patchCopy, root);
  stripDirectives(result);
  return result as T;
}
