import type { Rng } from '../sim/rng';

/** apimachinery util/rand's alphabet: no vowels (no words), no confusable characters. Fact 176. */
export const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
/** MaxGeneratedNameLength = 63 − 5. */
const MAX_GENERATED_BASE = 63 - RANDOM_LENGTH;

/** names.SimpleNameGenerator: the base, truncated to 58 characters, plus 5 random characters. */
export function generateName(base: string, rng: Rng): string {
  return base.slice(0, MAX_GENERATED_BASE) + rng.string(RANDOM_LENGTH, GENERATE_ALPHABET);
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const VARIANT_CODES = Array.from('89ab', (c) => c.charCodeAt(0));
/** Where the 30 random hex digits go in `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx` (V: the variant). */
const HEX_SLOTS = [...Array(36).keys()].filter((i) => ![8, 13, 14, 18, 19, 23].includes(i));
const DASH = '-'.charCodeAt(0);
const FOUR = '4'.charCodeAt(0);

/**
 * A random (version 4) UUID from the seeded RNG, so UIDs repeat with the seed: the variant is
 * drawn first, then the 30 hex digits in order. The string is made in one piece: pieced together,
 * a UID was a tree of six string objects that every object holding it kept alive.
 */
export function newUid(rng: Rng): string {
  const codes = new Array<number>(36);
  codes[8] = codes[13] = codes[18] = codes[23] = DASH;
  codes[14] = FOUR;
  codes[19] = VARIANT_CODES[rng.intn(4)];
  for (const i of HEX_SLOTS) codes[i] = HEX_CODES[rng.intn(16)];
  return String.fromCharCode.apply(null, codes);
}
