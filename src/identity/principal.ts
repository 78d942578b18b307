/**
 * Who is making a request, after authentication: the user, how they proved it, and the roles
 * that count for this request. Authorisation (`authorize`) reads nothing but this value and the
 * access matrix.
 */
import type { Role } from './roles.js';

/** A role held in one project, or in every project when `project` is `*`. */
export interface RoleGrant {
  readonly project: string;
  readonly role: Role;
}

/** How the principal proved who it is. */
export type AuthMethod = 'password' | 'session' | 'token';

/** An authenticated user and the grants that apply to this request. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly method: AuthMethod;
  /**
   * The grants that count. For a password or session login: every grant the user holds now.
   * For an API token: the token's one (project, role), and only while the user still holds it.
   */
  readonly grants: readonly RoleGrant[];
  /** Set when the request came with an API token. */
  readonly tokenId?: string;
  /** True for an account whose password was generated (the first admin) and must be changed. */
  readonly passwordChangeRequired: boolean;
}
