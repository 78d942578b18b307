import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import { fieldAdd, fieldMul, fieldSub } from './prime-field.js';
import { seededRandomBytes } from './random-bytes.js';
import { lagrangeAtZero, shamirCombine, shamirSplit, type ShamirShare } from './shamir.js';

const random = seededRandomBytes('shamir');
const secret = new Uint8Array(random(32));
const xs = [1, 2, 3, 4, 5, 6, 7];

describe('shamirSplit / shamirCombine', () => {
  it('rebuilds a 32-byte secret from any t of n shares', () => {
    const shares = shamirSplit(secret, 4, xs, random);
    expect(shares.map((s) => s.y.length)).toEqual(Array(7).fill(3)); // three 15-byte limbs
    for (const subset of [[0, 1, 2, 3], [3, 4, 5, 6], [6, 1, 4, 2]]) {
      expect(shamirCombine(subset.map((i) => shares[i]!), 4, 32)).toEqual(secret);
    }
  });

  it('reuses precomputed Lagrange weights', () => {
    const shares = shamirSplit(secret, 3, xs, random).slice(2, 5);
    expect(shamirCombine(shares, 3, 32, lagrangeAtZero(shares.map((s) => s.x)))).toEqual(secret);
  });

  it('refuses fewer than t shares, and t − 1 shares interpolate to a different value', () => {
    const shares = shamirSplit(secret, 4, xs, random);
    expect(() => shamirCombine(shares.slice(0, 3), 4, 32)).toThrow(/3 Shamir shares cannot rebuild a secret shared with threshold 4/);
    // Interpolating t − 1 points as if the degree were t − 2 gives a wrong secret (or an out-of-range limb).
    let wrong: Uint8Array | undefined;
    try {
      wrong = shamirCombine(shares.slice(0, 3), 3, 32);
    } catch (e) {
      expect(isAntidoteError(e, 'integrity_violation')).toBe(true);
    }
    if (wrong) expect(wrong).not.toEqual(secret);
  });

  it('t − 1 shares are equally consistent with every other secret (perfect secrecy)', () => {
    // For shares of A at points x_1..x_{t−1}, g = f + (B − A)·L with L(0) = 1, L(x_i) = 0 is a
    // polynomial of degree t − 1 sharing B with exactly the same t − 1 shares.
    const t = 4;
    const seen = shamirSplit(Uint8Array.of(42), t, [1, 2, 3, 4, 5], random).slice(0, t - 1);
    const evalL = (x: bigint): bigint => {
      let v = 1n;
      for (const s of seen) v = fieldMul(v, fieldSub(1n, fieldMul(x, inverseOf(BigInt(s.x)))));
      return v;
    };
    for (const other of [0n, 7n, 255n]) {
      const delta = fieldSub(other, 42n);
      const shifted: ShamirShare[] = seen.map((s) => ({ x: s.x, y: [fieldAdd(s.y[0]!, fieldMul(delta, evalL(BigInt(s.x))))] }));
      expect(shifted).toEqual(seen); // identical view ...
      expect(evalL(0n)).toBe(1n); // ... from a polynomial whose constant term is `other`
    }
  });

  it('rejects repeated points and a threshold above n', () => {
    expect(() => shamirSplit(secret, 2, [1, 1, 2], random)).toThrow(/point 1 appears twice/);
    expect(() => shamirSplit(secret, 4, [1, 2, 3], random)).toThrow(/threshold must be an integer in \[1, 3\]/);
  });
});

function inverseOf(a: bigint): bigint {
  // Small helper so the test does not lean on the code under test for the one fact it checks.
  const p = (1n << 127n) - 1n;
  let [r0, r1, s0, s1] = [p, a, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}
