/**
 * The login limits, as pure functions over the recorded attempts: an account locks after too many
 * failures in a window (OWASP Authentication Cheat Sheet, "account lockout"), and an address is
 * throttled after too many failures across any accounts (password spraying). Time comes from the
 * caller, so tests move a clock instead of sleeping.
 */
import type { LoginAttemptRecord } from './identity-store.js';

/** How many failures are tolerated, and for how long the consequences last. */
export interface LoginThrottlePolicy {
  /** Failures of one account (since its last success, inside `windowMs`) that lock it. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** How long a locked account stays locked. */
  readonly lockMs: number;
  /** Failures from one address inside `ipWindowMs`, over every account, that throttle it. */
  readonly maxFailuresPerIp: number;
  readonly ipWindowMs: number;
}

/** 5 failures in 15 minutes lock the account for 15 minutes; 20 failures in 15 minutes throttle the address. */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxFailuresPerIp: 20,
  ipWindowMs: 15 * 60_000,
};

/**
 * Until when a username is locked, derived from its attempts alone (oldest first, reaching back
 * at least `windowMs + lockMs`), or null when it is not locked. A lock starts at the failure that
 * makes `maxFailures` failures inside `windowMs` since the last success, and lasts `lockMs`;
 * attempts refused during a lock do not count, and the count starts afresh after it or after an
 * admin's `unlocked` mark.
 *
 * The same rule applies to names that have no account, so a lockout does not reveal which
 * usernames exist.
 */
export function lockedUntilMs(attempts: readonly LoginAttemptRecord[], policy: LoginThrottlePolicy): number | null {
  let failures: number[] = [];
  let until: number | null = null;
  for (const a of attempts) {
    if (a.outcome === 'unlocked') {
      until = null;
      failures = [];
      continue;
    }
    if (until !== null && a.atMs < until) continue;
    if (a.outcome === 'success') failures = [];
    if (a.outcome !== 'failure') continue;
    failures = failures.filter((t) => t > a.atMs - policy.windowMs);
    failures.push(a.atMs);
    if (failures.length >= policy.maxFailures) {
      until = a.atMs + policy.lockMs;
      failures = [];
    }
  }
  return until;
}

/**
 * How long the address whose attempts inside its window are `attempts` (oldest first) must wait
 * before its next try, in milliseconds; 0 when it may try now. The wait ends when enough of its
 * failures have left the window to bring the count below the limit.
 */
export function ipRetryAfterMs(attempts: readonly LoginAttemptRecord[], nowMs: number, policy: LoginThrottlePolicy): number {
  const failures = attempts.filter((a) => a.outcome === 'failure' && a.atMs > nowMs - policy.ipWindowMs);
  if (failures.length < policy.maxFailuresPerIp) return 0;
  const freeing = failures[failures.length - policy.maxFailuresPerIp]!;
  return Math.max(1, freeing.atMs + policy.ipWindowMs - nowMs);
}
