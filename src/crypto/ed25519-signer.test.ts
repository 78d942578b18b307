import { describe, expect, it } from 'vitest';
import { strictCanonicalJson } from './canonical-bytes.js';
import { generateSigningKeyPair, publicKeyOf, signCanonical, signingKeyId, verifyCanonical } from './ed25519-signer.js';

describe('Ed25519 over canonical JSON', () => {
  it('derives the RFC 8032 test 1 public key from its secret', () => {
    const secret = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex').toString('base64url');
    const expected = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64url');
    expect(publicKeyOf(secret)).toBe(expected);
  });

  it('signs and verifies independent of key order, and rejects any change of value, signature or key', () => {
    const keys = generateSigningKeyPair();
    expect(publicKeyOf(keys.privateKey)).toBe(keys.publicKey);
    expect(keys.keyId).toBe(signingKeyId(keys.publicKey));
    const manifest = { root: 'ab'.repeat(32), chunks: [{ i: 0, size: 10 }], dataset: 'ds' };
    const sig = signCanonical(manifest, keys.privateKey);
    expect(verifyCanonical({ dataset: 'ds', chunks: [{ size: 10, i: 0 }], root: 'ab'.repeat(32) }, sig, keys.publicKey)).toBe(true);
    expect(verifyCanonical({ ...manifest, dataset: 'dt' }, sig, keys.publicKey)).toBe(false);
    const flipped = Buffer.from(sig, 'base64url');
    flipped[10] = flipped[10]! ^ 1;
    expect(verifyCanonical(manifest, flipped.toString('base64url'), keys.publicKey)).toBe(false);
    expect(verifyCanonical(manifest, sig, generateSigningKeyPair().publicKey)).toBe(false);
    expect(verifyCanonical(manifest, 'short', keys.publicKey)).toBe(false);
  });

  it('refuses values JSON would change instead of signing something else', () => {
    expect(() => strictCanonicalJson({ a: Number.NaN })).toThrow(/finite/);
    expect(() => strictCanonicalJson({ a: new Date(0) })).toThrow(/Date/);
    expect(strictCanonicalJson({ b: 1, a: undefined, c: [2, { z: 1, y: 2 }] })).toBe('{"b":1,"c":[2,{"y":2,"z":1}]}');
  });
});
