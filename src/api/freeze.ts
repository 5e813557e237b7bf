/**
 * Objects in the store are deep-frozen: readers share them without copying, and a component that
 * forgets to copy before changing one fails loudly instead of corrupting the store.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A mutable deep copy of plain JSON (the only shape API objects have). */
export function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
