import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { decryptChunk, encryptChunk, generateDataKey, rewrapDataKey, unwrapDataKey, wrapDataKey } from './envelope-encryption.js';
import { generateMasterKey, loadMasterKey, loadOrCreateMasterKeyFile, parseMasterKey } from './master-key.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import { sha256Hex } from './sha256.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isAntidoteError(e) ? e.code : 'not-antidote';
  }
  return undefined;
}

describe('chunk encryption', () => {
  const key = generateDataKey();
  const plain = Buffer.from('the quick brown fox '.repeat(100));

  it('round-trips, hides the plaintext and uses a fresh IV each time', () => {
    const a = encryptChunk(plain, key, 'ds/0');
    const b = encryptChunk(plain, key, 'ds/0');
    expect(a.length).toBe(plain.length + 29);
    expect(a.includes(Buffer.from('quick brown'))).toBe(false);
    expect(a.equals(b)).toBe(false);
    expect(decryptChunk(a, key, 'ds/0').equals(plain)).toBe(true);
  });

  it('raises integrity_violation for a flipped byte anywhere, a moved chunk or another key', () => {
    const sealed = encryptChunk(plain, key, 'ds/0');
    for (const at of [0, 5, 100, sealed.length - 1]) {
      const t = Buffer.from(sealed);
      t[at] = t[at]! ^ 0x40;
      expect(codeOf(() => decryptChunk(t, key, 'ds/0'))).toBe('integrity_violation');
    }
    expect(codeOf(() => decryptChunk(sealed, key, 'ds/1'))).toBe('integrity_violation');
    expect(codeOf(() => decryptChunk(sealed, generateDataKey(), 'ds/0'))).toBe('integrity_violation');
    expect(codeOf(() => decryptChunk(sealed.subarray(0, 10), key, 'ds/0'))).toBe('integrity_violation');
  });
});

describe('data key wrapping and master key rotation', () => {
  it('wraps, unwraps, and rotation re-wraps without touching chunks', () => {
    const m1 = generateMasterKey();
    const m2 = generateMasterKey();
    const dk = generateDataKey();
    const chunk = encryptChunk(Buffer.from('payload'), dk, 'ds/c');
    const w1 = wrapDataKey(dk, m1, 'ds/dk1');
    expect(w1.masterKeyId).toBe(m1.id);
    expect(unwrapDataKey(w1, m1, 'ds/dk1').equals(dk)).toBe(true);
    const w2 = rewrapDataKey(w1, m1, m2, 'ds/dk1');
    expect(w2.masterKeyId).toBe(m2.id);
    expect(decryptChunk(chunk, unwrapDataKey(w2, m2, 'ds/dk1'), 'ds/c').toString()).toBe('payload');
    expect(codeOf(() => unwrapDataKey(w2, m1, 'ds/dk1'))).toBe('unauthorized');
    expect(codeOf(() => unwrapDataKey(w1, m1, 'ds/dk2'))).toBe('integrity_violation');
    const t = Buffer.from(w1.ciphertext, 'base64url');
    t[3] = t[3]! ^ 1;
    expect(codeOf(() => unwrapDataKey({ ...w1, ciphertext: t.toString('base64url') }, m1, 'ds/dk1'))).toBe('integrity_violation');
  });

  it('parses a master key in hex or base64, from env or file, and rejects other lengths', () => {
    const m = generateMasterKey();
    expect(parseMasterKey(m.key.toString('hex')).id).toBe(m.id);
    expect(parseMasterKey(` ${m.key.toString('base64')}\n`).id).toBe(m.id);
    expect(parseMasterKey(m.key.toString('base64url')).id).toBe(m.id);
    expect(loadMasterKey({ env: { ANTIDOTE_MASTER_KEY: m.key.toString('hex') } }).id).toBe(m.id);
    expect(() => parseMasterKey('abcd')).toThrow(/32 bytes/);
    expect(codeOf(() => loadMasterKey({ env: {} }))).toBe('not_found');
    const dir = mkdtempSync(join(tmpdir(), 'antidote-mk-'));
    try {
      const created = loadOrCreateMasterKeyFile(join(dir, 'master.key'));
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(loadOrCreateMasterKeyFile(join(dir, 'master.key')).id).toBe(created.id);
      expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toBe(created.key.toString('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sha256 and hash chains', () => {
  it('matches the FIPS 180-2 "abc" vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('a change in an earlier link changes every later hash', () => {
    const h1 = chainHash(GENESIS_HASH, { seq: 1, a: 'x' });
    const h2 = chainHash(h1, { seq: 2, a: 'y' });
    const h1b = chainHash(GENESIS_HASH, { seq: 1, a: 'X' });
    expect(chainHash(h1b, { seq: 2, a: 'y' })).not.toBe(h2);
    expect(chainHash(h1, { a: 'y', seq: 2 })).toBe(h2);
    expect(() => chainHash('zz', {})).toThrow(/64 lowercase hex/);
  });
});
