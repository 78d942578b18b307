import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashBucket, murmur3 } from './murmur3.js';

interface MurmurCase {
  text: string;
  seed: number;
  unsigned: number;
  signed: number;
}
// Reference values from sklearn.utils.murmurhash3_32 (test/fixtures/data/make_fixtures.py).
const reference = JSON.parse(readFileSync(new URL('../../../test/fixtures/data/encoding-reference.json', import.meta.url), 'utf8')) as { murmur3: MurmurCase[] };

describe('murmur3', () => {
  it('matches scikit-learn on ASCII, accented and CJK strings, with and without a seed', () => {
    expect(reference.murmur3.length).toBeGreaterThan(10);
    for (const c of reference.murmur3) {
      expect(murmur3(c.text, c.seed), `${c.text}/${c.seed}`).toBe(c.unsigned);
      expect(murmur3(c.text, c.seed) | 0).toBe(c.signed);
    }
  });

  it('hashes long strings (beyond its scratch buffer) the same way every time', () => {
    const long = 'ü'.repeat(1000);
    expect(murmur3(long)).toBe(murmur3(long));
    expect(murmur3(long)).not.toBe(murmur3(long.slice(1)));
  });

  it('buckets by |signed hash| mod n, as scikit-learn FeatureHasher', () => {
    for (const c of reference.murmur3.filter((x) => x.seed === 0)) expect(hashBucket(c.text, 64)).toBe(Math.abs(c.signed) % 64);
  });
});
