/**
 * The embedded {@link IdentityStore}: one SQLite file through better-sqlite3, in WAL mode.
 * Synchronous underneath; the async interface is for parity with PostgreSQL.
 */
import Database from 'better-sqlite3';
import { AntidoteError } from '../core/errors.js';
import type {
  GrantRecord,
  IdentityStore,
  LoginAttemptFilter,
  LoginAttemptRecord,
  LoginOutcome,
  TokenRecord,
  UserPatch,
  UserRecord,
} from './identity-store.js';
import type { Role } from './roles.js';
import { userPatchColumns } from './user-patch-columns.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS identity_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_change_required INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER,
  sessions_valid_from_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_grants (
  user_id TEXT NOT NULL REFERENCES identity_users(id),
  project TEXT NOT NULL,
  role TEXT NOT NULL,
  granted_by TEXT,
  granted_at_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, project, role)
);
CREATE INDEX IF NOT EXISTS identity_grants_project ON identity_grants(project);
CREATE TABLE IF NOT EXISTS identity_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES identity_users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  project TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  last_used_at_ms INTEGER,
  revoked_at_ms INTEGER
);
CREATE INDEX IF NOT EXISTS identity_tokens_user ON identity_tokens(user_id);
CREATE TABLE IF NOT EXISTS identity_login_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_login_attempts_user ON identity_login_attempts(username, at_ms);
CREATE INDEX IF NOT EXISTS identity_login_attempts_ip ON identity_login_attempts(ip, at_ms);
CREATE TABLE IF NOT EXISTS identity_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  disabled: number;
  password_change_required: number;
  locked_until_ms: number | null;
  sessions_valid_from_ms: number;
  created_at_ms: number;
  updated_at_ms: number;
}
interface GrantRow {
  user_id: string;
  project: string;
  role: string;
  granted_by: string | null;
  granted_at_ms: number;
}
interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  project: string;
  role: string;
  created_at_ms: number;
  expires_at_ms: number;
  last_used_at_ms: number | null;
  revoked_at_ms: number | null;
}
interface AttemptRow {
  username: string;
  ip: string;
  at_ms: number;
  outcome: string;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  passwordChangeRequired: r.password_change_required === 1,
  lockedUntilMs: r.locked_until_ms,
  sessionsValidFromMs: r.sessions_valid_from_ms,
  createdAtMs: r.created_at_ms,
  updatedAtMs: r.updated_at_ms,
});
const toGrant = (r: GrantRow): GrantRecord => ({
  userId: r.user_id,
  project: r.project,
  role: r.role as Role,
  grantedBy: r.granted_by,
  grantedAtMs: r.granted_at_ms,
});
const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  project: r.project,
  role: r.role as Role,
  createdAtMs: r.created_at_ms,
  expiresAtMs: r.expires_at_ms,
  lastUsedAtMs: r.last_used_at_ms,
  revokedAtMs: r.revoked_at_ms,
});
const toAttempt = (r: AttemptRow): LoginAttemptRecord => ({ username: r.username, ip: r.ip, atMs: r.at_ms, outcome: r.outcome as LoginOutcome });

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(e.code);
}

/** Where the SQLite store keeps its data: a file path (`:memory:` for a private in-memory database) or an open handle it does not own. */
export type SqliteIdentityStoreOptions = { readonly path: string } | { readonly database: Database.Database };

/**
 * {@link IdentityStore} on SQLite.
 *
 * @example
 * const store = new SqliteIdentityStore({ path: join(dataDir, 'identity.db') });
 * await store.migrate();
 */
export class SqliteIdentityStore implements IdentityStore {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;

  constructor(options: SqliteIdentityStoreOptions) {
    if ('database' in options) {
      this.db = options.database;
      this.ownsDatabase = false;
    } else {
      this.db = new Database(options.path);
      this.ownsDatabase = true;
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
    }
    this.db.pragma('foreign_keys = ON');
  }

  async migrate(): Promise<void> {
    this.db.exec(SCHEMA);
  }

