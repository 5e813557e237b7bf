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

/** A random (version 4) UUID from the seeded RNG, so UIDs repeat with the seed. */
export function newUid(rng: Rng): string {
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.intn(16)];
    return s;
  };
  const variant = '89ab'[rng.intn(4)];
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
