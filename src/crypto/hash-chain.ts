import { createHash } from 'node:crypto';
import { invalidInput } from '../core/errors.js';
import { canonicalBytes } from './canonical-bytes.js';
import { isSha256Hex } from './sha256.js';

/** The `prevHash` of the first link of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One link of a hash chain: SHA-256(prevHash bytes ‖ canonical JSON of `entry`), as hex. Changing,
 * removing or reordering any earlier entry changes every later hash.
 *
 * @example
 * const h1 = chainHash(GENESIS_HASH, { seq: 1, action: 'init' });
 * const h2 = chainHash(h1, { seq: 2, action: 'commit' });
 */
export function chainHash(prevHash: string, entry: unknown): string {
  if (!isSha256Hex(prevHash)) throw invalidInput(`prevHash must be 64 lowercase hex characters, got "${String(prevHash).slice(0, 80)}"`);
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonicalBytes(entry)).digest('hex');
}
