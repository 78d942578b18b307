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

/** Failures after the most recent success among `attempts` (one account's, oldest first). */
export function failuresSinceLastSuccess(attempts: readonly LoginAttemptRecord[]): number {
  let failures = 0;
  for (const a of attempts) {
    if (a.outcome === 'success') failures = 0;
    else if (a.outcome === 'failure') failures++;
  }
  return failures;
}

/**
 * When the account whose attempts inside the window are `attempts` (oldest first, the newest
 * failure included) must stay locked until, or null when it stays open.
 */
export function lockUntilMs(attempts: readonly LoginAttemptRecord[], nowMs: number, policy: LoginThrottlePolicy): number | null {
  return failuresSinceLastSuccess(attempts) >= policy.maxFailures ? nowMs + policy.lockMs : null;
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
