/**
 * The hashing that names controller-made objects: FNV-32 (hash/fnv New32, FNV-1) and FNV-32a
 * over UTF-8 bytes, and apimachinery's rand.SafeEncodeString, which maps every byte of a string
 * onto consonants and digits so that a hash never spells a word.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1 32-bit (Go's fnv.New32) over `parts`, written one after another. */
export function fnv32(...parts: string[]): number {
  let h = FNV_OFFSET;
  for (const part of parts) {
    for (const b of Buffer.from(part, 'utf8')) {
      h = Math.imul(h, FNV_PRIME) >>> 0;
      h = (h ^ b) >>> 0;
    }
  }
  return h >>> 0;
}

/** FNV-1a 32-bit (Go's fnv.New32a) over `parts`: strings as UTF-8, byte arrays as they are. */
export function fnv32a(...parts: (string | Uint8Array)[]): number {
  let h = FNV_OFFSET;
  for (const part of parts) {
    for (const b of typeof part === 'string' ? Buffer.from(part, 'utf8') : part) {
      h = (h ^ b) >>> 0;
      h = Math.imul(h, FNV_PRIME) >>> 0;
    }
  }
  return h >>> 0;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte of `s` becomes ALPHANUMS[byte % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted at every level, as Go marshals a map[string]interface{}. */
export function sortedJSON(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(val as object).sort()) {
        const x = (val as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = x;
      }
      return out;
    }
    return val;
  });
}
