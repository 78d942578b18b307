/**
 * Sources of cryptographic randomness for secure aggregation. The core `Rng` (xoshiro128**) is
 * predictable from a few outputs, so keys, seeds and Shamir coefficients draw from a
 * {@link RandomBytes} function instead: the operating system's CSPRNG by default, or an AES-256-CTR
 * keystream from a seed where a test or benchmark must be reproducible.
 */
import { createCipheriv, createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { invalidInput } from '../../core/errors.js';

/** Returns `length` fresh random bytes. */
export type RandomBytes = (length: number) => Uint8Array;

/** The operating system's CSPRNG (node's `crypto.randomBytes`): the default everywhere. */
export const systemRandomBytes: RandomBytes = (length) => new Uint8Array(nodeRandomBytes(length));

/**
 * A reproducible stream of bytes: the AES-256-CTR keystream under SHA-256 of the seed. Secure only
 * as long as the seed is secret and unguessable; meant for tests and benchmarks, where a small
 * public seed makes runs repeatable (and therefore insecure).
 *
 * @example
 * const random = seededRandomBytes('test-1');
 * random(32); // the same 32 bytes on every run
 */
export function seededRandomBytes(seed: string | number): RandomBytes {
  const key = createHash('sha256').update(`antidote seeded random bytes:${String(seed)}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return (length) => {
    if (!Number.isInteger(length) || length < 0) throw invalidInput(`random byte count must be a non-negative integer, got ${length}`);
    return new Uint8Array(cipher.update(Buffer.alloc(length)));
  };
}
