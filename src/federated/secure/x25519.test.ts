import { describe, expect, it } from 'vitest';
import { seededRandomBytes } from './random-bytes.js';
import { generateX25519KeyPair, x25519Agree, x25519KeyPairFromPrivate } from './x25519.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('X25519', () => {
  it('matches the Diffie–Hellman test vector of RFC 7748 section 6.1', () => {
    const alice = x25519KeyPairFromPrivate(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
    const bob = x25519KeyPairFromPrivate(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'));
    expect(toHex(alice.publicKeyRaw)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(toHex(bob.publicKeyRaw)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(toHex(x25519Agree(alice.privateKey, bob.publicKeyRaw))).toBe(shared);
    expect(toHex(x25519Agree(bob.privateKey, alice.publicKeyRaw))).toBe(shared);
  });

  it('derives the same key pair from the same random bytes, a different one otherwise', () => {
    const a = generateX25519KeyPair(seededRandomBytes(1));
    expect(a.publicKeyRaw).toEqual(generateX25519KeyPair(seededRandomBytes(1)).publicKeyRaw);
    expect(a.publicKeyRaw).not.toEqual(generateX25519KeyPair(seededRandomBytes(2)).publicKeyRaw);
    expect(() => x25519KeyPairFromPrivate(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
  });
});
