import { describe, expect, it } from 'vitest';
import { decryptFromPeer, encryptForPeer } from './share-encryption.js';
import { seededRandomBytes } from './random-bytes.js';

const random = seededRandomBytes('channel');
const secret = random(32);

describe('share encryption between two clients', () => {
  it('round-trips, and fails authentication for another round, another recipient or a flipped bit', () => {
    const c = encryptForPeer(secret, 'r1', 'alice', 'bob', 'shares', random);
    expect(decryptFromPeer(secret, 'r1', 'alice', 'bob', c)).toBe('shares');
    expect(() => decryptFromPeer(secret, 'r2', 'alice', 'bob', c)).toThrow(/fail authentication/);
    expect(() => decryptFromPeer(secret, 'r1', 'alice', 'carol', c)).toThrow(/fail authentication/);
    const raw = Buffer.from(c, 'base64');
    raw[14] = raw[14]! ^ 1;
    expect(() => decryptFromPeer(secret, 'r1', 'alice', 'bob', raw.toString('base64'))).toThrow(/fail authentication/);
  });
});
