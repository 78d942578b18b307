import { describe, expect, it } from 'vitest';
import { generateApiToken, hashApiToken, looksLikeApiToken } from './api-token.js';

describe('API tokens', () => {
  it('are adt_ plus 32 bytes in unpadded base64url', () => {
    expect(generateApiToken((n) => new Uint8Array(n))).toBe(`adt_${'A'.repeat(43)}`);
    expect(generateApiToken((n) => new Uint8Array(n).fill(0xff))).toBe(`adt_${'_'.repeat(42)}8`);
    const t = generateApiToken();
    expect(t).toHaveLength(47);
    expect(looksLikeApiToken(t)).toBe(true);
  });

  it('do not repeat across many draws from the system generator', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateApiToken()));
    expect(seen.size).toBe(2000);
  });

  it('are recognised only in their exact shape', () => {
    expect(looksLikeApiToken(`adt_${'A'.repeat(42)}`)).toBe(false);
    expect(looksLikeApiToken(`adt_${'A'.repeat(44)}`)).toBe(false);
    expect(looksLikeApiToken(`adt_${'A'.repeat(42)}=`)).toBe(false);
    expect(looksLikeApiToken(`xyz_${'A'.repeat(43)}`)).toBe(false);
  });

  it('are stored as the SHA-256 hex digest (FIPS 180-2 test vector for "abc")', () => {
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
