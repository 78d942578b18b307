/**
 * The narrow persistence interface of the identity layer: users, role grants, API tokens, login
 * attempts and the first-admin marker. Two implementations (SQLite for the embedded default,
 * PostgreSQL for scale-out) pass one contract suite, `test/contracts/identity-store-contract.ts`.
 * The store holds no policy: hashing, expiry, lockout and authorisation live in `IdentityService`.
 * All times are milliseconds since the Unix epoch.
 */
import type { Role } from './roles.js';

/** A user account as stored. */
export interface UserRecord {
  readonly id: string;
  /** Unique, lowercase, see `checkUsername`. */
  readonly username: string;
  /** Argon2id PHC string. */
  readonly passwordHash: string;
  readonly disabled: boolean;
  /** Set for a generated password (the first admin) until the user chooses one. */
  readonly passwordChangeRequired: boolean;
  /** Logins are refused until this time (after repeated failures); null when not locked. */
  readonly lockedUntilMs: number | null;
  /** Sessions issued before this time are refused (set when the password changes or the user is disabled). */
  readonly sessionsValidFromMs: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** The fields of a user that can change. */
export interface UserPatch {
  readonly passwordHash?: string;
  readonly disabled?: boolean;
  readonly passwordChangeRequired?: boolean;
  readonly lockedUntilMs?: number | null;
  readonly sessionsValidFromMs?: number;
  readonly updatedAtMs: number;
}

/** A role held by a user in a project (`*` for every project). */
export interface GrantRecord {
  readonly userId: string;
  readonly project: string;
  readonly role: Role;
  /** `userId` of whoever granted it; null for the bootstrap grant. */
  readonly grantedBy: string | null;
  readonly grantedAtMs: number;
}

/** An API token as stored: never the token itself, only its SHA-256 digest. */
export interface TokenRecord {
  readonly id: string;
  readonly userId: string;
  /** A label chosen by its owner ("ci", "airflow"). */
  readonly name: string;
  /** 64 lowercase hex characters. */
  readonly tokenHash: string;
  readonly project: string;
  readonly role: Role;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly lastUsedAtMs: number | null;
  readonly revokedAtMs: number | null;
}

/**
 * How a login attempt ended. `refused`: not checked at all, because the account was locked or the
 * address throttled. `unlocked`: not an attempt but an admin lifting a lock, which ends the count.
 */
export type LoginOutcome = 'success' | 'failure' | 'refused' | 'unlocked';

/** One login attempt, kept for the lockout and per-address limits. */
export interface LoginAttemptRecord {
  /** As typed, lowercased; may name no account. */
  readonly username: string;
  /** The client address as the server saw it. */
  readonly ip: string;
  readonly atMs: number;
  readonly outcome: LoginOutcome;
}

/** Selects login attempts by account or by address, from a time on. */
export type LoginAttemptFilter =
  | { readonly username: string; readonly sinceMs: number }
  | { readonly ip: string; readonly sinceMs: number };

/**
 * Persistence for identities. Every method is atomic on its own. Errors are `AntidoteError`s:
 * `conflict` for a duplicate key, `not_found` for an update of a missing row.
 */
export interface IdentityStore {
  /** Creates the tables when missing. Safe to call on every start, and concurrently from several processes. */
  migrate(): Promise<void>;
  /** Releases connections the store opened itself. Calling it again does nothing. */
  close(): Promise<void>;

  /** Adds a user; `conflict` when the id or username is taken. */
  insertUser(user: UserRecord): Promise<void>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  findUserByName(username: string): Promise<UserRecord | undefined>;
  /** Every user, by username. */
  listUsers(): Promise<UserRecord[]>;
  /** Changes the given fields; `not_found` when there is no such user. Returns the updated record. */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord>;

  /** Adds a grant; false (and no change) when the user already holds that role in that project. */
  insertGrant(grant: GrantRecord): Promise<boolean>;
  /** Removes a grant; false when there was none. */
  deleteGrant(userId: string, project: string, role: Role): Promise<boolean>;
  /** Grants of one user and/or one project (exact project match), ordered by user, project, role. */
  listGrants(filter: { readonly userId?: string; readonly project?: string }): Promise<GrantRecord[]>;

  /** Adds a token; `conflict` when the id or hash exists. */
  insertToken(token: TokenRecord): Promise<void>;
  findTokenById(id: string): Promise<TokenRecord | undefined>;
  findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined>;
  /** Tokens of one user, or all, by creation time then id. */
  listTokens(filter: { readonly userId?: string }): Promise<TokenRecord[]>;
  /** Records use. `not_found` when missing. */
  touchToken(id: string, lastUsedAtMs: number): Promise<void>;
  /** Marks revoked at `revokedAtMs` unless already revoked (the first revocation time is kept). `not_found` when missing. */
  revokeToken(id: string, revokedAtMs: number): Promise<TokenRecord>;

  insertLoginAttempt(attempt: LoginAttemptRecord): Promise<void>;
  /** Attempts for one username or one address at or after `sinceMs`, oldest first. */
  listLoginAttempts(filter: LoginAttemptFilter): Promise<LoginAttemptRecord[]>;
  /** Deletes attempts older than `beforeMs`; returns how many. */
  deleteLoginAttemptsBefore(beforeMs: number): Promise<number>;

  /**
   * In one transaction: if no first admin was ever created, inserts `user` and `grant` and marks
   * the store bootstrapped, returning true; otherwise changes nothing and returns false. Exactly
   * one of any number of concurrent callers gets true.
   */
  createFirstAdmin(user: UserRecord, grant: GrantRecord): Promise<boolean>;
}
