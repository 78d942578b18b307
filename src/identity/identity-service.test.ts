import { afterEach, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { assertAuthorized } from './authorize.js';
import { ManualClock } from './clock.js';
import { assertFourEyes } from './four-eyes.js';
import { IdentityService, type IdentityServiceOptions } from './identity-service.js';
import { hashPassword } from './password-hash.js';
import { SessionTokens } from './session-tokens.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';

const T0 = Date.parse('2025-03-01T09:00:00Z');
const MIN = 60_000;
const FAST = { memoryKiB: 1024, timeCost: 1, parallelism: 1 };
const secret = new Uint8Array(32).fill(3);
const PW = 'a perfectly long password';
const stores: SqliteIdentityStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function setup(over: Partial<IdentityServiceOptions> = {}) {
  const store = new SqliteIdentityStore({ path: ':memory:' });
  stores.push(store);
  await store.migrate();
  const clock = new ManualClock(T0);
  const identity = new IdentityService({ store, sessionSecret: secret, clock, argon2: FAST, ...over });
  return { store, clock, identity };
}

async function error(p: Promise<unknown>): Promise<AntidoteError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AntidoteError);
  return e as AntidoteError;
}

describe('IdentityService: users and grants', () => {
  it('creates users under the password and name rules and never shows the hash', async () => {
    const { identity } = await setup();
    const alice = await identity.createUser({ username: 'alice', password: PW });
    expect(alice).toEqual({ id: alice.id, username: 'alice', disabled: false, passwordChangeRequired: false, lockedUntilMs: null, createdAtMs: T0, grants: [] });
    expect(JSON.stringify(await identity.listUsers())).not.toContain('argon2');
    expect((await error(identity.createUser({ username: 'alice', password: PW }))).code).toBe('conflict');
    expect((await error(identity.createUser({ username: 'bob', password: 'short' }))).message).toContain('minimum is 12');
    expect((await error(identity.createUser({ username: 'Bob', password: PW }))).code).toBe('invalid_input');
  });

  it('grants idempotently, refuses unknown roles and bad project names, and lists grants by user and project', async () => {
    const { identity } = await setup();
    await identity.createUser({ username: 'alice', password: PW });
    await identity.createUser({ username: 'bob', password: PW });
    expect((await identity.grantRole({ username: 'alice', project: 'fraud', role: 'steward' })).created).toBe(true);
    expect((await identity.grantRole({ username: 'alice', project: 'fraud', role: 'steward' })).created).toBe(false);
    await identity.grantRole({ username: 'bob', project: 'fraud', role: 'contributor' });
    const bad = await error(identity.grantRole({ username: 'bob', project: 'fraud', role: 'owner' as 'admin' }));
    expect(bad.message).toBe('unknown role "owner"; available: admin, steward, contributor, engineer, auditor');
    expect((await error(identity.grantRole({ username: 'bob', project: 'Fraud!', role: 'engineer' }))).code).toBe('invalid_input');
    expect((await error(identity.grantRole({ username: 'nobody', project: 'fraud', role: 'engineer' }))).code).toBe('not_found');
    expect(await identity.listGrants({ project: 'fraud' })).toEqual(
      expect.arrayContaining([
        { username: 'alice', project: 'fraud', role: 'steward' },
        { username: 'bob', project: 'fraud', role: 'contributor' },
      ]),
    );
    expect(await identity.revokeRole({ username: 'alice', project: 'fraud', role: 'steward' })).toBe(true);
    expect(await identity.listGrants({ username: 'alice' })).toEqual([]);
  });

  it('never lets the last enabled admin of every project be disabled or demoted', async () => {
    const { identity } = await setup();
    const first = await identity.ensureFirstAdmin();
    expect(first.created).toBe(true);
    expect((await error(identity.disableUser('admin'))).code).toBe('conflict');
    expect((await error(identity.revokeRole({ username: 'admin', project: '*', role: 'admin' }))).code).toBe('conflict');
    await identity.createUser({ username: 'root2', password: PW });
    await identity.grantRole({ username: 'root2', project: '*', role: 'admin' });
    await identity.disableUser('root2');
    // A disabled second admin does not count.
    expect((await error(identity.disableUser('admin'))).code).toBe('conflict');
    await identity.enableUser('root2');
    expect((await identity.disableUser('admin')).disabled).toBe(true);
  });
});

