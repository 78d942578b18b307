/**
 * The scale-out {@link IdentityStore}: PostgreSQL through `pg`, all tables in one schema so the
 * identity tables can share a database with the rest of Antidote's metadata.
 */
import pg from 'pg';
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

/** Where the PostgreSQL store connects: a URL (the store owns the pool) or a pool it does not own; tables go in `schema` (default `public`). */
export type PostgresIdentityStoreOptions = ({ readonly connectionString: string } | { readonly pool: pg.Pool }) & {
  readonly schema?: string;
};

type Row = Record<string, unknown>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// Serialises concurrent migrations of the same database (CREATE TABLE IF NOT EXISTS races in the catalog otherwise).
const MIGRATION_LOCK_KEY = 0x616e7469;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const toUser = (r: Row): UserRecord => ({
  id: String(r['id']),
  username: String(r['username']),
  passwordHash: String(r['password_hash']),
  disabled: r['disabled'] === true,
  passwordChangeRequired: r['password_change_required'] === true,
  lockedUntilMs: numOrNull(r['locked_until_ms']),
  sessionsValidFromMs: num(r['sessions_valid_from_ms']),
  createdAtMs: num(r['created_at_ms']),
  updatedAtMs: num(r['updated_at_ms']),
});
const toGrant = (r: Row): GrantRecord => ({
  userId: String(r['user_id']),
  project: String(r['project']),
  role: String(r['role']) as Role,
  grantedBy: r['granted_by'] === null ? null : String(r['granted_by']),
  grantedAtMs: num(r['granted_at_ms']),
});
const toToken = (r: Row): TokenRecord => ({
  id: String(r['id']),
  userId: String(r['user_id']),
  name: String(r['name']),
  tokenHash: String(r['token_hash']),
  project: String(r['project']),
  role: String(r['role']) as Role,
  createdAtMs: num(r['created_at_ms']),
  expiresAtMs: num(r['expires_at_ms']),
  lastUsedAtMs: numOrNull(r['last_used_at_ms']),
  revokedAtMs: numOrNull(r['revoked_at_ms']),
});
const toAttempt = (r: Row): LoginAttemptRecord => ({
  username: String(r['username']),
  ip: String(r['ip']),
  atMs: num(r['at_ms']),
  outcome: String(r['outcome']) as LoginOutcome,
});

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === '23505';
}

/**
 * {@link IdentityStore} on PostgreSQL.
 *
 * @example
 * const store = new PostgresIdentityStore({ connectionString: 'postgres://antidote@db/antidote', schema: 'antidote' });
 * await store.migrate();
 */
