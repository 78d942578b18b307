/**
 * The roles a user can hold in a project. A role is granted per project; a grant on the
 * {@link GLOBAL_PROJECT} applies to every project and is the only way to hold system-wide powers.
 */

/** Every role, most powerful first. */
export const ROLES = ['admin', 'steward', 'contributor', 'engineer', 'auditor'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** What each role is for, in one line (used in the access-matrix document and CLI help). */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: 'manages users, grants and projects; may do everything in the projects it administers',
  steward: 'reviews and releases quarantined data; keeps the project\'s datasets and scan policy',
  contributor: 'uploads batches and follows their scans; joins federated rounds with its data',
  engineer: 'reads verified snapshots, registers models, runs federated rounds',
  auditor: 'reads and exports the audit ledger, nothing else',
};

/** The project name that stands for "every project" in a grant or a token's scope. */
export const GLOBAL_PROJECT = '*';

/** True when `value` is one of {@link ROLES}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
