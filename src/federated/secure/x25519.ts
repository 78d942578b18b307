/**
 * X25519 key agreement (RFC 7748) on node:crypto, with keys as raw 32-byte strings so that they
 * travel in JSON and can be Shamir-shared. A private key is any 32 random bytes (X25519 clamps the
 * scalar), so keys come from an injected {@link RandomBytes}: the system CSPRNG, or a seeded stream
 * in reproducible tests.
 */
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { invalidInput } from '../../core/errors.js';
import type { RandomBytes } from './random-bytes.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** An X25519 key pair: the private key as a node key object and raw bytes, the public key raw. */
export interface X25519KeyPair {
  readonly privateKey: KeyObject;
  readonly privateKeyRaw: Uint8Array;
  readonly publicKeyRaw: Uint8Array;
}

/** The key pair whose private scalar is the 32 bytes `privateKeyRaw`. */
export function x25519KeyPairFromPrivate(privateKeyRaw: Uint8Array): X25519KeyPair {
  if (privateKeyRaw.length !== 32) throw invalidInput(`an X25519 private key has 32 bytes, got ${privateKeyRaw.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, privateKeyRaw]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, privateKeyRaw: Uint8Array.from(privateKeyRaw), publicKeyRaw: new Uint8Array(spki.subarray(SPKI_PREFIX.length)) };
}

/** A fresh key pair from 32 bytes of `randomBytes`. */
export function generateX25519KeyPair(randomBytes: RandomBytes): X25519KeyPair {
  return x25519KeyPairFromPrivate(randomBytes(32));
}

/** The shared secret DH(private, public): 32 bytes, the same from either side. */
export function x25519Agree(privateKey: KeyObject, publicKeyRaw: Uint8Array): Uint8Array {
  if (publicKeyRaw.length !== 32) throw invalidInput(`an X25519 public key has 32 bytes, got ${publicKeyRaw.length}`);
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKeyRaw]), format: 'der', type: 'spki' });
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}
