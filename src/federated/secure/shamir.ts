/**
 * Shamir secret sharing. Shamir (1979), "How to Share a Secret", CACM 22(11): a secret is the
 * constant term of a random polynomial of degree t − 1 over GF(2^127 − 1); any t of its values
 * give it back by Lagrange interpolation at zero, and fewer give no information about it. Byte
 * secrets are split into 15-byte limbs (120 bits < 127), each shared with its own polynomial.
 */
import { AntidoteError, invalidInput } from '../../core/errors.js';
import { FIELD_PRIME, fieldAdd, fieldInverse, fieldMul, fieldSub, randomFieldElement } from './prime-field.js';
import type { RandomBytes } from './random-bytes.js';

/** Bytes per field element of a shared secret. */
export const SHAMIR_LIMB_BYTES = 15;

/** One party's share: the polynomials' values at the party's point `x` (one per limb). */
export interface ShamirShare {
  /** The evaluation point, a positive integer distinct per party. */
  readonly x: number;
  /** One field element per 15-byte limb of the secret. */
  readonly y: readonly bigint[];
}

function limbsOf(secret: Uint8Array): bigint[] {
  const limbs: bigint[] = [];
  for (let start = 0; start < secret.length; start += SHAMIR_LIMB_BYTES) {
    let v = 0n;
    for (const b of secret.subarray(start, start + SHAMIR_LIMB_BYTES)) v = (v << 8n) | BigInt(b);
    limbs.push(v);
  }
  return limbs;
}

function bytesOf(limbs: readonly bigint[], byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  limbs.forEach((limb, i) => {
    const start = i * SHAMIR_LIMB_BYTES;
    const width = Math.min(SHAMIR_LIMB_BYTES, byteLength - start);
    if (limb >> BigInt(8 * width) !== 0n) {
      throw new AntidoteError('integrity_violation', `reconstructed limb ${i} does not fit in ${width} bytes: the shares are inconsistent or were altered`);
    }
    let v = limb;
    for (let k = width - 1; k >= 0; k--) {
      out[start + k] = Number(v & 0xffn);
      v >>= 8n;
    }
  });
  return out;
}

function checkPoints(xs: readonly number[]): void {
  const seen = new Set<number>();
  for (const x of xs) {
    if (!Number.isSafeInteger(x) || x < 1) throw invalidInput(`Shamir evaluation points must be positive integers, got ${x}`);
    if (seen.has(x)) throw invalidInput(`Shamir evaluation point ${x} appears twice; each party needs its own point`);
    seen.add(x);
  }
}

/**
 * Splits `secret` into one share per point in `xs`; any `threshold` of them reconstruct it.
 *
 * @example
 * const shares = shamirSplit(secret, 3, [1, 2, 3, 4, 5], systemRandomBytes);
 * shamirCombine(shares.slice(2), 3, secret.length); // equals secret
 */
export function shamirSplit(secret: Uint8Array, threshold: number, xs: readonly number[], randomBytes: RandomBytes): ShamirShare[] {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > xs.length) {
    throw invalidInput(`Shamir threshold must be an integer in [1, ${xs.length}] (the number of parties), got ${threshold}`);
  }
  checkPoints(xs);
  // coefficients[l][k]: coefficient of x^k of limb l's polynomial; the constant term is the limb.
  const coefficients = limbsOf(secret).map((limb) => {
    const c = [limb];
    for (let k = 1; k < threshold; k++) c.push(randomFieldElement(randomBytes));
    return c;
  });
  return xs.map((x) => {
    const bx = BigInt(x);
    const y = coefficients.map((c) => {
      let acc = 0n;
      for (let k = c.length - 1; k >= 0; k--) acc = fieldAdd(fieldMul(acc, bx), c[k]!);
      return acc;
    });
    return { x, y };
  });
}

/** The Lagrange weights λ_i with f(0) = Σ λ_i f(x_i), for distinct points `xs`. */
export function lagrangeAtZero(xs: readonly number[]): bigint[] {
  checkPoints(xs);
  return xs.map((xi, i) => {
    let num = 1n;
    let den = 1n;
    xs.forEach((xj, j) => {
      if (j === i) return;
      num = fieldMul(num, BigInt(xj));
      den = fieldMul(den, fieldSub(BigInt(xj), BigInt(xi)));
    });
    return fieldMul(num, fieldInverse(den));
  });
}

/**
 * Rebuilds a secret of `byteLength` bytes from the first `threshold` shares, with precomputed
 * `weights` for their points when given (the server reuses them across clients).
 */
export function shamirCombine(shares: readonly ShamirShare[], threshold: number, byteLength: number, weights?: readonly bigint[]): Uint8Array {
  if (shares.length < threshold) {
    throw new AntidoteError('conflict', `${shares.length} Shamir shares cannot rebuild a secret shared with threshold ${threshold}; at least ${threshold} are needed`);
  }
  const used = shares.slice(0, threshold);
  const limbCount = Math.ceil(byteLength / SHAMIR_LIMB_BYTES);
  for (const s of used) {
    if (s.y.length !== limbCount) throw invalidInput(`a share at x = ${s.x} has ${s.y.length} limbs; a ${byteLength}-byte secret has ${limbCount}`);
    for (const v of s.y) if (v < 0n || v >= FIELD_PRIME) throw invalidInput(`a share at x = ${s.x} holds a value outside GF(2^127 - 1)`);
  }
  const lambda = weights ?? lagrangeAtZero(used.map((s) => s.x));
  if (lambda.length !== threshold) throw invalidInput(`${lambda.length} Lagrange weights given for ${threshold} shares`);
  const limbs: bigint[] = [];
  for (let l = 0; l < limbCount; l++) {
    let acc = 0n;
    used.forEach((s, i) => {
      acc = fieldAdd(acc, fieldMul(lambda[i]!, s.y[l]!));
    });
    limbs.push(acc);
  }
  return bytesOf(limbs, byteLength);
}