export class PostgresIdentityStore implements IdentityStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;
  private closed = false;

  constructor(options: PostgresIdentityStoreOptions) {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new AntidoteError('invalid_input', `schema "${schema}" must match ${SCHEMA_NAME.source}`, { path: ['schema'] });
    }
    this.schema = schema;
    if ('pool' in options) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
      this.ownsPool = true;
    }
  }

  private t(table: string): string {
    return `"${this.schema}".identity_${table}`;
  }

  async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await c.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('users')} (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          password_hash TEXT NOT NULL,
          disabled BOOLEAN NOT NULL DEFAULT false,
          password_change_required BOOLEAN NOT NULL DEFAULT false,
          locked_until_ms BIGINT,
          sessions_valid_from_ms BIGINT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${this.t('grants')} (
          user_id TEXT NOT NULL REFERENCES ${this.t('users')}(id),
          project TEXT NOT NULL,
          role TEXT NOT NULL,
          granted_by TEXT,
          granted_at_ms BIGINT NOT NULL,
          PRIMARY KEY (user_id, project, role)
        );
        CREATE INDEX IF NOT EXISTS identity_grants_project ON ${this.t('grants')}(project);
        CREATE TABLE IF NOT EXISTS ${this.t('tokens')} (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL REFERENCES ${this.t('users')}(id),
          name TEXT NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          project TEXT NOT NULL,
          role TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          expires_at_ms BIGINT NOT NULL,
          last_used_at_ms BIGINT,
          revoked_at_ms BIGINT
        );
        CREATE INDEX IF NOT EXISTS identity_tokens_user ON ${this.t('tokens')}(user_id);
        CREATE TABLE IF NOT EXISTS ${this.t('login_attempts')} (
          seq BIGSERIAL PRIMARY KEY,
          username TEXT NOT NULL,
          ip TEXT NOT NULL,
          at_ms BIGINT NOT NULL,
          outcome TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS identity_login_attempts_user ON ${this.t('login_attempts')}(username, at_ms);
        CREATE INDEX IF NOT EXISTS identity_login_attempts_ip ON ${this.t('login_attempts')}(ip, at_ms);
        CREATE TABLE IF NOT EXISTS ${this.t('meta')} (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );`);
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.closed) {
      this.closed = true;
      await this.pool.end();
    }
  }

  async insertUser(user: UserRecord): Promise<void> {
    await this.unique('user', user.username, () => this.insertUserRow(this.pool, user));
  }

  private async insertUserRow(q: pg.Pool | pg.PoolClient, user: UserRecord): Promise<void> {
    await q.query(
      `INSERT INTO ${this.t('users')} (id, username, password_hash, disabled, password_change_required, locked_until_ms,
         sessions_valid_from_ms, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        user.id,
        user.username,
        user.passwordHash,
        user.disabled,
        user.passwordChangeRequired,
        user.lockedUntilMs,
        user.sessionsValidFromMs,
        user.createdAtMs,
        user.updatedAtMs,
      ],
    );
  }

  async findUserById(id: string): Promise<UserRecord | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.t('users')} WHERE id = $1`, [id]);
    return r.rows[0] && toUser(r.rows[0] as Row);
  }

  async findUserByName(username: string): Promise<UserRecord | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.t('users')} WHERE username = $1`, [username]);
    return r.rows[0] && toUser(r.rows[0] as Row);
  }

  async listUsers(): Promise<UserRecord[]> {
    // COLLATE "C": byte order, the same order SQLite gives, whatever the database's locale.
    const r = await this.pool.query(`SELECT * FROM ${this.t('users')} ORDER BY username COLLATE "C"`);
    return (r.rows as Row[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord> {
    const columns = userPatchColumns(patch, false);
    const sets = columns.map(([c], i) => `${c} = $${i + 2}`).join(', ');
    const r = await this.pool.query(`UPDATE ${this.t('users')} SET ${sets} WHERE id = $1 RETURNING *`, [id, ...columns.map(([, v]) => v)]);
    if (r.rows.length === 0) throw new AntidoteError('not_found', `no user with id "${id}"`);
    return toUser(r.rows[0] as Row);
  }

  async insertGrant(grant: GrantRecord): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO ${this.t('grants')} (user_id, project, role, granted_by, granted_at_ms) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, project, role) DO NOTHING`,
      [grant.userId, grant.project, grant.role, grant.grantedBy, grant.grantedAtMs],
    );
    return r.rowCount === 1;
  }

  async deleteGrant(userId: string, project: string, role: Role): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM ${this.t('grants')} WHERE user_id = $1 AND project = $2 AND role = $3`, [userId, project, role]);
    return r.rowCount === 1;
  }

  async listGrants(filter: { readonly userId?: string; readonly project?: string }): Promise<GrantRecord[]> {
    const r = await this.pool.query(
      `SELECT * FROM ${this.t('grants')} WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR project = $2)
       ORDER BY user_id COLLATE "C", project COLLATE "C", role COLLATE "C"`,
      [filter.userId ?? null, filter.project ?? null],
    );
    return (r.rows as Row[]).map(toGrant);
  }

  async insertToken(token: TokenRecord): Promise<void> {
    await this.unique('token', token.id, () =>
      this.pool.query(
        `INSERT INTO ${this.t('tokens')} (id, user_id, name, token_hash, project, role, created_at_ms, expires_at_ms, last_used_at_ms, revoked_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
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
        ],
      ),
    );
  }

  async findTokenById(id: string): Promise<TokenRecord | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.t('tokens')} WHERE id = $1`, [id]);
    return r.rows[0] && toToken(r.rows[0] as Row);
  }

  async findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.t('tokens')} WHERE token_hash = $1`, [tokenHash]);
    return r.rows[0] && toToken(r.rows[0] as Row);
  }

  async listTokens(filter: { readonly userId?: string }): Promise<TokenRecord[]> {
    const r = await this.pool.query(
      `SELECT * FROM ${this.t('tokens')} WHERE ($1::text IS NULL OR user_id = $1) ORDER BY created_at_ms, id COLLATE "C"`,
      [filter.userId ?? null],
    );
    return (r.rows as Row[]).map(toToken);
  }

  async touchToken(id: string, lastUsedAtMs: number): Promise<void> {
    const r = await this.pool.query(`UPDATE ${this.t('tokens')} SET last_used_at_ms = $2 WHERE id = $1`, [id, lastUsedAtMs]);
    if (r.rowCount === 0) throw new AntidoteError('not_found', `no API token with id "${id}"`);
  }

  async revokeToken(id: string, revokedAtMs: number): Promise<TokenRecord> {
    const r = await this.pool.query(
      `UPDATE ${this.t('tokens')} SET revoked_at_ms = COALESCE(revoked_at_ms, $2) WHERE id = $1 RETURNING *`,
      [id, revokedAtMs],
    );
    if (r.rows.length === 0) throw new AntidoteError('not_found', `no API token with id "${id}"`);
    return toToken(r.rows[0] as Row);
  }

  async insertLoginAttempt(attempt: LoginAttemptRecord): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.t('login_attempts')} (username, ip, at_ms, outcome) VALUES ($1, $2, $3, $4)`, [
      attempt.username,
      attempt.ip,
      attempt.atMs,
      attempt.outcome,
    ]);
  }

  async listLoginAttempts(filter: LoginAttemptFilter): Promise<LoginAttemptRecord[]> {
    const [column, value] = 'username' in filter ? ['username', filter.username] : ['ip', filter.ip];
    const r = await this.pool.query(
      `SELECT username, ip, at_ms, outcome FROM ${this.t('login_attempts')} WHERE ${column} = $1 AND at_ms >= $2 ORDER BY at_ms, seq`,
      [value, filter.sinceMs],
    );
    return (r.rows as Row[]).map(toAttempt);
  }

  async deleteLoginAttemptsBefore(beforeMs: number): Promise<number> {
    const r = await this.pool.query(`DELETE FROM ${this.t('login_attempts')} WHERE at_ms < $1`, [beforeMs]);
    return r.rowCount ?? 0;
  }

  async createFirstAdmin(user: UserRecord, grant: GrantRecord): Promise<boolean> {
    return this.unique('user', user.username, () =>
      this.transaction(async (c) => {
        // A concurrent caller blocks on the key until this transaction ends, then sees the conflict.
        const marked = await c.query(`INSERT INTO ${this.t('meta')} (key, value) VALUES ('first_admin', $1) ON CONFLICT (key) DO NOTHING`, [
          user.id,
        ]);
        if (marked.rowCount !== 1) return false;
        await this.insertUserRow(c, user);
        await c.query(
          `INSERT INTO ${this.t('grants')} (user_id, project, role, granted_by, granted_at_ms) VALUES ($1, $2, $3, $4, $5)`,
          [grant.userId, grant.project, grant.role, grant.grantedBy, grant.grantedAtMs],
        );
        return true;
      }),
    );
  }

  private async transaction<T>(f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const result = await f(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async unique<T>(kind: string, key: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AntidoteError('conflict', `${kind} "${key}" already exists`, undefined, { cause: e });
      throw e;
    }
  }
}