describe('IdentityService: login, sessions and lockout', () => {
  it('logs in, signs a session that authenticates with the current grants, and refuses it after a password change', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'alice', password: PW });
    await identity.grantRole({ username: 'alice', project: 'fraud', role: 'steward' });
    const login = await identity.login({ username: ' Alice ', password: PW, ip: '10.0.0.1' });
    if (!login.ok) throw new Error(login.message);
    expect(login.principal).toMatchObject({ username: 'alice', method: 'password', grants: [{ project: 'fraud', role: 'steward' }] });
    expect(login.session.expiresAtMs).toBe(T0 + 15 * MIN);
    await identity.grantRole({ username: 'alice', project: 'churn', role: 'engineer' });
    const p = await identity.authenticateBearer(login.session.token);
    expect(p.method).toBe('session');
    expect(p.grants).toHaveLength(2);
    clock.advance(2000);
    await identity.setPassword('alice', 'a brand new long password');
    expect((await error(identity.authenticateSession(login.session.token))).message).toContain('password was changed');
    expect((await identity.login({ username: 'alice', password: PW, ip: '10.0.0.1' })).ok).toBe(false);
    const again = await identity.login({ username: 'alice', password: 'a brand new long password', ip: '10.0.0.1' });
    expect(again.ok && (await identity.authenticateSession(again.session.token)).username).toBe('alice');
  });

  it('refuses sessions and tokens of a disabled user at once, and reports a correct password of a disabled user as disabled', async () => {
    const { identity } = await setup();
    await identity.createUser({ username: 'bob', password: PW });
    await identity.grantRole({ username: 'bob', project: 'fraud', role: 'contributor' });
    const login = await identity.login({ username: 'bob', password: PW, ip: '10.0.0.2' });
    const { token } = await identity.createToken({ username: 'bob', project: 'fraud', role: 'contributor', name: 'ci' });
    if (!login.ok) throw new Error(login.message);
    await identity.disableUser('bob');
    expect((await error(identity.authenticateSession(login.session.token))).code).toBe('unauthorized');
    expect((await error(identity.authenticateToken(token))).message).toContain('disabled');
    expect(await identity.login({ username: 'bob', password: PW, ip: '10.0.0.2' })).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await identity.login({ username: 'bob', password: 'not the password', ip: '10.0.0.2' })).toMatchObject({ ok: false, reason: 'invalid_credentials' });
  });

  it('refuses a session that expired on the injected clock', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'carol', password: PW });
    const login = await identity.login({ username: 'carol', password: PW, ip: '10.0.0.3' });
    if (!login.ok) throw new Error(login.message);
    clock.advance(15 * MIN);
    expect((await error(identity.authenticateSession(login.session.token))).message).toBe('session token refused: expired');
  });

  it('does not accept a session signed by another server secret', async () => {
    const { identity } = await setup();
    const alice = await identity.createUser({ username: 'alice', password: PW });
    const foreign = await new SessionTokens({ secret: new Uint8Array(32).fill(4), clock: new ManualClock(T0) }).issue({ userId: alice.id, username: 'alice' });
    expect((await error(identity.authenticateSession(foreign.token))).code).toBe('unauthorized');
  });

  it('locks after 5 failures in 15 minutes (spread out), not after 4, and a success in between resets the count', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'dave', password: PW });
    const fail = () => identity.login({ username: 'dave', password: 'wrong wrong wrong', ip: '10.0.0.4' });
    for (let i = 0; i < 4; i++) {
      await fail();
      clock.advance(3 * MIN);
    }
    expect((await identity.login({ username: 'dave', password: PW, ip: '10.0.0.4' })).ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      await fail();
      clock.advance(3 * MIN);
    }
    expect((await identity.getUser('dave')).lockedUntilMs).toBeNull();
    await fail(); // the fifth since the success, at +24 min, the first at +12 min: inside 15 minutes
    expect((await identity.getUser('dave')).lockedUntilMs).toBe(T0 + 24 * MIN + 15 * MIN);
    clock.advance(14 * MIN);
    expect(await identity.login({ username: 'dave', password: PW, ip: '10.0.0.4' })).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: MIN });
    await identity.enableUser('dave'); // an admin lifts the lock
    expect((await identity.login({ username: 'dave', password: PW, ip: '10.0.0.4' })).ok).toBe(true);
  });

  it('locks an unknown username exactly like a real one, so lockouts do not reveal which accounts exist', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'real', password: PW });
    const outcomes = async (username: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await identity.login({ username, password: 'wrong wrong wrong', ip: `10.2.0.${username.length}` });
        seen.push(r.ok ? 'ok' : [r.reason, r.retryAfterMs]);
        clock.advance(MIN);
      }
      return seen;
    };
    const real = await outcomes('real');
    clock.advance(60 * MIN);
    const ghost = await outcomes('ghost');
    expect(ghost).toEqual(real);
    expect(real.at(-1)).toEqual(['locked', 14 * MIN]);
  });

  it('after an admin lifts a lock, one more failure does not lock again', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'kim', password: PW });
    for (let i = 0; i < 5; i++) await identity.login({ username: 'kim', password: 'wrong wrong wrong', ip: '10.3.0.1' });
    expect((await identity.getUser('kim')).lockedUntilMs).toBe(T0 + 15 * MIN);
    clock.advance(MIN);
    await identity.enableUser('kim');
    expect(await identity.login({ username: 'kim', password: 'wrong wrong wrong', ip: '10.3.0.1' })).toMatchObject({ reason: 'invalid_credentials' });
    expect((await identity.login({ username: 'kim', password: PW, ip: '10.3.0.1' })).ok).toBe(true);
  });

  it('does not lock when the failures are more than 15 minutes apart', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'eve', password: PW });
    for (let i = 0; i < 8; i++) {
      await identity.login({ username: 'eve', password: 'wrong wrong wrong', ip: '10.0.0.5' });
      clock.advance(4 * MIN);
    }
    expect((await identity.login({ username: 'eve', password: PW, ip: '10.0.0.5' })).ok).toBe(true);
  });

  it('throttles an address after 20 failures over any usernames, known or not, then lets it try again', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'frank', password: PW });
    for (let i = 0; i < 20; i++) {
      const r = await identity.login({ username: `guess${i}`, password: 'password1234', ip: '203.0.113.9' });
      expect(r).toMatchObject({ ok: false, reason: 'invalid_credentials' });
      clock.advance(1000);
    }
    const blocked = await identity.login({ username: 'frank', password: PW, ip: '203.0.113.9' });
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled', retryAfterMs: 15 * MIN - 20_000 });
    expect((await identity.login({ username: 'frank', password: PW, ip: '198.51.100.1' })).ok).toBe(true);
    clock.advance(15 * MIN - 20_000);
    expect((await identity.login({ username: 'frank', password: PW, ip: '203.0.113.9' })).ok).toBe(true);
  });

  it('re-hashes a password made with older parameters at the next successful login', async () => {
    const { identity, store } = await setup();
    const user = await identity.createUser({ username: 'gina', password: PW });
    await store.updateUser(user.id, { passwordHash: await hashPassword(PW, { memoryKiB: 512, timeCost: 1, parallelism: 1 }), updatedAtMs: T0 });
    expect((await identity.login({ username: 'gina', password: PW, ip: '10.0.0.6' })).ok).toBe(true);
    expect((await store.findUserById(user.id))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  });
});

