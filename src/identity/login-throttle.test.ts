import { describe, expect, it } from 'vitest';
import type { LoginAttemptRecord, LoginOutcome } from './identity-store.js';
import { DEFAULT_LOGIN_THROTTLE, ipRetryAfterMs, lockedUntilMs } from './login-throttle.js';

const at = (atMs: number, outcome: LoginOutcome): LoginAttemptRecord => ({ username: 'u', ip: '1.2.3.4', atMs, outcome });
const MIN = 60_000;

describe('login limits', () => {
  it('locks for 15 minutes at the fifth failure inside 15 minutes, not at the fourth', () => {
    const four = [1, 2, 3, 4].map((m) => at(m * MIN, 'failure'));
    expect(lockedUntilMs(four, DEFAULT_LOGIN_THROTTLE)).toBeNull();
    expect(lockedUntilMs([...four, at(5 * MIN, 'failure')], DEFAULT_LOGIN_THROTTLE)).toBe(20 * MIN);
    // Refused attempts never count.
    expect(lockedUntilMs([...four, at(5 * MIN, 'refused'), at(6 * MIN, 'refused')], DEFAULT_LOGIN_THROTTLE)).toBeNull();
  });

  it('restarts the count after a success, after an admin unlock, and drops failures older than the window', () => {
    const four = [1, 2, 3, 4].map((m) => at(m * MIN, 'failure'));
    expect(lockedUntilMs([...four, at(5 * MIN, 'success'), at(6 * MIN, 'failure')], DEFAULT_LOGIN_THROTTLE)).toBeNull();
    const locked = [...four, at(5 * MIN, 'failure')];
    expect(lockedUntilMs([...locked, at(6 * MIN, 'unlocked')], DEFAULT_LOGIN_THROTTLE)).toBeNull();
    expect(lockedUntilMs([...locked, at(6 * MIN, 'unlocked'), at(7 * MIN, 'failure')], DEFAULT_LOGIN_THROTTLE)).toBeNull();
    // Failures at 0, 4, 8, 12, 16 minutes: never five inside any 15 minutes.
    expect(lockedUntilMs([0, 4, 8, 12, 16].map((m) => at(m * MIN, 'failure')), DEFAULT_LOGIN_THROTTLE)).toBeNull();
    // After a lock has run out the count starts afresh: four more failures do not lock again.
    const after = [21, 22, 23, 24].map((m) => at(m * MIN, 'failure'));
    expect(lockedUntilMs([...locked, ...after], DEFAULT_LOGIN_THROTTLE)).toBe(20 * MIN);
    expect(lockedUntilMs([...locked, ...after, at(25 * MIN, 'failure')], DEFAULT_LOGIN_THROTTLE)).toBe(40 * MIN);
  });

  it('throttles an address at 20 failures in the window until the oldest counted one leaves it', () => {
    const failures = Array.from({ length: 20 }, (_, i) => at(i * 1000, 'failure'));
    expect(ipRetryAfterMs(failures.slice(0, 19), 19_000, DEFAULT_LOGIN_THROTTLE)).toBe(0);
    // 20 failures, the oldest at 0: blocked until 0 + 15 min.
    expect(ipRetryAfterMs(failures, 20_000, DEFAULT_LOGIN_THROTTLE)).toBe(15 * MIN - 20_000);
    // 21 failures: two must leave the window, so the wait runs to the second oldest (at 1 s) + 15 min.
    expect(ipRetryAfterMs([...failures, at(20_000, 'failure')], 21_000, DEFAULT_LOGIN_THROTTLE)).toBe(15 * MIN + 1000 - 21_000);
    // Once the oldest has left the window the address may try again.
    expect(ipRetryAfterMs(failures, 15 * MIN, DEFAULT_LOGIN_THROTTLE)).toBe(0);
    expect(ipRetryAfterMs(failures.map((f) => ({ ...f, outcome: 'refused' as const })), 20_000, DEFAULT_LOGIN_THROTTLE)).toBe(0);
  });
});
