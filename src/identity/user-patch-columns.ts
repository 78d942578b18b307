/**
 * A {@link UserPatch} as (column, value) pairs, shared by the SQL stores so both update the same
 * columns in the same way (booleans as 0/1 for SQLite, true/false for PostgreSQL).
 */
import type { UserPatch } from './identity-store.js';

/** The SQL value of one patched column. */
export type SqlValue = string | number | boolean | null;

/** The columns `patch` sets, `updated_at_ms` first; `booleanAs01` encodes booleans as 0/1 (SQLite). */
export function userPatchColumns(patch: UserPatch, booleanAs01: boolean): readonly (readonly [string, SqlValue])[] {
  const bool = (b: boolean): SqlValue => (booleanAs01 ? (b ? 1 : 0) : b);
  const columns: (readonly [string, SqlValue])[] = [['updated_at_ms', patch.updatedAtMs]];
  if (patch.passwordHash !== undefined) columns.push(['password_hash', patch.passwordHash]);
  if (patch.disabled !== undefined) columns.push(['disabled', bool(patch.disabled)]);
  if (patch.passwordChangeRequired !== undefined) columns.push(['password_change_required', bool(patch.passwordChangeRequired)]);
  if (patch.lockedUntilMs !== undefined) columns.push(['locked_until_ms', patch.lockedUntilMs]);
  if (patch.sessionsValidFromMs !== undefined) columns.push(['sessions_valid_from_ms', patch.sessionsValidFromMs]);
  return columns;
}
