import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { MasterKey } from './master-key.js';

/**
 * Envelope encryption (NIST SP 800-38D AES-GCM; key wrapping after NIST SP 800-57's key hierarchy):
 * every chunk is sealed with AES-256-GCM under its dataset's 32-byte data key; every data key is
 * sealed with AES-256-GCM under the master key. Rotating the master key re-seals the small data
 * keys and leaves the chunks untouched. Each seal carries associated data (the dataset and chunk it
 * belongs to), so a ciphertext moved to another place fails authentication.
 *
 * IVs are 96 random bits from the operating system's CSPRNG (not the seeded `Rng`, which is for
 * reproducible science, not secrets); at under 2^32 chunks per data key the collision risk stays
 * below NIST's 2^-32 bound.
 */

/** A data key sealed under a master key. All byte fields are base64url. */
export interface WrappedKey {
  readonly alg: 'A256GCM';
  readonly masterKeyId: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

const CHUNK_FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random 32-byte data key. */
export function generateDataKey(): Buffer {
  return randomBytes(32);
}

function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: string, what: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (e) {
    throw new AntidoteError('integrity_violation', `${what} failed authentication (AES-256-GCM tag mismatch): it was altered, moved, or sealed under another key`, undefined, { cause: e });
  }
}

/**
 * Seals a data key under the master key. `context` (e.g. the dataset and key id) is bound as associated data.
 *
 * @example
 * const wrapped = wrapDataKey(generateDataKey(), master, 'dataset:ds1/key:dk1');
 */
export function wrapDataKey(dataKey: Uint8Array, master: MasterKey, context: string): WrappedKey {
  if (dataKey.length !== 32) throw invalidInput(`a data key is 32 bytes; got ${dataKey.length}`);
  const s = seal(master.key, dataKey, `antidote-key-v1|${master.id}|${context}`);
  return { alg: 'A256GCM', masterKeyId: master.id, iv: s.iv.toString('base64url'), ciphertext: s.ciphertext.toString('base64url'), tag: s.tag.toString('base64url') };
}

/** Opens a wrapped data key. Throws `unauthorized` for another master key, `integrity_violation` when altered. */
export function unwrapDataKey(wrapped: WrappedKey, master: MasterKey, context: string): Buffer {
  if (wrapped.alg !== 'A256GCM') throw new AntidoteError('unsupported', `wrapped key algorithm "${String(wrapped.alg)}" is not supported; supported: A256GCM`);
  if (wrapped.masterKeyId !== master.id) {
    throw new AntidoteError('unauthorized', `data key "${context}" is wrapped by master key ${wrapped.masterKeyId}, but the loaded master key is ${master.id}`);
  }
  return open(
    master.key,
    Buffer.from(wrapped.iv, 'base64url'),
    Buffer.from(wrapped.ciphertext, 'base64url'),
    Buffer.from(wrapped.tag, 'base64url'),
    `antidote-key-v1|${master.id}|${context}`,
    `wrapped key "${context}"`,
  );
}

/** Re-seals a wrapped data key from one master key to another, without the data it protects. */
export function rewrapDataKey(wrapped: WrappedKey, from: MasterKey, to: MasterKey, context: string): WrappedKey {
  const plain = unwrapDataKey(wrapped, from, context);
  try {
    return wrapDataKey(plain, to, context);
  } finally {
    plain.fill(0);
  }
}

/**
 * Encrypts one chunk: `0x01 ‖ iv (12) ‖ ciphertext ‖ tag (16)`. `context` names the chunk (dataset and plaintext hash).
 *
 * @example
 * const blob = encryptChunk(chunk, dataKey, `ds1/${sha256Hex(chunk)}`);
 * decryptChunk(blob, dataKey, `ds1/${sha256Hex(chunk)}`); // chunk
 */
export function encryptChunk(plaintext: Uint8Array, dataKey: Uint8Array, context: string): Buffer {
  const s = seal(dataKey, plaintext, `antidote-chunk-v1|${context}`);
  return Buffer.concat([Buffer.from([CHUNK_FORMAT]), s.iv, s.ciphertext, s.tag]);
}

/** Decrypts a chunk sealed by {@link encryptChunk}; throws `integrity_violation` when any byte was changed. */
export function decryptChunk(sealed: Uint8Array, dataKey: Uint8Array, context: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== CHUNK_FORMAT) {
    throw new AntidoteError('integrity_violation', `chunk "${context}" is not a format-${CHUNK_FORMAT} sealed chunk (${sealed.length} bytes, first byte ${sealed[0] ?? 'none'})`);
  }
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  return open(dataKey, b.subarray(1, 1 + IV_BYTES), b.subarray(1 + IV_BYTES, b.length - TAG_BYTES), b.subarray(b.length - TAG_BYTES), `antidote-chunk-v1|${context}`, `chunk "${context}"`);
}
