import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { AntidoteError, invalidInput } from '../core/errors.js';
import { canonicalBytes } from './canonical-bytes.js';
import { sha256Hex } from './sha256.js';

/**
 * Ed25519 signatures (RFC 8032) over canonical JSON, through node:crypto. Keys travel as raw
 * 32-byte values in base64url (the JWK `x` and `d` members); a key id is the first 16 hex
 * characters of SHA-256 of the raw public key, so it names the key without revealing anything.
 */

/** An Ed25519 key pair as raw base64url values. `privateKey` is secret: store it wrapped, never in clear. */
export interface SigningKeyPair {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/** A fresh Ed25519 key pair. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const x = String(publicKey.export({ format: 'jwk' }).x);
  return { keyId: signingKeyId(x), publicKey: x, privateKey: String(jwk.d) };
}

/** The id of a public key: first 16 hex characters of SHA-256 of its 32 raw bytes. */
export function signingKeyId(publicKey: string): string {
  return sha256Hex(rawKey(publicKey, 'public key')).slice(0, 16);
}

/** The public key (base64url) that belongs to a private key (base64url). */
export function publicKeyOf(privateKey: string): string {
  return String(createPublicKey(privateKeyObject(privateKey)).export({ format: 'jwk' }).x);
}

function rawKey(value: string, what: string): Buffer {
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length !== 32) throw invalidInput(`an Ed25519 ${what} is 32 bytes in base64url; got ${bytes.length} bytes`);
  return bytes;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyObject(privateKey: string): KeyObject {
  const pkcs8 = Buffer.concat([PKCS8_ED25519_PREFIX, rawKey(privateKey, 'private key')]);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(rawKey(publicKey, 'public key')).toString('base64url') }, format: 'jwk' });
}

/**
 * The Ed25519 signature (base64url) of the canonical JSON of `value`.
 *
 * @example
 * const keys = generateSigningKeyPair();
 * const sig = signCanonical({ root: 'ab…', chunks: 3 }, keys.privateKey);
 * verifyCanonical({ chunks: 3, root: 'ab…' }, sig, keys.publicKey); // true: key order does not matter
 */
export function signCanonical(value: unknown, privateKey: string): string {
  return sign(null, canonicalBytes(value), privateKeyObject(privateKey)).toString('base64url');
}

/** True when `signature` is a valid Ed25519 signature of the canonical JSON of `value` under `publicKey`. */
export function verifyCanonical(value: unknown, signature: string, publicKey: string): boolean {
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify(null, canonicalBytes(value), publicKeyObject(publicKey), sig);
  } catch (e) {
    if (e instanceof AntidoteError) throw e;
    return false;
  }
}
