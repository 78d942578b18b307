import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { ManualClock } from './clock.js';
import { SessionTokens } from './session-tokens.js';

const T0 = Date.parse('2025-03-01T09:00:00Z');
const secret = new Uint8Array(32).map((_, i) => i + 1);
const alice = { userId: 'usr_alice', username: 'alice' };

async function refusal(p: Promise<unknown>): Promise<AntidoteError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AntidoteError);
  expect((e as AntidoteError).code).toBe('unauthorized');
  return e as AntidoteError;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const part = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('session tokens', () => {
  it('carry who the user is, valid for 15 minutes to the second', async () => {
    const clock = new ManualClock(T0);
    const sessions = new SessionTokens({ secret, clock });
    const { token, expiresAtMs } = await sessions.issue(alice);
    expect(expiresAtMs).toBe(T0 + 15 * 60_000);
    expect(part(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(part(token, 1)).toMatchObject({ sub: 'usr_alice', usr: 'alice', iss: 'antidote', aud: 'antidote-api', iat: T0 / 1000, exp: T0 / 1000 + 900 });
    clock.advance(15 * 60_000 - 1000);
    const claims = await sessions.verify(token);
    expect(claims).toMatchObject({ userId: 'usr_alice', username: 'alice', issuedAtMs: T0, expiresAtMs: T0 + 900_000 });
    expect(claims.sessionId).toMatch(/^ses_[A-Za-z0-9_-]{22}$/);
    clock.advance(1000);
    expect((await refusal(sessions.verify(token))).message).toBe('session token refused: expired');
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const sessions = new SessionTokens({ secret, clock: new ManualClock(T0) });
    const { token } = await sessions.issue(alice);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${b64({ ...part(token, 1), sub: 'usr_admin', usr: 'admin' })}.${signature}`;
    expect(payload).not.toBe(forged.split('.')[1]);
    expect((await refusal(sessions.verify(forged))).message).toBe('session token refused: signature does not verify');
    const flipped = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'AB' : 'AA'}`;
    await refusal(sessions.verify(flipped));
    await refusal(sessions.verify('not.a.jwt'));
  });

  it('refuses another audience, another issuer, another secret, and unsigned tokens', async () => {
    const clock = new ManualClock(T0);
    const sessions = new SessionTokens({ secret, clock });
    const { token: forDashboard } = await new SessionTokens({ secret, clock, audience: 'antidote-dashboard' }).issue(alice);
    expect((await refusal(sessions.verify(forDashboard))).message).toBe('session token refused: claim "aud" failed (check_failed)');
    const { token: otherIssuer } = await new SessionTokens({ secret, clock, issuer: 'someone-else' }).issue(alice);
    await refusal(sessions.verify(otherIssuer));
    const { token: otherKey } = await new SessionTokens({ secret: new Uint8Array(32).fill(9), clock }).issue(alice);
    expect((await refusal(sessions.verify(otherKey))).message).toBe('session token refused: signature does not verify');
    const unsigned = new UnsecuredJWT({ usr: 'alice' })
      .setSubject('usr_alice')
      .setIssuer('antidote')
      .setAudience('antidote-api')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 900)
      .setJti('ses_x')
      .encode();
    await refusal(sessions.verify(unsigned));
  });

  it('refuses a correctly signed token that lacks its id or expiry', async () => {
    const clock = new ManualClock(T0);
    const sessions = new SessionTokens({ secret, clock });
    const noExpiry = await new SignJWT({ usr: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('usr_alice')
      .setIssuer('antidote')
      .setAudience('antidote-api')
      .setIssuedAt(T0 / 1000)
      .setJti('ses_x')
      .sign(secret);
    expect((await refusal(sessions.verify(noExpiry))).message).toContain('"exp"');
  });

  it('needs a secret of at least 32 bytes', () => {
    expect(() => new SessionTokens({ secret: new Uint8Array(31) })).toThrow('session secret must be at least 32 bytes, got 31');
  });
});
