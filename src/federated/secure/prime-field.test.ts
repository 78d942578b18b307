import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, fieldAdd, fieldInverse, fieldMul, fieldReduce, fieldSub, randomFieldElement } from './prime-field.js';
import { seededRandomBytes } from './random-bytes.js';

describe('GF(2^127 - 1)', () => {
  it('is the Mersenne prime 2^127 - 1 and wraps sums, differences and negatives', () => {
    expect(FIELD_PRIME).toBe(170141183460469231731687303715884105727n);
    expect(fieldAdd(FIELD_PRIME - 1n, 5n)).toBe(4n);
    expect(fieldSub(3n, 5n)).toBe(FIELD_PRIME - 2n);
    expect(fieldReduce(-1n)).toBe(FIELD_PRIME - 1n);
    expect(fieldMul(1n << 126n, 2n)).toBe(1n); // 2^127 = 1 mod 2^127 - 1
  });

  it('inverts every sampled element and refuses zero', () => {
    const random = seededRandomBytes('field');
    for (let k = 0; k < 20; k++) {
      const a = randomFieldElement(random);
      expect(a).toBeLessThan(FIELD_PRIME);
      if (a !== 0n) expect(fieldMul(a, fieldInverse(a))).toBe(1n);
    }
    expect(() => fieldInverse(0n)).toThrow(/zero has no inverse/);
  });
});
