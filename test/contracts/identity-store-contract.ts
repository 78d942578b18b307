// The one contract every IdentityStore passes (after Kysely's one spec per dialect): call it from a test file with a factory.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../src/core/errors.js';
import { hashApiToken } from '../../src/identity/api-token.js';
import { ManualClock } from '../../src/identity/clock.js';
import type { GrantRecord, IdentityStore, TokenRecord, UserRecord } from '../../src/identity/identity-store.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import type { Argon2Params } from '../../src/identity/password-hash.js';

/** How to run the contract on one store implementation. */
export interface IdentityStoreContractCase {
  readonly name: string;
  /** A fresh, empty store, already migrated. Each call must be isolated from the others. */
  readonly create: () => Promise<IdentityStore>;
  /**
   * The files that hold the data of the store made by the last `create`, called after that store
   * was closed (so everything is flushed): scanned to prove secrets are not stored in clear.
   */
  readonly filesAtRest?: () => Promise<readonly string[]>;
  /** Set to a reason to register the suite as skipped. */
  readonly skip?: string;
}

// Cheap Argon2 for the flows (the real parameters are exercised in password-hash.test.ts).
const FAST_ARGON2: Argon2Params = { memoryKiB: 1024, timeCost: 1, parallelism: 1 };
const T0 = Date.parse('2025-03-01T09:00:00Z');
const SECRET = new Uint8Array(32).fill(7);

