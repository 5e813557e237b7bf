/**
 * Objects in the store are deep-frozen: readers share them without copying, and a component that
 * forgets to copy before changing one fails loudly instead of corrupting the store.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Without Object.values' array per object: this runs on every write. for-in sees inherited
    // enumerable members too, which plain JSON objects do not have (freezing one would be harmless).
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    } else {
      for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
    }
  }
  return value;
}

/**
 * What the store keeps of a written object: a deep-frozen copy in which the parts already frozen
 * (shared with earlier stored objects) are reused and every other object and array is new, with
 * its members in the same order (undefined members kept, as deepFreeze keeps them).
 *
 * Why a copy rather than freezing in place: V8 gives an object made by spreading an unfrozen one
 * (`{ ...spec, nodeName }`, the idiom of defaulting, admission and the subresources) a map with no
 * transition tree, and freezing such an object makes a new map for every object. Stored objects
 * then had a map each, and every reader of them (informers, the scheduler, controllers) ran
 * megamorphic property loads. Objects built key by key, as here, share maps.
 */
export function frozenCopy<T>(value: T): T {
  return copyFrozen(value) as T;
}

function copyFrozen(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyFrozen(v[i]);
    return Object.freeze(out);
  }
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = copyFrozen((v as Record<string, unknown>)[k]);
    // As in copyJson: "__proto__" stays an own member.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return Object.freeze(out);
}

/**
 * A mutable deep copy of plain JSON (the only shape API objects have), with JSON's semantics: object
 * members that are undefined (or functions) are dropped, array holes of that kind become null,
 * non-finite numbers become null, and an object with `toJSON` is copied as its JSON. A hand-written
 * walk: it is on every write path, where `JSON.parse(JSON.stringify(...))` cost several times more.
 */
export function deepCopy<T>(value: T): T {
  return value === undefined ? value : (copyJson(value) as T);
}

function copyJson(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : copyJson(x);
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    // JSON.parse makes "__proto__" an own member; plain assignment would set the prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: copyJson(x), enumerable: true, writable: true, configurable: true });
    else out[k] = copyJson(x);
  }
  return out;
}
