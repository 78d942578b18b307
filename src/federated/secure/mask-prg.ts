/**
 * The pseudo-random generator that expands a 32-byte seed into a mask of 32-bit words, as
 * Bonawitz et al. (2017) use for pairwise and self masks: HKDF-SHA-256 (RFC 5869) turns the seed,
 * the round's salt and a label into an AES-256 key, and AES-256-CTR from a zero counter yields the
 * words (a key is used for exactly one stream, so the fixed counter never repeats under one key).
 */
import { createCipheriv, hkdfSync } from 'node:crypto';
import { invalidInput } from '../../core/errors.js';

let zeros = Buffer.alloc(0);

/**
 * `length` pseudo-random 32-bit words from `seed`, bound to `salt` and `info` (the round id and
 * the mask's purpose). The same arguments always give the same words.
 *
 * @example
 * const mask = expandMask(seed, 'round-7', 'self-mask', 100_000);
 */
export function expandMask(seed: Uint8Array, salt: string, info: string, length: number): Uint32Array {
  if (seed.length < 16) throw invalidInput(`a mask seed needs at least 16 bytes, got ${seed.length}`);
  if (!Number.isInteger(length) || length < 0) throw invalidInput(`mask length must be a non-negative integer, got ${length}`);
  const key = Buffer.from(hkdfSync('sha256', seed, salt, info, 32));
  const bytes = length * 4;
  if (zeros.length < bytes) zeros = Buffer.alloc(bytes);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const stream = cipher.update(zeros.subarray(0, bytes));
  // Word view of the keystream (copied when the buffer is not 4-byte aligned); the byte order is
  // the platform's, which is little-endian on every platform node supports.
  if (stream.byteOffset % 4 === 0) return new Uint32Array(stream.buffer, stream.byteOffset, length);
  return new Uint32Array(new Uint8Array(stream).buffer, 0, length);
}

/** `acc[i] = (acc[i] + mask[i]) mod 2^32`, in place. */
export function addMaskInPlace(acc: Uint32Array, mask: Uint32Array): void {
  if (acc.length !== mask.length) throw invalidInput(`mask length ${mask.length} differs from vector length ${acc.length}`);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + mask[i]!;
}

/** `acc[i] = (acc[i] − mask[i]) mod 2^32`, in place. */
export function subtractMaskInPlace(acc: Uint32Array, mask: Uint32Array): void {
  if (acc.length !== mask.length) throw invalidInput(`mask length ${mask.length} differs from vector length ${acc.length}`);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! - mask[i]!;
}
