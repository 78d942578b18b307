/**
 * Bootstrap: the first start of a server creates an admin of every project with a generated
 * password, returned exactly once so it can be printed. The store's atomic `createFirstAdmin`
 * guarantees that no later start (and no concurrent one) creates or reveals another.
 */
import { systemClock, type Clock } from './clock.js';
import type { IdentityStore } from './identity-store.js';
import { checkUsername } from './names.js';
import { DEFAULT_ARGON2_PARAMS, hashPassword, type Argon2Params } from './password-hash.js';
import { GLOBAL_PROJECT } from './roles.js';
import { randomId, systemSecretBytes, toBase64Url, type SecretBytes } from './secret-bytes.js';

/** What {@link ensureFirstAdmin} did. `secret` is the admin's password, present only on the call that created it. */
export type FirstAdminResult =
  | { readonly created: true; readonly username: string; readonly userId: string; readonly secret: string }
  | { readonly created: false };

/** Options of {@link ensureFirstAdmin}. */
export interface FirstAdminOptions {
  /** Default `admin`. */
  readonly username?: string;
  readonly clock?: Clock;
  readonly secretBytes?: SecretBytes;
  readonly argon2?: Argon2Params;
}

/**
 * Creates the first admin when the store never had one: a user holding `admin` on `*`, whose
 * password is 32 random bytes in base64url (256 bits) and must be changed at first use
 * (`passwordChangeRequired`). Returns the secret on that call only; every later call returns
 * `{ created: false }`, even if that admin was since disabled or renamed.
 *
 * @example
 * const first = await ensureFirstAdmin(store);
 * if (first.created) console.log(`admin user "${first.username}", one-time password: ${first.secret}`);
 */
export async function ensureFirstAdmin(store: IdentityStore, options: FirstAdminOptions = {}): Promise<FirstAdminResult> {
  const username = options.username ?? 'admin';
  checkUsername(username);
  const secretBytes = options.secretBytes ?? systemSecretBytes;
  const now = (options.clock ?? systemClock).nowMs();
  const secret = toBase64Url(secretBytes(32));
  const userId = randomId('usr_', secretBytes);
  const created = await store.createFirstAdmin(
    {
      id: userId,
      username,
      passwordHash: await hashPassword(secret, options.argon2 ?? DEFAULT_ARGON2_PARAMS),
      disabled: false,
      passwordChangeRequired: true,
      lockedUntilMs: null,
      sessionsValidFromMs: now,
      createdAtMs: now,
      updatedAtMs: now,
    },
    { userId, project: GLOBAL_PROJECT, role: 'admin', grantedBy: null, grantedAtMs: now },
  );
  return created ? { created: true, username, userId, secret } : { created: false };
}
