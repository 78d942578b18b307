/**
 * Rules for the names people type: usernames and project names. Both are lowercase so that
 * `Alice` and `alice` cannot be two accounts, and restricted to characters that are safe in URLs,
 * file names and log lines.
 */
import { AntidoteError } from '../core/errors.js';
import { GLOBAL_PROJECT } from './roles.js';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const PROJECT = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Throws `invalid_input` unless `username` is 2–64 characters of `a-z 0-9 . _ @ -`, starting with a letter or digit.
 *
 * @example
 * checkUsername('alice@example.org'); // ok
 */
export function checkUsername(username: string): void {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new AntidoteError(
      'invalid_input',
      `username "${String(username)}" must be 2-64 characters of a-z, 0-9, ".", "_", "@", "-", starting with a letter or digit`,
      { path: ['username'] },
    );
  }
}

/** Throws `invalid_input` unless `project` is `*` or 1–64 characters of `a-z 0-9 . _ -`, starting with a letter or digit. */
export function checkProjectName(project: string): void {
  if (project === GLOBAL_PROJECT) return;
  if (typeof project !== 'string' || !PROJECT.test(project)) {
    throw new AntidoteError(
      'invalid_input',
      `project "${String(project)}" must be "*" or 1-64 characters of a-z, 0-9, ".", "_", "-", starting with a letter or digit`,
      { path: ['project'] },
    );
  }
}
