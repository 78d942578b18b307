/**
 * What a password must be before it is hashed. Length is what matters (NIST SP 800-63B §5.1.1.2):
 * a minimum, a maximum that bounds hashing work, and no password equal to the username.
 * Composition rules (digits, symbols) are deliberately not imposed, following the same guideline.
 */
import { AntidoteError } from '../core/errors.js';

/** The rules a new password must satisfy. */
export interface PasswordPolicy {
  /** Fewest characters (Unicode code points). */
  readonly minLength: number;
  /** Most characters; bounds the work an attacker can make the server do per login. */
  readonly maxLength: number;
}

/** 12 to 256 characters. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, maxLength: 256 };

/**
 * Throws `invalid_input` naming the rule the password breaks; returns quietly when it passes.
 *
 * @example
 * checkPassword('correct horse battery staple', 'alice'); // ok
 * checkPassword('hunter2', 'alice'); // invalid_input: password has 7 characters; the minimum is 12
 */
export function checkPassword(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): void {
  if (typeof password !== 'string') throw new AntidoteError('invalid_input', 'password must be a string', { path: ['password'] });
  const length = [...password].length;
  if (length < policy.minLength) {
    throw new AntidoteError('invalid_input', `password has ${length} characters; the minimum is ${policy.minLength}`, { path: ['password'] });
  }
  if (length > policy.maxLength) {
    throw new AntidoteError('invalid_input', `password has ${length} characters; the maximum is ${policy.maxLength}`, { path: ['password'] });
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    throw new AntidoteError('invalid_input', 'password must not be the username', { path: ['password'] });
  }
}