describe('IdentityService: API tokens', () => {
  it('creates tokens only for a role the owner holds, within the lifetime bounds', async () => {
    const { identity } = await setup();
    await identity.createUser({ username: 'ci', password: PW });
    await identity.grantRole({ username: 'ci', project: 'fraud', role: 'contributor' });
    const e = await error(identity.createToken({ username: 'ci', project: 'fraud', role: 'steward', name: 'x' }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('does not hold role steward in project "fraud"');
    expect((await error(identity.createToken({ username: 'ci', project: 'fraud', role: 'contributor', name: 'x', ttlMs: 400 * 86_400_000 }))).code).toBe(
      'invalid_input',
    );
    const created = await identity.createToken({ username: 'ci', project: 'fraud', role: 'contributor', name: '  nightly  ' });
    expect(created.summary).toMatchObject({ username: 'ci', name: 'nightly', status: 'active', expiresAtMs: T0 + 90 * 86_400_000, lastUsedAtMs: null });
  });

  it('limits a token to its one role even when the owner holds more, and to the project it names under a * grant', async () => {
    const { identity } = await setup();
    await identity.createUser({ username: 'hal', password: PW });
    await identity.grantRole({ username: 'hal', project: '*', role: 'engineer' });
    await identity.grantRole({ username: 'hal', project: 'fraud', role: 'steward' });
    const { token } = await identity.createToken({ username: 'hal', project: 'fraud', role: 'engineer', name: 'train' });
    const p = await identity.authenticateToken(token);
    expect(p.grants).toEqual([{ project: 'fraud', role: 'engineer' }]);
    expect(() => assertAuthorized(p, 'fraud', 'snapshot.read')).not.toThrow();
    expect(() => assertAuthorized(p, 'fraud', 'quarantine.release')).toThrow(/through API token tok_/);
    expect(() => assertAuthorized(p, 'churn', 'snapshot.read')).toThrow(/forbidden|may not/);
  });

  it('records last use at most once a minute', async () => {
    const { identity, clock } = await setup();
    await identity.createUser({ username: 'ivy', password: PW });
    await identity.grantRole({ username: 'ivy', project: 'fraud', role: 'auditor' });
    const { token, summary } = await identity.createToken({ username: 'ivy', project: 'fraud', role: 'auditor', name: 'siem' });
    await identity.authenticateToken(token);
    clock.advance(30_000);
    await identity.authenticateToken(token);
    expect((await identity.listTokens({ username: 'ivy' }))[0]?.lastUsedAtMs).toBe(T0);
    clock.advance(30_000);
    await identity.authenticateToken(token);
    expect((await identity.listTokens({ username: 'ivy' }))[0]?.lastUsedAtMs).toBe(T0 + MIN);
    expect((await identity.revokeToken(summary.id)).status).toBe('revoked');
  });

  it('refuses strings that are not tokens and tokens it never issued', async () => {
    const { identity } = await setup();
    expect((await error(identity.authenticateToken('adt_short'))).message).toContain('not an Antidote API token');
    expect((await error(identity.authenticateToken(`adt_${'A'.repeat(43)}`))).message).toBe('unknown API token');
    expect((await error(identity.revokeToken('tok_unknown'))).code).toBe('not_found');
  });
});

describe('four-eyes rule', () => {
  it('forbids the uploader, even an admin, from reviewing their own batch, and allows another steward', async () => {
    const { identity } = await setup();
    await identity.createUser({ username: 'uploader', password: PW });
    await identity.createUser({ username: 'reviewer', password: PW });
    await identity.grantRole({ username: 'uploader', project: '*', role: 'admin' });
    await identity.grantRole({ username: 'reviewer', project: 'fraud', role: 'steward' });
    const login = async (u: string) => {
      const r = await identity.login({ username: u, password: PW, ip: '10.9.9.9' });
      if (!r.ok) throw new Error(r.message);
      return r.principal;
    };
    const up = await login('uploader');
    const rev = await login('reviewer');
    const batch = { batchId: 'bat_1', uploadedBy: up.userId };
    assertAuthorized(up, 'fraud', 'quarantine.release');
    expect(() => assertFourEyes(up, batch)).toThrow('user "uploader" uploaded batch bat_1 and may not review or release it');
    expect(() => assertFourEyes(rev, batch)).not.toThrow();
  });
});
