/**
 * The identity use cases over an {@link IdentityStore}: users, role grants, API tokens, login with
 * lockout, and authentication of API tokens and sessions. The CLI commands (`antidote user`,
 * `antidote token`, `antidote grant`) and the HTTPS server call these methods; they do not check
 * who is asking — the server calls `authorize` first, the CLI runs with the data folder's owner's
 * authority.
 */
import { AntidoteError } from '../core/errors.js';
import { generateApiToken, hashApiToken, looksLikeApiToken } from './api-token.js';
import { systemClock, type Clock } from './clock.js';
import { ensureFirstAdmin, type FirstAdminResult } from './first-admin.js';
import type { IdentityStore, TokenRecord, UserRecord } from './identity-store.js';
import { DEFAULT_LOGIN_THROTTLE, ipRetryAfterMs, lockedUntilMs, type LoginThrottlePolicy } from './login-throttle.js';
import { checkProjectName, checkUsername } from './names.js';
import { DEFAULT_ARGON2_PARAMS, hashPassword, needsRehash, verifyPassword, type Argon2Params } from './password-hash.js';
import { checkPassword, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.js';
import type { AuthMethod, Principal, RoleGrant } from './principal.js';
import { GLOBAL_PROJECT, isRole, ROLES, type Role } from './roles.js';
import { randomId, systemSecretBytes, type SecretBytes } from './secret-bytes.js';
import { SessionTokens, type IssuedSession } from './session-tokens.js';

/** Configuration of an {@link IdentityService}. Only `store` and `sessionSecret` are required. */
export interface IdentityServiceOptions {
  readonly store: IdentityStore;
  /** HMAC key for session tokens, at least 32 bytes, kept outside the database (key file or environment). */
  readonly sessionSecret: Uint8Array;
  readonly clock?: Clock;
  readonly secretBytes?: SecretBytes;
  readonly passwordPolicy?: PasswordPolicy;
  readonly argon2?: Argon2Params;
  readonly loginThrottle?: LoginThrottlePolicy;
  /** Session lifetime (default 15 minutes). */
  readonly sessionTtlMs?: number;
  /** Session `aud` claim (default `antidote-api`). */
  readonly sessionAudience?: string;
  /** API token lifetime when none is asked for (default 90 days). */
  readonly defaultTokenTtlMs?: number;
  /** Longest API token lifetime allowed (default 365 days). */
  readonly maxTokenTtlMs?: number;
}

/** A user as the API and CLI show it: never the password hash. */
export interface UserSummary {
  readonly id: string;
  readonly username: string;
  readonly disabled: boolean;
  readonly passwordChangeRequired: boolean;
  /** Set while the account is locked after failed logins. */
  readonly lockedUntilMs: number | null;
  readonly createdAtMs: number;
  readonly grants: readonly RoleGrant[];
}

/** Whether an API token can be used now. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

/** An API token as the API and CLI show it: never the token nor its hash. */
export interface TokenSummary {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly project: string;
  readonly role: Role;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly lastUsedAtMs: number | null;
  readonly revokedAtMs: number | null;
  readonly status: TokenStatus;
}

/** A token just created: `token` is the only time the secret is ever available. */
export interface CreatedToken {
  readonly token: string;
  readonly summary: TokenSummary;
}

/** Why a login was refused. `locked` and `throttled` come with `retryAfterMs` (HTTP 429 with Retry-After); the others are HTTP 401. */
export type LoginRefusal = 'invalid_credentials' | 'disabled' | 'locked' | 'throttled';

/** The outcome of {@link IdentityService.login}: an expected result, not an exception. */
export type LoginResult =
  | { readonly ok: true; readonly principal: Principal; readonly session: IssuedSession }
  | { readonly ok: false; readonly reason: LoginRefusal; readonly retryAfterMs: number | null; readonly message: string };

const DAY_MS = 86_400_000;
// Writing last-used on every request would turn each read into a write; once a minute is enough to see use.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Users, grants, tokens and authentication over one store.
 *
 * @example
 * const identity = new IdentityService({ store, sessionSecret });
 * await identity.createUser({ username: 'alice', password: 'correct horse battery staple' });
 * await identity.grantRole({ username: 'alice', project: 'fraud', role: 'steward' });
 * const login = await identity.login({ username: 'alice', password: 'correct horse battery staple', ip: '10.0.0.7' });
 * if (login.ok) authorize(login.principal, 'fraud', 'quarantine.release');
 */
export class IdentityService {
  readonly store: IdentityStore;
  private readonly clock: Clock;
  private readonly secretBytes: SecretBytes;
  private readonly passwordPolicy: PasswordPolicy;
  private readonly argon2: Argon2Params;
  private readonly throttle: LoginThrottlePolicy;
  private readonly sessions: SessionTokens;
  private readonly defaultTokenTtlMs: number;
  private readonly maxTokenTtlMs: number;
  private dummyHash: Promise<string> | undefined;

  constructor(options: IdentityServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.secretBytes = options.secretBytes ?? systemSecretBytes;
    this.passwordPolicy = options.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
    this.argon2 = options.argon2 ?? DEFAULT_ARGON2_PARAMS;
    this.throttle = options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE;
    this.sessions = new SessionTokens({
      secret: options.sessionSecret,
      clock: this.clock,
      secretBytes: this.secretBytes,
      ...(options.sessionTtlMs === undefined ? {} : { ttlMs: options.sessionTtlMs }),
      ...(options.sessionAudience === undefined ? {} : { audience: options.sessionAudience }),
    });
    this.defaultTokenTtlMs = options.defaultTokenTtlMs ?? 90 * DAY_MS;
    this.maxTokenTtlMs = options.maxTokenTtlMs ?? 365 * DAY_MS;
  }

  /**
   * Creates the first admin (`admin` on every project) with a generated password when the store
   * never had one; see {@link ensureFirstAdmin}.
   *
   * @example
   * const first = await identity.ensureFirstAdmin();
   * if (first.created) console.log(`admin password (shown once): ${first.secret}`);
   */
  async ensureFirstAdmin(username = 'admin'): Promise<FirstAdminResult> {
    return ensureFirstAdmin(this.store, { username, clock: this.clock, secretBytes: this.secretBytes, argon2: this.argon2 });
  }

  // ---- users (`antidote user ...`) ----

  /**
   * Creates a user with a password that passes the policy. `conflict` when the name is taken.
   *
   * @example
   * await identity.createUser({ username: 'bob', password: 'a long enough passphrase' }); // antidote user create bob
   */
  async createUser(input: { readonly username: string; readonly password: string }): Promise<UserSummary> {
    checkUsername(input.username);
    checkPassword(input.password, input.username, this.passwordPolicy);
    const now = this.clock.nowMs();
    const user: UserRecord = {
      id: randomId('usr_', this.secretBytes),
      username: input.username,
      passwordHash: await hashPassword(input.password, this.argon2),
      disabled: false,
      passwordChangeRequired: false,
      lockedUntilMs: null,
      sessionsValidFromMs: now,
      createdAtMs: now,
      updatedAtMs: now,
    };
    await this.store.insertUser(user);
    return this.summarise(user);
  }

  /** One user by name; `not_found` when missing. */
  async getUser(username: string): Promise<UserSummary> {
    return this.summarise(await this.requireUser(username));
  }

  /** Every user with their grants, by username (`antidote user list`). */
  async listUsers(): Promise<UserSummary[]> {
    const [users, grants] = await Promise.all([this.store.listUsers(), this.store.listGrants({})]);
    return users.map((u) => this.toSummary(u, grants.filter((g) => g.userId === u.id)));
  }

  /**
   * Disables a user: logins, sessions and API tokens stop working at once; nothing is deleted
   * (the ledger keeps naming them). Refused with `conflict` for the last enabled admin of every project.
   *
   * @example
   * await identity.disableUser('bob'); // antidote user disable bob
   */
  async disableUser(username: string): Promise<UserSummary> {
    const user = await this.requireUser(username);
    await this.assertNotLastAdmin(user.id, `disable "${username}"`);
    const now = this.clock.nowMs();
    return this.summarise(await this.store.updateUser(user.id, { disabled: true, sessionsValidFromMs: now, updatedAtMs: now }));
  }

  /** Enables a disabled user and lifts a lockout (`antidote user enable`). */
  async enableUser(username: string): Promise<UserSummary> {
    const user = await this.requireUser(username);
    const now = this.clock.nowMs();
    // Marks the lift in the attempt history too, so failures from before it do not count towards the next lock.
    await this.store.insertLoginAttempt({ username: user.username, ip: '-', atMs: now, outcome: 'unlocked' });
    return this.summarise(await this.store.updateUser(user.id, { disabled: false, lockedUntilMs: null, updatedAtMs: now }));
  }

  /**
   * Sets a new password (policy checked), clears "must change password" and ends every session
   * issued before (`antidote user passwd`).
   */
  async setPassword(username: string, newPassword: string): Promise<UserSummary> {
    const user = await this.requireUser(username);
    checkPassword(newPassword, username, this.passwordPolicy);
    const now = this.clock.nowMs();
    const passwordHash = await hashPassword(newPassword, this.argon2);
    return this.summarise(
      await this.store.updateUser(user.id, { passwordHash, passwordChangeRequired: false, sessionsValidFromMs: now, updatedAtMs: now }),
    );
  }

  // ---- grants (`antidote grant ...`) ----

  /**
   * Grants `role` in `project` (`*`: every project). Idempotent: `created` is false when the user already held it.
   *
   * @example
   * await identity.grantRole({ username: 'carol', project: 'fraud', role: 'contributor' }); // antidote grant carol contributor --project fraud
   */
  async grantRole(input: {
    readonly username: string;
    readonly project: string;
    readonly role: Role;
    /** `userId` of the admin granting it, recorded with the grant. */
    readonly grantedBy?: string;
  }): Promise<{ readonly created: boolean; readonly grant: RoleGrant }> {
    checkProjectName(input.project);
    const role = checkedRole(input.role);
    const user = await this.requireUser(input.username);
    const created = await this.store.insertGrant({
      userId: user.id,
      project: input.project,
      role,
      grantedBy: input.grantedBy ?? null,
      grantedAtMs: this.clock.nowMs(),
    });
    return { created, grant: { project: input.project, role } };
  }

  /**
   * Revokes a grant; false when the user did not hold it. API tokens limited to that role stop
   * working at once. Refused with `conflict` when it would leave no enabled admin of every project.
   *
   * @example
   * await identity.revokeRole({ username: 'carol', project: 'fraud', role: 'contributor' }); // antidote grant revoke ...
   */
  async revokeRole(input: { readonly username: string; readonly project: string; readonly role: Role }): Promise<boolean> {
    checkProjectName(input.project);
    const role = checkedRole(input.role);
    const user = await this.requireUser(input.username);
    if (input.project === GLOBAL_PROJECT && role === 'admin') await this.assertNotLastAdmin(user.id, `revoke admin on * from "${input.username}"`);
    return this.store.deleteGrant(user.id, input.project, role);
  }

  /** Grants of one user and/or of one project (exact name; `*` lists grants on every project). */
  async listGrants(filter: { readonly username?: string; readonly project?: string } = {}): Promise<(RoleGrant & { readonly username: string })[]> {
    const userId = filter.username === undefined ? undefined : (await this.requireUser(filter.username)).id;
    const [grants, users] = await Promise.all([
      this.store.listGrants({ ...(userId === undefined ? {} : { userId }), ...(filter.project === undefined ? {} : { project: filter.project }) }),
      this.store.listUsers(),
    ]);
    const names = new Map(users.map((u) => [u.id, u.username]));
    return grants.map((g) => ({ username: names.get(g.userId) ?? g.userId, project: g.project, role: g.role }));
  }

  // ---- API tokens (`antidote token ...`) ----

  /**
   * Creates an API token for `username`, limited to one role it holds in one project. The token
   * string is returned here and never again; the store keeps its SHA-256 digest.
   *
   * @example
   * const { token, summary } = await identity.createToken({ username: 'ci', project: 'fraud', role: 'contributor', name: 'nightly upload' });
   * console.log(token); // adt_… — antidote token create --user ci --project fraud --role contributor
   */
  async createToken(input: {
    readonly username: string;
    readonly project: string;
    readonly role: Role;
    readonly name: string;
    /** Lifetime; default 90 days, at most the configured maximum (365 days). */
    readonly ttlMs?: number;
  }): Promise<CreatedToken> {
    checkProjectName(input.project);
    const role = checkedRole(input.role);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) {
      throw new AntidoteError('invalid_input', `token name must be 1-100 characters, got ${name.length}`, { path: ['name'] });
    }
    const ttlMs = input.ttlMs ?? this.defaultTokenTtlMs;
    if (!Number.isInteger(ttlMs) || ttlMs < 60_000 || ttlMs > this.maxTokenTtlMs) {
      throw new AntidoteError('invalid_input', `token ttlMs ${ttlMs} must be an integer from 60000 (1 minute) to ${this.maxTokenTtlMs}`, {
        path: ['ttlMs'],
      });
    }
    const user = await this.requireUser(input.username);
    if (user.disabled) throw new AntidoteError('conflict', `user "${input.username}" is disabled and cannot get API tokens`);
    const grants = await this.store.listGrants({ userId: user.id });
    if (!holds(grants, input.project, role)) {
      throw new AntidoteError(
        'forbidden',
        `user "${input.username}" does not hold role ${role} in project "${input.project}"; a token can only carry a role its owner holds`,
      );
    }
    const token = generateApiToken(this.secretBytes);
    const now = this.clock.nowMs();
    const record: TokenRecord = {
      id: randomId('tok_', this.secretBytes),
      userId: user.id,
      name,
      tokenHash: hashApiToken(token),
      project: input.project,
      role,
      createdAtMs: now,
      expiresAtMs: now + ttlMs,
      lastUsedAtMs: null,
      revokedAtMs: null,
    };
    await this.store.insertToken(record);
    return { token, summary: this.tokenSummary(record, user.username, now) };
  }

  /** Tokens of one user, or of everyone, with their status now (`antidote token list`). */
  async listTokens(filter: { readonly username?: string } = {}): Promise<TokenSummary[]> {
    const userId = filter.username === undefined ? undefined : (await this.requireUser(filter.username)).id;
    const [tokens, users] = await Promise.all([this.store.listTokens(userId === undefined ? {} : { userId }), this.store.listUsers()]);
    const names = new Map(users.map((u) => [u.id, u.username]));
    const now = this.clock.nowMs();
    return tokens.map((t) => this.tokenSummary(t, names.get(t.userId) ?? t.userId, now));
  }

  /**
   * Revokes a token by id, for good (`antidote token revoke tok_…`). Revoking twice keeps the first time.
   * `not_found` for an unknown id.
   */
  async revokeToken(tokenId: string): Promise<TokenSummary> {
    const record = await this.store.revokeToken(tokenId, this.clock.nowMs());
    const owner = await this.store.findUserById(record.userId);
    return this.tokenSummary(record, owner?.username ?? record.userId, this.clock.nowMs());
  }

  // ---- authentication (the server's auth hook) ----

  /**
   * Checks a username and password under the lockout and per-address limits, and on success
   * signs a session. Unknown users cost the same Argon2 work as known ones, so timing does not
   * reveal which names exist.
   *
   * @example
   * const r = await identity.login({ username, password, ip: request.ip });
   * if (!r.ok) return reply.code(r.retryAfterMs ? 429 : 401).send(...);
   */
  async login(input: { readonly username: string; readonly password: string; readonly ip: string }): Promise<LoginResult> {
    const now = this.clock.nowMs();
    // Real names have at most 64 characters; the cap keeps junk from filling the attempt table.
    const username = String(input.username).trim().toLowerCase().slice(0, 128);
    const ip = String(input.ip).slice(0, 64);
    await this.store.deleteLoginAttemptsBefore(now - Math.max(this.throttle.windowMs + this.throttle.lockMs, this.throttle.ipWindowMs));

    const ipWait = ipRetryAfterMs(await this.store.listLoginAttempts({ ip, sinceMs: now - this.throttle.ipWindowMs }), now, this.throttle);
    if (ipWait > 0) {
      await this.store.insertLoginAttempt({ username, ip, atMs: now, outcome: 'refused' });
      return refusal('throttled', ipWait, `too many failed logins from ${ip}; retry in ${Math.ceil(ipWait / 1000)} s`);
    }
    const user = await this.store.findUserByName(username);
    // Known users carry their lock on the account (so an admin can lift it); unknown names get the same
    // rule derived from their attempts, so a lockout does not reveal whether a username exists.
    const history = () => this.store.listLoginAttempts({ username, sinceMs: now - this.throttle.windowMs - this.throttle.lockMs });
    const lockedUntil = user ? user.lockedUntilMs : lockedUntilMs(await history(), this.throttle);
    if (lockedUntil !== null && now < lockedUntil) {
      await this.store.insertLoginAttempt({ username, ip, atMs: now, outcome: 'refused' });
      const wait = lockedUntil - now;
      return refusal('locked', wait, `account "${username}" is locked after repeated failed logins; retry in ${Math.ceil(wait / 1000)} s`);
    }

    const matches = user ? await verifyPassword(user.passwordHash, String(input.password)) : await this.burnDummyVerify(String(input.password));
    if (!user || !matches || user.disabled) {
      await this.store.insertLoginAttempt({ username, ip, atMs: now, outcome: 'failure' });
      if (user) {
        const until = lockedUntilMs(await history(), this.throttle);
        if (until !== null && until > now) await this.store.updateUser(user.id, { lockedUntilMs: until, updatedAtMs: now });
      }
      return user && matches && user.disabled
        ? refusal('disabled', null, `account "${username}" is disabled`)
        : refusal('invalid_credentials', null, 'unknown username or wrong password');
    }

    await this.store.insertLoginAttempt({ username, ip, atMs: now, outcome: 'success' });
    const rehash = needsRehash(user.passwordHash, this.argon2) ? await hashPassword(String(input.password), this.argon2) : undefined;
    if (rehash !== undefined || user.lockedUntilMs !== null) {
      await this.store.updateUser(user.id, { ...(rehash === undefined ? {} : { passwordHash: rehash }), lockedUntilMs: null, updatedAtMs: now });
    }
    const session = await this.sessions.issue({ userId: user.id, username: user.username });
    return { ok: true, principal: await this.principal(user, 'password'), session };
  }

  /**
   * The principal behind a session token (`Authorization: Bearer eyJ…`), with the user's grants as
   * they are now. `unauthorized` when the token is expired, altered, for another audience, issued
   * before the password changed, or the user is disabled.
   */
  async authenticateSession(token: string): Promise<Principal> {
    const claims = await this.sessions.verify(token);
    const user = await this.store.findUserById(claims.userId);
    if (!user) throw new AntidoteError('unauthorized', 'session names a user that no longer exists');
    if (user.disabled) throw new AntidoteError('unauthorized', `account "${user.username}" is disabled`);
    // JWT times are whole seconds: compare at that resolution so a session issued in the same second as a password change survives.
    if (claims.issuedAtMs < Math.floor(user.sessionsValidFromMs / 1000) * 1000) {
      throw new AntidoteError('unauthorized', 'session ended: the password was changed or the account disabled after it was issued');
    }
    return this.principal(user, 'session');
  }

  /**
   * The principal behind an API token (`Authorization: Bearer adt_…`). Its grants are the token's
   * one role in its project, and only while the owner still holds that role. `unauthorized` when
   * the token is unknown, revoked, expired, or its owner disabled.
   */
  async authenticateToken(token: string): Promise<Principal> {
    if (!looksLikeApiToken(token)) throw new AntidoteError('unauthorized', 'not an Antidote API token (expected adt_ followed by 43 characters)');
    const record = await this.store.findTokenByHash(hashApiToken(token));
    if (!record) throw new AntidoteError('unauthorized', 'unknown API token');
    const now = this.clock.nowMs();
    if (record.revokedAtMs !== null) {
      throw new AntidoteError('unauthorized', `API token ${record.id} was revoked at ${new Date(record.revokedAtMs).toISOString()}`);
    }
    if (now >= record.expiresAtMs) {
      throw new AntidoteError('unauthorized', `API token ${record.id} expired at ${new Date(record.expiresAtMs).toISOString()}`);
    }
    const user = await this.store.findUserById(record.userId);
    if (!user || user.disabled) throw new AntidoteError('unauthorized', `the owner of API token ${record.id} is disabled`);
    if (record.lastUsedAtMs === null || now - record.lastUsedAtMs >= TOUCH_INTERVAL_MS) await this.store.touchToken(record.id, now);
    const grants = await this.store.listGrants({ userId: user.id });
    return {
      userId: user.id,
      username: user.username,
      method: 'token',
      tokenId: record.id,
      grants: holds(grants, record.project, record.role) ? [{ project: record.project, role: record.role }] : [],
      passwordChangeRequired: false,
    };
  }

  /**
   * Either kind of bearer credential: `adt_…` is an API token, anything else a session.
   *
   * @example
   * const principal = await identity.authenticateBearer(header.slice('Bearer '.length));
   */
  async authenticateBearer(credential: string): Promise<Principal> {
    return credential.startsWith('adt_') ? this.authenticateToken(credential) : this.authenticateSession(credential);
  }

  // ---- helpers ----

  private async principal(user: UserRecord, method: AuthMethod): Promise<Principal> {
    const grants = await this.store.listGrants({ userId: user.id });
    return {
      userId: user.id,
      username: user.username,
      method,
      grants: grants.map((g) => ({ project: g.project, role: g.role })),
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  private async requireUser(username: string): Promise<UserRecord> {
    const user = await this.store.findUserByName(String(username).trim().toLowerCase());
    if (!user) throw new AntidoteError('not_found', `no user named "${username}"`);
    return user;
  }

  private async assertNotLastAdmin(userId: string, what: string): Promise<void> {
    const admins = (await this.store.listGrants({ project: GLOBAL_PROJECT })).filter((g) => g.role === 'admin' && g.userId !== userId);
    for (const g of admins) {
      const other = await this.store.findUserById(g.userId);
      if (other && !other.disabled) return;
    }
    const isAdmin = (await this.store.listGrants({ userId, project: GLOBAL_PROJECT })).some((g) => g.role === 'admin');
    if (isAdmin) throw new AntidoteError('conflict', `cannot ${what}: it would leave no enabled admin on every project (*); grant admin on * to another user first`);
  }

  private async summarise(user: UserRecord): Promise<UserSummary> {
    return this.toSummary(user, await this.store.listGrants({ userId: user.id }));
  }

  private toSummary(user: UserRecord, grants: readonly { readonly project: string; readonly role: Role }[]): UserSummary {
    return {
      id: user.id,
      username: user.username,
      disabled: user.disabled,
      passwordChangeRequired: user.passwordChangeRequired,
      lockedUntilMs: user.lockedUntilMs !== null && user.lockedUntilMs > this.clock.nowMs() ? user.lockedUntilMs : null,
      createdAtMs: user.createdAtMs,
      grants: grants.map((g) => ({ project: g.project, role: g.role })),
    };
  }

  private tokenSummary(t: TokenRecord, username: string, nowMs: number): TokenSummary {
    const status: TokenStatus = t.revokedAtMs !== null ? 'revoked' : nowMs >= t.expiresAtMs ? 'expired' : 'active';
    return {
      id: t.id,
      username,
      name: t.name,
      project: t.project,
      role: t.role,
      createdAtMs: t.createdAtMs,
      expiresAtMs: t.expiresAtMs,
      lastUsedAtMs: t.lastUsedAtMs,
      revokedAtMs: t.revokedAtMs,
      status,
    };
  }

  private async burnDummyVerify(password: string): Promise<false> {
    this.dummyHash ??= hashPassword(randomId('', this.secretBytes), this.argon2);
    await verifyPassword(await this.dummyHash, password);
    return false;
  }
}

function holds(grants: readonly { readonly project: string; readonly role: Role }[], project: string, role: Role): boolean {
  return grants.some((g) => g.role === role && (g.project === project || g.project === GLOBAL_PROJECT));
}

function checkedRole(role: unknown): Role {
  if (!isRole(role)) throw new AntidoteError('invalid_input', `unknown role "${String(role)}"; available: ${ROLES.join(', ')}`, { path: ['role'] });
  return role;
}

function refusal(reason: LoginRefusal, retryAfterMs: number | null, message: string): LoginResult {
  return { ok: false, reason, retryAfterMs, message };
}
