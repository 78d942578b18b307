/**
 * Arithmetic in the prime field GF(p) with p = 2^127 − 1, a Mersenne prime, as BigInt. Shamir
 * sharing runs here: the field is large enough that a share reveals nothing about a 120-bit limb
 * of a secret, and small enough that BigInt products stay two machine words wide.
 */
import { invalidInput } from '../../core/errors.js';
import type { RandomBytes } from './random-bytes.js';

/** The field's modulus, 2^127 − 1. */
export const FIELD_PRIME = (1n << 127n) - 1n;

/** `a mod p` in [0, p), for any integer `a` (negative ones included). */
export function fieldReduce(a: bigint): bigint {
  const r = a % FIELD_PRIME;
  return r < 0n ? r + FIELD_PRIME : r;
}

/** `(a + b) mod p` for field elements. */
export function fieldAdd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= FIELD_PRIME ? s - FIELD_PRIME : s;
}

/** `(a − b) mod p` for field elements. */
export function fieldSub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s < 0n ? s + FIELD_PRIME : s;
}

/** `(a · b) mod p` for field elements. */
export function fieldMul(a: bigint, b: bigint): bigint {
  return (a * b) % FIELD_PRIME;
}

/** `a^e mod p` by square-and-multiply. */
export function fieldPow(a: bigint, e: bigint): bigint {
  let result = 1n;
  let base = fieldReduce(a);
  let k = e;
  while (k > 0n) {
    if (k & 1n) result = fieldMul(result, base);
    base = fieldMul(base, base);
    k >>= 1n;
  }
  return result;
}

/** The multiplicative inverse `a^(p−2) mod p` (Fermat); zero has none. */
export function fieldInverse(a: bigint): bigint {
  const r = fieldReduce(a);
  if (r === 0n) throw invalidInput('zero has no inverse in GF(2^127 - 1)');
  return fieldPow(r, FIELD_PRIME - 2n);
}

/** A uniform element of [0, p): 127 random bits, redrawn in the (2^−127) case that they equal p. */
export function randomFieldElement(randomBytes: RandomBytes): bigint {
  for (;;) {
    const bytes = randomBytes(16);
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    v &= FIELD_PRIME;
    if (v !== FIELD_PRIME) return v;
  }
}