  async close(): Promise<void> {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  async insertUser(user: UserRecord): Promise<void> {
    this.run('user', user.username, () => this.insertUserRow(user));
  }

  private insertUserRow(user: UserRecord): void {
    this.db
      .prepare(
        `INSERT INTO identity_users (id, username, password_hash, disabled, password_change_required, locked_until_ms,
           sessions_valid_from_ms, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        user.id,
        user.username,
        user.passwordHash,
        user.disabled ? 1 : 0,
        user.passwordChangeRequired ? 1 : 0,
        user.lockedUntilMs,
        user.sessionsValidFromMs,
        user.createdAtMs,
        user.updatedAtMs,
      );
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM identity_users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  async findUserByName(username: string): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM identity_users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare('SELECT * FROM identity_users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord> {
    const columns = userPatchColumns(patch, true);
    const row = this.db
      .prepare(`UPDATE identity_users SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ? RETURNING *`)
      .get(...columns.map(([, v]) => v), id) as UserRow | undefined;
    if (!row) throw new AntidoteError('not_found', `no user with id "${id}"`);
    return toUser(row);
  }

  async insertGrant(grant: GrantRecord): Promise<boolean> {
    const info = this.db
      .prepare(
        `INSERT INTO identity_grants (user_id, project, role, granted_by, granted_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, project, role) DO NOTHING`,
      )
      .run(grant.userId, grant.project, grant.role, grant.grantedBy, grant.grantedAtMs);
    return info.changes === 1;
  }

  async deleteGrant(userId: string, project: string, role: Role): Promise<boolean> {
    return this.db.prepare('DELETE FROM identity_grants WHERE user_id = ? AND project = ? AND role = ?').run(userId, project, role).changes === 1;
  }

  async listGrants(filter: { readonly userId?: string; readonly project?: string }): Promise<GrantRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM identity_grants WHERE (@userId IS NULL OR user_id = @userId) AND (@project IS NULL OR project = @project)
         ORDER BY user_id, project, role`,
      )
      .all({ userId: filter.userId ?? null, project: filter.project ?? null }) as GrantRow[];
    return rows.map(toGrant);
  }

  async insertToken(token: TokenRecord): Promise<void> {
    this.run('token', token.id, () =>
      this.db
        .prepare(
          `INSERT INTO identity_tokens (id, user_id, name, token_hash, project, role, created_at_ms, expires_at_ms, last_used_at_ms, revoked_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          token.id,
          token.userId,
          token.name,
          token.tokenHash,
          token.project,
          token.role,
          token.createdAtMs,
          token.expiresAtMs,
          token.lastUsedAtMs,
          token.revokedAtMs,
        ),
    );
  }

  async findTokenById(id: string): Promise<TokenRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM identity_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row && toToken(row);
  }

  async findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM identity_tokens WHERE token_hash = ?').get(tokenHash) as TokenRow | undefined;
    return row && toToken(row);
  }

  async listTokens(filter: { readonly userId?: string }): Promise<TokenRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM identity_tokens WHERE (@userId IS NULL OR user_id = @userId) ORDER BY created_at_ms, id')
      .all({ userId: filter.userId ?? null }) as TokenRow[];
    return rows.map(toToken);
  }

  async touchToken(id: string, lastUsedAtMs: number): Promise<void> {
    const info = this.db.prepare('UPDATE identity_tokens SET last_used_at_ms = ? WHERE id = ?').run(lastUsedAtMs, id);
    if (info.changes === 0) throw new AntidoteError('not_found', `no API token with id "${id}"`);
  }

  async revokeToken(id: string, revokedAtMs: number): Promise<TokenRecord> {
    const row = this.db
      .prepare('UPDATE identity_tokens SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ? RETURNING *')
      .get(revokedAtMs, id) as TokenRow | undefined;
    if (!row) throw new AntidoteError('not_found', `no API token with id "${id}"`);
    return toToken(row);
  }

  async insertLoginAttempt(attempt: LoginAttemptRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO identity_login_attempts (username, ip, at_ms, outcome) VALUES (?, ?, ?, ?)')
      .run(attempt.username, attempt.ip, attempt.atMs, attempt.outcome);
  }

  async listLoginAttempts(filter: LoginAttemptFilter): Promise<LoginAttemptRecord[]> {
    const [column, value] = 'username' in filter ? ['username', filter.username] : ['ip', filter.ip];
    const rows = this.db
      .prepare(`SELECT username, ip, at_ms, outcome FROM identity_login_attempts WHERE ${column} = ? AND at_ms >= ? ORDER BY at_ms, seq`)
      .all(value, filter.sinceMs) as AttemptRow[];
    return rows.map(toAttempt);
  }

  async deleteLoginAttemptsBefore(beforeMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM identity_login_attempts WHERE at_ms < ?').run(beforeMs).changes;
  }

  async createFirstAdmin(user: UserRecord, grant: GrantRecord): Promise<boolean> {
    const create = this.db.transaction((): boolean => {
      const marked = this.db.prepare(`INSERT INTO identity_meta (key, value) VALUES ('first_admin', ?) ON CONFLICT (key) DO NOTHING`).run(user.id);
      if (marked.changes === 0) return false;
      this.insertUserRow(user);
      this.db
        .prepare('INSERT INTO identity_grants (user_id, project, role, granted_by, granted_at_ms) VALUES (?, ?, ?, ?, ?)')
        .run(grant.userId, grant.project, grant.role, grant.grantedBy, grant.grantedAtMs);
      return true;
    });
    return this.run('user', user.username, () => create.immediate());
  }

  private run<T>(kind: string, key: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AntidoteError('conflict', `${kind} "${key}" already exists`, undefined, { cause: e });
      throw e;
    }
  }
}
