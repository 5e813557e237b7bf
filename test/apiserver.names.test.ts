// UIDs and generated names come from the seeded RNG: the same seed gives the same ones, in the
// formats upstream uses (a version 4 UUID; base + 5 characters of util/rand's alphabet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATE_ALPHABET, generateName, newUid } from '../src/apiserver/names';
import { Rng } from '../src/sim/rng';

test('newUid: a version 4 UUID with the RFC 4122 variant, the same for the same seed', () => {
  // Pinned: UIDs appear in reports and event logs, which must not change between releases.
  assert.equal(newUid(new Rng(1)), 'c6909af5-8c1a-400f-891c-5b238a53f732');
  const rng = new Rng(42);
  const again = new Rng(42);
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const uid = newUid(rng);
    assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(newUid(again), uid);
    seen.add(uid);
  }
  assert.equal(seen.size, 2000);
});

test('generateName: the base cut to 58 characters, then 5 characters of the alphabet', () => {
  const name = generateName('web-', new Rng(1));
  assert.match(name, new RegExp(`^web-[${GENERATE_ALPHABET}]{5}$`));
  assert.equal(generateName('x'.repeat(70), new Rng(1)).length, 63);
});
