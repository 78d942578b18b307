/**
 * The authenticated channel between two clients that the server relays: AES-256-GCM under a key
 * derived by HKDF-SHA-256 from their X25519 shared secret, with the round id and both client ids
 * as associated data, so the relaying server can neither read a share nor redirect it to another
 * client or round (Bonawitz et al. 2017, round ShareKeys); and the tags by which clients attest,
 * through the server, the list of survivors (round ConsistencyCheck).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { AntidoteError } from '../../core/errors.js';
import type { RandomBytes } from './random-bytes.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

function channelKey(sharedSecret: Uint8Array, sessionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedSecret, sessionId, 'antidote secagg share encryption', 32));
}

function associatedData(sessionId: string, from: string, to: string): Buffer {
  return Buffer.from(JSON.stringify([sessionId, from, to]));
}

/** Encrypts `plaintext` from client `from` to client `to`; returns base64 of iv ‖ ciphertext ‖ tag. */
export function encryptForPeer(sharedSecret: Uint8Array, sessionId: string, from: string, to: string, plaintext: string, randomBytes: RandomBytes): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', channelKey(sharedSecret, sessionId), iv);
  cipher.setAAD(associatedData(sessionId, from, to));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/**
 * The tag by which client `from` tells client `to`, through the server, which clients it saw
 * survive: HMAC-SHA-256 under a key derived (with its own HKDF label) from their shared secret,
 * over the round id, both ids and the sorted survivors. The server, lacking the key, cannot forge it.
 */
export function survivorsTag(sharedSecret: Uint8Array, sessionId: string, from: string, to: string, survivors: readonly string[]): string {
  const key = Buffer.from(hkdfSync('sha256', sharedSecret, sessionId, 'antidote secagg consistency check', 32));
  return createHmac('sha256', key).update(JSON.stringify([sessionId, from, to, [...survivors].sort()])).digest('base64');
}

/** Decrypts what {@link encryptForPeer} produced; throws `integrity_violation` if anything was altered. */
export function decryptFromPeer(sharedSecret: Uint8Array, sessionId: string, from: string, to: string, ciphertext: string): string {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new AntidoteError('integrity_violation', `the encrypted shares from "${from}" to "${to}" are truncated`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', channelKey(sharedSecret, sessionId), raw.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(sessionId, from, to));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new AntidoteError('integrity_violation', `the encrypted shares from "${from}" to "${to}" in round "${sessionId}" fail authentication`, undefined, { cause });
  }
}