const user = (id: string, username: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id,
  username,
  passwordHash: `$argon2id$v=19$m=1024,t=1,p=1$${id}`,
  disabled: false,
  passwordChangeRequired: false,
  lockedUntilMs: null,
  sessionsValidFromMs: T0,
  createdAtMs: T0,
  updatedAtMs: T0,
  ...over,
});
const grant = (userId: string, project: string, role: GrantRecord['role']): GrantRecord => ({ userId, project, role, grantedBy: null, grantedAtMs: T0 });
const token = (id: string, userId: string, over: Partial<TokenRecord> = {}): TokenRecord => ({
  id,
  userId,
  name: `name of ${id}`,
  tokenHash: hashApiToken(`adt_${id}`),
  project: 'fraud',
  role: 'contributor',
  createdAtMs: T0,
  expiresAtMs: T0 + 86_400_000,
  lastUsedAtMs: null,
  revokedAtMs: null,
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/** Registers the identity-store contract tests for one implementation. */
export function identityStoreContract(c: IdentityStoreContractCase): void {
  describe.skipIf(c.skip !== undefined)(`identity store contract: ${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, () => {
    const open: IdentityStore[] = [];
    const fresh = async (): Promise<IdentityStore> => {
      const s = await c.create();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('migrates idempotently, also when run twice at once', async () => {
      const s = await fresh();
      await Promise.all([s.migrate(), s.migrate()]);
      expect(await s.listUsers()).toEqual([]);
    });

    it('stores users and finds them by id and by name; lists them by username', async () => {
      const s = await fresh();
      const bob = user('usr_b', 'bob', { lockedUntilMs: 2 ** 50, passwordChangeRequired: true });
      await s.insertUser(bob);
      await s.insertUser(user('usr_a', 'alice'));
      expect(await s.findUserById('usr_b')).toEqual(bob);
      expect(await s.findUserByName('bob')).toEqual(bob);
      expect(await s.findUserByName('Bob')).toBeUndefined();
      expect(await s.findUserById('usr_zz')).toBeUndefined();
      expect((await s.listUsers()).map((u) => u.username)).toEqual(['alice', 'bob']);
    });

    it('refuses a second user with the same name or id with conflict', async () => {
      const s = await fresh();
      await s.insertUser(user('usr_a', 'alice'));
      expect(isAntidoteError(await rejection(s.insertUser(user('usr_other', 'alice'))), 'conflict')).toBe(true);
      expect(isAntidoteError(await rejection(s.insertUser(user('usr_a', 'alice2'))), 'conflict')).toBe(true);
      expect(await s.listUsers()).toHaveLength(1);
    });

    it('updates only the fields given, and says not_found for a missing user', async () => {
      const s = await fresh();
      await s.insertUser(user('usr_a', 'alice', { lockedUntilMs: T0 + 5 }));
      const updated = await s.updateUser('usr_a', { disabled: true, lockedUntilMs: null, updatedAtMs: T0 + 10 });
      expect(updated).toEqual(user('usr_a', 'alice', { disabled: true, lockedUntilMs: null, updatedAtMs: T0 + 10 }));
      expect(await s.findUserById('usr_a')).toEqual(updated);
      const again = await s.updateUser('usr_a', { passwordHash: 'h2', passwordChangeRequired: true, sessionsValidFromMs: T0 + 20, updatedAtMs: T0 + 20 });
      expect(again).toMatchObject({ passwordHash: 'h2', passwordChangeRequired: true, sessionsValidFromMs: T0 + 20, disabled: true });
      expect(isAntidoteError(await rejection(s.updateUser('usr_missing', { disabled: true, updatedAtMs: T0 })), 'not_found')).toBe(true);
    });

    it('adds a grant once, lists grants by user and by project in order, deletes them', async () => {
      const s = await fresh();
      await s.insertUser(user('usr_a', 'alice'));
      await s.insertUser(user('usr_b', 'bob'));
      expect(await s.insertGrant(grant('usr_b', 'fraud', 'steward'))).toBe(true);
      expect(await s.insertGrant(grant('usr_b', 'fraud', 'steward'))).toBe(false);
      expect(await s.insertGrant(grant('usr_a', 'fraud', 'contributor'))).toBe(true);
      expect(await s.insertGrant(grant('usr_a', '*', 'auditor'))).toBe(true);
      expect(await s.insertGrant({ ...grant('usr_a', 'churn', 'engineer'), grantedBy: 'usr_b', grantedAtMs: T0 + 1 })).toBe(true);
      expect(await s.listGrants({ userId: 'usr_a' })).toEqual([
        grant('usr_a', '*', 'auditor'),
        { ...grant('usr_a', 'churn', 'engineer'), grantedBy: 'usr_b', grantedAtMs: T0 + 1 },
        grant('usr_a', 'fraud', 'contributor'),
      ]);
      expect((await s.listGrants({ project: 'fraud' })).map((g) => `${g.userId}:${g.role}`)).toEqual(['usr_a:contributor', 'usr_b:steward']);
      expect(await s.listGrants({ userId: 'usr_b', project: 'churn' })).toEqual([]);
      expect(await s.listGrants({})).toHaveLength(4);
      expect(await s.deleteGrant('usr_b', 'fraud', 'steward')).toBe(true);
      expect(await s.deleteGrant('usr_b', 'fraud', 'steward')).toBe(false);
      expect(await s.listGrants({ userId: 'usr_b' })).toEqual([]);
    });

    it('stores tokens by hash, lists them per user in creation order, records use, keeps the first revocation', async () => {
      const s = await fresh();
      await s.insertUser(user('usr_a', 'alice'));
      await s.insertUser(user('usr_b', 'bob'));
      const t2 = token('tok_2', 'usr_a', { createdAtMs: T0 + 2 });
      const t1 = token('tok_1', 'usr_a', { createdAtMs: T0 + 1, project: '*', role: 'auditor' });
      await s.insertToken(t2);
      await s.insertToken(t1);
      await s.insertToken(token('tok_3', 'usr_b'));
      expect(await s.findTokenByHash(hashApiToken('adt_tok_1'))).toEqual(t1);
      expect(await s.findTokenById('tok_2')).toEqual(t2);
      expect(await s.findTokenByHash(hashApiToken('adt_nope'))).toBeUndefined();
      expect((await s.listTokens({ userId: 'usr_a' })).map((t) => t.id)).toEqual(['tok_1', 'tok_2']);
      expect(await s.listTokens({})).toHaveLength(3);
      await s.touchToken('tok_1', T0 + 100);
      expect((await s.findTokenById('tok_1'))?.lastUsedAtMs).toBe(T0 + 100);
      expect((await s.revokeToken('tok_1', T0 + 200)).revokedAtMs).toBe(T0 + 200);
      expect((await s.revokeToken('tok_1', T0 + 300)).revokedAtMs).toBe(T0 + 200);
      expect(isAntidoteError(await rejection(s.revokeToken('tok_missing', T0)), 'not_found')).toBe(true);
      expect(isAntidoteError(await rejection(s.touchToken('tok_missing', T0)), 'not_found')).toBe(true);
      const sameHash = token('tok_4', 'usr_b', { tokenHash: t1.tokenHash });
      expect(isAntidoteError(await rejection(s.insertToken(sameHash)), 'conflict')).toBe(true);
    });

    it('keeps login attempts per username and per address, oldest first, and prunes old ones', async () => {
      const s = await fresh();
      await s.insertLoginAttempt({ username: 'alice', ip: '10.0.0.1', atMs: T0 + 10, outcome: 'failure' });
      await s.insertLoginAttempt({ username: 'ghost', ip: '10.0.0.1', atMs: T0 + 5, outcome: 'failure' });
      await s.insertLoginAttempt({ username: 'alice', ip: '10.0.0.2', atMs: T0 + 20, outcome: 'success' });
      await s.insertLoginAttempt({ username: 'alice', ip: '10.0.0.1', atMs: T0 + 30, outcome: 'refused' });
      expect(await s.listLoginAttempts({ username: 'alice', sinceMs: T0 + 10 })).toEqual([
        { username: 'alice', ip: '10.0.0.1', atMs: T0 + 10, outcome: 'failure' },
        { username: 'alice', ip: '10.0.0.2', atMs: T0 + 20, outcome: 'success' },
        { username: 'alice', ip: '10.0.0.1', atMs: T0 + 30, outcome: 'refused' },
      ]);
      expect((await s.listLoginAttempts({ ip: '10.0.0.1', sinceMs: 0 })).map((a) => a.username)).toEqual(['ghost', 'alice', 'alice']);
      expect(await s.listLoginAttempts({ username: 'alice', sinceMs: T0 + 31 })).toEqual([]);
      expect(await s.deleteLoginAttemptsBefore(T0 + 20)).toBe(2);
      expect((await s.listLoginAttempts({ ip: '10.0.0.1', sinceMs: 0 })).map((a) => a.atMs)).toEqual([T0 + 30]);
    });

    it('creates the first admin exactly once, even for concurrent callers', async () => {
      const s = await fresh();
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => s.createFirstAdmin(user(`usr_${i}`, 'admin'), grant(`usr_${i}`, '*', 'admin'))),
      );
      expect(results.filter((r) => r)).toHaveLength(1);
      const winner = `usr_${results.indexOf(true) + 1}`;
      expect((await s.listUsers()).map((u) => u.id)).toEqual([winner]);
      expect(await s.listGrants({})).toEqual([grant(winner, '*', 'admin')]);
      // Even after that admin is gone from the grants, the store stays bootstrapped.
      await s.deleteGrant(winner, '*', 'admin');
      expect(await s.createFirstAdmin(user('usr_9', 'admin9'), grant('usr_9', '*', 'admin'))).toBe(false);
    });

    describe('the identity service over this store', () => {
      const service = (store: IdentityStore, clock: ManualClock) => new IdentityService({ store, sessionSecret: SECRET, clock, argon2: FAST_ARGON2 });

      it('shows an API token once and keeps only its SHA-256 digest at rest', async () => {
        const s = await fresh();
        const id = service(s, new ManualClock(T0));
        await id.createUser({ username: 'ci-bot', password: 'a long enough passphrase' });
        await id.grantRole({ username: 'ci-bot', project: 'fraud', role: 'contributor' });
        const { token: secret, summary } = await id.createToken({ username: 'ci-bot', project: 'fraud', role: 'contributor', name: 'nightly' });
        expect(secret).toMatch(/^adt_[A-Za-z0-9_-]{43}$/);
        const listed = JSON.stringify(await id.listTokens({ username: 'ci-bot' }));
        expect(listed).not.toContain(secret.slice(4));
        expect(listed).toContain(summary.id);
        const stored = await s.findTokenById(summary.id);
        expect(stored?.tokenHash).toBe(hashApiToken(secret));
        expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
        expect((await id.authenticateToken(secret)).grants).toEqual([{ project: 'fraud', role: 'contributor' }]);
        if (c.filesAtRest) {
          await s.close();
          const files = await c.filesAtRest();
          expect(files.length).toBeGreaterThan(0);
          let sawDigest = false;
          for (const f of files) {
            const bytes = readFileSync(f);
            expect(bytes.includes(secret.slice(4)), `token found in ${f}`).toBe(false);
            expect(bytes.includes('a long enough passphrase'), `password found in ${f}`).toBe(false);
            sawDigest ||= bytes.includes(hashApiToken(secret));
          }
          // The scan looked at the right files: the digest is there.
          expect(sawDigest).toBe(true);
        }
      });

      it('refuses a revoked token, an expired token, and a token whose owner lost the role', async () => {
        const s = await fresh();
        const clock = new ManualClock(T0);
        const id = service(s, clock);
        await id.createUser({ username: 'dana', password: 'another long passphrase' });
        await id.grantRole({ username: 'dana', project: 'fraud', role: 'engineer' });
        const a = await id.createToken({ username: 'dana', project: 'fraud', role: 'engineer', name: 'a', ttlMs: 3_600_000 });
        clock.advance(1000);
        const b = await id.createToken({ username: 'dana', project: 'fraud', role: 'engineer', name: 'b', ttlMs: 7_200_000 });
        expect((await id.authenticateToken(a.token)).tokenId).toBe(a.summary.id);
        await id.revokeToken(a.summary.id);
        expect(await rejection(id.authenticateToken(a.token))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('revoked') });
        clock.advance(7_199_999);
        expect((await id.authenticateToken(b.token)).username).toBe('dana');
        clock.advance(1);
        expect(await rejection(id.authenticateToken(b.token))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('expired') });
        expect((await id.listTokens()).map((t) => t.status)).toEqual(['revoked', 'expired']);
        const c2 = await id.createToken({ username: 'dana', project: 'fraud', role: 'engineer', name: 'c' });
        await id.revokeRole({ username: 'dana', project: 'fraud', role: 'engineer' });
        expect((await id.authenticateToken(c2.token)).grants).toEqual([]);
      });

      it('locks an account after 5 failures in 15 minutes, for 15 minutes', async () => {
        const s = await fresh();
        const clock = new ManualClock(T0);
        const id = service(s, clock);
        await id.createUser({ username: 'erin', password: 'erin has a long password' });
        for (let i = 0; i < 5; i++) {
          expect(await id.login({ username: 'erin', password: 'wrong password!', ip: '10.1.1.1' })).toMatchObject({ ok: false, reason: 'invalid_credentials' });
          clock.advance(60_000);
        }
        const locked = await id.login({ username: 'erin', password: 'erin has a long password', ip: '10.1.1.1' });
        expect(locked).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: 15 * 60_000 - 60_000 });
        clock.advance(15 * 60_000);
        expect((await id.login({ username: 'erin', password: 'erin has a long password', ip: '10.1.1.1' })).ok).toBe(true);
      });

      it('bootstraps the first admin once and reveals its secret once', async () => {
        const s = await fresh();
        const id = service(s, new ManualClock(T0));
        const first = await id.ensureFirstAdmin();
        expect(first.created).toBe(true);
        expect(await id.ensureFirstAdmin()).toEqual({ created: false });
        if (!first.created) return;
        const login = await id.login({ username: 'admin', password: first.secret, ip: '127.0.0.1' });
        expect(login.ok && login.principal).toMatchObject({ passwordChangeRequired: true, grants: [{ project: '*', role: 'admin' }] });
      });
    });
  });
}
