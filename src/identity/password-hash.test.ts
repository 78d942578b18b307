import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { DEFAULT_ARGON2_PARAMS, hashPassword, needsRehash, verifyPassword } from './password-hash.js';

describe('Argon2id password hashes', () => {
  it('uses Argon2id v1.3 with the stated parameters and a 16-byte salt, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery staplE')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash: the same password twice gives two different strings that both verify', async () => {
    const params = { memoryKiB: 1024, timeCost: 1, parallelism: 1 };
    const a = await hashPassword('same password here', params);
    const b = await hashPassword('same password here', params);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'same password here')).toBe(true);
    expect(await verifyPassword(b, 'same password here')).toBe(true);
  });

  it('says a hash needs re-hashing exactly when its parameters differ from the current ones', async () => {
    const weak = await hashPassword('some password 123', { memoryKiB: 1024, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, { memoryKiB: 1024, timeCost: 1, parallelism: 1 })).toBe(false);
    expect(needsRehash(await hashPassword('some password 123'), DEFAULT_ARGON2_PARAMS)).toBe(false);
  });

  it('treats a stored hash that is not Argon2id as tampering, not as a wrong password', async () => {
    const e1 = await verifyPassword('$2b$10$abcdefghijklmnopqrstuv', 'x').catch((e: unknown) => e);
    expect(isAntidoteError(e1, 'integrity_violation')).toBe(true);
    const e2 = await verifyPassword('$argon2id$v=19$m=oops', 'x').catch((e: unknown) => e);
    expect(isAntidoteError(e2, 'integrity_violation')).toBe(true);
  });
});
