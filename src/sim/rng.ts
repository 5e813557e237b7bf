import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * The cluster's only source of randomness. Seeded, so the same seed gives the same sequence
 * (and with it the same generated names, tie-breaks and jitter) on every run.
 */
export class Rng {
  private gen;

  constructor(readonly seed: number) {
    // Small seeds (1, 2, 42) leave xoroshiro's state nearly all zeros, and its first outputs are
    // poor (the first float is ~0.99999); scrambling the seed first avoids that.
    this.gen = xoroshiro128plus(fmix32(seed | 0));
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** A uniform integer in [0, n). */
  intn(n: number): number {
    if (n <= 0) throw new RangeError(`intn: n must be positive, got ${n}`);
    return this.int(0, n - 1);
  }

  /** A uniform float in [0, 1), with 53 bits from two draws. */
  float(): number {
    const hi = this.int(0, (1 << 26) - 1);
    const lo = this.int(0, (1 << 27) - 1);
    return (hi * 134217728 + lo) / 9007199254740992;
  }

  /** `n` characters drawn from `alphabet`, as apimachinery's rand.String does. */
  string(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.intn(alphabet.length)];
    return s;
  }
}

/** MurmurHash3's 32-bit finalizer: spreads the bits of a seed over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
