/**
 * The three PATCH bodies the API server accepts, applied to a stored object:
 * - `json`: RFC 6902 JSON Patch (`application/json-patch+json`), via fast-json-patch;
 * - `merge`: RFC 7396 JSON Merge Patch (`application/merge-patch+json`), via json-merge-patch;
 * - `strategic`: strategic merge patch (`application/strategic-merge-patch+json`), see strategic_merge.ts.
 * Pure: the original and the patch are never mutated. Failures are `PatchError`s carrying the HTTP
 * status upstream's patch handler answers with (a failing JSON-patch `test` is 422, as upstream).
 */
import { applyOperation, JsonPatchError, type Operation } from 'fast-json-patch';
import { StrategicMergePatchError, strategicMergePatch } from './strategic_merge';

// json-merge-patch ships no typings; its `apply(target, patch)` mutates and returns the target.
const jsonMergePatch = require('json-merge-patch') as { apply(target: unknown, patch: unknown): unknown };

export type PatchType = 'strategic' | 'merge' | 'json';

/** `metav1.StatusReason` for each code a patch can fail with. */
const REASONS = { 400: 'BadRequest', 415: 'UnsupportedMediaType', 422: 'Invalid', 500: '' } as const;

/** A patch that cannot be applied. `code`/`reason` are the Status upstream answers with. */
export class PatchError extends Error {
  readonly reason: string;
  constructor(
    message: string,
    readonly code: 400 | 415 | 422 | 500,
  ) {
    super(message);
    this.name = 'PatchError';
    this.reason = REASONS[code];
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A patch body may come as text (a request body) or already decoded. */
function decode(patch: unknown): unknown {
  if (typeof patch !== 'string') return patch;
  try {
    return JSON.parse(patch) as unknown;
  } catch {
    throw new PatchError('invalid JSON document', 400);
  }
}

function applyJson<T>(original: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400);
  // Copies, so that values the operations insert are shared with neither the caller's patch nor the original.
  const copy = JSON.parse(JSON.stringify(ops)) as Operation[];
  let doc = JSON.parse(JSON.stringify(original ?? {})) as T;
  copy.forEach((op, index) => {
    try {
      doc = applyOperation(doc, op, true, true, true, index).newDocument;
    } catch (e) {
      if (!(e instanceof JsonPatchError)) throw e;
      const o: Record<string, unknown> = isMap(op) ? op : {};
      const path = typeof o.path === 'string' ? o.path : '';
      if (e.name === 'TEST_OPERATION_FAILED') throw new PatchError(`testing value ${path} failed: test failed`, 422);
      // fast-json-patch appends the operation and the whole document to its message: keep the first line.
      const reason = e.message.split('\n')[0];
      throw new PatchError(`json patch operation ${index} (${typeof o.op === 'string' ? o.op : '?'} ${path}) does not apply: ${reason}`, 422);
    }
  });
  return doc;
}

function applyMerge<T>(original: T, patch: unknown): T {
  if (!isMap(patch)) throw new PatchError('Invalid JSON Patch', 400);
  const target = JSON.parse(JSON.stringify(original ?? {})) as unknown;
  return jsonMergePatch.apply(target, JSON.parse(JSON.stringify(patch))) as T;
}

/**
 * Applies a patch of the given type to `original` (an object of `kind`) and returns the new object.
 * @throws PatchError
 */
export function applyPatch<T extends object>(original: T, type: PatchType, patch: unknown, kind: { apiVersion: string; kind: string }): T {
  const body = decode(patch);
  switch (type) {
    case 'json':
      return applyJson(original, body);
    case 'merge':
      return applyMerge(original, body);
    case 'strategic':
      try {
        return strategicMergePatch(original, body, kind);
      } catch (e) {
        if (e instanceof StrategicMergePatchError) throw new PatchError(e.message, e.code);
        throw e;
      }
    default:
      throw new PatchError(`unknown patch type ${JSON.stringify(type)}`, 415);
  }
}
