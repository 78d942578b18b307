import { createHash } from 'node:crypto';

/**
 * SHA-256 content addressing: a chunk, a blob or a manifest is named by the hash of its bytes,
 * so any change to the bytes changes the name.
 */

/** The SHA-256 digest of `bytes` (32 bytes). */
export function sha256(bytes: Uint8Array | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/**
 * The SHA-256 of `bytes` as 64 lowercase hex characters: the content address used for chunks and blobs.
 *
 * @example
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** True when `value` is a 64-character lowercase hex SHA-256 digest. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && HEX_64.test(value);
}
