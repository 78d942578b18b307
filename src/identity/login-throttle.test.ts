import { describe, expect, it } from 'vitest';
import type { LoginAttemptRecord, LoginOutcome } from './identity-store.js';
import { DEFAULT_LOGIN_THROTTLE, failuresSinceLastSuccess, ipRetryAfterMs, lockUntilMs } from './login-throttle.js';

const at = (atMs: number, outcome: LoginOutcome): LoginAttemptRecord => ({ username: 'u', ip: '1.2.3.4', atMs, outcome });
const MIN = 60_000;

describe('login limits', () => {
  it('counts failures since the last success, ignoring refused attempts', () => {
    expect(failuresSinceLastSuccess([at(1, 'failure'), at(2, 'failure'), at(3, 'success'), at(4, 'failure'), at(5, 'refused')])).toBe(1);
    expect(failuresSinceLastSuccess([])).toBe(0);
  });

  it('locks for 15 minutes at the fifth failure, not at the fourth', () => {
    const four = [1, 2, 3, 4].map((m) => at(m * MIN, 'failure'));
    expect(lockUntilMs(four, 4 * MIN, DEFAULT_LOGIN_THROTTLE)).toBeNull();
    expect(lockUntilMs([...four, at(5 * MIN, 'failure')], 5 * MIN, DEFAULT_LOGIN_THROTTLE)).toBe(20 * MIN);
    expect(lockUntilMs([...four, at(5 * MIN, 'success'), at(6 * MIN, 'failure')], 6 * MIN, DEFAULT_LOGIN_THROTTLE)).toBeNull();
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
